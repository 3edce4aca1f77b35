import { rm } from 'node:fs/promises'
import { join } from 'node:path'

import { startServer, type RunningServer } from '../api/index.js'
import { loadConfig } from '../config/index.js'
import type { CustomerRecord } from '../core/index.js'
import { importRecords, openConfiguredStore, openIdentityEngine, readRecords } from '../engine/index.js'
import { createProgressReporter } from './progress.js'
import { formatCount } from './commands/shared.js'

export interface DemoServeOptions {
  readonly dir: string
  readonly recordsFile: string
  readonly port: number
  /** A record of the demo data the walkthrough registers again, with a typo, at a till. */
  readonly sample: CustomerRecord
}

/** The sample as an assistant at a till would type it: accents dropped, a typo, a new id. */
function typedAtTheTill(sample: CustomerRecord): CustomerRecord {
  const typo = (text: string | undefined) =>
    text === undefined || text.length < 4 ? text : text.slice(0, 2) + text[3] + text[2] + text.slice(4)
  const record: CustomerRecord = {
    record_id: 'demo-till-0001',
    source: 'store:DEMO-01',
    ...(sample.first_name === undefined ? {} : { first_name: sample.first_name.normalize('NFD').replace(/\p{M}/gu, '') }),
    ...(sample.last_name === undefined ? {} : { last_name: typo(sample.last_name)! }),
    ...(sample.phone === undefined ? {} : { phone: sample.phone.replace(/\D/g, '').slice(-9) }),
    ...(sample.email === undefined ? {} : { email: sample.email.toUpperCase() }),
    ...(sample.birth_date === undefined ? {} : { birth_date: sample.birth_date }),
    ...(sample.country === undefined ? {} : { country: sample.country }),
  }
  return record
}

async function listen(services: Pick<Parameters<typeof startServer>[0], 'engine' | 'counter'>, port: number): Promise<RunningServer> {
  try {
    return await startServer({ ...services, port, logger: { level: 'warn' } })
  } catch {
    // The port is taken (another demo, say): any free one will do.
    return startServer({ ...services, port: 0, logger: { level: 'warn' } })
  }
}

/**
 * The identity service on the demo data: imports the records into a fresh SQLite store, starts
 * the HTTP API, registers a typo'd duplicate through it to show it attach, prints how to call it,
 * and serves until Ctrl-C.
 */
export async function serveDemo(options: DemoServeOptions): Promise<void> {
  const path = join(options.dir, 'tessera.db')
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(path + suffix, { force: true })))
  const config = loadConfig({ flags: { store: { kind: 'sqlite', path } }, env: {} })

  process.stderr.write(`\nimporting the demo records into ${path} (tessera import)…\n`)
  const reporter = createProgressReporter()
  const store = await openConfiguredStore(config)
  try {
    const summary = await importRecords({
      store,
      config,
      reader: readRecords(options.recordsFile, { onError: 'fail' }),
      actor: { id: 'cli', user: 'demo' },
      batch: { workers: 0 },
      onProgress: (event) => reporter.update(event),
    })
    reporter.finish()
    process.stderr.write(`  ${formatCount(summary.records)} records, ${formatCount(summary.customersCreated)} customers, ${summary.seconds.toFixed(1)} s\n`)
  } finally {
    await store.close()
  }

  const { engine, counter } = await openIdentityEngine(config, { env: process.env })
  const admin = await engine.keys.create({ name: 'demo admin', role: 'admin' })
  const app = await engine.keys.create({ name: 'demo app', role: 'channel', source: 'app' })
  const till = await engine.keys.create({ name: 'demo till DEMO-01', role: 'store' })
  const server = await listen({ engine, counter }, options.port)
  const url = server.url
  const call = async (path: string, secret: string, body?: object, extra: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${secret}`, ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return (await response.json()) as Record<string, unknown>
  }
  const atTheTill = { 'x-store-id': 'DEMO-01', 'x-till-id': 'T1', 'x-staff-id': 'emp-001' }

  // 1. The assistant types the customer again, in a hurry: it attaches, no duplicate is created.
  const existing = await engine.records.get(options.sample.source, options.sample.record_id)
  const duplicate = typedAtTheTill(options.sample)
  const { source: _source, ...typed } = duplicate
  const registered = await call('/v1/counter/registrations', till.secret, { record: typed }, atTheTill)
  const customerId = (registered.customer_id as string | undefined) ?? existing?.customerId ?? ''

  // 2. The customer's app enrols her phone for the digital card, and the till scans its QR code.
  const device = await call(`/v1/customers/${customerId}/devices`, app.secret, { label: 'demo phone' })
  const cardUrl = `${url}${String(device.card_url)}`
  const code = (await (await fetch(`${cardUrl}/code`)).json()) as { payload: string }
  const identified = await call('/v1/counter/identify', till.secret, { payload: code.payload }, atTheTill)

  const lines = [
    '',
    `Tessera API on the demo data: ${url}   (docs ${url}/docs, OpenAPI ${url}/openapi.json)`,
    '',
    `1. A till registers ${options.sample.source}/${options.sample.record_id}'s owner again, typed in a hurry:`,
    `     ${JSON.stringify(typed)}`,
    `   → ${String(registered.outcome)} to customer ${String(registered.customer_id)}` +
      (existing !== undefined && existing.customerId === registered.customer_id ? ' (the customer the original record belongs to: no duplicate created)' : ''),
    `     the till sees only: ${JSON.stringify(registered.profile)}`,
    '',
    `2. Her app enrolled a phone; its digital card (a QR code that changes every 30 s) is at:`,
    `     ${cardUrl}`,
    `   The till scanned it (${code.payload.replace(/\.\d+$/, '.******')}) and identified customer ${String(identified.customer_id)}:`,
    `     ${JSON.stringify(identified.profile)}`,
    '',
    'Keys for this demo (shown once, stored hashed):',
    `  admin:              ${admin.secret}`,
    `  channel (app):      ${app.secret}`,
    `  store (till):       ${till.secret}`,
    '',
    'Try:',
    `  open ${cardUrl}   (the live card; then identify with the text of its QR code:)`,
    `  curl -s -H 'Authorization: Bearer ${till.secret}' -H 'X-Store-Id: DEMO-01' -H 'X-Till-Id: T1' -H 'content-type: application/json' \\`,
    `       -d "{\\"payload\\":\\"$(curl -s ${cardUrl}/code | sed 's/.*"payload":"\\([^"]*\\)".*/\\1/')\\"}" ${url}/v1/counter/identify`,
    `  curl -s -H 'Authorization: Bearer ${till.secret}' -H 'X-Store-Id: DEMO-01' -H 'X-Till-Id: T1' '${url}/v1/counter/search?q=mar%2028013'`,
    `  curl -s -H 'Authorization: Bearer ${till.secret}' -H 'X-Store-Id: DEMO-01' -H 'X-Till-Id: T1' -H 'content-type: application/json' \\`,
    `       -d '{"record":{"first_name":"Ana","last_name":"Ruiz","phone":"612000111","country":"ES"}}' ${url}/v1/counter/registrations`,
    `  curl -s -H 'Authorization: Bearer ${admin.secret}' ${url}/v1/customers/${customerId}/history`,
    `  curl -s -H 'Authorization: Bearer ${admin.secret}' '${url}/v1/audit?limit=20'`,
    '',
    'Ctrl-C stops the server.',
  ]
  // Listening for the signals before saying how to stop: one sent as soon as this is read must
  // find the handlers in place (see serve.ts).
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  process.stdout.write(`${lines.join('\n')}\n`)
  await stopped
  process.stderr.write('stopping: finishing requests in flight, then closing the store\n')
  await server.close()
}
