import { deriveFeatures, normaliseRecord, type CustomerRecord } from '../../src/core/index.js'
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js'
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js'
import type { RecordWrite, Store } from '../../src/store/index.js'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { findFreePort } from '../support/postgres-server.js'
import { createTestDatabase, pgTestUrl, pgUnavailableReason } from '../support/postgres-test-database.js'
import { describeStoreContract } from './store-contract.js'

const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'
/** How long a test waits for the database to reach a state it polls for. */
const POLL_TIMEOUT_MS = 10_000

const baseUrl = pgTestUrl()

interface TestDatabase {
  readonly url: string
  drop(): Promise<void>
}

/** A fresh database with a migrated store on it. */
async function openFreshStore(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  const database = await createTestDatabase(baseUrl!)
  const store = await openPostgresStore({ url: database.url, poolSize: 4 })
  await store.migrate()
  return {
    store,
    cleanup: async () => {
      await store.close()
      await database.drop()
    },
  }
}

function recordWrite(raw: CustomerRecord, customerId: string, blockingKeys: readonly string[]): RecordWrite {
  const normalised = normaliseRecord(raw, { defaultCountry: 'ES' })
  return { source: raw.source, record_id: raw.record_id, customerId, raw, normalised, features: deriveFeatures(normalised), blockingKeys }
}

/** Polls `check` until it holds; fails the test after POLL_TIMEOUT_MS. */
async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + POLL_TIMEOUT_MS
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

if (baseUrl === undefined) {
  describe.skip(`PostgreSQL store (skipped: ${pgUnavailableReason()})`, () => {
    it('should pass the store contract and the PostgreSQL specifics when a server is available', () => undefined)
  })
} else {
  describeStoreContract('PostgreSQL', openFreshStore)

  describe('PostgreSQL store specifics', () => {
    let database: TestDatabase
    let store: Store
    let observer: pg.Client

    beforeEach(async () => {
      database = await createTestDatabase(baseUrl)
      store = await openPostgresStore({ url: database.url, poolSize: 4 })
      await store.migrate()
      observer = new pg.Client({ connectionString: database.url })
      await observer.connect()
    })
    afterEach(async () => {
      await observer.end()
      await store.close()
      await database.drop()
    })

    /** Sessions of this database that wait for an advisory lock right now. */
    async function waitingForAdvisoryLock(): Promise<number> {
      const result = await observer.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
      )
      return result.rows[0].n as number
    }

    it('a warm-up is left to the server without pg_prewarm, and loads the relations a resolve reads with it', async () => {
      await store.transaction((tx) => tx.upsertRecords([recordWrite({ record_id: 'w1', source: 'web', first_name: 'Ana' }, 'cus_a', ['n:ana'])], T0))
      expect((await store.warmUp()).bytes).toBe(0)
      await observer.query('CREATE EXTENSION pg_prewarm')
      const warmed = await store.warmUp()
      expect(warmed.bytes).toBeGreaterThan(0)
      expect((await store.getRecord('web', 'w1'))?.customerId).toBe('cus_a')
    })

    it('after a bulk load, brings the visibility map and the statistics of the loaded tables up to date', async () => {
      // Durable commits, as in production: the test server commits asynchronously, and VACUUM
      // leaves pages whose last commit may not be on disk yet unmarked.
      await observer.query(`ALTER DATABASE ${new URL(database.url).pathname.slice(1)} SET synchronous_commit = on`)
      await store.close()
      store = await openPostgresStore({ url: database.url, poolSize: 4 })
      const writes = Array.from({ length: 300 }, (_, i) => recordWrite({ record_id: `b${i}`, source: 'crm', first_name: `Ana${i}` }, `cus_${i}`, [`n:ana${i}`, `c:${i % 7}`]))
      await store.transaction(async (tx) => {
        await tx.insertCustomers(writes.map((w) => w.customerId), T0)
        await tx.upsertRecords(writes, T0)
      })
      const state = async () =>
        (
          await observer.query(
            `SELECT relname, reltuples::int AS tuples, relallvisible FROM pg_class
              WHERE relname IN ('records', 'blocking_keys', 'customers') ORDER BY relname`,
          )
        ).rows
      // Never vacuumed nor analysed: no statistics (-1), no page known all-visible.
      expect(await state()).toEqual([
        { relname: 'blocking_keys', tuples: -1, relallvisible: 0 },
        { relname: 'customers', tuples: -1, relallvisible: 0 },
        { relname: 'records', tuples: -1, relallvisible: 0 },
      ])
      const { seconds } = await store.optimiseAfterBulkLoad()
      expect(seconds).toBeGreaterThan(0)
      const after = await state()
      expect(after.map((r) => [r.relname, r.tuples])).toEqual([['blocking_keys', 600], ['customers', 300], ['records', 300]])
      for (const table of after) expect([table.relname, table.relallvisible > 0]).toEqual([table.relname, true])
      expect((await store.listRecordsByBlockingKeys(['c:3'], 50)).records).toHaveLength(43)
    })

    it('should make a transaction wait for another holding an overlapping lock key until it commits', async () => {
      const steps: string[] = []
      let releaseFirst!: () => void
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve))
      let firstHoldsLocks!: () => void
      const firstLocked = new Promise<void>((resolve) => (firstHoldsLocks = resolve))

      const first = store.transaction(
        async (tx) => {
          steps.push('first:locked')
          await tx.insertCustomer('cus_first', T0)
          firstHoldsLocks()
          await firstMayCommit
          steps.push('first:committing')
        },
        { lockKeys: ['email:a', 'phone:b'] },
      )
      await firstLocked
      let secondSawFirst: boolean | undefined
      const second = store.transaction(
        async (tx) => {
          steps.push('second:locked')
          secondSawFirst = (await tx.getCustomer('cus_first')) !== undefined
        },
        { lockKeys: ['phone:b', 'postcode:c'] },
      )

      // The second is blocked on the server, not merely slow: PostgreSQL shows its lock request waiting.
      await waitUntil(async () => (await waitingForAdvisoryLock()) === 1, 'the second transaction waits for its lock')
      steps.push('second:waiting')
      releaseFirst()
      await Promise.all([first, second])

      expect(steps).toEqual(['first:locked', 'second:waiting', 'first:committing', 'second:locked'])
      expect(secondSawFirst).toBe(true)
    })

    it('should let transactions with disjoint lock keys run at the same time', async () => {
      let releaseFirst!: () => void
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve))
      let firstHoldsLocks!: () => void
      const firstLocked = new Promise<void>((resolve) => (firstHoldsLocks = resolve))
      const first = store.transaction(
        async () => {
          firstHoldsLocks()
          await firstMayCommit
        },
        { lockKeys: ['email:a'] },
      )
      await firstLocked
      await store.transaction((tx) => tx.insertCustomer('cus_other', T0), { lockKeys: ['email:z'] })
      releaseFirst()
      await first
      expect(await store.countCustomers()).toBe(1)
    })

    it('should apply each migration once when two stores migrate the same database at once', async () => {
      const fresh = await createTestDatabase(baseUrl)
      const stores = await Promise.all([1, 2].map(() => openPostgresStore({ url: fresh.url, poolSize: 2 })))
      try {
        const results = await Promise.all(stores.map((each) => each.migrate()))
        const allIds = POSTGRES_MIGRATIONS.map((migration) => migration.id)
        expect(results.flatMap((result) => result.applied).sort()).toEqual(allIds)
        expect(results.some((result) => result.applied.length === 0)).toBe(true)
        expect(await stores[0].migrate()).toEqual({ applied: [] })
        const client = new pg.Client({ connectionString: fresh.url })
        await client.connect()
        const rows = (await client.query('SELECT id FROM schema_migrations ORDER BY id')).rows
        await client.end()
        expect(rows.map((row) => row.id)).toEqual(allIds)
      } finally {
        await Promise.all(stores.map((each) => each.close()))
        await fresh.drop()
      }
    })

    it('should report an unreachable server as ERR_STORE_UNAVAILABLE without the password', async () => {
      const closedPort = await findFreePort()
      const opening = openPostgresStore({ url: `postgres://u:secretpw@127.0.0.1:${closedPort}/x` })
      await expect(opening).rejects.toMatchObject({ name: 'UnavailableError', kind: 'unavailable', code: 'ERR_STORE_UNAVAILABLE' })
      const error = (await opening.catch((caught: unknown) => caught)) as Error
      expect(error.message).toContain(`127.0.0.1:${closedPort}/x`)
      expect(error.message).not.toContain('secretpw')
      expect(error.message).not.toContain('u:')
    })

    it('should refuse work after close with ERR_STORE_UNAVAILABLE', async () => {
      const other = await openPostgresStore({ url: database.url })
      await other.close()
      await expect(other.transaction(async () => undefined)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
      await expect(other.countRecords()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
    })

    it('should upsert a batch larger than one chunk and return keys in input order, repeats included', async () => {
      const count = 12_000
      const writes = Array.from({ length: count }, (_, index) =>
        recordWrite({ record_id: `r${index}`, source: 'app', last_name: `name${index % 50}` }, 'cus_bulk', [`n:name${index % 50}`]),
      )
      // A repeated record: written once, with its last version, at its first position's key.
      const repeated = recordWrite({ record_id: 'r7', source: 'app', last_name: 'changed' }, 'cus_bulk', ['n:changed'])
      const keys = await store.transaction((tx) => tx.upsertRecords([...writes, repeated], T0))

      expect(keys).toHaveLength(count + 1)
      expect(keys[count]).toBe(keys[7])
      expect(new Set(keys).size).toBe(count)
      expect(keys.slice(0, count)).toEqual([...keys.slice(0, count)].sort((a, b) => a - b))
      expect(await store.countRecords()).toBe(count)
      expect((await store.getRecord('app', 'r7'))?.raw.last_name).toBe('changed')
      expect((await store.listRecordsByBlockingKeys(['n:changed'], 10)).records.map((r) => r.recordKey)).toEqual([keys[7]])
      expect((await store.listRecordsByBlockingKeys(['n:name1'], 1_000)).records).toHaveLength(count / 50)
      expect((await store.listRecordsByBlockingKeys(['n:name1'], 10)).oversizedKeys).toEqual(['n:name1'])

      const updatedKeys = await store.transaction((tx) => tx.upsertRecords(writes.slice(0, 10), T1))
      expect(updatedKeys).toEqual(keys.slice(0, 10))
      expect(await store.getRecord('app', 'r0')).toMatchObject({ createdAt: T0, updatedAt: T1 })
    })

    it('should keep JSON documents as written, key order and escaped NUL characters included', async () => {
      const details = { zeta: 1, alpha: 'a\u0000b', nested: { y: [3, 1], x: null } }
      await store.transaction((tx) =>
        tx.insertEvents([{ customerId: 'cus_json', kind: 'created', at: T0, actor: { id: 'system' }, details }]),
      )
      const [event] = await store.listCustomerEvents('cus_json')
      expect(JSON.stringify(event.details)).toBe(JSON.stringify(details))
    })
  })
}
