/**
 * The identity service's engine: the one place where ingest → block → score → decide → persist
 * happens in real time (STYLE D5). The HTTP API and the CLI call this; they never touch the store
 * or the core's scorer themselves.
 *
 * This file declares the engine's public shape; create-identity-engine.ts builds it.
 */
import type { CustomerRecord, PairExplanation } from '../../core/index.js'
import type {
  Actor,
  ApiKey,
  ApiKeyRole,
  Customer,
  CustomerEvent,
  ReviewDecision,
  ReviewStatus,
  ReviewTask,
  StoredRecord,
} from '../../store/index.js'

export const RESOLVE_DECISIONS = ['matched', 'created', 'review'] as const
export type ResolveDecision = (typeof RESOLVE_DECISIONS)[number]

/** What resolving one record did. */
export interface ResolveOutcome {
  readonly source: string
  readonly record_id: string
  readonly customerId: string
  /**
   * matched: attached to an existing customer; created: a new customer (or, on an update, the record stays alone in its own); review: a new customer
   * was created for now and a review task asks whether it is the candidate customer.
   */
  readonly decision: ResolveDecision
  /** Probability of the best candidate (0 when there was none). */
  readonly matchProbability: number
  /** Per-comparison explanation against the best candidate record, when there was one. */
  readonly explanation?: PairExplanation
  /** The candidate customer (matched or under review). */
  readonly candidateCustomerId?: string
  readonly reviewId?: string
  /** Customers merged into customerId because this record bridged them. */
  readonly mergedCustomerIds: readonly string[]
  /** True when (source, record_id) was already stored: the record was updated and re-resolved. */
  readonly updated: boolean
}

/** One golden-record value with where it came from. */
export interface ProvenancedValue {
  readonly value: string
  readonly source: string
  readonly record_id: string
  readonly verified: boolean
  readonly seenAt: string
}

export interface GoldenRecord {
  /** Per contract field, the surviving value (verified > source priority > recent > frequent). */
  readonly attributes: Readonly<Record<string, ProvenancedValue | undefined>>
  readonly emails: readonly ProvenancedValue[]
  readonly phones: readonly ProvenancedValue[]
  readonly addresses: readonly ProvenancedValue[]
  readonly loyaltyCards: readonly ProvenancedValue[]
}

export interface CustomerView {
  readonly customer: Customer
  /** Set when the id asked for is an alias that was absorbed into `customer`. */
  readonly aliasOf?: string
  readonly golden: GoldenRecord
}

export interface ReviewView {
  readonly review: ReviewTask
  /** Both sides of the question. */
  readonly record: StoredRecord
  readonly candidate: StoredRecord
}

export interface CreatedApiKey {
  readonly key: ApiKey
  /** The secret, shown once: 'tsk_<keyId>_<random>'. */
  readonly secret: string
}

export interface IdentityEngine {
  readonly records: {
    resolve(record: CustomerRecord, actor: Actor): Promise<ResolveOutcome>
    get(source: string, recordId: string): Promise<StoredRecord | undefined>
  }
  readonly customers: {
    /** Alias-aware; undefined when neither a customer nor an alias. */
    get(customerId: string): Promise<CustomerView | undefined>
    records(customerId: string): Promise<StoredRecord[] | undefined>
    history(customerId: string): Promise<CustomerEvent[] | undefined>
    /** Merges `otherId` into `customerId` (the survivor). Throws ConflictError on a cannot-link. */
    merge(customerId: string, otherId: string, actor: Actor, reason?: string): Promise<CustomerView>
    /** Moves the records to a new customer; pairs across the cut become cannot-links. */
    split(customerId: string, records: readonly { source: string; record_id: string }[], actor: Actor, reason?: string): Promise<{ from: CustomerView; to: CustomerView }>
    /** Admin search by name, email, phone, card or tax id; at most `limit` customers. */
    search(query: string, limit: number): Promise<CustomerView[]>
  }
  readonly reviews: {
    list(options: { status?: ReviewStatus; limit: number; after?: string }): Promise<ReviewTask[]>
    get(reviewId: string): Promise<ReviewView | undefined>
    decide(reviewId: string, decision: ReviewDecision, actor: Actor): Promise<ReviewTask>
  }
  readonly keys: {
    create(options: { name: string; role: ApiKeyRole; source?: string }): Promise<CreatedApiKey>
    /** The key of a presented secret, unless unknown or revoked. Constant-time on the hash. */
    authenticate(secret: string): Promise<ApiKey | undefined>
    list(): Promise<ApiKey[]>
    revoke(keyId: string): Promise<void>
  }
  /** For /readyz: the store answers and a model is loaded. */
  ready(): Promise<boolean>
  close(): Promise<void>
}
