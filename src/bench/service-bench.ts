/**
 * Identity-service benchmark (issue: persistence and real-time resolution): a store loaded with
 * about 1,000,000 records by `tessera import`, then
 *   - resolve latency through the engine, in process (p50 / p99 of sequential calls),
 *   - resolve latency over HTTP (`tessera serve` in a child process, sequential requests),
 *   - throughput over HTTP with 8 concurrent clients (autocannon, 10 s),
 * on SQLite and on PostgreSQL (a throwaway server started here). The records sent are new
 * generated people (other seeds), so about 4 in 10 are created and the rest attach to a
 * customer made moments earlier: the mix a till or a web shop sends.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import autocannon from 'autocannon'

import { loadConfig, type Config } from '../config/index.js'
import type { CustomerRecord } from '../core/index.js'
import { decodeBase32, formatCardPayload, totpCode, type CustomerRecord as TypedRecord } from '../core/index.js'
import { openIdentityEngine, type CounterService } from '../engine/index.js'
import { generateDataset } from '../synthetic/index.js'
import { findFreePort, startPostgresServer, type PostgresServer } from './postgres-server.js'

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))

export interface LatencySummary {
  readonly requests: number
  readonly p50: number
  readonly p99: number
}

export interface ServiceBenchRow {
  readonly store: 'sqlite' | 'postgres'
  readonly storedRecords: number
  readonly importSeconds: number
  readonly engine: LatencySummary
  readonly http: LatencySummary
  readonly throughput: { readonly clients: number; readonly seconds: number; readonly requestsPerSecond: number; readonly p50: number; readonly p99: number; readonly errors: number }
  readonly decisions: Readonly<Record<string, number>>
  /** The till, in process: card identification and registration (resolve + attach). */
  readonly counter: {
    readonly customers: number
    readonly identify: LatencySummary
    readonly register: LatencySummary
    readonly outcomes: Readonly<Record<string, number>>
  }
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`)

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

function summarise(durations: number[]): LatencySummary {
  const sorted = [...durations].sort((a, b) => a - b)
  return { requests: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }
}

/** People whose records warm a process up before its latency is measured (about 300 resolves). */
const WARM_UP_PERSONS = 130

/** New people, with ids that cannot collide with the imported file's. */
function probeRecords(persons: number, seed: number): CustomerRecord[] {
  return generateDataset({ persons, seed }).records.map((record) => ({ ...record, record_id: `bench-${seed}-${record.record_id}` }))
}

function runCli(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=6144', CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tessera ${args[0]} exited with ${code}:\n${stderr}`))))
  })
}

function storeArgs(config: Config): string[] {
  return config.store.kind === 'sqlite' ? ['--db', config.store.path] : ['--database-url', config.store.url]
}

async function startServe(config: Config): Promise<{ url: string; child: ChildProcess }> {
  const port = await findFreePort()
  const child = spawn(process.execPath, [CLI, 'serve', ...storeArgs(config), '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000)
  })
  const url = `http://127.0.0.1:${port}`
  // It reads the store into memory before it listens: a minute or so for a million records.
  for (let attempt = 0; attempt < 3000; attempt++) {
    if (child.exitCode !== null) throw new Error(`tessera serve exited with ${child.exitCode}:\n${stderr}`)
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { url, child }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`tessera serve did not become ready:\n${stderr}`)
}

async function stopServe(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('close', resolve))
  child.kill('SIGTERM')
  await exited
}

async function httpLatency(url: string, secret: string, records: readonly CustomerRecord[]): Promise<LatencySummary> {
  const durations: number[] = []
  for (const record of records) {
    const started = performance.now()
    const response = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(record),
    })
    await response.arrayBuffer()
    durations.push(performance.now() - started)
    if (!response.ok) throw new Error(`POST /v1/records answered ${response.status}`)
  }
  return summarise(durations)
}

async function httpThroughput(url: string, secret: string, records: readonly CustomerRecord[], clients: number, seconds: number): Promise<ServiceBenchRow['throughput']> {
  let next = 0
  const result = await autocannon({
    url,
    connections: clients,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/records',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        setupRequest: (request) => {
          const round = Math.floor(next / records.length)
          const record = records[next % records.length]
          next += 1
          // Past the end of the list, the same people come again under new ids (repeat visits).
          const body = round === 0 ? record : { ...record, record_id: `${record.record_id}-r${round}` }
          return { ...request, body: JSON.stringify(body) }
        },
      },
    ],
  })
  return {
    clients,
    seconds,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

/**
 * Imports `input` into the store the config names (or, without `input`, takes the store as it
 * is), warms it as `tessera serve` does, then measures the engine, the till and HTTP.
 */
async function measureStore(kind: 'sqlite' | 'postgres', config: Config, input: string | undefined): Promise<ServiceBenchRow> {
  let importSeconds = Number.NaN
  if (input !== undefined) {
    progress(`service (${kind}): importing ${input}`)
    const importStarted = performance.now()
    await runCli(['import', input, ...storeArgs(config)])
    importSeconds = (performance.now() - importStarted) / 1000
  }

  const { engine, store, counter } = await openIdentityEngine(config)
  let secret: string
  let storedRecords: number
  const decisions: Record<string, number> = {}
  let engineLatency: LatencySummary
  let counterRow: ServiceBenchRow['counter']
  try {
    storedRecords = await store.countRecords()
    // As `tessera serve` does before it listens.
    const warmed = await engine.warmUp()
    progress(
      `service (${kind}): ${storedRecords.toLocaleString('en-US')} records stored${input === undefined ? '' : ` in ${importSeconds.toFixed(0)} s`}; ` +
        `${(warmed.store.bytes / 1e6).toFixed(0)} MB read into memory in ${warmed.store.seconds.toFixed(1)} s` +
        (warmed.store.blockingIndex === undefined ? ', ' : ` (blocking index ${warmed.store.blockingIndex.entries.toLocaleString('en-US')} entries, ${(warmed.store.blockingIndex.bytes / 1e6).toFixed(0)} MB), `) +
        `${warmed.termFrequencyValues.toLocaleString('en-US')} term-frequency values in ${warmed.termFrequencySeconds.toFixed(1)} s; engine latency`,
    )
    secret = (await engine.keys.create({ name: 'bench', role: 'admin' })).secret
    // A server runs for days: latency is measured warm (JIT-compiled code, the model's caches,
    // the pages of a fresh process), after resolves of other people that are not counted.
    for (const record of probeRecords(WARM_UP_PERSONS, 976)) await engine.records.resolve(record, { id: 'bench' })
    const durations: number[] = []
    for (const record of probeRecords(1_000, 977)) {
      const started = performance.now()
      const outcome = await engine.records.resolve(record, { id: 'bench' })
      durations.push(performance.now() - started)
      decisions[outcome.decision] = (decisions[outcome.decision] ?? 0) + 1
    }
    engineLatency = summarise(durations)
    progress(`service (${kind}): the till (identify, register)`)
    counterRow = { customers: await store.countCustomers(), ...(await measureCounter(counter, await store.listRecordCustomerIds(0, 200_000))) }
  } finally {
    await engine.close()
  }

  progress(`service (${kind}): HTTP latency and throughput`)
  const { url, child } = await startServe(config)
  try {
    await httpLatency(url, secret, probeRecords(WARM_UP_PERSONS, 975))
    const http = await httpLatency(url, secret, probeRecords(1_000, 978))
    const throughput = await httpThroughput(url, secret, probeRecords(6_000, 979), 8, 10)
    return { store: kind, storedRecords, importSeconds, engine: engineLatency, http, throughput, decisions, counter: counterRow }
  } finally {
    await stopServe(child)
  }
}

/**
 * The till, server-side (in process, no HTTP): identification by the QR card of 1,000 enrolled
 * customers (each code once, as a scan), and registration of what an assistant types for 1,000
 * people — existing customers retyped (name, phone) and new people.
 */
async function measureCounter(
  counter: CounterService,
  stored: readonly { customerId: string }[],
): Promise<Omit<ServiceBenchRow['counter'], 'customers'>> {
  const context = { keyId: 'key_bench', actor: { id: 'bench' }, storeId: 'BENCH-01', tillId: 'T1', staffId: 'emp-1' }
  const customers = [...new Set(stored.map((r) => r.customerId))]
  const enrolled: { deviceRef: string; secret: Uint8Array }[] = []
  for (let k = 0; k < 1_000; k++) {
    const device = await counter.enrolDevice(customers[(k * 7919) % customers.length], 'bench', context)
    enrolled.push({ deviceRef: device.device.deviceRef, secret: decodeBase32(device.secretBase32) })
  }
  const identify: number[] = []
  for (const device of enrolled) {
    const payload = formatCardPayload({ deviceRef: device.deviceRef, code: await totpCode(device.secret, Date.now()) })
    const started = performance.now()
    await counter.identify(payload, context)
    identify.push(performance.now() - started)
  }
  const outcomes: Record<string, number> = {}
  const register: number[] = []
  const people = probeRecords(450, 981)
  for (const record of people.slice(0, 1_000)) {
    // What an assistant types: name, phone, maybe a birth date and a card; never the source.
    const typed: Partial<TypedRecord> = {
      record_id: record.record_id,
      ...(record.first_name === undefined ? {} : { first_name: record.first_name }),
      ...(record.last_name === undefined ? {} : { last_name: record.last_name }),
      ...(record.phone === undefined ? {} : { phone: record.phone }),
      ...(record.birth_date === undefined ? {} : { birth_date: record.birth_date }),
      ...(record.loyalty_card === undefined ? {} : { loyalty_card: record.loyalty_card }),
      ...(record.country === undefined ? {} : { country: record.country }),
    }
    const started = performance.now()
    const outcome = await counter.register(typed, context)
    register.push(performance.now() - started)
    outcomes[outcome.outcome] = (outcomes[outcome.outcome] ?? 0) + 1
  }
  return { identify: summarise(identify), register: summarise(register), outcomes }
}

/**
 * `existingSqliteStore`: measure that SQLite store as it is instead of importing `input` into a
 * new one (to compare code changes on the same data; the store is written to).
 */
export async function measureService(
  input: string,
  workDir: string,
  kinds: readonly ('sqlite' | 'postgres')[],
  existingSqliteStore?: string,
): Promise<ServiceBenchRow[]> {
  const rows: ServiceBenchRow[] = []
  for (const kind of kinds) {
    if (kind === 'sqlite' && existingSqliteStore !== undefined) {
      rows.push(await measureStore('sqlite', loadConfig({ flags: { store: { kind: 'sqlite', path: existingSqliteStore } }, env: {} }), undefined))
    } else if (kind === 'sqlite') {
      const path = join(workDir, 'service-bench.db')
      await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(path + suffix, { force: true })))
      rows.push(await measureStore('sqlite', loadConfig({ flags: { store: { kind: 'sqlite', path } }, env: {} }), input))
    } else {
      let server: PostgresServer | undefined
      try {
        // pg_prewarm: what an operator installs for a server whose store is read into memory at start.
        server = await startPostgresServer({ durable: true, extensions: ['pg_prewarm'] })
        rows.push(await measureStore('postgres', loadConfig({ flags: { store: { kind: 'postgres', url: server.url } }, env: {} }), input))
      } finally {
        await server?.stop()
      }
    }
  }
  return rows
}

const ms = (value: number) => value.toFixed(2)

export function serviceSection(rows: readonly ServiceBenchRow[]): string {
  const lines = [
    '## Identity service',
    '',
    'A store loaded by `tessera import` with a generated file: one record of each of 1,000,000 people and a second record of every tenth, a little over 1 M records of about 1 M customers (PostgreSQL: a local server with durable commits, fsync on); then new generated people sent one record at a time: through the engine in process (the records of 1,000 people, about 2,300 sequential resolves), over HTTP to `tessera serve` in a child process (as many sequential `POST /v1/records`, client-side time, other people), and by 8 concurrent clients for 10 s (autocannon). Both sequential measurements start warm: about 300 resolves of other people first, not counted. Each resolve is a full transaction: candidates by stored blocking keys, scoring, decision, writes, history. Latencies in milliseconds.',
    '',
    '| store | stored records | import s | engine p50 | engine p99 | HTTP p50 | HTTP p99 | 8 clients: resolves/s | 8 clients p50 | 8 clients p99 | errors | decisions |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((row) =>
      `| ${row.store} | ${row.storedRecords.toLocaleString('en-US')} | ${Number.isNaN(row.importSeconds) ? '—' : row.importSeconds.toFixed(0)} | ${ms(row.engine.p50)} | ${ms(row.engine.p99)} | ${ms(row.http.p50)} | ${ms(row.http.p99)} | ${Math.round(row.throughput.requestsPerSecond).toLocaleString('en-US')} | ${row.throughput.p50} | ${row.throughput.p99} | ${row.throughput.errors} | ${Object.entries(row.decisions).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    ),
    '',
    'Targets: engine p99 ≤ 5 ms on SQLite; HTTP p99 ≤ 15 ms on PostgreSQL; ≥ 1,000 resolves/s over HTTP on SQLite.',
    '',
    '## The till',
    '',
    'On the same stores, server-side (the counter service in process, no HTTP): 1,000 customers enrol a device each, then each device\'s current QR code is identified once, as a scan (`counter.identify`: payload parsed, device found, TOTP checked against replay, step advanced, audit written, masked profile built); then what an assistant types for about 1,000 people (name, phone, maybe birth date and card; some already customers, some new) is registered (`counter.register`: assessed, then attached, created, or held with masked candidates; audited). Latencies in milliseconds.',
    '',
    '| store | stored records | customers | identify p50 | identify p99 | register p50 | register p99 | registration outcomes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((row) =>
      `| ${row.store} | ${row.storedRecords.toLocaleString('en-US')} | ${row.counter.customers.toLocaleString('en-US')} | ${ms(row.counter.identify.p50)} | ${ms(row.counter.identify.p99)} | ${ms(row.counter.register.p50)} | ${ms(row.counter.register.p99)} | ${Object.entries(row.counter.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    ),
    '',
    'Targets: identify p99 ≤ 5 ms server-side; registration (resolve + attach) p99 ≤ 15 ms on SQLite.',
  ]
  return lines.join('\n')
}
