/**
 * The Store contract: everything the identity service persists. Two implementations sit behind
 * it (sqlite/ and postgres/) and one contract suite (test/store-contract) runs against both; no
 * code outside `store/` knows which one it is talking to (STYLE D3/D4).
 *
 * Shape of the data:
 *   records          one row per (source, record_id): the record as sent, its normalised form,
 *                    its derived features (what scoring reads) and the customer it belongs to
 *   blocking keys    (key, record) entries, indexed by key: how real-time resolution finds
 *                    candidates (SQLite indexes a hash of each key: sqlite/key-hash.ts)
 *   customers        live customers; customer_aliases maps absorbed ids to their survivor
 *   customer_events  the history of every customer: links, merges, splits, decisions, with who/why
 *   pair_decisions   must-link / cannot-link between two records, remembered for ever
 *   review_tasks     uncertain matches waiting for a person
 *   api_keys         hashed API keys with a role
 *   models           saved match models (JSON); one is active
 *   term_frequencies value counts per feature, snapshotted when a model is trained or imported
 *   import_jobs      progress of resumable imports
 *
 * Every write happens inside `transaction()`: a transaction either commits whole or leaves no
 * trace. Reads are available on the store and inside a transaction (where they see its writes).
 * Times are ISO-8601 strings in UTC, passed in by the caller (the engine owns the clock).
 */
import type { CustomerRecord, FeatureName, NormalisedRecord } from '../core/index.js'

/** What a store can do; shared code branches on these, never on the store's name (STYLE D4). */
export interface StoreCapabilities {
  /** Several processes/connections may write at once (PostgreSQL); SQLite has one writer. */
  readonly concurrentWriters: boolean
  /** `transaction({ lockKeys })` takes real cross-connection locks (PostgreSQL advisory locks). */
  readonly advisoryLocks: boolean
}

/** Who did something: an API key, a CLI user, or the system itself. */
export interface Actor {
  /** 'key:<key_id>', 'cli', 'system', 'import:<job_id>' … */
  readonly id: string
  /** Staff member or user name where the caller sent one. */
  readonly user?: string
}

// ---------------------------------------------------------------------------------------------
// Rows

export interface StoredRecord {
  /** Surrogate key, assigned by the store on first insert; stable for the life of the record. */
  readonly recordKey: number
  readonly source: string
  readonly record_id: string
  readonly customerId: string
  /** The record as the channel sent it (contract fields only). */
  readonly raw: CustomerRecord
  readonly normalised: NormalisedRecord
  /** Derived features (deriveFeatures(normalised)); what scoring reads. */
  readonly features: Readonly<Record<FeatureName, string>>
  /** Contact points proven by a one-time code: 'email', 'phone'. */
  readonly verified: readonly string[]
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * What candidate scoring reads of a stored record: identity, customer and features. The
 * real-time path fetches dozens of these per resolve; leaving the record as sent and its
 * normalised form in the store keeps each resolve's reads and allocations small.
 */
export type CandidateRecord = Pick<StoredRecord, 'recordKey' | 'source' | 'record_id' | 'customerId' | 'features'>

/** Term frequencies of some values of one feature (see StoreReader.getTermFrequencies). */
export interface TermFrequencies {
  readonly counts: Map<string, number>
  readonly present: number
}

/** One value of the term-frequency snapshot (see StoreReader.listTermFrequencies). */
export interface TermFrequencyEntry {
  readonly feature: FeatureName
  readonly value: string
  readonly count: number
}

/** A record to insert or replace (by source + record_id). */
export interface RecordWrite {
  readonly source: string
  readonly record_id: string
  readonly customerId: string
  readonly raw: CustomerRecord
  readonly normalised: NormalisedRecord
  readonly features: Readonly<Record<FeatureName, string>>
  readonly verified?: readonly string[]
  /** Blocking keys of the record; they replace any keys it had. */
  readonly blockingKeys: readonly string[]
}

export interface Customer {
  readonly customerId: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly recordCount: number
}

/** getCustomer's answer: the live customer, and whether the id asked for was an alias. */
export interface CustomerLookup {
  readonly customer: Customer
  /** The id that was asked for, when it is an absorbed alias of `customer`. */
  readonly aliasOf?: string
}

export const CUSTOMER_EVENT_KINDS = [
  'created',
  'linked',
  'updated',
  'merged',
  'absorbed',
  'split',
  'decision',
  'review_opened',
  'review_decided',
  'verified',
] as const
export type CustomerEventKind = (typeof CUSTOMER_EVENT_KINDS)[number]

export interface CustomerEvent {
  readonly eventId: number
  readonly customerId: string
  readonly kind: CustomerEventKind
  readonly at: string
  readonly actor: Actor
  /** Why: rule, score, explanation, record ids … (never raw contact data). */
  readonly details: Readonly<Record<string, unknown>>
}

export type CustomerEventWrite = Omit<CustomerEvent, 'eventId'>

export const PAIR_DECISIONS = ['must_link', 'cannot_link'] as const
export type PairDecisionKind = (typeof PAIR_DECISIONS)[number]

export interface PairDecision {
  /** The two records, recordKeyA < recordKeyB. */
  readonly recordKeyA: number
  readonly recordKeyB: number
  readonly decision: PairDecisionKind
  readonly actor: Actor
  readonly reason: string
  readonly at: string
}

export const REVIEW_STATUSES = ['open', 'decided', 'dismissed'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]
export const REVIEW_DECISIONS = ['same_person', 'different_people'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

export interface ReviewTask {
  /** 'rev_' + time-ordered id. */
  readonly reviewId: string
  readonly status: ReviewStatus
  /** The record that raised the question … */
  readonly recordKey: number
  /** … the customer it may belong to, and that customer's best-matching record. */
  readonly candidateCustomerId: string
  readonly candidateRecordKey: number
  /** Why it is a question: 'between_thresholds', 'cap_exceeded', 'strong_identifier_conflict', … */
  readonly reason: string
  readonly matchProbability: number
  readonly matchWeight: number
  /** The per-comparison explanation (explainPair's output, JSON). */
  readonly explanation: unknown
  readonly createdAt: string
  readonly decidedAt?: string
  readonly decidedBy?: Actor
  readonly decision?: ReviewDecision
}

export const API_KEY_ROLES = ['admin', 'channel', 'analyst', 'store'] as const
export type ApiKeyRole = (typeof API_KEY_ROLES)[number]

export interface ApiKey {
  /** 'key_' + id; public, shown in lists and logs. */
  readonly keyId: string
  readonly name: string
  readonly role: ApiKeyRole
  /** For `channel` keys: the source its records carry (e.g. 'web', 'store:MAD-01'). */
  readonly source?: string
  /** SHA-256 of the secret, hex; the secret itself is never stored. */
  readonly secretHash: string
  readonly createdAt: string
  readonly revokedAt?: string
}

export interface StoredModel {
  /** 'mdl_' + id. */
  readonly modelId: string
  /** modelToJson output. */
  readonly json: string
  readonly createdAt: string
  readonly active: boolean
}

export interface ImportJob {
  readonly jobId: string
  /** A fingerprint of the file (path, size, hash of the head) so a rerun finds its job. */
  readonly fingerprint: string
  readonly status: 'running' | 'done'
  /** Records already committed: a rerun continues after this many. */
  readonly committedRecords: number
  readonly modelId?: string
  readonly createdAt: string
  readonly updatedAt: string
}

// ---------------------------------------------------------------------------------------------
// The counter (the till): enrolled devices, one-time-code challenges, pending registrations,
// and the audit log of counter actions.

/** A customer's enrolled device (app or wallet page) that shows the rotating QR code. */
export interface Device {
  /** 'dev_' + id; internal, for admin calls. */
  readonly deviceId: string
  /** The customer it was enrolled for (read alias-aware: a merge does not orphan a device). */
  readonly customerId: string
  /** The opaque public handle the QR payload carries (core/totp/card-payload.ts); unique. */
  readonly deviceRef: string
  /** The TOTP secret, base64url. The server must read it back to verify codes. */
  readonly secret: string
  /** SHA-256 (hex) of the card page token (`/card/{token}`); the token itself is never stored. */
  readonly cardTokenHash: string
  readonly label: string
  /** The last TOTP step accepted from this device; -1 before the first. Only later steps pass. */
  readonly lastStep: number
  readonly createdAt: string
  readonly revokedAt?: string
}

export type VerificationChannel = 'email' | 'sms'

/** A one-time-code challenge proving that someone holds a customer's email or phone. */
export interface VerificationChallenge {
  /** 'ver_' + id. */
  readonly verificationId: string
  /** The customer whose contact point is being proven. */
  readonly customerId: string
  readonly channel: VerificationChannel
  /** HMAC of the normalised contact point the code went to (no raw contact data here). */
  readonly contactHash: string
  /** The pending till registration to link to the customer once proven. */
  readonly registrationId?: string
  /** HMAC of the current code (core/otp/one-time-code.ts). */
  readonly codeHash: string
  readonly expiresAt: string
  readonly failedAttempts: number
  readonly maxAttempts: number
  readonly consumedAt?: string
  readonly createdAt: string
  readonly createdBy: Actor
}

/** The fields of a challenge a confirmation or a reissue changes. */
export interface VerificationChanges {
  readonly codeHash?: string
  readonly expiresAt?: string
  readonly failedAttempts?: number
  readonly consumedAt?: string
}

export type RegistrationStatus = 'pending' | 'verified' | 'registered_new'

/** A till registration that matched someone plausibly but not surely: held until staff choose. */
export interface PendingRegistration {
  /** 'reg_' + id. */
  readonly registrationId: string
  /** What the assistant typed, as a canonical record (source 'store:<store id>'). */
  readonly record: CustomerRecord
  /** The plausible customers shown to staff (at most 3), best first. */
  readonly candidateCustomerIds: readonly string[]
  readonly storeId: string
  readonly tillId: string
  readonly staffId?: string
  readonly status: RegistrationStatus
  /** The customer the record ended in, once resolved. */
  readonly customerId?: string
  readonly createdAt: string
  readonly resolvedAt?: string
}

export const AUDIT_ACTIONS = [
  'counter.search',
  'counter.registration',
  'counter.registration.new_customer',
  'counter.identify',
  'counter.verification.start',
  'counter.verification.confirm',
  'device.enrol',
  'device.revoke',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** One counter action: who, where, what, and the result; never raw customer data. */
export interface AuditEntry {
  /** Assigned by the store, increasing. */
  readonly auditId: number
  readonly at: string
  readonly action: AuditAction
  /** The API key that called ('key_…'). */
  readonly keyId: string
  readonly staffId?: string
  readonly storeId?: string
  readonly tillId?: string
  /** e.g. 'ok', 'attached', 'candidates', 'created', 'rejected:replayed', 'rate_limited'. */
  readonly result: string
  readonly customerId?: string
  /** PII-free details (counts, ids, reasons, masked values at most). */
  readonly details: Readonly<Record<string, unknown>>
}

export type AuditEntryWrite = Omit<AuditEntry, 'auditId'>

export interface AuditQuery {
  readonly action?: AuditAction
  readonly keyId?: string
  readonly staffId?: string
  readonly storeId?: string
  readonly customerId?: string
  /** ISO times, inclusive from, exclusive to. */
  readonly from?: string
  readonly to?: string
  /** Entries after this audit id (paging, oldest first). */
  readonly after?: number
  readonly limit: number
}

// ---------------------------------------------------------------------------------------------
// The contract

/** Blocking keys of loose rules and the records they may bring in all (listRecordsByBlockingKeys). */
export interface LooseKeys {
  readonly keys: readonly string[]
  readonly budget: number
}

export interface StoreReader {
  getRecord(source: string, recordId: string): Promise<StoredRecord | undefined>
  getRecordsByKeys(recordKeys: readonly number[]): Promise<StoredRecord[]>
  /**
   * Records holding any of the blocking keys, deduplicated, at most `limitPerKey` per key (keys
   * with more records than that are reported in `oversizedKeys` and contribute none: a block that
   * large carries no information and would make latency unbounded).
   *
   * `loose`: those of the keys that come from loose rules, and how many records they may bring
   * in all. They are read smallest first (ties in the order asked), while the sizes of the ones
   * read add up to at most `budget`; the rest are reported in `oversizedKeys` too. Why: a loose
   * key (a name alone, a birth date alone) finds a true match in a small block now and then,
   * but in a large store its blocks hold dozens of strangers each.
   */
  listRecordsByBlockingKeys(
    keys: readonly string[],
    limitPerKey: number,
    loose?: LooseKeys,
  ): Promise<{ records: CandidateRecord[]; oversizedKeys: string[] }>
  /**
   * getRecord(source, recordId) and listRecordsByBlockingKeys(keys, limitPerKey, loose) in one
   * read: every resolve starts with both, and on a server store each read is a round trip. The
   * stored record, when there is one, is among the candidates too if it holds one of the keys,
   * as listRecordsByBlockingKeys would answer.
   */
  getRecordAndCandidates(
    source: string,
    recordId: string,
    keys: readonly string[],
    limitPerKey: number,
    loose?: LooseKeys,
  ): Promise<{ existing: StoredRecord | undefined; records: CandidateRecord[]; oversizedKeys: string[] }>
  /** The records of all these customers (live ids), in record-key order, in one read. */
  listCandidatesOfCustomers(customerIds: readonly string[]): Promise<CandidateRecord[]>
  /**
   * listCandidatesOfCustomers(customerIds), and the decisions touching any of those records or
   * of `otherRecordKeys` (listPairDecisions), in one read.
   */
  listMembersAndDecisions(
    customerIds: readonly string[],
    otherRecordKeys: readonly number[],
  ): Promise<{ records: CandidateRecord[]; decisions: PairDecision[] }>
  /** Alias-aware: an absorbed id answers with its survivor. */
  getCustomer(customerId: string): Promise<CustomerLookup | undefined>
  listCustomerRecords(customerId: string): Promise<StoredRecord[]>
  /**
   * getCustomer(customerId) and the records of the customer found (listCustomerRecords), in one
   * read where the store can: the profile shown at the till and by GET /v1/customers/{id}.
   */
  getCustomerWithRecords(customerId: string): Promise<(CustomerLookup & { records: StoredRecord[] }) | undefined>
  /** Events of the customer and of every id it absorbed, oldest first. */
  listCustomerEvents(customerId: string): Promise<CustomerEvent[]>
  /**
   * For each key, the customer ids that hold a record carrying it (for per-identifier caps),
   * sorted, at most `limit` per key; every key asked for is in the answer.
   */
  listCustomerIdsByBlockingKeys(keys: readonly string[], limit: number): Promise<Map<string, string[]>>
  /** Decisions touching any of the records. */
  listPairDecisions(recordKeys: readonly number[]): Promise<PairDecision[]>
  getReview(reviewId: string): Promise<ReviewTask | undefined>
  listReviews(options: { status?: ReviewStatus; limit: number; after?: string }): Promise<ReviewTask[]>
  /** Open reviews that involve the record (as asker or as candidate). */
  listOpenReviewsForRecord(recordKey: number): Promise<ReviewTask[]>
  getApiKeyBySecretHash(secretHash: string): Promise<ApiKey | undefined>
  listApiKeys(): Promise<ApiKey[]>
  getActiveModel(): Promise<StoredModel | undefined>
  /**
   * For each feature asked for, the counts of the given values in the snapshot taken with the
   * active model, and the number of records that had the feature at all (present 0: no
   * snapshot). Values the snapshot does not hold are absent from `counts`. One read for all
   * features: the real-time path asks for several per resolve.
   */
  getTermFrequencies(
    wanted: ReadonlyMap<FeatureName, readonly string[]>,
  ): Promise<Map<FeatureName, TermFrequencies>>
  /**
   * The snapshot's values in pages, in (feature, value) order by code point, starting after
   * `after` (from the first without it): for reading all of it into memory once, where the
   * real-time path then asks nothing per resolve.
   */
  listTermFrequencies(after: { feature: FeatureName; value: string } | undefined, limit: number): Promise<TermFrequencyEntry[]>
  getImportJob(fingerprint: string): Promise<ImportJob | undefined>
  /**
   * The device, revoked or not, with `customerId` as it is now: an id absorbed by a merge reads
   * as its survivor (the same holds for getDeviceByRef and getDeviceByCardTokenHash).
   */
  getDevice(deviceId: string): Promise<Device | undefined>
  getDeviceByRef(deviceRef: string): Promise<Device | undefined>
  getDeviceByCardTokenHash(cardTokenHash: string): Promise<Device | undefined>
  /**
   * Devices enrolled for the customer or for any id it absorbed (revoked ones included), oldest
   * first (created_at, then deviceId). Alias-aware: an absorbed id answers for its survivor.
   */
  listCustomerDevices(customerId: string): Promise<Device[]>
  getVerification(verificationId: string): Promise<VerificationChallenge | undefined>
  /** The customer's most recent challenge on the channel (ids are time-ordered), for resends. */
  getLatestVerification(customerId: string, channel: VerificationChannel): Promise<VerificationChallenge | undefined>
  getRegistration(registrationId: string): Promise<PendingRegistration | undefined>
  /**
   * Audit entries matching every filter given (ANDed; `from` inclusive, `to` exclusive, `after`
   * an auditId), in auditId order (oldest first), at most `limit`.
   */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>
  /** Every (record_id, source, customer_id), in insertion order, in pages (for export). */
  listRecordCustomerIds(afterRecordKey: number, limit: number): Promise<{ recordKey: number; source: string; record_id: string; customerId: string }[]>
  countRecords(): Promise<number>
  countCustomers(): Promise<number>
}

export interface StoreTransaction extends StoreReader {
  /**
   * Inserts or replaces records by (source, record_id), with their blocking keys; returns their
   * recordKeys in input order. Batches of thousands must be fast (multi-row inserts / COPY):
   * imports load millions of records through this. Lookups by blocking key find them as soon
   * as the write is visible.
   */
  upsertRecords(records: readonly RecordWrite[], at: string): Promise<number[]>
  /** Moves records to another customer (merge, split). */
  updateRecordCustomers(recordKeys: readonly number[], customerId: string, at: string): Promise<void>
  markRecordVerified(recordKey: number, contactPoint: string, at: string): Promise<void>
  insertCustomer(customerId: string, at: string): Promise<void>
  /** insertCustomer for many ids at once (one statement where the store can: imports). */
  insertCustomers(customerIds: readonly string[], at: string): Promise<void>
  /**
   * Locks the customers' rows until the transaction ends (PostgreSQL: SELECT … FOR UPDATE, in
   * id order) and returns those that still exist. A resolve that attaches to a customer and a
   * merge that absorbs it then cannot both commit: the later one sees the customer gone.
   */
  lockCustomers(customerIds: readonly string[]): Promise<string[]>
  /**
   * Retires `absorbedId` into `survivorId`: the absorbed customer row goes, the alias is kept,
   * and aliases that pointed at the absorbed id now point at the survivor (no chains).
   */
  absorbCustomer(absorbedId: string, survivorId: string, at: string): Promise<void>
  /** Recomputes record_count and updated_at of the customers; deletes those left with no records. */
  refreshCustomers(customerIds: readonly string[], at: string): Promise<void>
  insertEvents(events: readonly CustomerEventWrite[]): Promise<void>
  upsertPairDecision(decision: PairDecision): Promise<void>
  insertReview(review: ReviewTask): Promise<void>
  updateReview(
    reviewId: string,
    changes: Pick<ReviewTask, 'status'> & Partial<Pick<ReviewTask, 'decidedAt' | 'decidedBy' | 'decision'>>,
  ): Promise<void>
  insertApiKey(key: ApiKey): Promise<void>
  revokeApiKey(keyId: string, at: string): Promise<void>
  /** Saves a model; with `activate`, it becomes the active one (and the previous one is not). */
  insertModel(model: StoredModel): Promise<void>
  /** Replaces the term-frequency snapshot of the features given. */
  replaceTermFrequencies(feature: FeatureName, counts: ReadonlyMap<string, number>, present: number): Promise<void>
  upsertImportJob(job: ImportJob): Promise<void>
  /**
   * Enrols a device. A device_ref or card_token_hash already taken is rejected with the driver's
   * unique-constraint error (both are random, so that is a bug, not a user error).
   */
  insertDevice(device: Device): Promise<void>
  /** Marks the device revoked (idempotent: a second revoke keeps the first time). */
  revokeDevice(deviceId: string, at: string): Promise<void>
  /**
   * Records that `step` was accepted from the device, only if it is later than the last one
   * and the device is not revoked: true when it advanced. A conditional write, so two tills
   * scanning one code at once cannot both succeed.
   */
  advanceDeviceStep(deviceId: string, step: number): Promise<boolean>
  insertVerification(challenge: VerificationChallenge): Promise<void>
  /**
   * Applies the changes only if the challenge still has `expectedFailedAttempts` failures and
   * is not consumed: true when applied (fields absent from `changes` keep their value). A
   * conditional write, so parallel guesses cannot each see four failures and get a sixth try.
   */
  updateVerification(verificationId: string, changes: VerificationChanges, expectedFailedAttempts: number): Promise<boolean>
  insertRegistration(registration: PendingRegistration): Promise<void>
  /**
   * Sets status, customerId and resolvedAt only while the registration is pending: true when
   * applied. A conditional write, so a registration resolves once.
   */
  resolveRegistration(registrationId: string, status: Exclude<RegistrationStatus, 'pending'>, customerId: string, at: string): Promise<boolean>
  /** Appends the entries; their auditIds increase in input order. */
  insertAudit(entries: readonly AuditEntryWrite[]): Promise<void>
}

export interface TransactionOptions {
  /**
   * Keys to lock for the transaction's lifetime (sorted and deduplicated by the store so that two
   * transactions never deadlock). PostgreSQL: pg_advisory_xact_lock on a 64-bit hash of each key;
   * SQLite: its single writer already serialises every write transaction.
   */
  readonly lockKeys?: readonly string[]
}

export interface Store extends StoreReader {
  readonly capabilities: StoreCapabilities
  /** Applies pending migrations (idempotent; safe when two processes start at once). */
  migrate(): Promise<{ applied: string[] }>
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Checks the connection (for /readyz). */
  ping(): Promise<void>
  /**
   * Reads what resolution touches (records, blocking keys, customers; not history or audit)
   * into memory the store keeps, so that requests after a start do not wait on the disk. A
   * server calls it before it listens. Reports what it read; 0 bytes where the store leaves
   * this to its server (PostgreSQL without pg_prewarm).
   */
  warmUp(): Promise<WarmUpReport>
  /**
   * Brings what the store keeps about its tables up to date after a bulk load (an import), so
   * that the requests after it do not pay for it. PostgreSQL: VACUUM (ANALYZE) of the tables
   * loaded: planner statistics, and the visibility map that lets a blocking-key lookup answer
   * from the index alone (without it every lookup also reads the table, until autovacuum gets
   * there: in the middle of the first hours of service). SQLite keeps neither: nothing to do.
   */
  optimiseAfterBulkLoad(): Promise<{ seconds: number }>
  /**
   * In a transaction of its own: advanceDeviceStep(deviceId, step) and, only when the step
   * advanced, insertAudit(entries); true when it advanced. One statement where the store can: an
   * identification at the till is this write and nothing else, and on PostgreSQL BEGIN, two
   * statements and COMMIT were four round trips.
   */
  advanceDeviceStepWithAudit(deviceId: string, step: number, entries: readonly AuditEntryWrite[]): Promise<boolean>
  close(): Promise<void>
}

export interface WarmUpReport {
  readonly bytes: number
  readonly seconds: number
  /** A candidate index the store holds in this process's memory (SQLite), built by the warm-up. */
  readonly blockingIndex?: { readonly entries: number; readonly bytes: number }
}
