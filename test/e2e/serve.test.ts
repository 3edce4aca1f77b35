/**
 * `tessera keys` and `tessera serve` end to end: the built CLI (dist/, made by `npm test`)
 * creates keys in a temporary SQLite file, serves the API on a free port, answers a record, and
 * on SIGTERM finishes and exits 0.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

let dir: string
let db: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-serve-'))
  db = join(dir, 'tessera.db')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function tessera(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `tessera serve` and resolves with its URL once it says where it listens. */
function serve(database = db): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', database, '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stdout.resume()
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1]
      if (url !== undefined) resolve({ child, url, stderr: () => stderr })
    })
    child.on('error', reject)
    child.on('close', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)))
  })
}

describe('tessera keys and serve', () => {
  it('should create keys, serve records, and shut down on SIGTERM', async () => {
    const admin = await tessera(['keys', 'create', '--role', 'admin', '--name', 'ops', '--db', db])
    expect(admin.code).toBe(0)
    const secret = admin.stdout.trim()
    expect(secret).toMatch(/^tsk_key_/)
    expect(admin.stderr).toContain('shown this once')

    const listed = await tessera(['keys', 'list', '--db', db])
    expect(listed.stdout).toContain('ops')
    expect(listed.stdout).not.toContain(secret)

    const { child, url, stderr } = await serve()
    // The store is read into memory, and SQLite's blocking index built, before the server listens.
    expect(stderr()).toMatch(/store read into memory: \d+ MB in [\d.]+ s; blocking index: [\d,]+ entries, \d+ MB\n[^]*listening on/)
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    const resolved = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ record_id: 'w1', source: 'web', first_name: 'Ana', email: 'ana@example.com' }),
    })
    expect(((await resolved.json()) as { decision: string }).decision).toBe('created')

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr()).toContain('SIGTERM: finishing requests in flight')
  })

  it('should refuse a revoked key', async () => {
    const created = await tessera(['keys', 'create', '--role', 'analyst', '--db', db])
    const keyId = /created (key_\S+)/.exec(created.stderr)?.[1] ?? ''
    const revoked = await tessera(['keys', 'revoke', keyId, '--db', db])
    expect(revoked.code).toBe(0)
    const again = await tessera(['keys', 'revoke', 'key_nobody', '--db', db])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('ERR_KEY_NOT_FOUND')
  })

  it('should read the term frequencies of an imported store into memory before it listens', async () => {
    const input = join(dir, 'records.csv')
    const imported = join(dir, 'imported.db')
    expect((await tessera(['generate', '--persons', '300', '--seed', '5', '--out', input, '--truth', join(dir, 'truth.csv')])).code).toBe(0)
    expect((await tessera(['import', input, '--db', imported])).code).toBe(0)
    const { child, stderr } = await serve(imported)
    expect(stderr()).toMatch(/term frequencies read into memory: [\d,]+ values in [\d.]+ s\n[^]*listening on/)
    const values = Number(/term frequencies read into memory: ([\d,]+) values/.exec(stderr())![1].replace(/,/g, ''))
    expect(values).toBeGreaterThan(300)
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('should ask a channel key for its source', async () => {
    const run = await tessera(['keys', 'create', '--role', 'channel', '--db', db])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('ERR_KEY_SOURCE_REQUIRED')
  })
})
