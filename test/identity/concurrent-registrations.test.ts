/**
 * Two tills registering the same new person at once (or a request retried while the first is in
 * flight) must end as one customer. On PostgreSQL, two engines over two connection pools stand
 * for two servers: the advisory locks on the record's blocking keys serialise them. On SQLite the
 * single writer does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { startServer } from '../../src/api/index.js'
import { loadConfig } from '../../src/config/index.js'
import type { CustomerRecord } from '../../src/core/index.js'
import { createIdentityEngine, loadDefaultModel, type IdentityEngine } from '../../src/engine/index.js'
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js'
import { createTestDatabase, pgTestUrl, pgUnavailableReason } from '../support/postgres-test-database.js'

const baseUrl = pgTestUrl()
const service = loadConfig({ env: {} }).service

function engineOver(store: Store): IdentityEngine {
  return createIdentityEngine({ store, model: loadDefaultModel(), settings: service })
}

const GIVEN_NAMES = ['Lucía', 'Andrés', 'Begoña', 'Íñigo', 'Nerea', 'Raúl', 'Sofía', 'Tomás', 'Úrsula', 'Joaquín', 'Inés', 'Óscar', 'Ramón']
const SURNAMES = ['Fernández', 'Gil', 'Mora', 'Vidal', 'Soler', 'Ibáñez', 'Castaño', 'Peña', 'Muñoz', 'Galán', 'Ortiz']

/** One new person per index, registered at two tills with the way each assistant typed her. */
function registrations(index: number): [CustomerRecord, CustomerRecord] {
  const phone = `+34 6${String(10_000_000 + index * 7919).padStart(8, '0')}`
  const first = GIVEN_NAMES[index % GIVEN_NAMES.length]
  const last = `${SURNAMES[index % SURNAMES.length]} ${SURNAMES[(index * 7 + 3) % SURNAMES.length]}`
  const base = { last_name: last, birth_date: `${1950 + index}-0${1 + (index % 9)}-1${index % 10}`, country: 'ES' }
  return [
    { record_id: `till1-${index}`, source: 'store:MAD-01', ...base, first_name: first, phone, email: `person.${index}@example.com` },
    // The second assistant drops the accents and types the phone without spaces.
    { record_id: `till2-${index}`, source: 'store:MAD-02', ...base, first_name: first.normalize('NFD').replace(/\p{M}/gu, ''), phone: phone.replace(/ /g, '') },
  ]
}

async function registerInParallel(engines: readonly [IdentityEngine, IdentityEngine], people: number): Promise<void> {
  const work: Promise<unknown>[] = []
  for (let i = 0; i < people; i++) {
    const [a, b] = registrations(i)
    work.push(engines[0].records.resolve(a, { id: 'till-1' }))
    work.push(engines[1].records.resolve(b, { id: 'till-2' }))
    // The same request retried while the first is still in flight.
    work.push(engines[1].records.resolve(a, { id: 'till-1-retry' }))
  }
  await Promise.all(work)
}

async function expectOneCustomerPerPerson(engine: IdentityEngine, store: Store, people: number): Promise<void> {
  for (let i = 0; i < people; i++) {
    const [a, b] = registrations(i)
    const first = await engine.records.get(a.source, a.record_id)
    const second = await engine.records.get(b.source, b.record_id)
    expect(first?.customerId, `person ${i}`).toBeDefined()
    expect(second?.customerId, `person ${i}`).toBe(first?.customerId)
  }
  expect(await store.countRecords()).toBe(people * 2)
  expect(await store.countCustomers()).toBe(people)
}

describe.skipIf(baseUrl === undefined)(`concurrent registrations on PostgreSQL${baseUrl === undefined ? ` (skipped: ${pgUnavailableReason()})` : ''}`, () => {
  it('should end as one customer per person when two servers register her at once', async () => {
    const database = await createTestDatabase(baseUrl!)
    const stores = [await openPostgresStore({ url: database.url, poolSize: 8 }), await openPostgresStore({ url: database.url, poolSize: 8 })] as const
    try {
      await stores[0].migrate()
      const engines = [engineOver(stores[0]), engineOver(stores[1])] as const
      await registerInParallel(engines, 25)
      await expectOneCustomerPerPerson(engines[0], stores[0], 25)
    } finally {
      await Promise.all(stores.map((store) => store.close()))
      await database.drop()
    }
  })
})

describe.skipIf(baseUrl === undefined)(`parallel HTTP registrations on PostgreSQL${baseUrl === undefined ? ` (skipped: ${pgUnavailableReason()})` : ''}`, () => {
  it('should end as one customer per person when requests hit two servers at once', async () => {
    const database = await createTestDatabase(baseUrl!)
    const stores = [await openPostgresStore({ url: database.url, poolSize: 8 }), await openPostgresStore({ url: database.url, poolSize: 8 })]
    await stores[0].migrate()
    const engines = stores.map(engineOver)
    const servers = await Promise.all(engines.map((engine) => startServer({ engine, port: 0, logger: false })))
    try {
      const key = await engines[0].keys.create({ name: 'tills', role: 'admin' })
      const post = async (server: number, record: CustomerRecord) => {
        const response = await fetch(`${servers[server].url}/v1/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` },
          body: JSON.stringify(record),
        })
        expect(response.status).toBe(200)
        return (await response.json()) as { customer_id: string; decision: string; updated: boolean }
      }
      const people = 20
      const requests: Promise<{ customer_id: string; decision: string; updated: boolean }>[] = []
      for (let i = 0; i < people; i++) {
        const [a, b] = registrations(i)
        // Each person at both tills, each till's request also retried on the other server.
        requests.push(post(0, a), post(1, b), post(1, a), post(0, b))
      }
      const outcomes = await Promise.all(requests)
      for (let i = 0; i < people; i++) {
        const ids = new Set(outcomes.slice(i * 4, i * 4 + 4).map((outcome) => outcome.customer_id))
        expect(ids.size, `person ${i}: ${[...ids].join(', ')}`).toBe(1)
      }
      // One customer minted per person. A retry that lands after the first request committed, while
      // the record is still alone, is an update that keeps its customer ('created', updated: true).
      expect(outcomes.filter((outcome) => outcome.decision === 'created' && !outcome.updated)).toHaveLength(people)
      await expectOneCustomerPerPerson(engines[0], stores[0], people)
    } finally {
      await Promise.all(servers.map((server) => server.close()))
      await database.drop()
    }
  })
})

describe('concurrent registrations on SQLite', () => {
  it('should end as one customer per person when requests for her interleave', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-concurrent-'))
    const store = await openSqliteStore({ path: join(dir, 'tessera.db') })
    try {
      await store.migrate()
      const engine = engineOver(store)
      await registerInParallel([engine, engine], 25)
      await expectOneCustomerPerPerson(engine, store, 25)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
