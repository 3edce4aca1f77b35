import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import Database from 'better-sqlite3'

import { deriveFeatures, normaliseRecord, type CustomerRecord } from '../../src/core/index.js'
import { openSqliteStore, type Store } from '../../src/store/index.js'
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js'
import { describeStoreContract } from './store-contract.js'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tessera-sqlite-'))
}

/** A new store in a directory of its own for `work`; closed and removed afterwards. */
async function withNewStore(work: (store: Store, path: string) => Promise<void>): Promise<void> {
  const dir = tempDir()
  const path = join(dir, 'x.db')
  const store = await openSqliteStore({ path })
  try {
    await work(store, path)
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

describeStoreContract('SQLite', async () => {
  const dir = tempDir()
  const store = await openSqliteStore({ path: join(dir, 'tessera.db') })
  await store.migrate()
  return {
    store,
    cleanup: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('SQLite store specifics', () => {
  const at = '2026-01-01T00:00:00.000Z'
  const write = (id: string, keys: string[], customerId = 'cus_e') => {
    const raw: CustomerRecord = { record_id: id, source: 'crm', first_name: 'Eva' }
    const normalised = normaliseRecord(raw, { defaultCountry: 'ES' })
    return { source: 'crm', record_id: id, customerId, raw, normalised, features: deriveFeatures(normalised), blockingKeys: keys }
  }
  const idsByKey = async (store: Store, key: string) => (await store.listRecordsByBlockingKeys([key], 10)).records.map((r) => r.record_id).sort()

  it('indexes records in memory: the file holds no blocking index, and each row the order of its write', () =>
    withNewStore(async (store, path) => {
      await store.migrate()
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_e', at)
        await tx.upsertRecords([write('e1', ['n:eva', 'k:1']), write('e2', ['n:eva', 'k:2'])], at)
      })
      expect(await idsByKey(store, 'n:eva')).toEqual(['e1', 'e2'])
      expect((await store.warmUp()).blockingIndex).toMatchObject({ entries: 4 })
      await store.transaction((tx) => tx.upsertRecords([write('e1', ['n:eva', 'k:3'])], at))
      expect(await idsByKey(store, 'k:3')).toEqual(['e1'])
      expect(await idsByKey(store, 'k:1')).toEqual([])
      expect((await store.warmUp()).blockingIndex?.entries).toBe(4)
      const db = new Database(path, { readonly: true })
      try {
        expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'blocking_index'").get()).toEqual({ n: 0 })
        const seqs = db.prepare('SELECT record_id, key_seq FROM records ORDER BY record_id').all() as { record_id: string; key_seq: number }[]
        expect(seqs[1].key_seq).toBe(seqs[0].key_seq - 1)
        expect(seqs[0].key_seq).toBe(3)
      } finally {
        db.close()
      }
    }))

  it('a rolled-back transaction leaves the index as it was: keys taken away come back, keys added go', () =>
    withNewStore(async (store) => {
      await store.migrate()
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_e', at)
        await tx.upsertRecords([write('e1', ['n:eva', 'k:1'])], at)
      })
      expect(await idsByKey(store, 'k:1')).toEqual(['e1'])
      const failed = store.transaction(async (tx) => {
        await tx.upsertRecords([write('e1', ['n:eva', 'k:2']), write('e9', ['k:1', 'k:9'])], at)
        expect(await idsByKey(store, 'k:2')).toEqual([])
        expect((await tx.listRecordsByBlockingKeys(['k:2', 'k:9'], 10)).records.map((r) => r.record_id)).toEqual(['e1', 'e9'])
        throw new Error('till went offline')
      })
      await expect(failed).rejects.toThrow('till went offline')
      expect(await idsByKey(store, 'k:1')).toEqual(['e1'])
      expect(await idsByKey(store, 'k:2')).toEqual([])
      expect(await idsByKey(store, 'k:9')).toEqual([])
      expect((await store.listRecordsByBlockingKeys(['k:1'], 0)).oversizedKeys).toEqual(['k:1'])
      // The next record takes the row number the rolled-back one had; the index does not
      // confuse them.
      await store.transaction((tx) => tx.upsertRecords([write('e3', ['k:3'])], at))
      expect(await idsByKey(store, 'k:3')).toEqual(['e3'])
      expect(await idsByKey(store, 'k:9')).toEqual([])
    }))

  it('an index first built inside a transaction that rolls back is built again from what was committed', () =>
    withNewStore(async (store) => {
      await store.migrate()
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_e', at)
        await tx.upsertRecords([write('e1', ['k:1'])], at)
      })
      const failed = store.transaction(async (tx) => {
        await tx.upsertRecords([write('e2', ['k:1'])], at)
        expect((await tx.listRecordsByBlockingKeys(['k:1'], 10)).records.map((r) => r.record_id)).toEqual(['e1', 'e2'])
        await tx.upsertRecords([write('e1', ['k:2'])], at)
        expect((await tx.listRecordsByBlockingKeys(['k:1'], 10)).records.map((r) => r.record_id)).toEqual(['e2'])
        throw new Error('abandoned')
      })
      await expect(failed).rejects.toThrow('abandoned')
      expect(await idsByKey(store, 'k:1')).toEqual(['e1'])
      expect(await idsByKey(store, 'k:2')).toEqual([])
    }))

  it("follows another connection's writes (another process on the same file): new records, and keys a record gained or lost", () =>
    withNewStore(async (store, path) => {
      await store.migrate()
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_e', at)
        await tx.upsertRecords([write('e1', ['n:eva', 'k:1']), write('e2', ['n:eva'])], at)
      })
      expect(await idsByKey(store, 'n:eva')).toEqual(['e1', 'e2'])
      const other = await openSqliteStore({ path })
      try {
        await other.migrate()
        await other.transaction((tx) => tx.upsertRecords([write('e1', ['n:eva', 'k:2']), write('e3', ['n:eva', 'k:3'])], at))
        // Read outside a transaction, then inside one.
        expect(await idsByKey(store, 'n:eva')).toEqual(['e1', 'e2', 'e3'])
        expect(await idsByKey(store, 'k:1')).toEqual([])
        await other.transaction((tx) => tx.upsertRecords([write('e4', ['k:1'])], at))
        const inside = await store.transaction(async (tx) => {
          await tx.upsertRecords([write('e5', ['k:1', 'k:3'])], at)
          return {
            k1: (await tx.listRecordsByBlockingKeys(['k:1'], 10)).records.map((r) => r.record_id),
            k2: (await tx.listRecordsByBlockingKeys(['k:2'], 10)).records.map((r) => r.record_id),
            holders: (await tx.listCustomerIdsByBlockingKeys(['k:1', 'k:7'], 5)),
          }
        })
        expect(inside.k1).toEqual(['e4', 'e5'])
        expect(inside.k2).toEqual(['e1'])
        expect(inside.holders).toEqual(new Map([['k:1', ['cus_e']], ['k:7', []]]))
        // And the other store sees this one's write the same way.
        expect(await idsByKey(other, 'k:3')).toEqual(['e3', 'e5'])
      } finally {
        await other.close()
      }
    }))

  it('migrations applied by one process are seen by the next, and data survives a reopen', async () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'tessera.db')
      const first = await openSqliteStore({ path })
      expect((await first.migrate()).applied).toEqual(['0001_initial', '0002_counter', '0003_hashed_blocking_keys', '0004_blocking_index_in_memory'])
      await first.transaction((tx) => tx.insertCustomer('cus_a', '2026-01-01T00:00:00.000Z'))
      await first.close()
      const second = await openSqliteStore({ path })
      expect((await second.migrate()).applied).toEqual([])
      expect(await second.getCustomer('cus_a')).toBeDefined()
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a database written with key texts (before 0003) is migrated: its records are found by their keys, and an update drops the keys it lost', async () => {
    const dir = tempDir()
    const path = join(dir, 'tessera.db')
    const at = '2026-01-01T00:00:00.000Z'
    const raw: CustomerRecord = { record_id: 'w-1', source: 'web', first_name: 'Lucía', last_name: 'Pérez', email: 'lucia@example.com' }
    const normalised = normaliseRecord(raw, { defaultCountry: 'ES' })
    const old = new Database(path)
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
    for (const migration of SQLITE_MIGRATIONS.slice(0, 2)) {
      old.exec(migration.sql)
      old.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, at)
    }
    old.prepare('INSERT INTO customers (customer_id, created_at, updated_at, record_count) VALUES (?, ?, ?, 1)').run('cus_old', at, at)
    old
      .prepare(
        `INSERT INTO records (record_key, source, record_id, customer_id, raw, normalised, features, created_at, updated_at)
         VALUES (7, 'web', 'w-1', 'cus_old', ?, ?, ?, ?, ?)`,
      )
      .run(JSON.stringify(raw), JSON.stringify(normalised), JSON.stringify(deriveFeatures(normalised)), at, at)
    for (const key of ['email:lucia@example.com', 'name:LUCIA|PERES', 'name:LUCIA|PERES']) {
      old.prepare('INSERT OR IGNORE INTO blocking_keys (key, record_key) VALUES (?, 7)').run(key)
    }
    old.close()
    const store = await openSqliteStore({ path })
    try {
      expect((await store.migrate()).applied).toEqual(['0003_hashed_blocking_keys', '0004_blocking_index_in_memory'])
      const found = await store.listRecordsByBlockingKeys(['email:lucia@example.com', 'name:LUCIA|PERES', 'phone:+34600000000'], 10)
      expect(found.records.map((r) => r.recordKey)).toEqual([7])
      expect((await store.listCustomerIdsByBlockingKeys(['name:LUCIA|PERES'], 5)).get('name:LUCIA|PERES')).toEqual(['cus_old'])
      // Sent again with a new email: the old email key no longer finds it, the new one does.
      const moved = { ...raw, email: 'lucia.p@example.com' }
      const movedNormalised = normaliseRecord(moved, { defaultCountry: 'ES' })
      await store.transaction((tx) =>
        tx.upsertRecords(
          [{ source: 'web', record_id: 'w-1', customerId: 'cus_old', raw: moved, normalised: movedNormalised, features: deriveFeatures(movedNormalised), blockingKeys: ['email:lucia.p@example.com', 'name:LUCIA|PERES'] }],
          at,
        ),
      )
      expect((await store.listRecordsByBlockingKeys(['email:lucia@example.com'], 10)).records).toEqual([])
      for (const key of ['email:lucia.p@example.com', 'name:LUCIA|PERES']) {
        expect((await store.listRecordsByBlockingKeys([key], 10)).records.map((r) => r.recordKey)).toEqual([7])
      }
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a warm-up reads the tables resolution touches into memory, and not the history or the audit log', () =>
    withNewStore(async (store) => {
      await store.migrate()
      const at = '2026-01-01T00:00:00.000Z'
      const empty = await store.warmUp()
      expect(empty.bytes).toBeGreaterThan(0)
      await store.transaction(async (tx) => {
        for (let i = 0; i < 2000; i++) await tx.insertCustomer(`cus_${String(i).padStart(6, '0')}`, at)
      })
      const filled = await store.warmUp()
      // 2,000 customers take more than a page more; a history or audit table would not count.
      expect(filled.bytes).toBeGreaterThan(empty.bytes + 4096)
      await store.transaction((tx) =>
        tx.insertEvents(
          Array.from({ length: 2000 }, (_, i) => ({ customerId: `cus_${String(i).padStart(6, '0')}`, kind: 'created' as const, at, actor: { id: 'test' }, details: { note: 'x'.repeat(200) } })),
        ),
      )
      expect((await store.warmUp()).bytes).toBe(filled.bytes)
    }))

  it('a database in a missing directory fails with a clear, typed error', async () => {
    await expect(openSqliteStore({ path: join(tempDir(), 'no', 'such', 'dir', 'x.db') })).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      kind: 'unavailable',
    })
  })

  it('a closed store refuses work', async () => {
    const dir = tempDir()
    const store = await openSqliteStore({ path: join(dir, 'x.db') })
    await store.migrate()
    await store.close()
    await expect(store.transaction(async () => undefined)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
    rmSync(dir, { recursive: true, force: true })
  })

  it('checkpoints the write-ahead log on its own thread, not in commits', () =>
    withNewStore(async (store, path) => {
      await store.migrate()
      await new Promise((resolve) => setTimeout(resolve, 600))
      const before = statSync(path).size
      const at = '2026-01-01T00:00:00.000Z'
      await store.transaction(async (tx) => {
        for (let i = 0; i < 3000; i++) await tx.insertCustomer(`cus_${String(i).padStart(6, '0')}`, at)
      })
      // The commit wrote to the log only; the database file grows once a checkpoint has run.
      const deadline = Date.now() + 5_000
      while (statSync(path).size === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(statSync(path).size).toBeGreaterThan(before)
      expect(await store.countCustomers()).toBe(3000)
    }))
})
