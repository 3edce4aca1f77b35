/**
 * The Store contract suite: one set of behaviours every store implementation must show. The
 * SQLite and PostgreSQL test files call `describeStoreContract` with a factory for a fresh,
 * migrated, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { deriveFeatures, normaliseRecord, type CustomerRecord, type FeatureName } from '../../src/core/index.js'
import type {
  Actor,
  AuditEntry,
  AuditEntryWrite,
  AuditQuery,
  Device,
  PendingRegistration,
  RecordWrite,
  ReviewTask,
  Store,
  VerificationChallenge,
} from '../../src/store/index.js'

export interface OpenedTestStore {
  readonly store: Store
  cleanup(): Promise<void>
}

const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'
const T2 = '2026-01-03T00:00:00.000Z'
const ADMIN: Actor = { id: 'key:key_admin', user: 'ana' }

function recordWrite(
  raw: CustomerRecord,
  customerId: string,
  blockingKeys: readonly string[],
  verified?: readonly string[],
): RecordWrite {
  const normalised = normaliseRecord(raw, { defaultCountry: 'ES' })
  return {
    source: raw.source,
    record_id: raw.record_id,
    customerId,
    raw,
    normalised,
    features: deriveFeatures(normalised),
    blockingKeys,
    ...(verified === undefined ? {} : { verified }),
  }
}

const maria: CustomerRecord = { record_id: 'w1', source: 'web', first_name: 'María', last_name: 'García López', email: 'maria@example.com' }
const mariaStore: CustomerRecord = { record_id: 's1', source: 'store', first_name: 'Maria', last_name: 'Garcia', phone: '612345678' }
const pablo: CustomerRecord = { record_id: 'w2', source: 'web', first_name: 'Pablo', last_name: 'Ruiz' }

function review(overrides: Partial<ReviewTask> & Pick<ReviewTask, 'reviewId' | 'recordKey' | 'candidateRecordKey'>): ReviewTask {
  return {
    status: 'open',
    candidateCustomerId: 'cus_a',
    reason: 'between_thresholds',
    matchProbability: 0.6,
    matchWeight: 1.5,
    explanation: { comparisons: [{ name: 'email', weight: 3.2 }] },
    createdAt: T0,
    ...overrides,
  }
}

function device(overrides: Partial<Device> & Pick<Device, 'deviceId'>): Device {
  const n = overrides.deviceId.replace(/^dev_/, '')
  return {
    customerId: 'cus_a',
    deviceRef: `ref_${n}`,
    secret: `c2VjcmV0LW9mLWRldmljZS0${n}`,
    cardTokenHash: `${n}`.padStart(64, 'f'),
    label: 'phone',
    lastStep: -1,
    createdAt: T0,
    ...overrides,
  }
}

function challenge(overrides: Partial<VerificationChallenge> & Pick<VerificationChallenge, 'verificationId'>): VerificationChallenge {
  return {
    customerId: 'cus_a',
    channel: 'email',
    contactHash: 'e'.repeat(64),
    codeHash: 'c'.repeat(64),
    expiresAt: T1,
    failedAttempts: 0,
    maxAttempts: 5,
    createdAt: T0,
    createdBy: ADMIN,
    ...overrides,
  }
}

const tillRecord: CustomerRecord = { record_id: 'store:MAD-01/000001', source: 'store:MAD-01', first_name: 'Maria', last_name: 'Garcia', phone: '612345678' }

function registration(overrides: Partial<PendingRegistration> & Pick<PendingRegistration, 'registrationId'>): PendingRegistration {
  return {
    record: tillRecord,
    candidateCustomerIds: ['cus_b', 'cus_a'],
    storeId: 'MAD-01',
    tillId: 'till-1',
    status: 'pending',
    createdAt: T0,
    ...overrides,
  }
}

/** Five counter actions, told apart by details.entry; inserted in this order. */
const AUDIT_ENTRIES: readonly AuditEntryWrite[] = [
  { at: T0, action: 'counter.search', keyId: 'key_till', staffId: 'st_1', storeId: 'MAD-01', tillId: 'till-1', result: 'ok', details: { entry: 'a1', results: 2 } },
  { at: T1, action: 'counter.identify', keyId: 'key_till', staffId: 'st_2', storeId: 'MAD-01', tillId: 'till-2', result: 'ok', customerId: 'cus_a', details: { entry: 'a2' } },
  { at: T1, action: 'device.enrol', keyId: 'key_admin', result: 'ok', customerId: 'cus_a', details: { entry: 'a3' } },
  { at: T2, action: 'counter.identify', keyId: 'key_till', staffId: 'st_1', storeId: 'BCN-02', tillId: 'till-1', result: 'rejected:replayed', customerId: 'cus_b', details: { entry: 'a4' } },
  { at: T2, action: 'counter.search', keyId: 'key_other', staffId: 'st_1', storeId: 'BCN-02', result: 'rate_limited', details: { entry: 'a5' } },
]

export function describeStoreContract(name: string, openFreshStore: () => Promise<OpenedTestStore>): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenedTestStore
    let store: Store

    beforeEach(async () => {
      opened = await openFreshStore()
      store = opened.store
    })
    afterEach(async () => {
      await opened.cleanup()
    })

    /** Two customers (a with María's two records, b with Pablo), returns record keys. */
    async function seed(): Promise<{ w1: number; s1: number; w2: number }> {
      return store.transaction(async (tx) => {
        await tx.insertCustomer('cus_a', T0)
        await tx.insertCustomer('cus_b', T0)
        const [w1, s1, w2] = await tx.upsertRecords(
          [
            recordWrite(maria, 'cus_a', ['n:garcia', 'e:maria@example.com']),
            recordWrite(mariaStore, 'cus_a', ['n:garcia', 'p:+34612345678']),
            recordWrite(pablo, 'cus_b', ['n:ruiz']),
          ],
          T0,
        )
        await tx.refreshCustomers(['cus_a', 'cus_b'], T0)
        return { w1, s1, w2 }
      })
    }

    it('migrate is idempotent: a second run applies nothing', async () => {
      expect(await store.migrate()).toEqual({ applied: [] })
      expect(await store.countRecords()).toBe(0)
      await store.ping()
    })

    it('a warm-up reads at most the whole store, changes nothing, and leaves reads and writes working', async () => {
      const keys = await seed()
      const warmed = await store.warmUp()
      expect(warmed.bytes).toBeGreaterThanOrEqual(0)
      expect(warmed.seconds).toBeGreaterThanOrEqual(0)
      expect(await store.countRecords()).toBe(3)
      expect((await store.getRecord('web', 'w1'))?.recordKey).toBe(keys.w1)
      await store.transaction((tx) => tx.insertCustomer('cus_warm', T1))
      expect(await store.getCustomer('cus_warm')).toBeDefined()
    })

    it('after a bulk load, optimising changes nothing that is read and leaves writes working', async () => {
      const keys = await seed()
      const before = await store.listRecordsByBlockingKeys(['n:garcia', 'n:ruiz'], 5)
      expect((await store.optimiseAfterBulkLoad()).seconds).toBeGreaterThanOrEqual(0)
      expect(await store.listRecordsByBlockingKeys(['n:garcia', 'n:ruiz'], 5)).toEqual(before)
      expect((await store.getRecord('web', 'w1'))?.recordKey).toBe(keys.w1)
      await store.transaction((tx) => tx.insertCustomer('cus_after', T1))
      expect(await store.countCustomers()).toBe(3)
    })

    it('stores records with their features and finds them by (source, record_id) and by key', async () => {
      const keys = await seed()
      expect(new Set(Object.values(keys)).size).toBe(3)
      const stored = await store.getRecord('web', 'w1')
      expect(stored).toMatchObject({ recordKey: keys.w1, source: 'web', record_id: 'w1', customerId: 'cus_a', verified: [], createdAt: T0, updatedAt: T0 })
      expect(stored!.raw).toEqual(maria)
      expect(stored!.normalised).toEqual(normaliseRecord(maria, { defaultCountry: 'ES' }))
      expect(stored!.features).toEqual(deriveFeatures(normaliseRecord(maria, { defaultCountry: 'ES' })))
      expect(await store.getRecord('store', 'w1')).toBeUndefined()
      const byKeys = await store.getRecordsByKeys([keys.w2, keys.w1])
      expect(byKeys.map((r) => r.record_id).sort()).toEqual(['w1', 'w2'])
      expect(await store.getRecordsByKeys([])).toEqual([])
      expect(await store.countRecords()).toBe(3)
      expect(await store.countCustomers()).toBe(2)
    })

    it('inserts many customers at once, each as insertCustomer would', async () => {
      await store.transaction((tx) => tx.insertCustomers(['cus_m1', 'cus_m2', 'cus_m3'], T1))
      await store.transaction((tx) => tx.insertCustomers([], T1))
      expect(await store.countCustomers()).toBe(3)
      for (const id of ['cus_m1', 'cus_m2', 'cus_m3']) expect((await store.getCustomer(id))?.customer).toMatchObject({ customerId: id, createdAt: T1, updatedAt: T1, recordCount: 0 })
      // An id already taken fails the whole statement, as a second insertCustomer would.
      await expect(store.transaction((tx) => tx.insertCustomers(['cus_m4', 'cus_m1'], T1))).rejects.toThrow()
      expect(await store.getCustomer('cus_m4')).toBeUndefined()
    })

    it('a new customer and its one record written in turn are both there, seen inside the transaction and after it', async () => {
      const [key, seenInside] = await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_new', T1)
        const [recordKey] = await tx.upsertRecords([recordWrite(pablo, 'cus_new', ['n:ruiz'])], T1)
        await tx.refreshCustomers(['cus_new'], T1)
        return [recordKey, await tx.getCustomer('cus_new')] as const
      })
      expect(seenInside?.customer).toMatchObject({ customerId: 'cus_new', createdAt: T1, recordCount: 1 })
      expect((await store.getRecord(pablo.source, pablo.record_id))?.recordKey).toBe(key)
      expect((await store.getCustomer('cus_new'))?.customer.recordCount).toBe(1)
      // Read before any other statement, the new customer is already there.
      expect(await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_read', T1)
        return (await tx.getCustomer('cus_read'))?.customer.customerId
      })).toBe('cus_read')
      // An id already taken fails the transaction, the record with it, whenever the store writes it.
      await expect(
        store.transaction(async (tx) => {
          await tx.insertCustomer('cus_new', T2)
          await tx.upsertRecords([recordWrite(maria, 'cus_new', ['n:garcia'])], T2)
          await tx.refreshCustomers(['cus_new'], T2)
        }),
      ).rejects.toThrow()
      await expect(store.transaction((tx) => tx.insertCustomer('cus_new', T2))).rejects.toThrow()
      expect(await store.getRecord(maria.source, maria.record_id)).toBeUndefined()
      expect((await store.getCustomer('cus_new'))?.customer).toMatchObject({ createdAt: T1, recordCount: 1 })
    })

    it('records loaded in a batch are found by their keys at once, beside the records written before', async () => {
      const keys = await seed()
      const loaded = await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_c', T1)
        return tx.upsertRecords(
          [
            recordWrite({ record_id: 'b1', source: 'crm', first_name: 'Eva', email: 'eva@example.com' }, 'cus_c', ['n:eva', 'e:eva@example.com']),
            recordWrite({ record_id: 'b2', source: 'crm', first_name: 'Eva' }, 'cus_c', ['n:eva']),
          ],
          T1,
        )
      })
      const eva = await store.listRecordsByBlockingKeys(['n:eva'], 10)
      expect(eva.records.map((r) => r.recordKey).sort((a, b) => a - b)).toEqual([...loaded].sort((a, b) => a - b))
      expect((await store.listRecordsByBlockingKeys(['e:eva@example.com'], 10)).records.map((r) => r.record_id)).toEqual(['b1'])
      // Records written before stay found.
      const garcia = await store.listRecordsByBlockingKeys(['n:garcia'], 10)
      expect(garcia.records.map((r) => r.recordKey).sort((a, b) => a - b)).toEqual([keys.w1, keys.s1].sort((a, b) => a - b))
      expect((await store.listCustomerIdsByBlockingKeys(['n:eva'], 5)).get('n:eva')).toEqual(['cus_c'])
    })

    it('an upsert of the same (source, record_id) keeps its key and creation time and replaces its blocking keys', async () => {
      const keys = await seed()
      const [again] = await store.transaction((tx) =>
        tx.upsertRecords([recordWrite({ ...maria, email: 'maria.new@example.com' }, 'cus_a', ['e:maria.new@example.com'])], T1),
      )
      expect(again).toBe(keys.w1)
      const stored = await store.getRecord('web', 'w1')
      expect(stored).toMatchObject({ createdAt: T0, updatedAt: T1 })
      expect(stored!.raw.email).toBe('maria.new@example.com')
      expect((await store.listRecordsByBlockingKeys(['e:maria@example.com'], 10)).records).toEqual([])
      expect((await store.listRecordsByBlockingKeys(['e:maria.new@example.com'], 10)).records.map((r) => r.recordKey)).toEqual([keys.w1])
      expect(await store.countRecords()).toBe(3)
    })

    it('a rolled-back upsert leaves every blocking key finding what it found before', async () => {
      const keys = await seed()
      const failed = store.transaction(async (tx) => {
        await tx.upsertRecords(
          [
            recordWrite({ ...maria, email: 'maria.new@example.com' }, 'cus_a', ['e:maria.new@example.com']),
            recordWrite({ record_id: 'x1', source: 'crm', first_name: 'Eva' }, 'cus_a', ['e:maria@example.com', 'n:eva']),
          ],
          T1,
        )
        throw new Error('rolled back')
      })
      await expect(failed).rejects.toThrow('rolled back')
      expect((await store.listRecordsByBlockingKeys(['e:maria@example.com'], 10)).records.map((r) => r.recordKey)).toEqual([keys.w1])
      expect((await store.listRecordsByBlockingKeys(['e:maria.new@example.com', 'n:eva'], 10)).records).toEqual([])
      const inside = await store.transaction((tx) => tx.listRecordsByBlockingKeys(['e:maria@example.com', 'n:eva'], 10))
      expect(inside.records.map((r) => r.recordKey)).toEqual([keys.w1])
    })

    it('finds candidates by blocking keys, deduplicated, and reports oversized keys without their records', async () => {
      const keys = await seed()
      const found = await store.listRecordsByBlockingKeys(['n:garcia', 'e:maria@example.com', 'unknown'], 5)
      expect(found.oversizedKeys).toEqual([])
      expect(found.records.map((r) => r.recordKey).sort((a, b) => a - b)).toEqual([keys.w1, keys.s1].sort((a, b) => a - b))
      const capped = await store.listRecordsByBlockingKeys(['n:garcia', 'n:ruiz'], 1)
      expect(capped.oversizedKeys).toEqual(['n:garcia'])
      expect(capped.records.map((r) => r.recordKey)).toEqual([keys.w2])
      const holders = await store.listCustomerIdsByBlockingKeys(['n:garcia', 'n:ruiz', 'unknown'], 10)
      expect(Object.fromEntries(holders)).toEqual({ 'n:garcia': ['cus_a'], 'n:ruiz': ['cus_b'], unknown: [] })
      expect(Object.fromEntries(await store.listCustomerIdsByBlockingKeys(['n:garcia'], 0))).toEqual({ 'n:garcia': [] })
      // Candidates carry what scoring reads, not the record as sent.
      expect(Object.keys(found.records[0]).sort()).toEqual(['customerId', 'features', 'recordKey', 'record_id', 'source'])
    })

    it('reads the blocks of loose keys smallest first while their sizes fit the budget, and reports the rest as oversized', async () => {
      // Block sizes: l:a 1, l:b 2, l:c 2, l:d 3, s:x 3 (strict), l:e none.
      const [r1, r2, r3, r4] = await store.transaction((tx) =>
        tx.upsertRecords(
          [
            recordWrite({ ...maria, record_id: 'r1' }, 'cus_a', ['l:a', 'l:b', 'l:d', 's:x']),
            recordWrite({ ...maria, record_id: 'r2' }, 'cus_a', ['l:b', 'l:c', 'l:d', 's:x']),
            recordWrite({ ...maria, record_id: 'r3' }, 'cus_b', ['l:c', 'l:d', 's:x']),
            recordWrite({ ...maria, record_id: 'r4' }, 'cus_b', ['l:f']),
          ],
          T0,
        ),
      )
      const loose = ['l:d', 'l:c', 'l:b', 'l:a', 'l:e']
      const read = async (budget: number, limit = 10) => {
        const found = await store.listRecordsByBlockingKeys(['s:x', ...loose], limit, { keys: loose, budget })
        return { keys: found.records.map((r) => r.recordKey).sort((x, y) => x - y), oversized: found.oversizedKeys }
      }
      // Budget 3: l:e (0), l:a (1), then l:c before l:b (same size, asked first): 3. l:b would make 5.
      expect(await read(3)).toEqual({ keys: [r1, r2, r3], oversized: ['l:d', 'l:b'] })
      // Budget 0: only the empty block; the strict key is read whatever the budget.
      expect(await read(0)).toEqual({ keys: [r1, r2, r3], oversized: ['l:d', 'l:c', 'l:b', 'l:a'] })
      expect(await read(8)).toEqual({ keys: [r1, r2, r3], oversized: [] })
      // Budget 4: after 0 + 1 + 2, l:b would make 5 and l:d more.
      expect(await read(4)).toEqual({ keys: [r1, r2, r3], oversized: ['l:d', 'l:b'] })
      // A loose block over the per-key limit is oversized and spends nothing: l:d is left out, the rest fit.
      const limited = await store.listRecordsByBlockingKeys(['l:d', 'l:a', 'l:f'], 2, { keys: ['l:d', 'l:a', 'l:f'], budget: 2 })
      expect(limited.oversizedKeys).toEqual(['l:d'])
      expect(limited.records.map((r) => r.recordKey).sort((x, y) => x - y)).toEqual([r1, r4])
      // Without the loose option, every key within the limit is read.
      const plain = await store.listRecordsByBlockingKeys(loose, 10)
      expect(plain.oversizedKeys).toEqual([])
      expect(plain.records).toHaveLength(3)
      // r1 alone, through l:a within budget 1 (l:a 1; then l:b/l:c do not fit).
      const small = await store.listRecordsByBlockingKeys(loose, 10, { keys: loose, budget: 1 })
      expect(small.records.map((r) => r.record_id)).toEqual(['r1'])
    })

    it('looks up many keys at once: every key found, oversized ones wherever they fall among them', async () => {
      // 150 keys, repeated ones among them, oversized ones spread out, records sharing keys.
      const many = Array.from({ length: 150 }, (_, k) => `x:${k}`)
      const [a, b, c] = await store.transaction((tx) =>
        tx.upsertRecords(
          [
            recordWrite({ ...maria, record_id: 'm1' }, 'cus_a', [...many.slice(0, 100), 'big:1', 'big:2']),
            recordWrite({ ...maria, record_id: 'm2' }, 'cus_a', [...many.slice(60), 'big:1', 'big:2']),
            recordWrite({ ...maria, record_id: 'm3' }, 'cus_b', ['big:1', 'big:2', 'x:149']),
          ],
          T0,
        ),
      )
      // Limit 1: x:0–59 lead to m1 alone, x:100–148 to m2 alone; x:60–99 (m1, m2), x:149 (m2, m3)
      // and big:* (all three) are oversized, so m3 is found through no key.
      const found = await store.listRecordsByBlockingKeys(['big:1', ...many, 'x:63', 'x:64', 'big:2', 'missing'], 1)
      expect(found.oversizedKeys).toEqual(['big:1', ...many.slice(60, 100), 'x:149', 'big:2'])
      expect(found.records.map((r) => r.recordKey).sort((x, y) => x - y)).toEqual([a, b].sort((x, y) => x - y))
      expect((await store.listRecordsByBlockingKeys(['x:149'], 2)).records.map((r) => r.recordKey).sort((x, y) => x - y)).toEqual(
        [b, c].sort((x, y) => x - y),
      )
    })

    it('lists the records of several customers in one read, in record-key order', async () => {
      const keys = await seed()
      const members = await store.listCandidatesOfCustomers(['cus_b', 'cus_a', 'cus_missing'])
      expect(members.map((r) => r.recordKey)).toEqual([keys.w1, keys.w2, keys.s1].sort((a, b) => a - b))
      expect(members.find((r) => r.recordKey === keys.w1)).toMatchObject({ customerId: 'cus_a', source: 'web', record_id: 'w1' })
      expect(members.find((r) => r.recordKey === keys.w1)!.features).toEqual((await store.getRecord('web', 'w1'))!.features)
      expect(await store.listCandidatesOfCustomers([])).toEqual([])
      expect(await store.listCandidatesOfCustomers(['cus_b'])).toEqual(members.filter((r) => r.customerId === 'cus_b'))
    })

    it('reads a stored record and the candidates of its keys at once, as the two reads would answer, inside a transaction too', async () => {
      const keys = await seed()
      const sortedKeys = (records: readonly { recordKey: number }[]) => records.map((r) => r.recordKey).sort((a, b) => a - b)
      for (const reader of [store, undefined]) {
        const read = (source: string, recordId: string, blockingKeys: string[], limit: number, loose?: { keys: string[]; budget: number }) =>
          reader === undefined
            ? store.transaction((tx) => tx.getRecordAndCandidates(source, recordId, blockingKeys, limit, loose))
            : reader.getRecordAndCandidates(source, recordId, blockingKeys, limit, loose)
        // Stored, and among its own candidates.
        const both = await read('web', 'w1', ['n:garcia', 'e:maria@example.com', 'unknown'], 5)
        expect(both.existing).toEqual(await store.getRecord('web', 'w1'))
        expect(both.existing!.raw).toEqual(maria)
        expect(both.oversizedKeys).toEqual([])
        expect(sortedKeys(both.records)).toEqual([keys.w1, keys.s1].sort((a, b) => a - b))
        expect(both.records).toEqual((await store.listRecordsByBlockingKeys(['n:garcia', 'e:maria@example.com', 'unknown'], 5)).records)
        // Not stored: candidates alone, oversized keys as asked.
        const fresh = await read('web', 'new', ['n:garcia', 'n:ruiz'], 1)
        expect(fresh.existing).toBeUndefined()
        expect(fresh.oversizedKeys).toEqual(['n:garcia'])
        expect(sortedKeys(fresh.records)).toEqual([keys.w2])
        // Stored but found through no key, every key oversized, or no key at all.
        const alone = await read('web', 'w2', ['n:garcia'], 1)
        expect(alone).toEqual({ existing: await store.getRecord('web', 'w2'), records: [], oversizedKeys: ['n:garcia'] })
        expect(await read('web', 'w2', [], 5)).toEqual({ existing: await store.getRecord('web', 'w2'), records: [], oversizedKeys: [] })
        expect(await read('web', 'none', [], 5)).toEqual({ existing: undefined, records: [], oversizedKeys: [] })
        // Loose keys within their budget, as listRecordsByBlockingKeys reads them.
        const loose = { keys: ['n:garcia', 'n:ruiz'], budget: 1 }
        const budgeted = await read('store', mariaStore.record_id, ['e:maria@example.com', 'n:garcia', 'n:ruiz'], 5, loose)
        expect(budgeted.existing?.recordKey).toBe(keys.s1)
        expect({ records: budgeted.records, oversizedKeys: budgeted.oversizedKeys }).toEqual(
          await store.listRecordsByBlockingKeys(['e:maria@example.com', 'n:garcia', 'n:ruiz'], 5, loose),
        )
        expect(budgeted.oversizedKeys).toEqual(['n:garcia'])
      }
    })

    it('reads the records of customers and the decisions touching them or other records at once, as the two reads would answer', async () => {
      const keys = await seed()
      const [e1] = await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_e', T1)
        const written = await tx.upsertRecords([recordWrite({ record_id: 'e1', source: 'crm', first_name: 'Eva' }, 'cus_e', ['n:eva'])], T1)
        await tx.refreshCustomers(['cus_e'], T1)
        // w1–w2 touches cus_a and cus_b; s1–e1 touches cus_a and cus_e; e1 alone elsewhere.
        await tx.upsertPairDecision({ recordKeyA: keys.w1, recordKeyB: keys.w2, decision: 'cannot_link', actor: ADMIN, reason: 'split', at: T1 })
        await tx.upsertPairDecision({ recordKeyA: keys.s1, recordKeyB: written[0], decision: 'must_link', actor: ADMIN, reason: 'review', at: T1 })
        return written
      })
      const separately = async (customerIds: string[], others: number[]) => {
        const records = await store.listCandidatesOfCustomers(customerIds)
        const decisions = await store.listPairDecisions([...new Set([...records.map((r) => r.recordKey), ...others])])
        return { records, decisions }
      }
      for (const [customerIds, others] of [
        [['cus_a'], []],
        [['cus_b'], []],
        [['cus_b', 'cus_a', 'cus_missing'], []],
        [[], [e1]],
        [['cus_b'], [e1, keys.w2]],
        [[], []],
        [['cus_missing'], [999_999]],
      ] as [string[], number[]][]) {
        const together = await store.listMembersAndDecisions(customerIds, others)
        expect(together).toEqual(await separately(customerIds, others))
        expect(await store.transaction((tx) => tx.listMembersAndDecisions(customerIds, others))).toEqual(together)
      }
      const all = await store.listMembersAndDecisions(['cus_a'], [])
      expect(all.records.map((r) => r.recordKey)).toEqual([keys.w1, keys.s1].sort((a, b) => a - b))
      expect(all.decisions.map((d) => [d.recordKeyA, d.recordKeyB, d.decision])).toEqual(
        [
          [Math.min(keys.w1, keys.w2), Math.max(keys.w1, keys.w2), 'cannot_link'],
          [Math.min(keys.s1, e1), Math.max(keys.s1, e1), 'must_link'],
        ].sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number)),
      )
      expect((await store.listMembersAndDecisions([], [e1])).decisions).toHaveLength(1)
    })

    it('a failed transaction leaves no trace', async () => {
      await seed()
      const failure = new Error('boom')
      await expect(
        store.transaction(async (tx) => {
          await tx.insertCustomer('cus_c', T1)
          await tx.upsertRecords([recordWrite({ record_id: 'x', source: 'app', first_name: 'Eva' }, 'cus_c', ['n:eva'])], T1)
          await tx.insertEvents([{ customerId: 'cus_c', kind: 'created', at: T1, actor: ADMIN, details: {} }])
          throw failure
        }),
      ).rejects.toBe(failure)
      expect(await store.getRecord('app', 'x')).toBeUndefined()
      expect(await store.getCustomer('cus_c')).toBeUndefined()
      expect(await store.listCustomerEvents('cus_c')).toEqual([])
      expect((await store.listRecordsByBlockingKeys(['n:eva'], 5)).records).toEqual([])
      // The store is still usable after a rollback.
      await store.transaction((tx) => tx.insertCustomer('cus_c', T1))
      expect(await store.getCustomer('cus_c')).toBeDefined()
    })

    it('of transactions started together, the one that fails leaves no trace and the others commit with their own results', async () => {
      await seed()
      const failure = new Error('boom')
      const write = (id: string, fail: boolean) =>
        store.transaction(async (tx) => {
          await tx.insertCustomer(`cus_${id}`, T1)
          await tx.upsertRecords([recordWrite({ record_id: id, source: 'app', first_name: 'Eva' }, `cus_${id}`, [`k:${id}`])], T1)
          await new Promise((resolve) => setTimeout(resolve, 2))
          if (fail) throw failure
          return id
        })
      const results = await Promise.allSettled([write('p', false), write('q', true), write('r', false), write('s', false)])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
      expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))).toEqual(['p', 'r', 's'])
      expect((results[1] as PromiseRejectedResult).reason).toBe(failure)
      expect(await store.getRecord('app', 'q')).toBeUndefined()
      expect(await store.getCustomer('cus_q')).toBeUndefined()
      for (const id of ['p', 'r', 's']) {
        expect((await store.getRecord('app', id))?.customerId).toBe(`cus_${id}`)
        expect((await store.listRecordsByBlockingKeys([`k:${id}`], 5)).records).toHaveLength(1)
      }
    })

    it('a transaction sees the writes of one committed just before it, and answers only once its writes are visible to all', async () => {
      const first = store.transaction(async (tx) => {
        await tx.insertCustomer('cus_a', T0)
        await tx.upsertRecords([recordWrite(maria, 'cus_a', [])], T0)
      })
      // A single-writer store queues the second behind the first; with concurrent writers
      // (PostgreSQL) nothing orders two open transactions, so the second starts once the first
      // has answered.
      if (store.capabilities.concurrentWriters) await first
      const second = store.transaction(async (tx) => (await tx.getRecord('web', 'w1'))?.customerId)
      await first
      // Answered: durable and visible outside the writer's transaction.
      expect((await store.getRecord('web', 'w1'))?.customerId).toBe('cus_a')
      expect(await second).toBe('cus_a')
    })

    it('writes are visible inside their transaction and to others only after commit', async () => {
      let seenInside: string | undefined
      let seenOutside: unknown = 'not read'
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_a', T0)
        await tx.upsertRecords([recordWrite(maria, 'cus_a', [])], T0)
        seenInside = (await tx.getRecord('web', 'w1'))?.customerId
        seenOutside = await store.getRecord('web', 'w1')
      })
      expect(seenInside).toBe('cus_a')
      expect(seenOutside).toBeUndefined()
      expect((await store.getRecord('web', 'w1'))?.customerId).toBe('cus_a')
    })

    it('customers: counts refresh, empty customers go, absorbed ids resolve to the survivor without chains', async () => {
      const keys = await seed()
      expect((await store.getCustomer('cus_a'))!.customer).toMatchObject({ customerId: 'cus_a', recordCount: 2, createdAt: T0 })
      await store.transaction(async (tx) => {
        expect(await tx.lockCustomers(['cus_b', 'cus_a', 'cus_gone'])).toEqual(['cus_a', 'cus_b'])
        await tx.updateRecordCustomers([keys.w2], 'cus_a', T1)
        await tx.absorbCustomer('cus_b', 'cus_a', T1)
        await tx.refreshCustomers(['cus_a'], T1)
      })
      expect(await store.getCustomer('cus_b')).toEqual({
        customer: { customerId: 'cus_a', createdAt: T0, updatedAt: T1, recordCount: 3 },
        aliasOf: 'cus_b',
      })
      expect((await store.listCustomerRecords('cus_a')).map((r) => r.record_id).sort()).toEqual(['s1', 'w1', 'w2'])
      // A second merge: the alias of the absorbed customer now points at the new survivor.
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_z', T2)
        await tx.updateRecordCustomers([keys.w1, keys.s1, keys.w2], 'cus_z', T2)
        await tx.absorbCustomer('cus_a', 'cus_z', T2)
        await tx.refreshCustomers(['cus_z'], T2)
      })
      expect((await store.getCustomer('cus_b'))).toMatchObject({ customer: { customerId: 'cus_z', recordCount: 3 }, aliasOf: 'cus_b' })
      expect((await store.getCustomer('cus_a'))).toMatchObject({ customer: { customerId: 'cus_z' }, aliasOf: 'cus_a' })
      expect(await store.getCustomer('cus_nobody')).toBeUndefined()
      // A customer left without records disappears.
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_empty', T2)
        await tx.refreshCustomers(['cus_empty'], T2)
      })
      expect(await store.getCustomer('cus_empty')).toBeUndefined()
      expect(await store.countCustomers()).toBe(1)
    })

    it('a customer with its records in one read answers as getCustomer and listCustomerRecords do, through an alias too', async () => {
      const keys = await seed()
      const separately = async (id: string) => {
        const lookup = await store.getCustomer(id)
        return lookup === undefined ? undefined : { ...lookup, records: await store.listCustomerRecords(lookup.customer.customerId) }
      }
      const live = await store.getCustomerWithRecords('cus_a')
      expect(live).toEqual(await separately('cus_a'))
      expect(live?.aliasOf).toBeUndefined()
      expect(live?.records.map((r) => r.recordKey)).toEqual([keys.w1, keys.s1].sort((a, b) => a - b))
      expect(live?.records[0].raw).toEqual(maria)
      await store.transaction(async (tx) => {
        await tx.updateRecordCustomers([keys.w2], 'cus_a', T1)
        await tx.absorbCustomer('cus_b', 'cus_a', T1)
        await tx.refreshCustomers(['cus_a'], T1)
        await tx.insertCustomer('cus_empty', T1)
      })
      const viaAlias = await store.getCustomerWithRecords('cus_b')
      expect(viaAlias).toEqual(await separately('cus_b'))
      expect(viaAlias).toMatchObject({ aliasOf: 'cus_b', customer: { customerId: 'cus_a', recordCount: 3 } })
      expect(viaAlias?.records).toHaveLength(3)
      expect(await store.getCustomerWithRecords('cus_empty')).toEqual(await separately('cus_empty'))
      expect((await store.getCustomerWithRecords('cus_empty'))?.records).toEqual([])
      expect(await store.getCustomerWithRecords('cus_missing')).toBeUndefined()
      expect(await store.transaction((tx) => tx.getCustomerWithRecords('cus_b'))).toEqual(viaAlias)
    })

    it('history: events of the customer and of every id it absorbed, oldest first', async () => {
      await seed()
      await store.transaction(async (tx) => {
        await tx.insertEvents([
          { customerId: 'cus_a', kind: 'created', at: T0, actor: ADMIN, details: { rule: 'new' } },
          { customerId: 'cus_b', kind: 'created', at: T0, actor: { id: 'system' }, details: {} },
        ])
        await tx.insertEvents([{ customerId: 'cus_a', kind: 'merged', at: T1, actor: ADMIN, details: { absorbed: 'cus_b', score: 0.99 } }])
        await tx.absorbCustomer('cus_b', 'cus_a', T1)
      })
      const history = await store.listCustomerEvents('cus_a')
      expect(history.map((e) => [e.customerId, e.kind])).toEqual([
        ['cus_a', 'created'],
        ['cus_b', 'created'],
        ['cus_a', 'merged'],
      ])
      expect(history[2]).toMatchObject({ at: T1, actor: ADMIN, details: { absorbed: 'cus_b', score: 0.99 } })
      expect(history[0].eventId).toBeLessThan(history[2].eventId)
    })

    it('history: events written before a refresh of their customers, seen in order inside the transaction and after', async () => {
      await seed()
      const inside = await store.transaction(async (tx) => {
        await tx.insertEvents([
          { customerId: 'cus_a', kind: 'created', at: T0, actor: ADMIN, details: { n: 1 } },
          { customerId: 'cus_a', kind: 'linked', at: T0, actor: ADMIN, details: { n: 2 } },
        ])
        await tx.refreshCustomers(['cus_a'], T1)
        await tx.insertEvents([{ customerId: 'cus_a', kind: 'updated', at: T1, actor: ADMIN, details: { n: 3 } }])
        return tx.listCustomerEvents('cus_a')
      })
      const after = await store.listCustomerEvents('cus_a')
      for (const history of [inside, after]) expect(history.map((e) => e.details)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
      expect((await store.getCustomer('cus_a'))!.customer).toMatchObject({ recordCount: 2, updatedAt: T1 })
    })

    it('pair decisions are stored once per pair, in key order, and the latest decision wins', async () => {
      const keys = await seed()
      await store.transaction(async (tx) => {
        await tx.upsertPairDecision({ recordKeyA: keys.w2, recordKeyB: keys.w1, decision: 'must_link', actor: ADMIN, reason: 'review', at: T0 })
        await tx.upsertPairDecision({ recordKeyA: keys.w1, recordKeyB: keys.w2, decision: 'cannot_link', actor: ADMIN, reason: 'split', at: T1 })
      })
      const decisions = await store.listPairDecisions([keys.w2])
      expect(decisions).toEqual([
        { recordKeyA: Math.min(keys.w1, keys.w2), recordKeyB: Math.max(keys.w1, keys.w2), decision: 'cannot_link', actor: ADMIN, reason: 'split', at: T1 },
      ])
      expect(await store.listPairDecisions([keys.s1])).toEqual([])
      expect(await store.listPairDecisions([])).toEqual([])
    })

    it('reviews: insert, page by id, find the open ones of a record, decide', async () => {
      const keys = await seed()
      await store.transaction(async (tx) => {
        await tx.insertReview(review({ reviewId: 'rev_1', recordKey: keys.w2, candidateRecordKey: keys.w1 }))
        await tx.insertReview(review({ reviewId: 'rev_2', recordKey: keys.s1, candidateRecordKey: keys.w2 }))
        await tx.insertReview(review({ reviewId: 'rev_3', recordKey: keys.s1, candidateRecordKey: keys.w1, status: 'dismissed' }))
      })
      expect((await store.getReview('rev_1'))).toEqual(review({ reviewId: 'rev_1', recordKey: keys.w2, candidateRecordKey: keys.w1 }))
      expect((await store.listReviews({ limit: 2 })).map((r) => r.reviewId)).toEqual(['rev_1', 'rev_2'])
      expect((await store.listReviews({ limit: 10, after: 'rev_1' })).map((r) => r.reviewId)).toEqual(['rev_2', 'rev_3'])
      expect((await store.listReviews({ status: 'open', limit: 10 })).map((r) => r.reviewId)).toEqual(['rev_1', 'rev_2'])
      expect((await store.listOpenReviewsForRecord(keys.w2)).map((r) => r.reviewId)).toEqual(['rev_1', 'rev_2'])
      await store.transaction((tx) => tx.updateReview('rev_1', { status: 'decided', decidedAt: T1, decidedBy: ADMIN, decision: 'same_person' }))
      expect(await store.getReview('rev_1')).toMatchObject({ status: 'decided', decidedAt: T1, decidedBy: ADMIN, decision: 'same_person' })
      expect((await store.listOpenReviewsForRecord(keys.w2)).map((r) => r.reviewId)).toEqual(['rev_2'])
      expect(await store.getReview('rev_404')).toBeUndefined()
    })

    it('API keys: found by secret hash, listed, revoked once', async () => {
      await store.transaction(async (tx) => {
        await tx.insertApiKey({ keyId: 'key_1', name: 'web shop', role: 'channel', source: 'web', secretHash: 'a'.repeat(64), createdAt: T0 })
        await tx.insertApiKey({ keyId: 'key_2', name: 'ops', role: 'admin', secretHash: 'b'.repeat(64), createdAt: T0 })
      })
      expect(await store.getApiKeyBySecretHash('a'.repeat(64))).toEqual({ keyId: 'key_1', name: 'web shop', role: 'channel', source: 'web', secretHash: 'a'.repeat(64), createdAt: T0 })
      expect(await store.getApiKeyBySecretHash('c'.repeat(64))).toBeUndefined()
      await store.transaction((tx) => tx.revokeApiKey('key_2', T1))
      await store.transaction((tx) => tx.revokeApiKey('key_2', T2))
      expect((await store.listApiKeys()).map((k) => [k.keyId, k.revokedAt])).toEqual([
        ['key_1', undefined],
        ['key_2', T1],
      ])
    })

    it('models: the last one saved active is the active one', async () => {
      expect(await store.getActiveModel()).toBeUndefined()
      await store.transaction((tx) => tx.insertModel({ modelId: 'mdl_1', json: '{"v":1}', createdAt: T0, active: true }))
      await store.transaction((tx) => tx.insertModel({ modelId: 'mdl_2', json: '{"v":2}', createdAt: T1, active: false }))
      expect((await store.getActiveModel())?.modelId).toBe('mdl_1')
      await store.transaction((tx) => tx.insertModel({ modelId: 'mdl_3', json: '{"v":3}', createdAt: T2, active: true }))
      expect(await store.getActiveModel()).toEqual({ modelId: 'mdl_3', json: '{"v":3}', createdAt: T2, active: true })
    })

    it('term frequencies: a snapshot per feature, replaced whole, several features in one read', async () => {
      const empty = (await store.getTermFrequencies(new Map([['last_name', ['garcia']]]))).get('last_name')!
      expect(empty.present).toBe(0)
      expect(empty.counts.size).toBe(0)
      await store.transaction((tx) => tx.replaceTermFrequencies('last_name', new Map([['garcia', 120], ['ruiz', 40]]), 1000))
      await store.transaction((tx) => tx.replaceTermFrequencies('city', new Map([['madrid', 300]]), 900))
      const read = await store.getTermFrequencies(
        new Map<FeatureName, string[]>([['last_name', ['garcia', 'smith']], ['city', ['madrid', 'garcia']], ['email', ['x']], ['phone', []]]),
      )
      expect(read.get('last_name')!.present).toBe(1000)
      expect([...read.get('last_name')!.counts]).toEqual([['garcia', 120]])
      expect(read.get('city')).toEqual({ present: 900, counts: new Map([['madrid', 300]]) })
      expect(read.get('email')).toEqual({ present: 0, counts: new Map() })
      expect(read.get('phone')).toEqual({ present: 0, counts: new Map() })
      await store.transaction((tx) => tx.replaceTermFrequencies('last_name', new Map([['smith', 7]]), 10))
      const replaced = (await store.getTermFrequencies(new Map([['last_name', ['garcia', 'smith']]]))).get('last_name')!
      expect([...replaced.counts]).toEqual([['smith', 7]])
      expect(replaced.present).toBe(10)
      expect((await store.getTermFrequencies(new Map())).size).toBe(0)
    })

    it('term frequencies are listed in pages, in (feature, value) code point order, each value once', async () => {
      expect(await store.listTermFrequencies(undefined, 10)).toEqual([])
      // Accents, capitals and a value that is a prefix of another: byte order, not a locale's.
      const names = new Map([['garcía', 5], ['garcia', 9], ['Zapata', 2], ['garcia lopez', 3], ['álvarez', 4]])
      await store.transaction((tx) => tx.replaceTermFrequencies('last_name', names, 100))
      await store.transaction((tx) => tx.replaceTermFrequencies('city', new Map([['madrid', 30], ['bilbao', 8]]), 90))
      const expected = [
        { feature: 'city', value: 'bilbao', count: 8 },
        { feature: 'city', value: 'madrid', count: 30 },
        ...[...names.keys()].sort().map((value) => ({ feature: 'last_name', value, count: names.get(value) })),
      ]
      expect(expected.slice(2).map((entry) => entry.value)).toEqual(['Zapata', 'garcia', 'garcia lopez', 'garcía', 'álvarez'])
      expect(await store.listTermFrequencies(undefined, 100)).toEqual(expected)
      const paged: unknown[] = []
      let after: { feature: FeatureName; value: string } | undefined
      for (;;) {
        const page = await store.listTermFrequencies(after, 2)
        expect(page.length).toBeLessThanOrEqual(2)
        if (page.length === 0) break
        paged.push(...page)
        after = page[page.length - 1]
      }
      expect(paged).toEqual(expected)
      expect(await store.listTermFrequencies({ feature: 'last_name', value: 'garcia' }, 2)).toEqual(expected.slice(4, 6))
    })

    it('import jobs: upserted by fingerprint', async () => {
      expect(await store.getImportJob('fp')).toBeUndefined()
      const job = { jobId: 'job_1', fingerprint: 'fp', status: 'running' as const, committedRecords: 0, createdAt: T0, updatedAt: T0 }
      await store.transaction((tx) => tx.upsertImportJob(job))
      expect(await store.getImportJob('fp')).toEqual(job)
      await store.transaction((tx) => tx.upsertImportJob({ ...job, status: 'done', committedRecords: 5000, modelId: 'mdl_1', updatedAt: T1 }))
      expect(await store.getImportJob('fp')).toEqual({ ...job, status: 'done', committedRecords: 5000, modelId: 'mdl_1', updatedAt: T1 })
    })

    it('verification marks a contact point once; export pages through every record in order', async () => {
      const keys = await seed()
      await store.transaction(async (tx) => {
        await tx.markRecordVerified(keys.w1, 'email', T1)
        await tx.markRecordVerified(keys.w1, 'email', T1)
        await tx.markRecordVerified(keys.w1, 'phone', T1)
      })
      expect((await store.getRecord('web', 'w1'))?.verified).toEqual(['email', 'phone'])
      const first = await store.listRecordCustomerIds(0, 2)
      const rest = await store.listRecordCustomerIds(first[first.length - 1].recordKey, 2)
      expect([...first, ...rest].map((r) => [r.source, r.record_id, r.customerId])).toEqual([
        ['web', 'w1', 'cus_a'],
        ['store', 's1', 'cus_a'],
        ['web', 'w2', 'cus_b'],
      ])
    })

    it('concurrent transactions on the same lock keys both commit, one after the other', async () => {
      await seed()
      const order: string[] = []
      const bump = (label: string) =>
        store.transaction(
          async (tx) => {
            order.push(`${label}:start`)
            const before = (await tx.getCustomer('cus_a'))!.customer.recordCount
            await new Promise((resolve) => setTimeout(resolve, 20))
            await tx.upsertRecords([recordWrite({ record_id: label, source: 'app', first_name: 'X' }, 'cus_a', ['k'])], T1)
            await tx.refreshCustomers(['cus_a'], T1)
            order.push(`${label}:end`)
            return before
          },
          { lockKeys: ['k', 'n:garcia'] },
        )
      const [a, b] = await Promise.all([bump('one'), bump('two')])
      expect([a, b].sort()).toEqual([2, 3])
      expect(order[1]).toBe(`${order[0].split(':')[0]}:end`)
      expect((await store.getCustomer('cus_a'))!.customer.recordCount).toBe(4)
    })

    it('devices: found by id, by reference and by card token hash, and listed per customer oldest first', async () => {
      await store.transaction(async (tx) => {
        await tx.insertDevice(device({ deviceId: 'dev_2', createdAt: T1, label: 'tablet' }))
        await tx.insertDevice(device({ deviceId: 'dev_1' }))
        await tx.insertDevice(device({ deviceId: 'dev_3', customerId: 'cus_b' }))
      })
      expect(await store.getDevice('dev_1')).toEqual(device({ deviceId: 'dev_1' }))
      expect(Object.keys((await store.getDevice('dev_1'))!)).not.toContain('revokedAt')
      expect((await store.getDeviceByRef('ref_2'))?.deviceId).toBe('dev_2')
      expect((await store.getDeviceByCardTokenHash(device({ deviceId: 'dev_3' }).cardTokenHash))?.deviceId).toBe('dev_3')
      expect(await store.getDevice('dev_404')).toBeUndefined()
      expect(await store.getDeviceByRef('ref_404')).toBeUndefined()
      expect(await store.getDeviceByCardTokenHash('0'.repeat(64))).toBeUndefined()
      expect((await store.listCustomerDevices('cus_a')).map((d) => d.deviceId)).toEqual(['dev_1', 'dev_2'])
      expect((await store.listCustomerDevices('cus_b')).map((d) => d.deviceId)).toEqual(['dev_3'])
      expect(await store.listCustomerDevices('cus_nobody')).toEqual([])
    })

    it('devices: revoking is idempotent and keeps the first time; revoked devices are still found and listed', async () => {
      await store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_1' })))
      await store.transaction((tx) => tx.revokeDevice('dev_1', T1))
      await store.transaction((tx) => tx.revokeDevice('dev_1', T2))
      expect(await store.getDevice('dev_1')).toEqual(device({ deviceId: 'dev_1', revokedAt: T1 }))
      expect((await store.getDeviceByRef('ref_1'))?.revokedAt).toBe(T1)
      expect((await store.listCustomerDevices('cus_a')).map((d) => [d.deviceId, d.revokedAt])).toEqual([['dev_1', T1]])
      // Revoking an unknown device changes nothing and does not fail.
      await store.transaction((tx) => tx.revokeDevice('dev_404', T1))
    })

    it('devices: the accepted step only moves forward, and never once the device is revoked', async () => {
      await store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_1' })))
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 100))).toBe(true)
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 100))).toBe(false)
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 99))).toBe(false)
      expect((await store.getDevice('dev_1'))?.lastStep).toBe(100)
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 101))).toBe(true)
      // A step far in the future (TOTP steps are Unix time / period) still fits.
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 2 ** 40))).toBe(true)
      expect((await store.getDevice('dev_1'))?.lastStep).toBe(2 ** 40)
      await store.transaction((tx) => tx.revokeDevice('dev_1', T1))
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 2 ** 40 + 1))).toBe(false)
      expect((await store.getDevice('dev_1'))?.lastStep).toBe(2 ** 40)
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_404', 1))).toBe(false)
    })

    it('devices: a step advanced with its audit entry writes the entry only when the step advanced, and one of two at once wins', async () => {
      await store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_1' })))
      const ok = (entry: string) => [{ ...AUDIT_ENTRIES[1], details: { entry } }]
      const logged = async () => (await store.listAudit({ limit: 100 })).map((e) => e.details.entry)
      expect(await store.advanceDeviceStepWithAudit('dev_1', 100, ok('first'))).toBe(true)
      expect(await store.advanceDeviceStepWithAudit('dev_1', 100, ok('replayed'))).toBe(false)
      expect(await store.advanceDeviceStepWithAudit('dev_1', 99, ok('older'))).toBe(false)
      expect(await store.advanceDeviceStepWithAudit('dev_404', 200, ok('unknown'))).toBe(false)
      expect((await store.getDevice('dev_1'))?.lastStep).toBe(100)
      expect(await logged()).toEqual(['first'])
      const both = await Promise.all([store.advanceDeviceStepWithAudit('dev_1', 101, ok('till 1')), store.advanceDeviceStepWithAudit('dev_1', 101, ok('till 2'))])
      expect(both.filter(Boolean)).toHaveLength(1)
      expect(await logged()).toHaveLength(2)
      await store.transaction((tx) => tx.revokeDevice('dev_1', T1))
      expect(await store.advanceDeviceStepWithAudit('dev_1', 102, ok('revoked'))).toBe(false)
      const [first] = await store.listAudit({ limit: 1 })
      expect(first).toMatchObject({ action: 'counter.identify', keyId: 'key_till', staffId: 'st_2', storeId: 'MAD-01', tillId: 'till-2', result: 'ok', customerId: 'cus_a' })
      expect(await logged()).toHaveLength(2)
    })

    it('devices: of two transactions advancing to the same step at once, exactly one succeeds', async () => {
      await store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_1' })))
      const scans = await Promise.all([1, 2].map(() => store.transaction((tx) => tx.advanceDeviceStep('dev_1', 500))))
      expect(scans.sort()).toEqual([false, true])
    })

    it('devices: a taken reference or card token hash is rejected and the first device stays as it was', async () => {
      await store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_1' })))
      await expect(store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_2', deviceRef: 'ref_1' })))).rejects.toThrow()
      await expect(
        store.transaction((tx) => tx.insertDevice(device({ deviceId: 'dev_3', cardTokenHash: device({ deviceId: 'dev_1' }).cardTokenHash }))),
      ).rejects.toThrow()
      expect(await store.getDevice('dev_2')).toBeUndefined()
      expect(await store.getDevice('dev_3')).toBeUndefined()
      expect(await store.getDeviceByRef('ref_1')).toEqual(device({ deviceId: 'dev_1' }))
    })

    it('devices: a device enrolled for an absorbed customer reads as the survivor\'s', async () => {
      await store.transaction(async (tx) => {
        await tx.insertCustomer('cus_a', T0)
        await tx.insertCustomer('cus_b', T0)
        await tx.insertDevice(device({ deviceId: 'dev_1', createdAt: T1 }))
        await tx.insertDevice(device({ deviceId: 'dev_2', customerId: 'cus_b' }))
        await tx.absorbCustomer('cus_b', 'cus_a', T2)
      })
      expect((await store.getDevice('dev_2'))?.customerId).toBe('cus_a')
      expect((await store.getDeviceByRef('ref_2'))?.customerId).toBe('cus_a')
      expect((await store.getDeviceByCardTokenHash(device({ deviceId: 'dev_2' }).cardTokenHash))?.customerId).toBe('cus_a')
      const survivors = await store.listCustomerDevices('cus_a')
      expect(survivors.map((d) => [d.deviceId, d.customerId])).toEqual([
        ['dev_2', 'cus_a'],
        ['dev_1', 'cus_a'],
      ])
      // The absorbed id answers for its survivor.
      expect(await store.listCustomerDevices('cus_b')).toEqual(survivors)
    })

    it('verifications: stored and read back, with absent optional fields left out', async () => {
      await store.transaction(async (tx) => {
        await tx.insertVerification(challenge({ verificationId: 'ver_1' }))
        await tx.insertVerification(challenge({ verificationId: 'ver_2', channel: 'sms', registrationId: 'reg_1', createdBy: { id: 'key:key_till' } }))
      })
      const first = await store.getVerification('ver_1')
      expect(first).toEqual(challenge({ verificationId: 'ver_1' }))
      expect(Object.keys(first!)).not.toContain('registrationId')
      expect(Object.keys(first!)).not.toContain('consumedAt')
      expect(await store.getVerification('ver_2')).toEqual(
        challenge({ verificationId: 'ver_2', channel: 'sms', registrationId: 'reg_1', createdBy: { id: 'key:key_till' } }),
      )
      expect(await store.getVerification('ver_404')).toBeUndefined()
      const customerId = challenge({ verificationId: 'x' }).customerId
      await store.transaction((tx) => tx.insertVerification(challenge({ verificationId: 'ver_3' })))
      expect((await store.getLatestVerification(customerId, 'email'))?.verificationId).toBe('ver_3')
      expect((await store.getLatestVerification(customerId, 'sms'))?.verificationId).toBe('ver_2')
      expect(await store.getLatestVerification('cus_nobody', 'email')).toBeUndefined()
    })

    it('verifications: a conditional update applies with the expected failure count and not with a stale one', async () => {
      await store.transaction((tx) => tx.insertVerification(challenge({ verificationId: 'ver_1' })))
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { failedAttempts: 1 }, 0))).toBe(true)
      expect(await store.getVerification('ver_1')).toEqual(challenge({ verificationId: 'ver_1', failedAttempts: 1 }))
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { failedAttempts: 1 }, 0))).toBe(false)
      expect((await store.getVerification('ver_1'))?.failedAttempts).toBe(1)
      // A reissue changes the code and expiry and keeps the failure count.
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { codeHash: 'd'.repeat(64), expiresAt: T2 }, 1))).toBe(true)
      expect(await store.getVerification('ver_1')).toEqual(
        challenge({ verificationId: 'ver_1', failedAttempts: 1, codeHash: 'd'.repeat(64), expiresAt: T2 }),
      )
      expect(await store.transaction((tx) => tx.updateVerification('ver_404', { failedAttempts: 1 }, 0))).toBe(false)
    })

    it('verifications: once consumed, a challenge takes no further update', async () => {
      await store.transaction((tx) => tx.insertVerification(challenge({ verificationId: 'ver_1', failedAttempts: 2 })))
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { consumedAt: T1 }, 2))).toBe(true)
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { consumedAt: T2 }, 2))).toBe(false)
      expect(await store.transaction((tx) => tx.updateVerification('ver_1', { failedAttempts: 3 }, 2))).toBe(false)
      expect(await store.getVerification('ver_1')).toEqual(challenge({ verificationId: 'ver_1', failedAttempts: 2, consumedAt: T1 }))
    })

    it('verifications: of two transactions counting the same failure at once, exactly one succeeds', async () => {
      await store.transaction((tx) => tx.insertVerification(challenge({ verificationId: 'ver_1', failedAttempts: 4 })))
      const guesses = await Promise.all([1, 2].map(() => store.transaction((tx) => tx.updateVerification('ver_1', { failedAttempts: 5 }, 4))))
      expect(guesses.sort()).toEqual([false, true])
      expect((await store.getVerification('ver_1'))?.failedAttempts).toBe(5)
    })

    it('registrations: stored and read back, resolved once only', async () => {
      await store.transaction(async (tx) => {
        await tx.insertRegistration(registration({ registrationId: 'reg_1' }))
        await tx.insertRegistration(registration({ registrationId: 'reg_2', staffId: 'st_1', candidateCustomerIds: ['cus_a'] }))
      })
      const pending = await store.getRegistration('reg_1')
      expect(pending).toEqual(registration({ registrationId: 'reg_1' }))
      expect(Object.keys(pending!).sort()).toEqual(['candidateCustomerIds', 'createdAt', 'record', 'registrationId', 'status', 'storeId', 'tillId'])
      expect(await store.getRegistration('reg_2')).toEqual(registration({ registrationId: 'reg_2', staffId: 'st_1', candidateCustomerIds: ['cus_a'] }))
      expect(await store.getRegistration('reg_404')).toBeUndefined()

      expect(await store.transaction((tx) => tx.resolveRegistration('reg_1', 'verified', 'cus_a', T1))).toBe(true)
      expect(await store.transaction((tx) => tx.resolveRegistration('reg_1', 'registered_new', 'cus_new', T2))).toBe(false)
      expect(await store.getRegistration('reg_1')).toEqual(
        registration({ registrationId: 'reg_1', status: 'verified', customerId: 'cus_a', resolvedAt: T1 }),
      )
      expect(await store.transaction((tx) => tx.resolveRegistration('reg_404', 'verified', 'cus_a', T1))).toBe(false)
      expect((await store.getRegistration('reg_2'))?.status).toBe('pending')
    })

    describe('audit log', () => {
      const entries = async (query: AuditQuery) => (await store.listAudit(query)).map((entry) => entry.details.entry)

      beforeEach(async () => {
        await store.transaction((tx) => tx.insertAudit(AUDIT_ENTRIES.slice(0, 2)))
        await store.transaction((tx) => tx.insertAudit(AUDIT_ENTRIES.slice(2)))
        await store.transaction((tx) => tx.insertAudit([]))
      })

      it('lists every entry oldest first with increasing ids and absent optional fields left out', async () => {
        const all = await store.listAudit({ limit: 100 })
        expect(all.map(({ auditId: _auditId, ...write }) => write)).toEqual(AUDIT_ENTRIES)
        const ids = all.map((entry: AuditEntry) => entry.auditId)
        expect(ids).toEqual([...ids].sort((a, b) => a - b))
        expect(new Set(ids).size).toBe(5)
        expect(Object.keys(all[2]).sort()).toEqual(['action', 'at', 'auditId', 'customerId', 'details', 'keyId', 'result'])
      })

      it('filters by action, key, staff member, store and customer', async () => {
        expect(await entries({ action: 'counter.identify', limit: 100 })).toEqual(['a2', 'a4'])
        expect(await entries({ action: 'counter.verification.start', limit: 100 })).toEqual([])
        expect(await entries({ keyId: 'key_till', limit: 100 })).toEqual(['a1', 'a2', 'a4'])
        expect(await entries({ staffId: 'st_1', limit: 100 })).toEqual(['a1', 'a4', 'a5'])
        expect(await entries({ storeId: 'BCN-02', limit: 100 })).toEqual(['a4', 'a5'])
        expect(await entries({ customerId: 'cus_a', limit: 100 })).toEqual(['a2', 'a3'])
      })

      it('filters by time, from inclusive and to exclusive', async () => {
        expect(await entries({ from: T1, limit: 100 })).toEqual(['a2', 'a3', 'a4', 'a5'])
        expect(await entries({ to: T2, limit: 100 })).toEqual(['a1', 'a2', 'a3'])
        expect(await entries({ from: T1, to: T2, limit: 100 })).toEqual(['a2', 'a3'])
        expect(await entries({ from: T2, to: T2, limit: 100 })).toEqual([])
      })

      it('ANDs every filter given', async () => {
        expect(await entries({ action: 'counter.identify', storeId: 'MAD-01', limit: 100 })).toEqual(['a2'])
        expect(await entries({ keyId: 'key_till', staffId: 'st_1', from: T1, limit: 100 })).toEqual(['a4'])
        expect(await entries({ staffId: 'st_2', customerId: 'cus_b', limit: 100 })).toEqual([])
      })

      it('pages with limit and after, alone and with filters', async () => {
        const first = await store.listAudit({ limit: 2 })
        expect(first.map((entry) => entry.details.entry)).toEqual(['a1', 'a2'])
        const second = await store.listAudit({ after: first[1].auditId, limit: 2 })
        expect(second.map((entry) => entry.details.entry)).toEqual(['a3', 'a4'])
        const third = await store.listAudit({ after: second[1].auditId, limit: 2 })
        expect(third.map((entry) => entry.details.entry)).toEqual(['a5'])
        expect(await entries({ after: third[0].auditId, limit: 2 })).toEqual([])
        expect(await entries({ keyId: 'key_till', after: first[0].auditId, limit: 100 })).toEqual(['a2', 'a4'])
        expect(await entries({ keyId: 'key_till', after: first[0].auditId, limit: 1 })).toEqual(['a2'])
      })
    })

    it('a failed transaction leaves no device, challenge, registration or audit entry, and undoes conditional writes', async () => {
      await store.transaction(async (tx) => {
        await tx.insertDevice(device({ deviceId: 'dev_1' }))
        await tx.insertVerification(challenge({ verificationId: 'ver_1' }))
        await tx.insertRegistration(registration({ registrationId: 'reg_1' }))
      })
      const failure = new Error('boom')
      await expect(
        store.transaction(async (tx) => {
          await tx.insertDevice(device({ deviceId: 'dev_2' }))
          expect(await tx.advanceDeviceStep('dev_1', 100)).toBe(true)
          await tx.revokeDevice('dev_1', T1)
          await tx.insertVerification(challenge({ verificationId: 'ver_2' }))
          expect(await tx.updateVerification('ver_1', { failedAttempts: 1, consumedAt: T1 }, 0)).toBe(true)
          await tx.insertRegistration(registration({ registrationId: 'reg_2' }))
          expect(await tx.resolveRegistration('reg_1', 'verified', 'cus_a', T1)).toBe(true)
          await tx.insertAudit(AUDIT_ENTRIES)
          // Inside the transaction its writes are visible.
          expect((await tx.getDevice('dev_1'))?.revokedAt).toBe(T1)
          expect(await tx.listAudit({ limit: 100 })).toHaveLength(5)
          throw failure
        }),
      ).rejects.toBe(failure)
      expect(await store.getDevice('dev_2')).toBeUndefined()
      expect(await store.getDevice('dev_1')).toEqual(device({ deviceId: 'dev_1' }))
      expect(await store.getVerification('ver_2')).toBeUndefined()
      expect(await store.getVerification('ver_1')).toEqual(challenge({ verificationId: 'ver_1' }))
      expect(await store.getRegistration('reg_2')).toBeUndefined()
      expect(await store.getRegistration('reg_1')).toEqual(registration({ registrationId: 'reg_1' }))
      expect(await store.listAudit({ limit: 100 })).toEqual([])
      // The conditional writes apply again once the failed attempt is gone.
      expect(await store.transaction((tx) => tx.advanceDeviceStep('dev_1', 100))).toBe(true)
      expect(await store.transaction((tx) => tx.resolveRegistration('reg_1', 'verified', 'cus_a', T1))).toBe(true)
    })
  })
}
