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

async function listen(engine: Parameters<typeof startServer>[0]['engine'], port: number): Promise<RunningServer> {
  try {
    return await startServer({ engine, port, logger: { level: 'warn' } })
  } catch {
    // The port is taken (another demo, say): any free one will do.
    return startServer({ engine, port: 0, logger: { level: 'warn' } })
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

  const { engine } = await openIdentityEngine(config)
  const admin = await engine.keys.create({ name: 'demo admin', role: 'admin' })
  const till = await engine.keys.create({ name: 'demo till', role: 'channel', source: 'store:DEMO-01' })
  const server = await listen(engine, options.port)
  const url = server.url

  const existing = await engine.records.get(options.sample.source, options.sample.record_id)
  const duplicate = typedAtTheTill(options.sample)
  const response = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${till.secret}` },
    body: JSON.stringify(duplicate),
  })
  const outcome = (await response.json()) as { customer_id?: string; decision?: string; match_probability?: number }

  const lines = [
    '',
    `Tessera API on the demo data: ${url}   (docs ${url}/docs, OpenAPI ${url}/openapi.json)`,
    '',
    `A till registers ${options.sample.source}/${options.sample.record_id}'s owner again, typed in a hurry:`,
    `  ${JSON.stringify(duplicate)}`,
    `  → ${outcome.decision} customer ${outcome.customer_id} (p = ${outcome.match_probability?.toFixed(4)})` +
      (existing !== undefined && existing.customerId === outcome.customer_id ? ', the customer the original record belongs to: no duplicate' : ''),
    '',
    'Keys for this demo (shown once, stored hashed):',
    `  admin:              ${admin.secret}`,
    `  channel (till):     ${till.secret}`,
    '',
    'Try:',
    `  curl -s -H 'Authorization: Bearer ${admin.secret}' ${url}/v1/customers/${outcome.customer_id}`,
    `  curl -s -H 'Authorization: Bearer ${admin.secret}' ${url}/v1/customers/${outcome.customer_id}/history`,
    `  curl -s -H 'Authorization: Bearer ${till.secret}' -H 'content-type: application/json' \\`,
    `       -d '{"record_id":"t2","source":"store:DEMO-01","first_name":"Ana","last_name":"Ruiz","phone":"612000111","country":"ES"}' ${url}/v1/records`,
    `  curl -s -H 'Authorization: Bearer ${admin.secret}' '${url}/v1/reviews?status=open'`,
    '',
    'Ctrl-C stops the server.',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  process.stderr.write('stopping: finishing requests in flight, then closing the store\n')
  await server.close()
}
