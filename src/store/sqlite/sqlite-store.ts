/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode.
 *
 * better-sqlite3 is synchronous, which is what makes it fast (no round trips, no thread hops);
 * the Store contract is async so that PostgreSQL fits behind it too. SQLite has one writer:
 * write transactions are serialised here by an async mutex (so an awaiting transaction never
 * interleaves with another on the same connection) and by BEGIN IMMEDIATE across processes.
 * Reads outside a transaction use a second connection, which in WAL mode sees the last committed
 * state and never blocks on the writer.
 */
import { totalmem } from 'node:os'

import Database from 'better-sqlite3'

import type { FeatureName } from '../../core/index.js'
import type {
  ApiKey,
  AuditEntry,
  AuditEntryWrite,
  AuditQuery,
  CandidateRecord,
  CustomerEvent,
  CustomerEventWrite,
  CustomerLookup,
  Device,
  ImportJob,
  LooseKeys,
  PairDecision,
  PendingRegistration,
  RecordWrite,
  RegistrationStatus,
  ReviewStatus,
  ReviewTask,
  Store,
  StoredModel,
  StoredRecord,
  StoreReader,
  StoreTransaction,
  TermFrequencies,
  TermFrequencyEntry,
  TransactionOptions,
  VerificationChallenge,
  VerificationChannel,
  VerificationChanges,
  WarmUpReport,
} from '../store.js'
import { createRowMappers, type Row } from '../row-mappers.js'
import { selectBlocks } from '../select-blocks.js'
import { startCheckpointer } from './checkpointer.js'
import { blockingKeyHash, packKeyHashes, unpackKeyHashes } from './key-hash.js'
import { carriesAny, MemoryBlockingIndex } from './memory-blocking-index.js'
import { SQLITE_MIGRATIONS } from './migrations.js'
import { sqliteUnavailable } from './sqlite-errors.js'

type Db = Database.Database

export interface SqliteStoreOptions {
  /** File path, or ':memory:' (one connection; for tests). */
  readonly path: string
  /** How long a writer waits for another process's lock before failing (ms). */
  readonly busyTimeoutMs?: number
  /**
   * The most memory warmUp() lets the writer's page cache take for the part of the file past its
   * 2 GB memory map. Default: a quarter of this machine's memory.
   */
  readonly maxCacheBytes?: number
}

/** Serialises async critical sections: each waits for the previous one to settle. */
class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work)
    this.tail = result.catch(() => undefined)
    return result
  }
}

function openConnection(path: string, busyTimeoutMs: number, readonly: boolean): Db {
  let db: Db
  try {
    db = new Database(path, { timeout: busyTimeoutMs, ...(readonly ? { readonly: true } : {}) })
  } catch (error) {
    throw sqliteUnavailable(path, error)
  }
  if (!readonly) {
    db.pragma('journal_mode = WAL')
    // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the
    // last transactions, which is the usual trade-off for an embedded store.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // Checkpoints run on their own thread (checkpointer.ts), not inside a request's commit.
    // But a log is reset only after a checkpoint reaches its end, which that thread's passive
    // checkpoints never do while commits keep coming (a server under steady load, an import):
    // past 25,000 pages (~100 MB, some 800 resolves) the writer checkpoints itself, which costs
    // little because that thread has already copied and synced nearly everything. The size
    // limit is above that, so a reset does not shrink the file either (an ftruncate of 17 ms
    // measured when the log had to be cut back from 100 MB to 64 MB).
    if (path !== ':memory:' && path !== '') {
      db.pragma('wal_autocheckpoint = 25000')
      db.pragma('journal_size_limit = 134217728')
    }
  }
  db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`)
  // The writer reads through a memory map instead of a read() system call per page missing from
  // its page cache: a resolve reads dozens of pages scattered over the blocking-key index. (2 GB
  // is the most SQLite's default build maps; past that, reads fall back to read().) Not the
  // reader: the checkpointer keeps growing the file, and a connection whose map no longer covers
  // it remaps at its next transaction; the reader's transactions are short lookups (an API key
  // on every request), which that made four times slower (0.30 ms against 0.08 ms measured).
  if (path !== ':memory:' && path !== '' && !readonly) db.pragma(`mmap_size = ${MMAP_BYTES}`)
  return db
}

const DEFAULT_CACHE_KIB = 65_536
const MMAP_BYTES = 2_147_418_112

/**
 * Reads every page of the b-trees a resolve touches through the writer, into memory that stays:
 * pages inside the memory map become mapped pages of this process, the rest go to a page cache
 * sized here to hold them. Why: a server's file pages that nobody has mapped are reclaimed by
 * the kernel once they go cold for a while (this machine's reclaimer takes unmapped file pages
 * idle for about a minute), and a million-record store is read at random, so without this most
 * lookups of a resolve were disk reads and the p99 latency was their sum. History and audit
 * tables are only appended to and paged, so they are left alone.
 */
function warmWriter(db: Db, maxCacheBytes: number): WarmUpReport {
  const started = performance.now()
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const pageCount = db.pragma('page_count', { simple: true }) as number
  const beyondMapKiB = Math.ceil(Math.max(0, pageCount * pageSize - MMAP_BYTES) / 1024)
  // Room for the pages past the map, for the file to grow, and for the pages a write changes;
  // never more than the cap (past it, the oldest pages make room and reads go to the OS again).
  const cacheKiB = Math.min(Math.ceil(beyondMapKiB * 1.25) + DEFAULT_CACHE_KIB, Math.max(DEFAULT_CACHE_KIB, Math.floor(maxCacheBytes / 1024)))
  db.pragma(`cache_size = -${cacheKiB}`)
  const trees = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0
          AND name NOT LIKE 'audit_log%' AND name NOT LIKE 'customer_events%'`,
    )
    .all() as Row[]
  const pagesOf = db.prepare('SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE name = ?')
  let bytes = 0
  for (const tree of trees) bytes += (pagesOf.get(tree.name) as Row).bytes as number
  return { bytes, seconds: (performance.now() - started) / 1000 }
}

const json = (value: unknown) => JSON.stringify(value)
const parse = <T>(text: unknown): T => JSON.parse(text as string) as T

// SQLite hands JSON columns over as text and integers as numbers.
const { toRecord, toCandidate, toCustomer, toEvent, toDecision, toReview, toApiKey, toImportJob, toDevice, toVerification, toRegistration, toAuditEntry } =
  createRowMappers({ json: parse, int: (value) => value as number })

const CANDIDATE_COLUMNS = 'record_key, source, record_id, customer_id, features, key_hashes'

/**
 * A device with the customer it belongs to now: the id it was enrolled for, or that id's
 * survivor once a merge absorbed it (aliases are one hop, so one join suffices).
 */
const DEVICE_SELECT = `
  SELECT d.device_id, coalesce(a.customer_id, d.customer_id) AS customer_id, d.device_ref, d.secret,
         d.card_token_hash, d.label, d.last_step, d.created_at, d.revoked_at
    FROM devices d LEFT JOIN customer_aliases a ON a.alias_id = d.customer_id`

/** listAudit's filters: each one given adds `column operator value` to the WHERE clause. */
const AUDIT_FILTERS: readonly (readonly [keyof Omit<AuditQuery, 'limit'>, string, '=' | '>=' | '<' | '>'])[] = [
  ['action', 'action', '='],
  ['keyId', 'key_id', '='],
  ['staffId', 'staff_id', '='],
  ['storeId', 'store_id', '='],
  ['customerId', 'customer_id', '='],
  ['from', 'at', '>='],
  ['to', 'at', '<'],
  ['after', 'audit_id', '>'],
]

/** Prepared statements are compiled once per connection and reused (most of the hot-path cost). */
class StatementCache {
  private readonly cache = new Map<string, Database.Statement>()
  constructor(private readonly db: Db) {}

  /**
   * `pluck`: a statement of one column that returns its values, not an object per row (the
   * blocking lookups of a resolve read about a hundred rows).
   */
  get(sql: string, pluck = false): Database.Statement {
    const key = pluck ? `pluck\u0000${sql}` : sql
    let statement = this.cache.get(key)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      if (pluck) statement.pluck()
      this.cache.set(key, statement)
    }
    return statement
  }
}

/** The read half of the contract over one connection (the reader, or the writer inside a tx). */
class SqliteReader implements StoreReader {
  protected readonly sql: StatementCache

  constructor(
    protected readonly db: Db,
    protected readonly blockingIndex: MemoryBlockingIndex,
  ) {
    this.sql = new StatementCache(db)
  }

  protected all(sql: string, ...params: unknown[]): Row[] {
    return this.sql.get(sql).all(...params) as Row[]
  }

  protected one(sql: string, ...params: unknown[]): Row | undefined {
    return this.sql.get(sql).get(...params) as Row | undefined
  }

  protected run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.sql.get(sql).run(...params)
  }

  async getRecord(source: string, recordId: string): Promise<StoredRecord | undefined> {
    const row = this.one('SELECT * FROM records WHERE source = ? AND record_id = ?', source, recordId)
    return row === undefined ? undefined : toRecord(row)
  }

  async getRecordsByKeys(recordKeys: readonly number[]): Promise<StoredRecord[]> {
    if (recordKeys.length === 0) return []
    return this.recordsByKeys(recordKeys)
  }

  protected recordsByKeys(recordKeys: readonly number[]): StoredRecord[] {
    return this.all(
      'SELECT * FROM records WHERE record_key IN (SELECT value FROM json_each(?)) ORDER BY record_key',
      json(recordKeys),
    ).map(toRecord)
  }

  async listRecordsByBlockingKeys(
    keys: readonly string[],
    limitPerKey: number,
    loose?: LooseKeys,
  ): Promise<{ records: CandidateRecord[]; oversizedKeys: string[] }> {
    const postings = this.blockingIndex.current()
    const distinct = [...new Set(keys)]
    const hashes = distinct.map(blockingKeyHash)
    // One more than the limit tells "oversized" without walking a huge block.
    const blocks = hashes.map((keyHash) => postings.records(keyHash, limitPerKey + 1))
    const { read, oversizedKeys } = selectBlocks(distinct, blocks.map((block) => block.length), limitPerKey, loose)
    const recordKeys = new Set<number>()
    const looked = new Set<number>()
    for (let k = 0; k < distinct.length; k++) {
      if (!read[k]) continue
      looked.add(hashes[k])
      for (const recordKey of blocks[k]) recordKeys.add(recordKey)
    }
    const records =
      recordKeys.size === 0
        ? []
        : this.all(
            `SELECT ${CANDIDATE_COLUMNS} FROM records WHERE record_key IN (SELECT value FROM json_each(?)) ORDER BY record_key`,
            json([...recordKeys]),
          )
            // A record another process has rewritten since may no longer hold the key that
            // listed it (memory-blocking-index.ts).
            .filter((row) => carriesAny(row.key_hashes as Uint8Array | null, looked))
            .map(toCandidate)
    return { records, oversizedKeys }
  }

  async getRecordAndCandidates(
    source: string,
    recordId: string,
    keys: readonly string[],
    limitPerKey: number,
    loose?: LooseKeys,
  ): Promise<{ existing: StoredRecord | undefined; records: CandidateRecord[]; oversizedKeys: string[] }> {
    // In process, two reads cost no more than one.
    const existing = await this.getRecord(source, recordId)
    return { existing, ...(await this.listRecordsByBlockingKeys(keys, limitPerKey, loose)) }
  }

  async listMembersAndDecisions(
    customerIds: readonly string[],
    otherRecordKeys: readonly number[],
  ): Promise<{ records: CandidateRecord[]; decisions: PairDecision[] }> {
    const records = await this.listCandidatesOfCustomers(customerIds)
    const decisions = await this.listPairDecisions([...new Set([...records.map((r) => r.recordKey), ...otherRecordKeys])])
    return { records, decisions }
  }

  async listCandidatesOfCustomers(customerIds: readonly string[]): Promise<CandidateRecord[]> {
    if (customerIds.length === 0) return []
    return this.all(
      `SELECT ${CANDIDATE_COLUMNS} FROM records WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY record_key`,
      json(customerIds),
    ).map(toCandidate)
  }

  async getCustomer(customerId: string): Promise<CustomerLookup | undefined> {
    const live = this.one('SELECT * FROM customers WHERE customer_id = ?', customerId)
    if (live !== undefined) return { customer: toCustomer(live) }
    const aliased = this.one(
      'SELECT c.* FROM customer_aliases a JOIN customers c ON c.customer_id = a.customer_id WHERE a.alias_id = ?',
      customerId,
    )
    return aliased === undefined ? undefined : { customer: toCustomer(aliased), aliasOf: customerId }
  }

  async getCustomerWithRecords(customerId: string): Promise<(CustomerLookup & { records: StoredRecord[] }) | undefined> {
    const lookup = await this.getCustomer(customerId)
    return lookup === undefined ? undefined : { ...lookup, records: await this.listCustomerRecords(lookup.customer.customerId) }
  }

  async listCustomerRecords(customerId: string): Promise<StoredRecord[]> {
    return this.all('SELECT * FROM records WHERE customer_id = ? ORDER BY record_key', customerId).map(toRecord)
  }

  async listCustomerEvents(customerId: string): Promise<CustomerEvent[]> {
    return this.all(
      `SELECT * FROM customer_events
        WHERE customer_id = ? OR customer_id IN (SELECT alias_id FROM customer_aliases WHERE customer_id = ?)
        ORDER BY event_id`,
      customerId,
      customerId,
    ).map(toEvent)
  }

  async listCustomerIdsByBlockingKeys(keys: readonly string[], limit: number): Promise<Map<string, string[]>> {
    const postings = this.blockingIndex.current()
    const holders = new Map<string, string[]>()
    for (const key of keys) {
      const keyHash = blockingKeyHash(key)
      const recordKeys = postings.records(keyHash)
      const customers = new Set<string>()
      const wanted = new Set([keyHash])
      if (recordKeys.length > 0) {
        for (const row of this.all('SELECT customer_id, key_hashes FROM records WHERE record_key IN (SELECT value FROM json_each(?))', json(recordKeys))) {
          if (carriesAny(row.key_hashes as Uint8Array | null, wanted)) customers.add(row.customer_id as string)
        }
      }
      holders.set(key, [...customers].sort().slice(0, limit))
    }
    return holders
  }

  async listPairDecisions(recordKeys: readonly number[]): Promise<PairDecision[]> {
    if (recordKeys.length === 0) return []
    const keys = json(recordKeys)
    return this.all(
      `SELECT * FROM pair_decisions WHERE record_key_a IN (SELECT value FROM json_each(?))
       UNION
       SELECT * FROM pair_decisions WHERE record_key_b IN (SELECT value FROM json_each(?))
       ORDER BY record_key_a, record_key_b`,
      keys,
      keys,
    ).map(toDecision)
  }

  async getReview(reviewId: string): Promise<ReviewTask | undefined> {
    const row = this.one('SELECT * FROM review_tasks WHERE review_id = ?', reviewId)
    return row === undefined ? undefined : toReview(row)
  }

  async listReviews(options: { status?: ReviewStatus; limit: number; after?: string }): Promise<ReviewTask[]> {
    return this.all(
      `SELECT * FROM review_tasks WHERE (@status IS NULL OR status = @status) AND (@after IS NULL OR review_id > @after)
        ORDER BY review_id LIMIT @limit`,
      { status: options.status ?? null, after: options.after ?? null, limit: options.limit },
    ).map(toReview)
  }

  async listOpenReviewsForRecord(recordKey: number): Promise<ReviewTask[]> {
    return this.all(
      // Two index lookups (an OR across two columns would scan every open review).
      `SELECT * FROM review_tasks WHERE record_key = @key AND status = 'open'
       UNION
       SELECT * FROM review_tasks WHERE candidate_record_key = @key AND status = 'open'
       ORDER BY review_id`,
      { key: recordKey },
    ).map(toReview)
  }

  async getApiKeyBySecretHash(secretHash: string): Promise<ApiKey | undefined> {
    const row = this.one('SELECT * FROM api_keys WHERE secret_hash = ?', secretHash)
    return row === undefined ? undefined : toApiKey(row)
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return this.all('SELECT * FROM api_keys ORDER BY key_id').map(toApiKey)
  }

  async getActiveModel(): Promise<StoredModel | undefined> {
    const row = this.one('SELECT * FROM models WHERE active = 1 ORDER BY created_at DESC LIMIT 1')
    return row === undefined
      ? undefined
      : { modelId: row.model_id as string, json: row.json as string, createdAt: row.created_at as string, active: true }
  }

  async getTermFrequencies(wanted: ReadonlyMap<FeatureName, readonly string[]>): Promise<Map<FeatureName, TermFrequencies>> {
    const answer = new Map<FeatureName, TermFrequencies>()
    for (const [feature, values] of wanted) {
      const total = this.one('SELECT present FROM term_frequency_totals WHERE feature = ?', feature)
      const counts = new Map<string, number>()
      if (values.length > 0 && total !== undefined) {
        for (const row of this.all(
          // IN (subquery) keeps the (feature, value) primary key as the access path; a join with
          // json_each lets the planner scan the whole table instead.
          'SELECT value, count FROM term_frequencies WHERE feature = ? AND value IN (SELECT value FROM json_each(?))',
          feature,
          json(values),
        )) {
          counts.set(row.value as string, row.count as number)
        }
      }
      answer.set(feature, { counts, present: (total?.present as number | undefined) ?? 0 })
    }
    return answer
  }

  async listTermFrequencies(after: { feature: FeatureName; value: string } | undefined, limit: number): Promise<TermFrequencyEntry[]> {
    // Text compares by its bytes here (BINARY), which for UTF-8 is code point order.
    const rows =
      after === undefined
        ? this.all('SELECT feature, value, count FROM term_frequencies ORDER BY feature, value LIMIT ?', limit)
        : this.all(
            'SELECT feature, value, count FROM term_frequencies WHERE (feature, value) > (?, ?) ORDER BY feature, value LIMIT ?',
            after.feature,
            after.value,
            limit,
          )
    return rows.map((row) => ({ feature: row.feature as FeatureName, value: row.value as string, count: row.count as number }))
  }

  async getImportJob(fingerprint: string): Promise<ImportJob | undefined> {
    const row = this.one('SELECT * FROM import_jobs WHERE fingerprint = ?', fingerprint)
    return row === undefined ? undefined : toImportJob(row)
  }

  async getDevice(deviceId: string): Promise<Device | undefined> {
    const row = this.one(`${DEVICE_SELECT} WHERE d.device_id = ?`, deviceId)
    return row === undefined ? undefined : toDevice(row)
  }

  async getDeviceByRef(deviceRef: string): Promise<Device | undefined> {
    const row = this.one(`${DEVICE_SELECT} WHERE d.device_ref = ?`, deviceRef)
    return row === undefined ? undefined : toDevice(row)
  }

  async getDeviceByCardTokenHash(cardTokenHash: string): Promise<Device | undefined> {
    const row = this.one(`${DEVICE_SELECT} WHERE d.card_token_hash = ?`, cardTokenHash)
    return row === undefined ? undefined : toDevice(row)
  }

  async listCustomerDevices(customerId: string): Promise<Device[]> {
    // The live customer (the id itself, or its survivor), then every id it absorbed.
    return this.all(
      `WITH live (id) AS (SELECT coalesce((SELECT customer_id FROM customer_aliases WHERE alias_id = @id), @id))
       ${DEVICE_SELECT}
        WHERE d.customer_id IN (SELECT id FROM live UNION ALL
                                SELECT alias_id FROM customer_aliases WHERE customer_id = (SELECT id FROM live))
        ORDER BY d.created_at, d.device_id`,
      { id: customerId },
    ).map(toDevice)
  }

  async getVerification(verificationId: string): Promise<VerificationChallenge | undefined> {
    const row = this.one('SELECT * FROM verification_challenges WHERE verification_id = ?', verificationId)
    return row === undefined ? undefined : toVerification(row)
  }

  async getLatestVerification(customerId: string, channel: VerificationChannel): Promise<VerificationChallenge | undefined> {
    const row = this.one(
      'SELECT * FROM verification_challenges WHERE customer_id = ? AND channel = ? ORDER BY verification_id DESC LIMIT 1',
      customerId,
      channel,
    )
    return row === undefined ? undefined : toVerification(row)
  }

  async getRegistration(registrationId: string): Promise<PendingRegistration | undefined> {
    const row = this.one('SELECT * FROM pending_registrations WHERE registration_id = ?', registrationId)
    return row === undefined ? undefined : toRegistration(row)
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    // Only the filters given reach the SQL, so each combination is its own prepared statement
    // and the planner can use the index of a filter ('? IS NULL OR column = ?' would defeat it).
    const conditions: string[] = []
    const values: unknown[] = []
    for (const [field, column, operator] of AUDIT_FILTERS) {
      const value = query[field]
      if (value == null) continue
      conditions.push(`${column} ${operator} ?`)
      values.push(value)
    }
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
    return this.all(`SELECT * FROM audit_log${where} ORDER BY audit_id LIMIT ?`, ...values, query.limit).map(toAuditEntry)
  }

  async listRecordCustomerIds(
    afterRecordKey: number,
    limit: number,
  ): Promise<{ recordKey: number; source: string; record_id: string; customerId: string }[]> {
    return this.all(
      'SELECT record_key, source, record_id, customer_id FROM records WHERE record_key > ? ORDER BY record_key LIMIT ?',
      afterRecordKey,
      limit,
    ).map((row) => ({
      recordKey: row.record_key as number,
      source: row.source as string,
      record_id: row.record_id as string,
      customerId: row.customer_id as string,
    }))
  }

  async countRecords(): Promise<number> {
    return this.one('SELECT count(*) AS n FROM records')!.n as number
  }

  async countCustomers(): Promise<number> {
    return this.one('SELECT count(*) AS n FROM customers')!.n as number
  }
}

/** Writes, on the writer connection, inside the BEGIN IMMEDIATE that transaction() opened. */
class SqliteTransaction extends SqliteReader implements StoreTransaction {
  async upsertRecords(records: readonly RecordWrite[], at: string): Promise<number[]> {
    const existing = this.sql.get('SELECT record_key, key_hashes FROM records WHERE source = ? AND record_id = ?')
    const upsert = this.sql.get(
      `INSERT INTO records (source, record_id, customer_id, raw, normalised, features, verified, key_hashes, key_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, record_id) DO UPDATE SET
         customer_id = excluded.customer_id, raw = excluded.raw, normalised = excluded.normalised,
         features = excluded.features, verified = excluded.verified, key_hashes = excluded.key_hashes,
         key_seq = excluded.key_seq, updated_at = excluded.updated_at
       RETURNING record_key`,
    )
    let seq = records.length === 0 ? 0 : this.blockingIndex.nextSeq()
    const recordKeys: number[] = []
    for (const record of records) {
      const hashes = [...new Set(record.blockingKeys.map(blockingKeyHash))]
      const before = existing.get(record.source, record.record_id) as Row | undefined
      const row = upsert.get(
        record.source,
        record.record_id,
        record.customerId,
        json(record.raw),
        json(record.normalised),
        json(record.features),
        json(record.verified ?? []),
        packKeyHashes(hashes),
        seq,
        at,
        at,
      ) as Row
      const recordKey = row.record_key as number
      // A record sent again changes only the index entries of the keys it gained or lost.
      this.blockingIndex.replace(recordKey, before === undefined ? [] : unpackKeyHashes(before.key_hashes as Uint8Array | null), hashes, seq)
      seq++
      recordKeys.push(recordKey)
    }
    return recordKeys
  }

  async updateRecordCustomers(recordKeys: readonly number[], customerId: string, at: string): Promise<void> {
    if (recordKeys.length === 0) return
    this.run(
      'UPDATE records SET customer_id = ?, updated_at = ? WHERE record_key IN (SELECT value FROM json_each(?))',
      customerId,
      at,
      json(recordKeys),
    )
  }

  async markRecordVerified(recordKey: number, contactPoint: string, at: string): Promise<void> {
    const row = this.one('SELECT verified FROM records WHERE record_key = ?', recordKey)
    if (row === undefined) return
    const verified = new Set(parse<string[]>(row.verified))
    verified.add(contactPoint)
    this.run('UPDATE records SET verified = ?, updated_at = ? WHERE record_key = ?', json([...verified].sort()), at, recordKey)
  }

  async insertCustomer(customerId: string, at: string): Promise<void> {
    this.run('INSERT INTO customers (customer_id, created_at, updated_at, record_count) VALUES (?, ?, ?, 0)', customerId, at, at)
  }

  async insertCustomers(customerIds: readonly string[], at: string): Promise<void> {
    // In process, a prepared statement per id is as fast as one statement for all.
    for (const customerId of customerIds) await this.insertCustomer(customerId, at)
  }

  async lockCustomers(customerIds: readonly string[]): Promise<string[]> {
    // The single writer already holds the database lock: only existence needs checking.
    if (customerIds.length === 0) return []
    return this.all(
      'SELECT customer_id FROM customers WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id',
      json([...new Set(customerIds)]),
    ).map((row) => row.customer_id as string)
  }

  async absorbCustomer(absorbedId: string, survivorId: string, at: string): Promise<void> {
    this.run('DELETE FROM customers WHERE customer_id = ?', absorbedId)
    this.run('UPDATE customer_aliases SET customer_id = ? WHERE customer_id = ?', survivorId, absorbedId)
    this.run(
      `INSERT INTO customer_aliases (alias_id, customer_id, created_at) VALUES (?, ?, ?)
       ON CONFLICT (alias_id) DO UPDATE SET customer_id = excluded.customer_id`,
      absorbedId,
      survivorId,
      at,
    )
  }

  async refreshCustomers(customerIds: readonly string[], at: string): Promise<void> {
    for (const customerId of new Set(customerIds)) {
      const count = this.one('SELECT count(*) AS n FROM records WHERE customer_id = ?', customerId)!.n as number
      if (count === 0) this.run('DELETE FROM customers WHERE customer_id = ?', customerId)
      else this.run('UPDATE customers SET record_count = ?, updated_at = ? WHERE customer_id = ?', count, at, customerId)
    }
  }

  async insertEvents(events: readonly CustomerEventWrite[]): Promise<void> {
    const insert = this.sql.get('INSERT INTO customer_events (customer_id, kind, at, actor, details) VALUES (?, ?, ?, ?, ?)')
    for (const event of events) insert.run(event.customerId, event.kind, event.at, json(event.actor), json(event.details))
  }

  async upsertPairDecision(decision: PairDecision): Promise<void> {
    const [a, b] =
      decision.recordKeyA < decision.recordKeyB
        ? [decision.recordKeyA, decision.recordKeyB]
        : [decision.recordKeyB, decision.recordKeyA]
    this.run(
      `INSERT INTO pair_decisions (record_key_a, record_key_b, decision, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (record_key_a, record_key_b) DO UPDATE SET
         decision = excluded.decision, actor = excluded.actor, reason = excluded.reason, at = excluded.at`,
      a,
      b,
      decision.decision,
      json(decision.actor),
      decision.reason,
      decision.at,
    )
  }

  async insertReview(review: ReviewTask): Promise<void> {
    this.run(
      `INSERT INTO review_tasks (review_id, status, record_key, candidate_customer_id, candidate_record_key, reason,
         match_probability, match_weight, explanation, created_at, decided_at, decided_by, decision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      review.reviewId,
      review.status,
      review.recordKey,
      review.candidateCustomerId,
      review.candidateRecordKey,
      review.reason,
      review.matchProbability,
      review.matchWeight,
      json(review.explanation ?? null),
      review.createdAt,
      review.decidedAt ?? null,
      review.decidedBy === undefined ? null : json(review.decidedBy),
      review.decision ?? null,
    )
  }

  async updateReview(
    reviewId: string,
    changes: Pick<ReviewTask, 'status'> & Partial<Pick<ReviewTask, 'decidedAt' | 'decidedBy' | 'decision'>>,
  ): Promise<void> {
    this.run(
      `UPDATE review_tasks SET status = ?, decided_at = coalesce(?, decided_at), decided_by = coalesce(?, decided_by),
         decision = coalesce(?, decision) WHERE review_id = ?`,
      changes.status,
      changes.decidedAt ?? null,
      changes.decidedBy === undefined ? null : json(changes.decidedBy),
      changes.decision ?? null,
      reviewId,
    )
  }

  async insertApiKey(key: ApiKey): Promise<void> {
    this.run(
      'INSERT INTO api_keys (key_id, name, role, source, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      key.keyId,
      key.name,
      key.role,
      key.source ?? null,
      key.secretHash,
      key.createdAt,
      key.revokedAt ?? null,
    )
  }

  async revokeApiKey(keyId: string, at: string): Promise<void> {
    this.run('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE key_id = ?', at, keyId)
  }

  async insertModel(model: StoredModel): Promise<void> {
    if (model.active) this.run('UPDATE models SET active = 0 WHERE active = 1')
    this.run(
      'INSERT INTO models (model_id, json, created_at, active) VALUES (?, ?, ?, ?)',
      model.modelId,
      model.json,
      model.createdAt,
      model.active ? 1 : 0,
    )
  }

  async replaceTermFrequencies(feature: FeatureName, counts: ReadonlyMap<string, number>, present: number): Promise<void> {
    this.run('DELETE FROM term_frequencies WHERE feature = ?', feature)
    const insert = this.sql.get('INSERT INTO term_frequencies (feature, value, count) VALUES (?, ?, ?)')
    for (const [value, count] of counts) insert.run(feature, value, count)
    this.run(
      `INSERT INTO term_frequency_totals (feature, present) VALUES (?, ?)
       ON CONFLICT (feature) DO UPDATE SET present = excluded.present`,
      feature,
      present,
    )
  }

  async upsertImportJob(job: ImportJob): Promise<void> {
    this.run(
      `INSERT INTO import_jobs (fingerprint, job_id, status, committed_records, model_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (fingerprint) DO UPDATE SET job_id = excluded.job_id, status = excluded.status,
         committed_records = excluded.committed_records, model_id = excluded.model_id, updated_at = excluded.updated_at`,
      job.fingerprint,
      job.jobId,
      job.status,
      job.committedRecords,
      job.modelId ?? null,
      job.createdAt,
      job.updatedAt,
    )
  }

  async insertDevice(device: Device): Promise<void> {
    this.run(
      `INSERT INTO devices (device_id, customer_id, device_ref, secret, card_token_hash, label, last_step, created_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      device.deviceId,
      device.customerId,
      device.deviceRef,
      device.secret,
      device.cardTokenHash,
      device.label,
      device.lastStep,
      device.createdAt,
      device.revokedAt ?? null,
    )
  }

  async revokeDevice(deviceId: string, at: string): Promise<void> {
    this.run('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE device_id = ?', at, deviceId)
  }

  async advanceDeviceStep(deviceId: string, step: number): Promise<boolean> {
    const result = this.run(
      'UPDATE devices SET last_step = ? WHERE device_id = ? AND last_step < ? AND revoked_at IS NULL',
      step,
      deviceId,
      step,
    )
    return result.changes > 0
  }

  async insertVerification(challenge: VerificationChallenge): Promise<void> {
    this.run(
      `INSERT INTO verification_challenges (verification_id, customer_id, channel, contact_hash, registration_id, code_hash,
         expires_at, failed_attempts, max_attempts, consumed_at, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      challenge.verificationId,
      challenge.customerId,
      challenge.channel,
      challenge.contactHash,
      challenge.registrationId ?? null,
      challenge.codeHash,
      challenge.expiresAt,
      challenge.failedAttempts,
      challenge.maxAttempts,
      challenge.consumedAt ?? null,
      challenge.createdAt,
      json(challenge.createdBy),
    )
  }

  async updateVerification(
    verificationId: string,
    changes: VerificationChanges,
    expectedFailedAttempts: number,
  ): Promise<boolean> {
    const result = this.run(
      `UPDATE verification_challenges SET code_hash = coalesce(?, code_hash), expires_at = coalesce(?, expires_at),
         failed_attempts = coalesce(?, failed_attempts), consumed_at = coalesce(?, consumed_at)
       WHERE verification_id = ? AND failed_attempts = ? AND consumed_at IS NULL`,
      changes.codeHash ?? null,
      changes.expiresAt ?? null,
      changes.failedAttempts ?? null,
      changes.consumedAt ?? null,
      verificationId,
      expectedFailedAttempts,
    )
    return result.changes > 0
  }

  async insertRegistration(registration: PendingRegistration): Promise<void> {
    this.run(
      `INSERT INTO pending_registrations (registration_id, record, candidate_customer_ids, store_id, till_id, staff_id,
         status, customer_id, created_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      registration.registrationId,
      json(registration.record),
      json(registration.candidateCustomerIds),
      registration.storeId,
      registration.tillId,
      registration.staffId ?? null,
      registration.status,
      registration.customerId ?? null,
      registration.createdAt,
      registration.resolvedAt ?? null,
    )
  }

  async resolveRegistration(
    registrationId: string,
    status: Exclude<RegistrationStatus, 'pending'>,
    customerId: string,
    at: string,
  ): Promise<boolean> {
    const result = this.run(
      `UPDATE pending_registrations SET status = ?, customer_id = ?, resolved_at = ?
       WHERE registration_id = ? AND status = 'pending'`,
      status,
      customerId,
      at,
      registrationId,
    )
    return result.changes > 0
  }

  async insertAudit(entries: readonly AuditEntryWrite[]): Promise<void> {
    const insert = this.sql.get(
      `INSERT INTO audit_log (at, action, key_id, staff_id, store_id, till_id, result, customer_id, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const entry of entries) {
      insert.run(
        entry.at,
        entry.action,
        entry.keyId,
        entry.staffId ?? null,
        entry.storeId ?? null,
        entry.tillId ?? null,
        entry.result,
        entry.customerId ?? null,
        json(entry.details),
      )
    }
  }
}

function applyMigrations(db: Db): string[] {
  // What migration 0003 needs to turn stored key texts into the hashes new writes use.
  db.function('tessera_key_hash', { deterministic: true }, (key) => blockingKeyHash(String(key)))
  db.aggregate('tessera_pack_key_hashes', {
    start: () => [] as number[],
    step: (hashes: number[], hash) => {
      hashes.push(Number(hash))
    },
    result: (hashes: number[]) => packKeyHashes([...new Set(hashes)]),
  })
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  const applied: string[] = []
  // BEGIN IMMEDIATE takes the write lock first, so two processes starting at once apply each
  // migration exactly once: the second waits, then finds it done.
  const migrate = db.transaction(() => {
    const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Row[]).map((row) => row.id as string))
    for (const migration of SQLITE_MIGRATIONS) {
      if (done.has(migration.id)) continue
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString())
      applied.push(migration.id)
    }
  })
  migrate.immediate()
  return applied
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000
  const writer = openConnection(options.path, busyTimeoutMs, false)
  const inMemory = options.path === ':memory:' || options.path === ''
  // The reader is opened lazily after migrate(): a read-only connection cannot create the file.
  let readerDb: Db | undefined
  let reader: SqliteReader | undefined
  const blockingIndex = new MemoryBlockingIndex(writer)
  const writerTx = new SqliteTransaction(writer, blockingIndex)
  const checkpointer = inMemory ? undefined : startCheckpointer(options.path, { busyTimeoutMs })
  const mutex = new AsyncMutex()
  let closed = false

  const ensureOpen = () => {
    if (closed) throw sqliteUnavailable(options.path, new Error('the store is closed'))
  }

  const readSide = (): SqliteReader => {
    if (inMemory) return writerTx
    if (reader === undefined) {
      readerDb = openConnection(options.path, busyTimeoutMs, true)
      reader = new SqliteReader(readerDb, blockingIndex)
    }
    return reader
  }

  const store: Store = {
    capabilities: { concurrentWriters: false, advisoryLocks: false },

    migrate: async () => mutex.run(async () => ({ applied: applyMigrations(writer) })),

    transaction: <T>(work: (tx: StoreTransaction) => Promise<T>, _options?: TransactionOptions) =>
      mutex.run(async () => {
        ensureOpen()
        writer.exec('BEGIN IMMEDIATE')
        try {
          blockingIndex.beginTransaction()
          const result = await work(writerTx)
          writer.exec('COMMIT')
          blockingIndex.commitTransaction()
          return result
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK')
          blockingIndex.rollbackTransaction()
          throw error
        }
      }),

    ping: async () => {
      ensureOpen()
      writer.prepare('SELECT 1').get()
    },

    warmUp: () =>
      mutex.run(async () => {
        ensureOpen()
        const started = performance.now()
        const pages = inMemory ? { bytes: 0 } : warmWriter(writer, options.maxCacheBytes ?? totalmem() / 4)
        // The candidate index is built now rather than by the first resolve.
        blockingIndex.current()
        return { bytes: pages.bytes, seconds: (performance.now() - started) / 1000, blockingIndex: blockingIndex.report }
      }),

    advanceDeviceStepWithAudit: (deviceId, step, entries) =>
      store.transaction(async (tx) => {
        if (!(await tx.advanceDeviceStep(deviceId, step))) return false
        await tx.insertAudit(entries)
        return true
      }),

    // No visibility map to set, and the hot statements use their indexes without statistics.
    optimiseAfterBulkLoad: async () => {
      ensureOpen()
      return { seconds: 0 }
    },

    close: async () =>
      mutex.run(async () => {
        if (closed) return
        closed = true
        await checkpointer?.stop()
        blockingIndex.close()
        readerDb?.close()
        writer.close()
      }),

    getRecord: (...args) => readSide().getRecord(...args),
    getRecordsByKeys: (...args) => readSide().getRecordsByKeys(...args),
    listRecordsByBlockingKeys: (...args) => readSide().listRecordsByBlockingKeys(...args),
    getCustomer: (...args) => readSide().getCustomer(...args),
    listCustomerRecords: (...args) => readSide().listCustomerRecords(...args),
    getCustomerWithRecords: (...args) => readSide().getCustomerWithRecords(...args),
    listCustomerEvents: (...args) => readSide().listCustomerEvents(...args),
    listCustomerIdsByBlockingKeys: (...args) => readSide().listCustomerIdsByBlockingKeys(...args),
    getRecordAndCandidates: (...args) => readSide().getRecordAndCandidates(...args),
    listCandidatesOfCustomers: (...args) => readSide().listCandidatesOfCustomers(...args),
    listMembersAndDecisions: (...args) => readSide().listMembersAndDecisions(...args),
    listPairDecisions: (...args) => readSide().listPairDecisions(...args),
    getReview: (...args) => readSide().getReview(...args),
    listReviews: (...args) => readSide().listReviews(...args),
    listOpenReviewsForRecord: (...args) => readSide().listOpenReviewsForRecord(...args),
    getApiKeyBySecretHash: (...args) => readSide().getApiKeyBySecretHash(...args),
    listApiKeys: (...args) => readSide().listApiKeys(...args),
    getActiveModel: (...args) => readSide().getActiveModel(...args),
    getTermFrequencies: (...args) => readSide().getTermFrequencies(...args),
    listTermFrequencies: (...args) => readSide().listTermFrequencies(...args),
    getImportJob: (...args) => readSide().getImportJob(...args),
    getDevice: (...args) => readSide().getDevice(...args),
    getDeviceByRef: (...args) => readSide().getDeviceByRef(...args),
    getDeviceByCardTokenHash: (...args) => readSide().getDeviceByCardTokenHash(...args),
    listCustomerDevices: (...args) => readSide().listCustomerDevices(...args),
    getVerification: (...args) => readSide().getVerification(...args),
    getLatestVerification: (...args) => readSide().getLatestVerification(...args),
    getRegistration: (...args) => readSide().getRegistration(...args),
    listAudit: (...args) => readSide().listAudit(...args),
    listRecordCustomerIds: (...args) => readSide().listRecordCustomerIds(...args),
    countRecords: (...args) => readSide().countRecords(...args),
    countCustomers: (...args) => readSide().countCustomers(...args),
  }
  return store
}
