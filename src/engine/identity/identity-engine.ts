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
  WarmUpReport,
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

export interface CandidateAssessment {
  readonly customerId: string
  /** Best pair of the record with one of the customer's records. */
  readonly matchProbability: number
  /** Resolving now would attach the record to this customer (caps aside). */
  readonly eligible: boolean
  readonly mustLink: boolean
  readonly cannotLink: boolean
  /** Pairs with a strong identifier in conflict (different tax ids, cards, birth dates…). */
  readonly hardConflicts: number
}

export type ContactPoint = 'email' | 'phone'

export interface HoldOptions {
  readonly plausibleProbability: number
  /**
   * Or the evidence (match weight without the prior, in bits) at which a candidate with no
   * conflict is plausible: a name typed alone is worth showing however many records the store
   * holds, while the prior of a big store keeps its probability tiny.
   */
  readonly plausibleEvidence?: number
  readonly maxCandidates: number
}

/**
 * A record held back, nothing written: no sure match but plausible candidates (`uncertain`); or
 * nobody could be looked for (`unsearchable`): every blocking key of the record is held by more
 * records than a real-time lookup reads (a common name typed alone in a big store), or it has
 * none, so "nobody plausible" would be a guess and a new customer may well be a duplicate.
 */
export type HeldOutcome =
  | {
      readonly decision: 'uncertain'
      readonly source: string
      readonly record_id: string
      /** Best first, at most maxCandidates. */
      readonly candidates: readonly CandidateAssessment[]
    }
  | {
      readonly decision: 'unsearchable'
      readonly source: string
      readonly record_id: string
      /** The blocking rules whose keys were too common to read ('name_key', …). */
      readonly tooCommon: readonly string[]
    }

export interface IdentityEngine {
  readonly records: {
    resolve(record: CustomerRecord, actor: Actor): Promise<ResolveOutcome>
    get(source: string, recordId: string): Promise<StoredRecord | undefined>
    /**
     * Resolves the record, unless it is a new record with no sure match but plausible ones (at or
     * above `plausibleProbability`): then nothing is written and the candidates come back, for
     * a person to choose; or unless nobody could be looked for (`unsearchable`). One pass, in
     * one transaction (the till's registration).
     */
    resolveUnlessUncertain(record: CustomerRecord, actor: Actor, hold: HoldOptions): Promise<ResolveOutcome | HeldOutcome>
    /**
     * Puts the record in the customer whatever the scores say, because the link was proven (the
     * customer confirmed a one-time code sent to the customer's contact point): must-links to
     * the customer's records make every later resolution keep them together. `verified` marks
     * contact points of this record as proven too.
     */
    attachTo(
      record: CustomerRecord,
      customerId: string,
      actor: Actor,
      options: { rule: string; verified?: readonly ContactPoint[]; details?: Readonly<Record<string, unknown>> },
    ): Promise<ResolveOutcome>
    /**
     * Stores the record as a new customer with cannot-links to every record of the given
     * customers, because a person said it is not them (staff chose "new customer").
     */
    createApart(
      record: CustomerRecord,
      notCustomerIds: readonly string[],
      actor: Actor,
      options: { rule: string; details?: Readonly<Record<string, unknown>> },
    ): Promise<ResolveOutcome>
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
    /**
     * Marks the customer's records holding this contact value (normalised: the canonical email,
     * the E.164 phone) as verified for the contact point; the number of records marked.
     */
    markContactVerified(customerId: string, contactPoint: ContactPoint, normalisedValue: string, actor: Actor, details?: Readonly<Record<string, unknown>>): Promise<number>
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
  /**
   * Prepares for requests before a server listens: the store reads what resolution touches into
   * memory (Store.warmUp), and the term-frequency snapshot is read into the engine, so that no
   * resolve asks the store for frequencies. Optional: without it the engine reads the counts it
   * needs as it goes (and keeps them).
   */
  warmUp(): Promise<EngineWarmUpReport>
  /** For /readyz: the store answers and a model is loaded. */
  ready(): Promise<boolean>
  close(): Promise<void>
}

export interface EngineWarmUpReport {
  readonly store: WarmUpReport
  /** Term-frequency values held in memory (0: no snapshot, or too large a one to hold). */
  readonly termFrequencyValues: number
  readonly termFrequencySeconds: number
}
