/**
 * The server store: PostgreSQL through a `pg` connection pool.
 *
 * Several processes may write at once, so the store does not serialise work itself: each
 * transaction() checks out its own connection, and callers that could race name `lockKeys`,
 * which become transaction-scoped advisory locks. Reads on the store itself go straight to the
 * pool; reads inside a transaction use its connection and so see its writes.
 *
 * Bulk writes send a chunk of rows in one parameter (a JSON array, or one array per column for
 * short plain values) and unpack it server-side: one statement per chunk, whatever the batch
 * size, instead of one round trip per row.
 */
import { createHash } from 'node:crypto'

import pg from 'pg'

import type { FeatureName } from '../../core/index.js'
import type {
  AuditEntryWrite,
  AuditQuery,
  CustomerEventWrite,
  CustomerLookup,
  RecordWrite,
  Store,
  StoredModel,
  StoredRecord,
  StoreReader,
  StoreTransaction,
  TermFrequencies,
  TransactionOptions,
} from '../store.js'
import { createRowMappers, type Row } from '../row-mappers.js'
import { POSTGRES_MIGRATIONS } from './migrations.js'
import { postgresTarget, postgresUnavailable, translatePostgresError, type PostgresTarget } from './postgres-errors.js'

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string
  /** Connections the pool may open; each running transaction holds one. */
  readonly poolSize?: number
}

/** A statement; a `name` makes pg prepare it once per connection (worth it on the hot path). */
interface Statement {
  readonly text: string
  readonly name?: string
}

/** Runs one statement and returns its rows; driver errors arrive already translated. */
type RunStatement = (statement: Statement | string, values?: readonly unknown[]) => Promise<Row[]>

const DEFAULT_POOL_SIZE = 10
/** The tables an import fills (optimiseAfterBulkLoad). */
const BULK_LOADED_TABLES = ['records', 'blocking_keys', 'customers', 'customer_events', 'term_frequencies', 'term_frequency_totals']
/** How long to wait for a connection (new or from a busy pool) before reporting the store unavailable. */
const CONNECT_TIMEOUT_MS = 10_000
/** Rows per bulk statement: keeps each parameter array to a few megabytes. */
const UPSERT_CHUNK_ROWS = 5_000
/** Term frequencies are two short columns, so their chunks can be larger. */
const TERM_FREQUENCY_CHUNK_ROWS = 50_000
/**
 * The session advisory lock that serialises migrate() across processes. Arbitrary but fixed
 * forever; it lives in the two-key lock space (pg_advisory_lock(int, int)), which never
 * collides with the one-key hashes taken for lockKeys.
 */
const MIGRATION_LOCK = [0x7e55e4a, 1] as const

const RECORD_COLUMNS =
  'r.record_key, r.source, r.record_id, r.customer_id, r.raw, r.normalised, r.features, r.verified, r.created_at, r.updated_at'
const CANDIDATE_COLUMNS = 'r.record_key, r.source, r.record_id, r.customer_id, r.features'
const CUSTOMER_COLUMNS = 'c.customer_id, c.created_at, c.updated_at, c.record_count'
const EVENT_COLUMNS = 'e.event_id, e.customer_id, e.kind, e.at, e.actor, e.details'
const DECISION_COLUMNS = 'd.record_key_a, d.record_key_b, d.decision, d.actor, d.reason, d.at'
const REVIEW_COLUMNS =
  'v.review_id, v.status, v.record_key, v.candidate_customer_id, v.candidate_record_key, v.reason, ' +
  'v.match_probability, v.match_weight, v.explanation, v.created_at, v.decided_at, v.decided_by, v.decision'
const API_KEY_COLUMNS = 'k.key_id, k.name, k.role, k.source, k.secret_hash, k.created_at, k.revoked_at'
const IMPORT_JOB_COLUMNS = 'j.fingerprint, j.job_id, j.status, j.committed_records, j.model_id, j.created_at, j.updated_at'
const VERIFICATION_COLUMNS =
  'v.verification_id, v.customer_id, v.channel, v.contact_hash, v.registration_id, v.code_hash, v.expires_at, ' +
  'v.failed_attempts, v.max_attempts, v.consumed_at, v.created_at, v.created_by'
const REGISTRATION_COLUMNS =
  'g.registration_id, g.record, g.candidate_customer_ids, g.store_id, g.till_id, g.staff_id, g.status, g.customer_id, ' +
  'g.created_at, g.resolved_at'
const AUDIT_COLUMNS = 'l.audit_id, l.at, l.action, l.key_id, l.staff_id, l.store_id, l.till_id, l.result, l.customer_id, l.details'

/**
 * A device with the customer it belongs to now: the id it was enrolled for, or that id's
 * survivor once a merge absorbed it (aliases are one hop, so one join suffices).
 */
const DEVICE_SELECT = `
  SELECT d.device_id, coalesce(a.customer_id, d.customer_id) AS customer_id, d.device_ref, d.secret,
         d.card_token_hash, d.label, d.last_step, d.created_at, d.revoked_at
    FROM devices d LEFT JOIN customer_aliases a ON a.alias_id = d.customer_id`

/** Every identify reads the device by the reference its QR payload carries. */
const DEVICE_BY_REF: Statement = {
  name: 'tessera_device_by_ref',
  text: `${DEVICE_SELECT} WHERE d.device_ref = $1`,
}

const DEVICE_BY_ID: Statement = {
  name: 'tessera_device_by_id',
  text: `${DEVICE_SELECT} WHERE d.device_id = $1`,
}

/** The card page reads its device on every load. */
const DEVICE_BY_CARD_TOKEN_HASH: Statement = {
  name: 'tessera_device_by_card_token_hash',
  text: `${DEVICE_SELECT} WHERE d.card_token_hash = $1`,
}

/**
 * Every identify's replay guard: one conditional statement, so of two tills scanning the same
 * code at once only one sees its row updated (the other waits on the row lock, then finds
 * last_step no longer below its step). RETURNING tells whether a row was updated.
 */
const ADVANCE_DEVICE_STEP: Statement = {
  name: 'tessera_advance_device_step',
  text: `UPDATE devices SET last_step = $2 WHERE device_id = $1 AND last_step < $2 AND revoked_at IS NULL RETURNING device_id`,
}

/** Every counter action writes an entry; rows travel as one JSON array, as events do. */
const INSERT_AUDIT: Statement = {
  name: 'tessera_insert_audit',
  text: `
    INSERT INTO audit_log (at, action, key_id, staff_id, store_id, till_id, result, customer_id, details)
    SELECT e.at, e.action, e.key_id, e.staff_id, e.store_id, e.till_id, e.result, e.customer_id, e.details::json
      FROM ROWS FROM (json_to_recordset($1::json) AS (
             at text, action text, key_id text, staff_id text, store_id text, till_id text, result text,
             customer_id text, details text))
           WITH ORDINALITY AS e (at, action, key_id, staff_id, store_id, till_id, result, customer_id, details, position)
     -- audit_id follows input order: entries are listed oldest first by it.
     ORDER BY e.position`,
}

/** ADVANCE_DEVICE_STEP and, only when it advanced, INSERT_AUDIT of $3: one autocommit statement. */
const ADVANCE_DEVICE_STEP_WITH_AUDIT: Statement = {
  name: 'tessera_advance_device_step_with_audit',
  text: `
    WITH advanced AS (${ADVANCE_DEVICE_STEP.text}
    ), logged AS (${INSERT_AUDIT.text.replace('$1::json', '$3::json').replace('ORDER BY e.position', 'WHERE EXISTS (SELECT 1 FROM advanced) ORDER BY e.position')}
    )
    SELECT count(*)::int AS advanced FROM advanced`,
}

/** listAudit's filters: each one given adds `column operator $n` to the WHERE clause. */
const AUDIT_FILTERS: readonly (readonly [keyof Omit<AuditQuery, 'limit'>, string, '=' | '>=' | '<' | '>'])[] = [
  ['action', 'l.action', '='],
  ['keyId', 'l.key_id', '='],
  ['staffId', 'l.staff_id', '='],
  ['storeId', 'l.store_id', '='],
  ['customerId', 'l.customer_id', '='],
  ['from', 'l.at', '>='],
  ['to', 'l.at', '<'],
  ['after', 'l.audit_id', '>'],
]

/**
 * The blocks a candidate lookup reads ($1 keys, $2 limit per key, $3 loose keys, $4 their
 * budget), as CTEs for the statements below: each wanted key's block is counted only up to
 * limit + 1 (enough to call it oversized without walking a huge block); `usable` holds the
 * record keys of the blocks chosen, deduplicated.
 */
const CHOSEN_BLOCKS = `
    WITH wanted AS (
      SELECT k.key, min(k.position) AS position FROM unnest($1::text[]) WITH ORDINALITY AS k(key, position) GROUP BY k.key
    ), sized AS (
      SELECT w.key, w.position, w.key = ANY ($3::text[]) AS loose,
             (SELECT count(*) FROM (SELECT 1 FROM blocking_keys b WHERE b.key = w.key LIMIT $2::int + 1) AS capped) AS size
        FROM wanted w
    ), chosen AS (
      SELECT s.key FROM sized s WHERE NOT s.loose AND s.size <= $2::int
      UNION ALL
      -- Loose blocks smallest first while their sizes add up to the budget (select-blocks.ts).
      SELECT l.key FROM (
        SELECT s.key, sum(s.size) OVER (ORDER BY s.size, s.position) AS running
          FROM sized s WHERE s.loose AND s.size <= $2::int
      ) AS l WHERE l.running <= $4::int
    ), usable AS (
      SELECT DISTINCT b.record_key FROM chosen c JOIN blocking_keys b ON b.key = c.key
    )`
const OVERSIZED_KEYS = `(SELECT coalesce(array_agg(s.key), '{}') FROM sized s WHERE s.key NOT IN (SELECT c.key FROM chosen c))`

/**
 * The oversized keys in a first row of their own (record_key NULL; always there, so they arrive
 * even when no record does), then the records, deduplicated. Only that row carries the array:
 * on every row, pg parsed it again for each candidate.
 */
const RECORDS_BY_BLOCKING_KEYS: Statement = {
  name: 'tessera_records_by_blocking_keys',
  text: `${CHOSEN_BLOCKS}
    SELECT ${OVERSIZED_KEYS} AS oversized_keys, NULL::bigint AS record_key, NULL AS source, NULL AS record_id, NULL AS customer_id, NULL::json AS features
    UNION ALL
    SELECT NULL, ${CANDIDATE_COLUMNS} FROM usable u JOIN records r ON r.record_key = u.record_key
     ORDER BY record_key NULLS FIRST`,
}

/**
 * RECORDS_BY_BLOCKING_KEYS, after the stored record of ($5, $6) if there is one: its row comes
 * first, marked `existing` (the columns a candidate lacks are NULL in the others).
 */
const RECORD_AND_CANDIDATES: Statement = {
  name: 'tessera_record_and_candidates',
  text: `${CHOSEN_BLOCKS}
    SELECT 0 AS part, NULL::text[] AS oversized_keys, ${RECORD_COLUMNS}
      FROM records r WHERE r.source = $5 AND r.record_id = $6
    UNION ALL
    SELECT 1, ${OVERSIZED_KEYS}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    UNION ALL
    SELECT 2, NULL, r.record_key, r.source, r.record_id, r.customer_id, NULL, NULL, r.features, NULL, NULL, NULL
      FROM usable u JOIN records r ON r.record_key = u.record_key
     ORDER BY part, record_key`,
}

/**
 * The records of customers $1 (the rows with a record_key), then the decisions touching them or
 * the records $2 (the rows with a record_key_a), each half in the order of its separate read.
 * A decision is found through either of its keys, each by its own index.
 */
const MEMBERS_AND_DECISIONS: Statement = {
  name: 'tessera_members_and_decisions',
  text: `
    WITH m AS (
      SELECT ${CANDIDATE_COLUMNS} FROM records r WHERE r.customer_id = ANY($1::text[])
    ), k AS MATERIALIZED (
      SELECT ARRAY(SELECT m.record_key FROM m UNION SELECT unnest($2::bigint[])) AS keys
    )
    SELECT m.record_key, m.source, m.record_id, m.customer_id, m.features,
           NULL::bigint AS record_key_a, NULL::bigint AS record_key_b, NULL AS decision, NULL::json AS actor, NULL AS reason, NULL AS at
      FROM m
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, ${DECISION_COLUMNS} FROM k, pair_decisions d WHERE d.record_key_a = ANY (k.keys)
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, ${DECISION_COLUMNS} FROM k, pair_decisions d
     WHERE d.record_key_b = ANY (k.keys) AND d.record_key_a <> ALL (k.keys)
    ORDER BY record_key, record_key_a, record_key_b`,
}

const CANDIDATES_OF_CUSTOMERS: Statement = {
  name: 'tessera_candidates_of_customers',
  text: `SELECT ${CANDIDATE_COLUMNS} FROM records r WHERE r.customer_id = ANY($1::text[]) ORDER BY r.record_key`,
}

/**
 * getCustomer's lookup (a live id wins over an alias) and the records of the customer found,
 * one row per record (its customer's columns prefixed c_), or one row with no record.
 */
const CUSTOMER_WITH_RECORDS: Statement = {
  name: 'tessera_customer_with_records',
  text: `
    WITH c AS (
      SELECT ${CUSTOMER_COLUMNS}, c.customer_id <> $1 AS via_alias FROM customers c
       WHERE c.customer_id = ANY (ARRAY[$1::text, (SELECT a.customer_id FROM customer_aliases a WHERE a.alias_id = $1)])
       ORDER BY via_alias LIMIT 1
    )
    SELECT c.customer_id AS c_customer_id, c.created_at AS c_created_at, c.updated_at AS c_updated_at,
           c.record_count AS c_record_count, c.via_alias, ${RECORD_COLUMNS}
      FROM c LEFT JOIN records r ON r.customer_id = c.customer_id
     ORDER BY r.record_key`,
}

/** Holders of each key, in one round trip (the caps check asks about up to four keys). */
const CUSTOMER_IDS_BY_BLOCKING_KEYS: Statement = {
  name: 'tessera_customer_ids_by_blocking_keys',
  text: `
    SELECT w.key, ARRAY(
             SELECT DISTINCT r.customer_id FROM blocking_keys b JOIN records r ON r.record_key = b.record_key
              WHERE b.key = w.key ORDER BY r.customer_id LIMIT $2::int) AS customer_ids
      FROM unnest($1::text[]) AS w(key)`,
}

/**
 * Term frequencies of several features in one round trip: one row per feature with a snapshot
 * (its total), then one row per (feature, value) the snapshot holds, each by primary key.
 */
const TERM_FREQUENCIES: Statement = {
  name: 'tessera_term_frequencies',
  text: `
    SELECT t.feature, t.present, NULL::text AS value, NULL::bigint AS count
      FROM term_frequency_totals t WHERE t.feature = ANY($3::text[])
    UNION ALL
    SELECT f.feature, NULL, f.value, f.count
      FROM unnest($1::text[], $2::text[]) AS w(feature, value)
      JOIN term_frequencies f ON f.feature = w.feature AND f.value = w.value`,
}

const RECORDS_BY_KEYS: Statement = {
  name: 'tessera_records_by_keys',
  text: `SELECT ${RECORD_COLUMNS} FROM records r WHERE r.record_key = ANY($1::bigint[]) ORDER BY r.record_key`,
}

/**
 * Rows travel as one JSON array per chunk, unpacked by json_to_recordset. For rows that carry
 * JSON documents this is about three times faster than one text[] per column with unnest: pg
 * spends most of the time escaping every quote of every document into an array literal. The
 * documents ride inside as strings and are cast to json here, because json_to_recordset
 * unescapes what it parses and would reject a `\u0000` that the json type itself accepts.
 */
const UPSERT_RECORDS = `
  INSERT INTO records (source, record_id, customer_id, raw, normalised, features, verified, created_at, updated_at)
  SELECT w.source, w.record_id, w.customer_id, w.raw::json, w.normalised::json, w.features::json, w.verified::json,
         $2::text, $2::text
    FROM ROWS FROM (json_to_recordset($1::json) AS (
           source text, record_id text, customer_id text, raw text, normalised text, features text, verified text))
         WITH ORDINALITY AS w (source, record_id, customer_id, raw, normalised, features, verified, position)
   -- New records get their record_key in input order ("insertion order" for exports).
   ORDER BY w.position
  ON CONFLICT (source, record_id) DO UPDATE SET
    customer_id = EXCLUDED.customer_id, raw = EXCLUDED.raw, normalised = EXCLUDED.normalised,
    features = EXCLUDED.features, verified = EXCLUDED.verified, updated_at = EXCLUDED.updated_at
  RETURNING record_key, source, record_id`

/**
 * One record in one round trip (the real-time path writes one per resolve): the upsert, then
 * its blocking keys brought to the new set — keys it no longer has dropped, new ones added
 * (ON CONFLICT: the keys it keeps are already there). Foreign keys are checked at the end of
 * the statement, when the records row exists.
 */
const UPSERT_ONE_RECORD: Statement = {
  name: 'tessera_upsert_one_record',
  text: `
    WITH up AS (
      INSERT INTO records (source, record_id, customer_id, raw, normalised, features, verified, created_at, updated_at)
      VALUES ($1, $2, $3, $4::json, $5::json, $6::json, $7::json, $8::text, $8::text)
      ON CONFLICT (source, record_id) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, raw = EXCLUDED.raw, normalised = EXCLUDED.normalised,
        features = EXCLUDED.features, verified = EXCLUDED.verified, updated_at = EXCLUDED.updated_at
      RETURNING record_key
    ), dropped AS (
      DELETE FROM blocking_keys b USING up WHERE b.record_key = up.record_key AND b.key <> ALL ($9::text[])
    ), added AS (
      INSERT INTO blocking_keys (key, record_key)
      SELECT k.key, up.record_key FROM up, unnest($9::text[]) AS k (key)
      ON CONFLICT DO NOTHING
    )
    SELECT record_key FROM up`,
}

/**
 * UPSERT_ONE_RECORD with the insert of the new customer it belongs to ($10, created at $11), which a resolve
 * that creates a customer asks for just before: one round trip for both. (records.customer_id
 * has no foreign key, so the order of the two inserts inside the statement does not matter.)
 */
const UPSERT_ONE_RECORD_OF_NEW_CUSTOMER: Statement = {
  name: 'tessera_upsert_one_record_of_new_customer',
  text: UPSERT_ONE_RECORD.text.replace(
    'WITH up AS (',
    `WITH customer AS (
      INSERT INTO customers (customer_id, created_at, updated_at, record_count) VALUES ($10, $11::text, $11::text, 0)
    ), up AS (`,
  ),
}

const INSERT_CUSTOMER: Statement = {
  name: 'tessera_insert_customer',
  text: 'INSERT INTO customers (customer_id, created_at, updated_at, record_count) VALUES ($1, $2, $2, 0)',
}

/** Inserts the events of a JSON array given as parameter `$n`, in order. */
const insertEventsFrom = (n: number): string => `
  INSERT INTO customer_events (customer_id, kind, at, actor, details)
  SELECT e.customer_id, e.kind, e.at, e.actor::json, e.details::json
    FROM ROWS FROM (json_to_recordset($${n}::json) AS (customer_id text, kind text, at text, actor text, details text))
         WITH ORDINALITY AS e (customer_id, kind, at, actor, details, position)
   -- event_id follows input order: events are listed oldest first by it.
   ORDER BY e.position`

const INSERT_EVENTS: Statement = { name: 'tessera_insert_events', text: insertEventsFrom(1) }

/** Recounts the records of the customers `$1` (deleting those left with none), as of `$2`. */
const REFRESH_CUSTOMERS_BODY = `
  counted AS (
    SELECT i.customer_id, (SELECT count(*) FROM records r WHERE r.customer_id = i.customer_id) AS record_count
      FROM (SELECT DISTINCT unnest($1::text[]) AS customer_id) AS i
  ), emptied AS (
    DELETE FROM customers c USING counted k WHERE c.customer_id = k.customer_id AND k.record_count = 0
  )
  UPDATE customers c SET record_count = k.record_count, updated_at = $2
    FROM counted k WHERE c.customer_id = k.customer_id AND k.record_count > 0`

const REFRESH_CUSTOMERS: Statement = { name: 'tessera_refresh_customers', text: `WITH ${REFRESH_CUSTOMERS_BODY}` }

/** REFRESH_CUSTOMERS that also inserts the events `$3` (no foreign key ties them together). */
const REFRESH_CUSTOMERS_WITH_EVENTS: Statement = {
  name: 'tessera_refresh_customers_with_events',
  text: `WITH logged AS (${insertEventsFrom(3)}), ${REFRESH_CUSTOMERS_BODY}`,
}

/** The parameters of UPSERT_ONE_RECORD ($1–$9). */
function upsertOneRecordValues(record: RecordWrite, at: string): unknown[] {
  return [
    record.source,
    record.record_id,
    record.customerId,
    json(record.raw),
    json(record.normalised),
    json(record.features),
    json(record.verified ?? []),
    at,
    [...new Set(record.blockingKeys)],
  ]
}

/** Audit entries as the JSON array that INSERT_AUDIT reads. */
function auditRows(entries: readonly AuditEntryWrite[]): string {
  return json(
    entries.map((entry) => ({
      at: entry.at,
      action: entry.action,
      key_id: entry.keyId,
      staff_id: entry.staffId ?? null,
      store_id: entry.storeId ?? null,
      till_id: entry.tillId ?? null,
      result: entry.result,
      customer_id: entry.customerId ?? null,
      details: json(entry.details),
    })),
  )
}

/** Events as the JSON array that insertEventsFrom reads. */
function eventRows(events: readonly CustomerEventWrite[]): string {
  return json(
    events.map((event) => ({
      customer_id: event.customerId,
      kind: event.kind,
      at: event.at,
      actor: json(event.actor),
      details: json(event.details),
    })),
  )
}

const json = (value: unknown): string => JSON.stringify(value)
/** bigint and count(*) arrive as strings (they may exceed 2^53); our keys and counts do not. */
const toNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(value))

// pg parses json and jsonb columns itself.
const { toRecord, toCandidate, toCustomer, toEvent, toDecision, toReview, toApiKey, toImportJob, toDevice, toVerification, toRegistration, toAuditEntry } =
  createRowMappers({ json: <T>(value: unknown) => value as T, int: toNumber })

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}

/**
 * The 64-bit advisory lock ids of the keys, deduplicated and in ascending order: every
 * transaction takes its locks in the same global order, so two of them can wait on each other
 * but never deadlock. sha256 rather than hashtext(): the order is computed here, before the
 * first lock is requested, and stays the same across PostgreSQL versions.
 */
function advisoryLockIds(lockKeys: readonly string[]): string[] {
  const ids = new Set<bigint>()
  for (const key of lockKeys) ids.add(createHash('sha256').update(key, 'utf8').digest().readBigInt64BE(0))
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((id) => id.toString())
}

/** The read half of the contract over a pool or over one transaction's connection. */
function createReader(run: RunStatement): StoreReader {
  async function getRecord(source: string, recordId: string): Promise<StoredRecord | undefined> {
    const rows = await run({ name: 'tessera_get_record', text: `SELECT ${RECORD_COLUMNS} FROM records r WHERE r.source = $1 AND r.record_id = $2` }, [
      source,
      recordId,
    ])
    return rows.length === 0 ? undefined : toRecord(rows[0])
  }

  return {
    getRecord,

    async getRecordsByKeys(recordKeys) {
      if (recordKeys.length === 0) return []
      return (await run(RECORDS_BY_KEYS, [recordKeys])).map(toRecord)
    },

    async listRecordsByBlockingKeys(keys, limitPerKey, loose) {
      if (keys.length === 0) return { records: [], oversizedKeys: [] }
      const rows = await run(RECORDS_BY_BLOCKING_KEYS, [keys, limitPerKey, loose?.keys ?? [], loose?.budget ?? 0])
      const oversized = new Set(rows[0].oversized_keys as string[])
      // Report oversized keys in the order they were asked for, as the SQLite store does.
      const oversizedKeys = [...new Set(keys)].filter((key) => oversized.has(key))
      return { records: rows.slice(1).map(toCandidate), oversizedKeys }
    },

    async getRecordAndCandidates(source, recordId, keys, limitPerKey, loose) {
      if (keys.length === 0) {
        return { existing: await getRecord(source, recordId), records: [], oversizedKeys: [] }
      }
      const rows = await run(RECORD_AND_CANDIDATES, [keys, limitPerKey, loose?.keys ?? [], loose?.budget ?? 0, source, recordId])
      const existing = rows[0].part === 0 ? toRecord(rows[0]) : undefined
      const header = existing === undefined ? 0 : 1
      const oversized = new Set(rows[header].oversized_keys as string[])
      return {
        existing,
        records: rows.slice(header + 1).map(toCandidate),
        oversizedKeys: [...new Set(keys)].filter((key) => oversized.has(key)),
      }
    },

    async listMembersAndDecisions(customerIds, otherRecordKeys) {
      if (customerIds.length === 0 && otherRecordKeys.length === 0) return { records: [], decisions: [] }
      const rows = await run(MEMBERS_AND_DECISIONS, [customerIds, otherRecordKeys])
      return {
        records: rows.filter((row) => row.record_key != null).map(toCandidate),
        decisions: rows.filter((row) => row.record_key_a != null).map(toDecision),
      }
    },

    async listCandidatesOfCustomers(customerIds) {
      if (customerIds.length === 0) return []
      return (await run(CANDIDATES_OF_CUSTOMERS, [customerIds])).map(toCandidate)
    },

    async getCustomerWithRecords(customerId) {
      const rows = await run(CUSTOMER_WITH_RECORDS, [customerId])
      if (rows.length === 0) return undefined
      const [first] = rows
      const customer = toCustomer({
        customer_id: first.c_customer_id,
        created_at: first.c_created_at,
        updated_at: first.c_updated_at,
        record_count: first.c_record_count,
      })
      const records = rows.filter((row) => row.record_key != null).map(toRecord)
      return first.via_alias === true ? { customer, aliasOf: customerId, records } : { customer, records }
    },

    async getCustomer(customerId): Promise<CustomerLookup | undefined> {
      // The live row and the alias's survivor in one round trip; a live id wins.
      const rows = await run(
        `SELECT ${CUSTOMER_COLUMNS}, c.customer_id <> $1 AS via_alias FROM customers c
          WHERE c.customer_id = ANY (ARRAY[$1::text, (SELECT a.customer_id FROM customer_aliases a WHERE a.alias_id = $1)])
          ORDER BY via_alias LIMIT 1`,
        [customerId],
      )
      if (rows.length === 0) return undefined
      const customer = toCustomer(rows[0])
      return rows[0].via_alias === true ? { customer, aliasOf: customerId } : { customer }
    },

    async listCustomerRecords(customerId) {
      return (
        await run(`SELECT ${RECORD_COLUMNS} FROM records r WHERE r.customer_id = $1 ORDER BY r.record_key`, [customerId])
      ).map(toRecord)
    },

    async listCustomerEvents(customerId) {
      return (
        await run(
          `SELECT ${EVENT_COLUMNS} FROM customer_events e
            WHERE e.customer_id = ANY (ARRAY(
              SELECT $1::text UNION ALL SELECT a.alias_id FROM customer_aliases a WHERE a.customer_id = $1))
            ORDER BY e.event_id`,
          [customerId],
        )
      ).map(toEvent)
    },

    async listCustomerIdsByBlockingKeys(keys, limit) {
      const holders = new Map<string, string[]>(keys.map((key) => [key, []]))
      if (keys.length === 0) return holders
      for (const row of await run(CUSTOMER_IDS_BY_BLOCKING_KEYS, [[...new Set(keys)], limit])) {
        holders.set(row.key as string, row.customer_ids as string[])
      }
      return holders
    },

    async listPairDecisions(recordKeys) {
      if (recordKeys.length === 0) return []
      return (
        await run(
          {
            name: 'tessera_pair_decisions',
            text: `SELECT ${DECISION_COLUMNS} FROM pair_decisions d
                    WHERE d.record_key_a = ANY($1::bigint[]) OR d.record_key_b = ANY($1::bigint[])
                    ORDER BY d.record_key_a, d.record_key_b`,
          },
          [recordKeys],
        )
      ).map(toDecision)
    },

    async getReview(reviewId) {
      const rows = await run(`SELECT ${REVIEW_COLUMNS} FROM review_tasks v WHERE v.review_id = $1`, [reviewId])
      return rows.length === 0 ? undefined : toReview(rows[0])
    },

    async listReviews(options) {
      return (
        await run(
          `SELECT ${REVIEW_COLUMNS} FROM review_tasks v
            WHERE ($1::text IS NULL OR v.status = $1) AND ($2::text IS NULL OR v.review_id > $2)
            ORDER BY v.review_id LIMIT $3`,
          [options.status ?? null, options.after ?? null, options.limit],
        )
      ).map(toReview)
    },

    async listOpenReviewsForRecord(recordKey) {
      return (
        await run(
          `SELECT ${REVIEW_COLUMNS} FROM review_tasks v
            WHERE v.status = 'open' AND (v.record_key = $1 OR v.candidate_record_key = $1)
            ORDER BY v.review_id`,
          [recordKey],
        )
      ).map(toReview)
    },

    async getApiKeyBySecretHash(secretHash) {
      const rows = await run(`SELECT ${API_KEY_COLUMNS} FROM api_keys k WHERE k.secret_hash = $1`, [secretHash])
      return rows.length === 0 ? undefined : toApiKey(rows[0])
    },

    async listApiKeys() {
      return (await run(`SELECT ${API_KEY_COLUMNS} FROM api_keys k ORDER BY k.key_id`)).map(toApiKey)
    },

    async getActiveModel(): Promise<StoredModel | undefined> {
      const rows = await run('SELECT model_id, json, created_at FROM models WHERE active ORDER BY created_at DESC LIMIT 1')
      if (rows.length === 0) return undefined
      const row = rows[0]
      return { modelId: row.model_id as string, json: row.json as string, createdAt: row.created_at as string, active: true }
    },

    async getTermFrequencies(wanted) {
      const answer = new Map<FeatureName, TermFrequencies>()
      if (wanted.size === 0) return answer
      const features: string[] = []
      const values: string[] = []
      for (const [feature, wantedValues] of wanted) {
        for (const value of wantedValues) {
          features.push(feature)
          values.push(value)
        }
      }
      const rows = await run(TERM_FREQUENCIES, [features, values, [...wanted.keys()]])
      const present = new Map<string, number>()
      const counts = new Map<string, Map<string, number>>()
      for (const row of rows) {
        const feature = row.feature as string
        if (row.value == null) present.set(feature, toNumber(row.present))
        else {
          let table = counts.get(feature)
          if (table === undefined) counts.set(feature, (table = new Map()))
          table.set(row.value as string, toNumber(row.count))
        }
      }
      // No total means no snapshot for the feature: no counts either, as in the SQLite store.
      for (const feature of wanted.keys()) {
        const total = present.get(feature) ?? 0
        answer.set(feature, { counts: total === 0 ? new Map() : (counts.get(feature) ?? new Map()), present: total })
      }
      return answer
    },

    async listTermFrequencies(after, limit) {
      // COLLATE "C" columns: byte order, which for UTF-8 is code point order, as in SQLite.
      const rows =
        after === undefined
          ? await run({ name: 'tessera_list_term_frequencies', text: 'SELECT feature, value, count FROM term_frequencies ORDER BY feature, value LIMIT $1' }, [limit])
          : await run(
              {
                name: 'tessera_list_term_frequencies_after',
                text: 'SELECT feature, value, count FROM term_frequencies WHERE (feature, value) > ($1, $2) ORDER BY feature, value LIMIT $3',
              },
              [after.feature, after.value, limit],
            )
      return rows.map((row) => ({ feature: row.feature as FeatureName, value: row.value as string, count: toNumber(row.count) }))
    },

    async getImportJob(fingerprint) {
      const rows = await run(`SELECT ${IMPORT_JOB_COLUMNS} FROM import_jobs j WHERE j.fingerprint = $1`, [fingerprint])
      return rows.length === 0 ? undefined : toImportJob(rows[0])
    },

    async getDevice(deviceId) {
      const rows = await run(DEVICE_BY_ID, [deviceId])
      return rows.length === 0 ? undefined : toDevice(rows[0])
    },

    async getDeviceByRef(deviceRef) {
      const rows = await run(DEVICE_BY_REF, [deviceRef])
      return rows.length === 0 ? undefined : toDevice(rows[0])
    },

    async getDeviceByCardTokenHash(cardTokenHash) {
      const rows = await run(DEVICE_BY_CARD_TOKEN_HASH, [cardTokenHash])
      return rows.length === 0 ? undefined : toDevice(rows[0])
    },

    async listCustomerDevices(customerId) {
      // The live customer (the id itself, or its survivor), then every id it absorbed.
      return (
        await run(
          `WITH live AS (
             SELECT coalesce((SELECT s.customer_id FROM customer_aliases s WHERE s.alias_id = $1::text), $1::text) AS id
           )
           ${DEVICE_SELECT}
            WHERE d.customer_id = ANY (ARRAY(
              SELECT live.id FROM live UNION ALL
              SELECT s.alias_id FROM customer_aliases s JOIN live ON s.customer_id = live.id))
            ORDER BY d.created_at, d.device_id`,
          [customerId],
        )
      ).map(toDevice)
    },

    async getVerification(verificationId) {
      const rows = await run(`SELECT ${VERIFICATION_COLUMNS} FROM verification_challenges v WHERE v.verification_id = $1`, [
        verificationId,
      ])
      return rows.length === 0 ? undefined : toVerification(rows[0])
    },

    async getLatestVerification(customerId, channel) {
      const rows = await run(
        `SELECT ${VERIFICATION_COLUMNS} FROM verification_challenges v
          WHERE v.customer_id = $1 AND v.channel = $2 ORDER BY v.verification_id DESC LIMIT 1`,
        [customerId, channel],
      )
      return rows.length === 0 ? undefined : toVerification(rows[0])
    },

    async getRegistration(registrationId) {
      const rows = await run(`SELECT ${REGISTRATION_COLUMNS} FROM pending_registrations g WHERE g.registration_id = $1`, [
        registrationId,
      ])
      return rows.length === 0 ? undefined : toRegistration(rows[0])
    },

    async listAudit(query) {
      // Only the filters given reach the SQL, so the planner can use the index of a filter
      // ('$1 IS NULL OR column = $1' would keep it from doing so in a generic plan).
      const conditions: string[] = []
      const values: unknown[] = []
      for (const [field, column, operator] of AUDIT_FILTERS) {
        const value = query[field]
        if (value == null) continue
        values.push(value)
        conditions.push(`${column} ${operator} $${values.length}`)
      }
      values.push(query.limit)
      const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
      return (
        await run(`SELECT ${AUDIT_COLUMNS} FROM audit_log l${where} ORDER BY l.audit_id LIMIT $${values.length}`, values)
      ).map(toAuditEntry)
    },

    async listRecordCustomerIds(afterRecordKey, limit) {
      const rows = await run(
        `SELECT record_key, source, record_id, customer_id FROM records
          WHERE record_key > $1 ORDER BY record_key LIMIT $2`,
        [afterRecordKey, limit],
      )
      return rows.map((row) => ({
        recordKey: toNumber(row.record_key),
        source: row.source as string,
        record_id: row.record_id as string,
        customerId: row.customer_id as string,
      }))
    },

    async countRecords() {
      return toNumber((await run('SELECT count(*) AS n FROM records'))[0].n)
    },

    async countCustomers() {
      return toNumber((await run('SELECT count(*) AS n FROM customers'))[0].n)
    },
  }
}

/**
 * The write half, on the connection of one open transaction, and `flush`, which must run before
 * the commit.
 *
 * Two writes wait for the transaction's next statement, each saving a round trip per resolve:
 * - history events: the refresh of customers that nearly always follows them takes them along
 *   in its own statement;
 * - a new customer: the upsert of its one record that nearly always follows takes it along.
 * Any other statement, and the commit, writes them first on their own, so a read in the
 * transaction still sees them and an error (a duplicate id) still fails the transaction.
 */
function createTransaction(runOnConnection: RunStatement): { tx: StoreTransaction; flush: () => Promise<void>; reset: () => void } {
  let pendingEvents: CustomerEventWrite[] = []
  let pendingCustomer: { customerId: string; at: string } | undefined

  async function insertEvents(events: readonly CustomerEventWrite[]): Promise<void> {
    for (const chunk of chunksOf(events, UPSERT_CHUNK_ROWS)) await runOnConnection(INSERT_EVENTS, [eventRows(chunk)])
  }

  async function flushCustomer(): Promise<void> {
    if (pendingCustomer === undefined) return
    const { customerId, at } = pendingCustomer
    pendingCustomer = undefined
    await runOnConnection(INSERT_CUSTOMER, [customerId, at])
  }

  async function flush(): Promise<void> {
    await flushCustomer()
    if (pendingEvents.length === 0) return
    const events = pendingEvents
    pendingEvents = []
    await insertEvents(events)
  }

  const run: RunStatement = async (statement, values) => {
    await flush()
    return runOnConnection(statement, values)
  }

  const writes = createWrites(run)
  const tx: StoreTransaction = {
    ...writes,
    async insertCustomer(customerId, at) {
      await flush()
      pendingCustomer = { customerId, at }
    },
    async upsertRecords(records, at) {
      // The pending customer goes with the records (events still pending are written first).
      const customer = pendingCustomer
      pendingCustomer = undefined
      return writes.upsertRecords(records, at, customer)
    },
    async insertEvents(events) {
      pendingEvents.push(...events)
    },
    async refreshCustomers(customerIds, at) {
      if (customerIds.length === 0) return
      await flushCustomer()
      const events = pendingEvents
      pendingEvents = []
      if (events.length > 0 && events.length <= UPSERT_CHUNK_ROWS) {
        await runOnConnection(REFRESH_CUSTOMERS_WITH_EVENTS, [customerIds, at, eventRows(events)])
        return
      }
      await insertEvents(events)
      await runOnConnection(REFRESH_CUSTOMERS, [customerIds, at])
    },
  }
  // What a transaction that failed before its flush left pending goes with it.
  const reset = () => {
    pendingEvents = []
    pendingCustomer = undefined
  }
  return { tx, flush, reset }
}

/**
 * The transaction's statements but for the history events and the refresh that may carry them.
 * upsertRecords also takes the new customer the records belong to, inserted in the same
 * statement as a single record.
 */
function createWrites(run: RunStatement): Omit<StoreTransaction, 'insertEvents' | 'refreshCustomers' | 'upsertRecords'> & {
  upsertRecords(records: readonly RecordWrite[], at: string, newCustomer?: { customerId: string; at: string }): Promise<number[]>
} {
  /** Inserts or replaces one chunk (no two rows share source + record_id); returns its keys in order. */
  async function upsertChunk(records: readonly RecordWrite[], at: string): Promise<number[]> {
    const rows = await run(UPSERT_RECORDS, [
      json(
        records.map((record) => ({
          source: record.source,
          record_id: record.record_id,
          customer_id: record.customerId,
          raw: json(record.raw),
          normalised: json(record.normalised),
          features: json(record.features),
          verified: json(record.verified ?? []),
        })),
      ),
      at,
    ])
    const keyByIdentity = new Map(rows.map((row) => [identityOf(row.source as string, row.record_id as string), toNumber(row.record_key)]))
    const recordKeys = records.map((record) => keyByIdentity.get(identityOf(record.source, record.record_id))!)

    // A record's blocking keys are replaced, not merged: drop the old ones, then add the new.
    await run('DELETE FROM blocking_keys WHERE record_key = ANY($1::bigint[])', [recordKeys])
    const keys: string[] = []
    const owners: number[] = []
    records.forEach((record, index) => {
      // Deduplicated here, so the insert needs no ON CONFLICT (whose speculative insertion costs).
      for (const key of new Set(record.blockingKeys)) {
        keys.push(key)
        owners.push(recordKeys[index])
      }
    })
    if (keys.length > 0) {
      await run(
        `INSERT INTO blocking_keys (key, record_key)
         SELECT k.key, k.record_key FROM unnest($1::text[], $2::bigint[]) AS k (key, record_key)`,
        [keys, owners],
      )
    }
    return recordKeys
  }

  return {
    ...createReader(run),

    async upsertRecords(records, at, newCustomer) {
      // One statement cannot touch a row twice, so a record repeated in the batch is written
      // once, with its last version, at its first position (as row-by-row upserts would).
      const slotByIdentity = new Map<string, number>()
      const latest: RecordWrite[] = []
      const slotOfInput = records.map((record) => {
        const identity = identityOf(record.source, record.record_id)
        const slot = slotByIdentity.get(identity)
        if (slot !== undefined) {
          latest[slot] = record
          return slot
        }
        slotByIdentity.set(identity, latest.length)
        latest.push(record)
        return latest.length - 1
      })
      if (latest.length === 1) {
        const rows =
          newCustomer === undefined
            ? await run(UPSERT_ONE_RECORD, upsertOneRecordValues(latest[0], at))
            : await run(UPSERT_ONE_RECORD_OF_NEW_CUSTOMER, [...upsertOneRecordValues(latest[0], at), newCustomer.customerId, newCustomer.at])
        return slotOfInput.map(() => toNumber(rows[0].record_key))
      }
      if (newCustomer !== undefined) await run(INSERT_CUSTOMER, [newCustomer.customerId, newCustomer.at])
      const keyOfSlot: number[] = []
      for (const chunk of chunksOf(latest, UPSERT_CHUNK_ROWS)) keyOfSlot.push(...(await upsertChunk(chunk, at)))
      return slotOfInput.map((slot) => keyOfSlot[slot])
    },

    async updateRecordCustomers(recordKeys, customerId, at) {
      if (recordKeys.length === 0) return
      await run('UPDATE records SET customer_id = $2, updated_at = $3 WHERE record_key = ANY($1::bigint[])', [
        recordKeys,
        customerId,
        at,
      ])
    },

    async markRecordVerified(recordKey, contactPoint, at) {
      // A sorted set, byte order (COLLATE "C"), like the SQLite store's JavaScript sort.
      await run(
        `UPDATE records SET
           verified = (SELECT json_agg(p.point ORDER BY p.point COLLATE "C")
                         FROM (SELECT json_array_elements_text(records.verified) UNION SELECT $2::text) AS p (point)),
           updated_at = $3
         WHERE record_key = $1`,
        [recordKey, contactPoint, at],
      )
    },

    async insertCustomer(customerId, at) {
      await run(INSERT_CUSTOMER, [customerId, at])
    },

    async insertCustomers(customerIds, at) {
      // One statement: an import inserts thousands per chunk, and a round trip each cost more
      // than the inserts.
      for (const chunk of chunksOf(customerIds, UPSERT_CHUNK_ROWS)) {
        await run(
          { name: 'tessera_insert_customers', text: 'INSERT INTO customers (customer_id, created_at, updated_at, record_count) SELECT id, $2, $2, 0 FROM unnest($1::text[]) AS i (id)' },
          [chunk, at],
        )
      }
    },

    async lockCustomers(customerIds) {
      if (customerIds.length === 0) return []
      // Rows are locked in id order, so two transactions locking overlapping sets cannot deadlock.
      const rows = await run(
        { name: 'tessera_lock_customers', text: 'SELECT customer_id FROM customers WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE' },
        [[...new Set(customerIds)]],
      )
      return rows.map((row) => row.customer_id as string)
    },

    async absorbCustomer(absorbedId, survivorId, at) {
      await run('DELETE FROM customers WHERE customer_id = $1', [absorbedId])
      await run('UPDATE customer_aliases SET customer_id = $2 WHERE customer_id = $1', [absorbedId, survivorId])
      await run(
        `INSERT INTO customer_aliases (alias_id, customer_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (alias_id) DO UPDATE SET customer_id = EXCLUDED.customer_id`,
        [absorbedId, survivorId, at],
      )
    },

    async upsertPairDecision(decision) {
      const [a, b] =
        decision.recordKeyA < decision.recordKeyB
          ? [decision.recordKeyA, decision.recordKeyB]
          : [decision.recordKeyB, decision.recordKeyA]
      await run(
        `INSERT INTO pair_decisions (record_key_a, record_key_b, decision, actor, reason, at)
         VALUES ($1, $2, $3, $4::json, $5, $6)
         ON CONFLICT (record_key_a, record_key_b) DO UPDATE SET
           decision = EXCLUDED.decision, actor = EXCLUDED.actor, reason = EXCLUDED.reason, at = EXCLUDED.at`,
        [a, b, decision.decision, json(decision.actor), decision.reason, decision.at],
      )
    },

    async insertReview(review) {
      await run(
        `INSERT INTO review_tasks (review_id, status, record_key, candidate_customer_id, candidate_record_key, reason,
           match_probability, match_weight, explanation, created_at, decided_at, decided_by, decision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10, $11, $12::json, $13)`,
        [
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
        ],
      )
    },

    async updateReview(reviewId, changes) {
      await run(
        `UPDATE review_tasks SET status = $2, decided_at = coalesce($3, decided_at),
           decided_by = coalesce($4::json, decided_by), decision = coalesce($5, decision)
         WHERE review_id = $1`,
        [
          reviewId,
          changes.status,
          changes.decidedAt ?? null,
          changes.decidedBy === undefined ? null : json(changes.decidedBy),
          changes.decision ?? null,
        ],
      )
    },

    async insertApiKey(key) {
      await run(
        `INSERT INTO api_keys (key_id, name, role, source, secret_hash, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [key.keyId, key.name, key.role, key.source ?? null, key.secretHash, key.createdAt, key.revokedAt ?? null],
      )
    },

    async revokeApiKey(keyId, at) {
      await run('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE key_id = $1', [keyId, at])
    },

    async insertModel(model) {
      if (model.active) await run('UPDATE models SET active = false WHERE active')
      await run('INSERT INTO models (model_id, json, created_at, active) VALUES ($1, $2, $3, $4)', [
        model.modelId,
        model.json,
        model.createdAt,
        model.active,
      ])
    },

    async replaceTermFrequencies(feature: FeatureName, counts, present) {
      await run('DELETE FROM term_frequencies WHERE feature = $1', [feature])
      for (const chunk of chunksOf([...counts], TERM_FREQUENCY_CHUNK_ROWS)) {
        await run(
          `INSERT INTO term_frequencies (feature, value, count)
           SELECT $1, t.value, t.count FROM unnest($2::text[], $3::int[]) AS t (value, count)`,
          [feature, chunk.map(([value]) => value), chunk.map(([, count]) => count)],
        )
      }
      await run(
        `INSERT INTO term_frequency_totals (feature, present) VALUES ($1, $2)
         ON CONFLICT (feature) DO UPDATE SET present = EXCLUDED.present`,
        [feature, present],
      )
    },

    async upsertImportJob(job) {
      await run(
        `INSERT INTO import_jobs (fingerprint, job_id, status, committed_records, model_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (fingerprint) DO UPDATE SET job_id = EXCLUDED.job_id, status = EXCLUDED.status,
           committed_records = EXCLUDED.committed_records, model_id = EXCLUDED.model_id, updated_at = EXCLUDED.updated_at`,
        [job.fingerprint, job.jobId, job.status, job.committedRecords, job.modelId ?? null, job.createdAt, job.updatedAt],
      )
    },

    async insertDevice(device) {
      await run(
        `INSERT INTO devices (device_id, customer_id, device_ref, secret, card_token_hash, label, last_step, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          device.deviceId,
          device.customerId,
          device.deviceRef,
          device.secret,
          device.cardTokenHash,
          device.label,
          device.lastStep,
          device.createdAt,
          device.revokedAt ?? null,
        ],
      )
    },

    async revokeDevice(deviceId, at) {
      await run('UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE device_id = $1', [deviceId, at])
    },

    async advanceDeviceStep(deviceId, step) {
      return (await run(ADVANCE_DEVICE_STEP, [deviceId, step])).length > 0
    },

    async insertVerification(challenge) {
      await run(
        `INSERT INTO verification_challenges (verification_id, customer_id, channel, contact_hash, registration_id, code_hash,
           expires_at, failed_attempts, max_attempts, consumed_at, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json)`,
        [
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
        ],
      )
    },

    async updateVerification(verificationId, changes, expectedFailedAttempts) {
      // One conditional statement: of two confirmations racing on the same count, the second
      // waits on the row lock, then finds the count changed and updates nothing.
      const rows = await run(
        `UPDATE verification_challenges SET code_hash = coalesce($2::text, code_hash),
           expires_at = coalesce($3::text, expires_at), failed_attempts = coalesce($4::int, failed_attempts),
           consumed_at = coalesce($5::text, consumed_at)
         WHERE verification_id = $1 AND failed_attempts = $6 AND consumed_at IS NULL
         RETURNING verification_id`,
        [
          verificationId,
          changes.codeHash ?? null,
          changes.expiresAt ?? null,
          changes.failedAttempts ?? null,
          changes.consumedAt ?? null,
          expectedFailedAttempts,
        ],
      )
      return rows.length > 0
    },

    async insertRegistration(registration) {
      await run(
        `INSERT INTO pending_registrations (registration_id, record, candidate_customer_ids, store_id, till_id, staff_id,
           status, customer_id, created_at, resolved_at)
         VALUES ($1, $2::json, $3::json, $4, $5, $6, $7, $8, $9, $10)`,
        [
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
        ],
      )
    },

    async resolveRegistration(registrationId, status, customerId, at) {
      const rows = await run(
        `UPDATE pending_registrations SET status = $2, customer_id = $3, resolved_at = $4
         WHERE registration_id = $1 AND status = 'pending'
         RETURNING registration_id`,
        [registrationId, status, customerId, at],
      )
      return rows.length > 0
    },

    async insertAudit(entries) {
      for (const chunk of chunksOf(entries, UPSERT_CHUNK_ROWS)) await run(INSERT_AUDIT, [auditRows(chunk)])
    },
  }
}

function identityOf(source: string, recordId: string): string {
  // PostgreSQL text cannot hold U+0000, so it cannot occur inside either part.
  return `${source}\u0000${recordId}`
}

/** Runs statements on a pool or a client, translating driver errors at this boundary. */
function createRunner(target: PostgresTarget, queryable: pg.Pool | pg.PoolClient, isClosed: () => boolean): RunStatement {
  return async (statement, values) => {
    if (isClosed()) throw postgresUnavailable(target, new Error('the store is closed'))
    const config: pg.QueryConfig = typeof statement === 'string' ? { text: statement } : { ...statement }
    try {
      const result = await queryable.query<Row>(values === undefined ? config : { ...config, values: [...values] })
      return result.rows
    } catch (error) {
      throw translatePostgresError(error, target)
    }
  }
}

/** Opens a pool and checks that the server answers; fails with UnavailableError when it does not. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const target = postgresTarget(options.url)
  try {
    new URL(options.url)
  } catch {
    // The parser's own error carries the URL, password included: report without it.
    throw postgresUnavailable(target, new Error('the URL cannot be parsed; expected postgres://user:password@host:port/database'))
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'tessera',
  })
  // An idle connection that dies (server restart, network) is discarded by the pool; the next
  // statement reports the outage. Without a listener the error would crash the process.
  pool.on('error', () => undefined)

  let closed = false
  const isClosed = () => closed
  const runOnPool = createRunner(target, pool, isClosed)

  /** A connection of our own, for work that needs one session (transactions, migrations). */
  async function checkOut(): Promise<pg.PoolClient> {
    if (closed) throw postgresUnavailable(target, new Error('the store is closed'))
    try {
      return await pool.connect()
    } catch (error) {
      throw translatePostgresError(error, target)
    }
  }

  /**
   * A connection's runner and transaction object, made once per pooled connection rather than
   * per transaction: the transaction object holds some seventy closures, and making them for
   * every resolve was a tenth of the server's allocation (and garbage-collection pauses in
   * the slowest resolves).
   */
  const runners = new WeakMap<pg.PoolClient, RunStatement>()
  const transactionOf = new WeakMap<RunStatement, ReturnType<typeof createTransaction>>()
  function runnerOf(client: pg.PoolClient): RunStatement {
    let runner = runners.get(client)
    if (runner === undefined) runners.set(client, (runner = createRunner(target, client, isClosed)))
    return runner
  }

  /**
   * Lends a connection to `work`. A checked-out connection has no error listener of the pool's,
   * so one is added for the loan. `work` calls `discard` when the connection must not go back
   * to the pool (broken, or holding session state it could not clean up).
   */
  async function withConnection<T>(work: (run: RunStatement, discard: (reason: Error) => void) => Promise<T>): Promise<T> {
    const client = await checkOut()
    let discardReason: Error | undefined
    const discard = (reason: Error) => {
      discardReason = reason
    }
    client.on('error', discard)
    try {
      return await work(runnerOf(client), discard)
    } finally {
      client.removeListener('error', discard)
      client.release(discardReason)
    }
  }

  async function applyMigrations(): Promise<{ applied: string[] }> {
    return withConnection(async (run, discard) => {
      try {
        // A session lock: two processes starting at once take turns, and the second finds the
        // work done. Each migration commits on its own, so a failure keeps the earlier ones.
        await run('SELECT pg_advisory_lock($1, $2)', MIGRATION_LOCK)
        await run(
          'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
        )
        const done = new Set((await run('SELECT id FROM schema_migrations')).map((row) => row.id as string))
        const applied: string[] = []
        for (const migration of POSTGRES_MIGRATIONS) {
          if (done.has(migration.id)) continue
          // DDL is transactional in PostgreSQL: a migration that fails leaves no trace.
          await run('BEGIN')
          await run(migration.sql)
          await run('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id])
          await run('COMMIT')
          applied.push(migration.id)
        }
        await run('SELECT pg_advisory_unlock($1, $2)', MIGRATION_LOCK)
        return { applied }
      } catch (error) {
        // Dropping the connection ends its session: that rolls back an open migration and
        // releases the lock, whatever state the failure left them in.
        discard(error instanceof Error ? error : new Error(String(error)))
        throw error
      }
    })
  }

  async function runTransaction<T>(work: (tx: StoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return withConnection(async (run, discard) => {
      const lockIds = advisoryLockIds(options?.lockKeys ?? [])
      // BEGIN and the locks in one round trip (a simple-protocol query of two statements; the
      // ids are decimal integers computed here, so writing them into the text is safe).
      // unnest yields the ids in array order, so the locks are taken in the sorted order.
      await run(
        lockIds.length === 0
          ? 'BEGIN'
          : `BEGIN; SELECT pg_advisory_xact_lock(l.id) FROM unnest('{${lockIds.join(',')}}'::bigint[]) AS l (id)`,
      )
      try {
        let transaction = transactionOf.get(run)
        if (transaction === undefined) transactionOf.set(run, (transaction = createTransaction(run)))
        const { tx, flush, reset } = transaction
        reset()
        const result = await work(tx)
        await flush()
        await run('COMMIT')
        return result
      } catch (error) {
        try {
          await run('ROLLBACK')
        } catch (rollbackError) {
          // The connection is unusable; the server rolls back when it drops. The caller gets
          // the original error, which says what went wrong first.
          discard(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)))
        }
        throw error
      }
    })
  }

  const reader = createReader(runOnPool)
  const store: Store = {
    ...reader,
    capabilities: { concurrentWriters: true, advisoryLocks: true },
    migrate: applyMigrations,
    transaction: runTransaction,
    async ping() {
      await runOnPool('SELECT 1')
    },
    async warmUp() {
      // The server owns its buffers. Where the operator installed pg_prewarm, the relations a
      // resolve reads are loaded into them (history and audit are only appended to and paged).
      const started = performance.now()
      const installed = await runOnPool("SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'")
      if (installed.length === 0) return { bytes: 0, seconds: 0 }
      const [row] = await runOnPool(
        `SELECT coalesce(sum(pg_prewarm(c.oid::regclass) * current_setting('block_size')::bigint), 0)::float8 AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
            AND c.relname NOT LIKE 'audit_log%' AND c.relname NOT LIKE 'customer_events%'`,
      )
      return { bytes: Number(row.bytes), seconds: (performance.now() - started) / 1000 }
    },
    async advanceDeviceStepWithAudit(deviceId, step, entries) {
      const [row] = await runOnPool(ADVANCE_DEVICE_STEP_WITH_AUDIT, [deviceId, step, auditRows(entries)])
      return row.advanced === 1
    },
    async optimiseAfterBulkLoad() {
      const started = performance.now()
      // Outside a transaction (VACUUM cannot run in one), on a connection of the pool.
      await runOnPool(`VACUUM (ANALYZE) ${BULK_LOADED_TABLES.join(', ')}`)
      return { seconds: (performance.now() - started) / 1000 }
    },
    async close() {
      if (closed) return
      closed = true
      await pool.end()
    },
  }

  try {
    await store.ping()
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}
