/**
 * `tessera import` and `tessera export` end to end with the built CLI: a bulk load killed in the
 * middle and run again loses nothing and duplicates nothing, and ends exactly where an
 * uninterrupted import ends (same customers, same ids); afterwards real-time resolution goes on
 * with the imported model.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadConfig } from '../../src/config/index.js'
import { openIdentityEngine } from '../../src/engine/index.js'
import { openSqliteStore } from '../../src/store/index.js'

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

let dir: string
let input: string

function tessera(args: readonly string[], options: { killWhen?: () => Promise<boolean> } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    let poller: NodeJS.Timeout | undefined
    if (options.killWhen !== undefined) {
      const check = options.killWhen
      poller = setInterval(() => {
        void check().then((kill) => {
          if (kill) child.kill('SIGKILL')
        }, () => undefined)
      }, 25)
    }
    child.on('close', (code, signal) => {
      clearInterval(poller)
      resolve({ code, signal, stderr })
    })
  })
}

async function committedRecords(db: string): Promise<number> {
  const store = await openSqliteStore({ path: db })
  try {
    return await store.countRecords()
  } finally {
    await store.close()
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-import-'))
  input = join(dir, 'records.csv')
  const generated = await tessera(['generate', '--persons', '6000', '--seed', '31', '--out', input, '--truth', join(dir, 'truth.csv')])
  expect(generated.code).toBe(0)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('tessera import', () => {
  it('should resume after being killed and end exactly as an uninterrupted import', async () => {
    const clean = join(dir, 'clean.db')
    const first = await tessera(['import', input, '--db', clean, '--workers', '0'])
    expect(first.code, first.stderr).toBe(0)
    const lines = (await readFile(input, 'utf8')).trim().split('\n').length - 1

    // Killed once the first chunks are committed, before the last.
    const killed = join(dir, 'killed.db')
    const interrupted = await tessera(['import', input, '--db', killed, '--workers', '0'], {
      killWhen: async () => {
        const n = await committedRecords(killed).catch(() => 0)
        return n > 0 && n < lines
      },
    })
    expect(interrupted.signal).toBe('SIGKILL')
    const partial = await committedRecords(killed)
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(lines)

    const exportOf = async (db: string, name: string): Promise<Map<string, string>> => {
      const out = join(dir, `${name}.csv`)
      const run = await tessera(['export', '--out', out, '--db', db])
      expect(run.code, run.stderr).toBe(0)
      const [header, ...rows] = (await readFile(out, 'utf8')).trim().split('\n')
      expect(header).toBe('record_id,customer_id')
      return new Map(rows.map((line) => line.split(',') as [string, string]))
    }
    const before = await exportOf(killed, 'partial')

    const resumed = await tessera(['import', input, '--db', killed, '--workers', '0'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain('resumed')
    expect(await committedRecords(killed)).toBe(lines)

    // A third run finds the job done and writes nothing.
    const again = await tessera(['import', input, '--db', killed])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('already imported')

    const after = await exportOf(killed, 'resumed')
    const uninterrupted = await exportOf(clean, 'clean')
    expect(after.size).toBe(lines)
    // What was committed before the kill stays as it was: same records, same customer ids.
    for (const [recordId, customerId] of before) expect(after.get(recordId)).toBe(customerId)
    // And the whole ends as the uninterrupted import: the same customers (ids are minted per
    // import job, so the two jobs name them differently).
    const partition = (assignment: Map<string, string>) => {
      const groups = new Map<string, string[]>()
      for (const [recordId, customerId] of assignment) groups.set(customerId, [...(groups.get(customerId) ?? []), recordId])
      return [...groups.values()].map((group) => group.sort().join(' ')).sort()
    }
    const customers = partition(after)
    expect(customers).toEqual(partition(uninterrupted))
    expect(customers.length).toBeLessThan(lines)
    // Three imports of 14,000 records and three exports: about 70 s on a quiet 2-core machine.
  }, 300_000)

  it('should let real-time resolution go on with the imported model', async () => {
    const db = join(dir, 'clean.db')
    const { engine, modelId } = await openIdentityEngine(loadConfig({ flags: { store: { kind: 'sqlite', path: db } }, env: {} }))
    try {
      expect(modelId).toMatch(/^mdl_/)
      const [header, ...rows] = (await readFile(input, 'utf8')).trim().split('\n')
      const columns = header.split(',')
      // A stored record sent again under a new id attaches to its customer.
      const row = rows.find((line) => !line.includes('"')) ?? rows[0]
      const values = row.split(',')
      const record = Object.fromEntries(columns.map((c, i) => [c, values[i]]).filter(([, v]) => v !== '')) as Record<string, string>
      const stored = await engine.records.get(record.source, record.record_id)
      const outcome = await engine.records.resolve({ ...record, record_id: `${record.record_id}-again`, source: record.source }, { id: 'test' })
      expect(outcome.decision).toBe('matched')
      expect(outcome.customerId).toBe(stored?.customerId)
    } finally {
      await engine.close()
    }
  })
})
