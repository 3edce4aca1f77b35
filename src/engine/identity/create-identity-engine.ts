import {
  ConflictError,
  ID_PREFIXES,
  InputError,
  NotFoundError,
  blockingKeyRule,
  counterSearchKeys,
  createIdFactory,
  defaultBlockingRules,
  deriveFeatures,
  normaliseRecord,
  type BlockingRule,
  type CustomerRecord,
  type FeatureName,
  type Model,
  type NormalisedRecord,
  type PairExplanation,
  type Random,
  withModel,
} from '../../core/index.js'
import type {
  Actor,
  ApiKey,
  CandidateRecord,
  CustomerEventWrite,
  PairDecision,
  Store,
  StoredRecord,
  StoreReader,
  StoreTransaction,
} from '../../store/index.js'
import { hashApiKeySecret, mintApiKeySecret, sameHash } from './api-key-secrets.js'
import {
  assessCustomers,
  customersMayMerge,
  rivalCustomer,
  scoreCandidates,
  type CandidateScoring,
  type CustomerAssessment,
} from './assess-candidates.js'
import { buildGoldenRecord } from './golden-record.js'
import { IDENTIFIER_FEATURE, identifierKey, recordBlockingKeys } from './record-keys.js'
import type { CandidateAssessment, CustomerView, HeldOutcome, HoldOptions, IdentityEngine, ResolveOutcome } from './identity-engine.js'
import { CAPPED_IDENTIFIERS, type CappedIdentifier, type ServiceSettings } from './service-settings.js'
import { TermFrequencyTable } from './term-frequency-table.js'

export interface IdentityEngineDependencies {
  readonly store: Store
  readonly model: Model
  readonly settings: ServiceSettings
  readonly blockingRules?: readonly BlockingRule[]
  /** Milliseconds since the epoch. */
  readonly clock?: () => number
  readonly random?: Random
  readonly defaultCountry?: string
  /** Countries tried for the phone of a record with no country (Config.countries). */
  readonly fallbackCountries?: readonly string[]
}

interface PreparedRecord {
  readonly raw: CustomerRecord
  readonly normalised: NormalisedRecord
  readonly features: Readonly<Record<FeatureName, string>>
  readonly blockingKeys: string[]
  /** Those of blockingKeys from loose rules: read within the loose budget. */
  readonly looseKeys: string[]
}

/** What the candidate read by blocking keys returned: the records, and the keys too common to read. */
type CandidateRead = { readonly records: readonly CandidateRecord[]; readonly oversizedKeys: readonly string[] }

/** A compact, PII-free form of an explanation for the history (levels and weights only). */
function explanationSummary(explanation: PairExplanation): Record<string, unknown> {
  return {
    matchWeight: round(explanation.matchWeight),
    matchProbability: round(explanation.matchProbability, 6),
    priorWeight: round(explanation.priorWeight),
    conflict: explanation.conflict,
    comparisons: explanation.comparisons.map((c) => ({ comparison: c.comparison, level: c.level, matchWeight: round(c.matchWeight) })),
  }
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

function requireField(record: CustomerRecord, field: 'record_id' | 'source'): void {
  const value = record[field]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError({
      code: 'ERR_RECORD_INVALID',
      message: `the record has no ${field}; every record needs a non-empty ${field}`,
      issues: [{ path: [field], code: 'required', message: `expected a non-empty string` }],
    })
  }
}

/** Values of the term-frequency snapshot kept in memory at most (about 100 bytes each). */
const TF_CACHE_LIMIT = 500_000

/** A value's share of the records that have the feature; one the snapshot never saw is as rare as a value can be: seen once. */
function relativeFrequency(count: number | undefined, present: number): number {
  return Math.max(1, count ?? 1) / present
}

/**
 * Values of the snapshot warmUp() reads into memory at most (12 bytes each: 240 MB). A store
 * of a million records has a few million; past this the engine reads counts as it needs them.
 */
const TF_TABLE_LIMIT = 20_000_000

/** Keys a server trusts at once at most (it has a handful; a flood of distinct keys starts it again). */
const TRUSTED_KEYS_LIMIT = 1_000

/**
 * Builds the real-time identity engine over a store and a trained model. Every resolve runs in
 * one store transaction holding locks on the record's blocking keys, so two registrations of
 * one new person (two tills, a retried request) serialise and the second finds the first.
 */
export function createIdentityEngine(deps: IdentityEngineDependencies): IdentityEngine {
  const { store, settings } = deps
  const model = deps.model
  // Names alone (a name and a town, which namesakes share) link only when the term-frequency
  // snapshot can tell a rare name from a common one; the snapshot is taken when a model is
  // trained or imported. Without one, such a match is never applied automatically: it becomes a
  // review task (the names-only guard, which batch clustering leaves to the frequencies).
  const modelWithoutFrequencies = withModel(model, {
    settings: { ...model.settings, guards: { ...model.settings.guards, namesOnly: true } },
  })
  const scoringModel = (valueFrequency: unknown): Model => (valueFrequency === undefined ? modelWithoutFrequencies : model)
  const clock = deps.clock ?? Date.now
  const mintId = createIdFactory(clock, deps.random ?? Math.random)
  const rules = deps.blockingRules ?? defaultBlockingRules()
  const now = (): string => new Date(clock()).toISOString()
  const blocklists = Object.fromEntries(
    CAPPED_IDENTIFIERS.map((identifier) => [identifier, new Set(settings.blocklist[identifier])]),
  ) as Record<CappedIdentifier, Set<string>>
  const blocklistNormalised = Object.fromEntries(
    CAPPED_IDENTIFIERS.map((identifier) => [
      identifier,
      new Set(
        settings.blocklist[identifier].map((value) => {
          const n = normaliseRecord({ record_id: 'blocklist', source: 'config', [identifier]: value }, { defaultCountry: deps.defaultCountry })
          return n[IDENTIFIER_FEATURE[identifier] as keyof NormalisedRecord]
        }),
      ),
    ]),
  ) as Record<CappedIdentifier, Set<string>>

  const normaliseOptions = {
    ...(deps.defaultCountry === undefined ? {} : { defaultCountry: deps.defaultCountry }),
    ...(deps.fallbackCountries === undefined ? {} : { fallbackCountries: deps.fallbackCountries }),
  }
  function prepare(record: CustomerRecord): PreparedRecord {
    requireField(record, 'record_id')
    requireField(record, 'source')
    const raw: CustomerRecord = { ...record }
    const normalised: NormalisedRecord = {
      ...normaliseRecord(raw, normaliseOptions),
    }
    for (const identifier of CAPPED_IDENTIFIERS) {
      const typed = raw[identifier]
      const value = normalised[identifier]
      if ((typed !== undefined && blocklists[identifier].has(typed.trim())) || blocklistNormalised[identifier].has(value)) {
        normalised[identifier] = ''
        if (identifier === 'email') {
          normalised.email_local = ''
          normalised.email_domain = ''
        }
      }
    }
    const features = deriveFeatures(normalised)
    const { keys, looseKeys } = recordBlockingKeys(features, rules)
    return { raw, normalised, features, blockingKeys: keys, looseKeys }
  }

  /**
   * Keys checked recently, by secret hash, trusted until `until` (service.apiKeyCacheSeconds):
   * every request authenticates, and on PostgreSQL the lookup was a round trip of its own.
   */
  const trustedKeys = new Map<string, { key: ApiKey; until: number }>()
  const keyTrustMs = settings.apiKeyCacheSeconds * 1000

  const tfFeatures = new Set<FeatureName>()
  for (const comparison of model.comparisons) for (const level of comparison.levels) if (level.tfFeature) tfFeatures.add(level.tfFeature)
  /**
   * The term-frequency snapshot, read through: it only changes when a model is trained or
   * imported, which also changes the model this engine was built with, so both are read for the
   * engine's life (restart a server after an import). Saves a query per feature per resolve.
   * Bounded: past TF_CACHE_LIMIT values it starts again.
   */
  const tfCache = new Map<FeatureName, { present: number; counts: Map<string, number> }>()
  let tfCachedValues = 0

  /**
   * Once warmUp() has read the whole snapshot: values are looked up in it as scoring asks for
   * them, instead of gathered first (every feature of every candidate, most of which scoring
   * never reads) and read from the store. The cache stays in front of it: a map lookup of a
   * value met before is cheaper than hashing it again, and a resolve asks for hundreds.
   * `lookup` is undefined when no feature has a snapshot, as `frequencies` answers then.
   */
  let inMemoryFrequencies: { lookup: ((feature: FeatureName, value: string) => number | undefined) | undefined } | undefined

  /** Term frequencies of the values in play, from the store's snapshot; none without one. */
  async function frequencies(
    reader: StoreReader,
    prepared: PreparedRecord,
    members: readonly CandidateRecord[],
  ): Promise<((feature: FeatureName, value: string) => number | undefined) | undefined> {
    if (tfCachedValues > TF_CACHE_LIMIT) {
      tfCache.clear()
      tfCachedValues = 0
    }
    if (inMemoryFrequencies !== undefined) return inMemoryFrequencies.lookup
    // Every value the cache lacks, of every feature, is asked for in one read.
    const wanted = new Map<FeatureName, string[]>()
    for (const feature of tfFeatures) {
      const cached = tfCache.get(feature)
      if (cached !== undefined && cached.present === 0) continue
      const missing = new Set<string>()
      const value = prepared.features[feature]
      if (value !== '' && !cached?.counts.has(value)) missing.add(value)
      for (const member of members) {
        const memberValue = member.features[feature]
        if (memberValue !== '' && !cached?.counts.has(memberValue)) missing.add(memberValue)
      }
      if (missing.size > 0 || cached === undefined) wanted.set(feature, [...missing])
    }
    if (wanted.size > 0) {
      const snapshots = await reader.getTermFrequencies(wanted)
      for (const [feature, values] of wanted) {
        const snapshot = snapshots.get(feature) ?? { present: 0, counts: new Map<string, number>() }
        const cached = tfCache.get(feature) ?? { present: snapshot.present, counts: new Map<string, number>() }
        cached.present = snapshot.present
        for (const value of values) cached.counts.set(value, snapshot.counts.get(value) ?? 0)
        tfCachedValues += values.length
        tfCache.set(feature, cached)
      }
    }
    const tables = new Map<FeatureName, { counts: Map<string, number>; present: number }>()
    for (const feature of tfFeatures) {
      const cached = tfCache.get(feature)
      if (cached !== undefined && cached.present > 0) tables.set(feature, cached)
    }
    if (tables.size === 0) return undefined
    return (feature, value) => {
      const table = tables.get(feature)
      if (table === undefined) return undefined
      return relativeFrequency(table.counts.get(value), table.present)
    }
  }

  async function recordCustomerEvents(tx: StoreTransaction, events: CustomerEventWrite[]): Promise<void> {
    if (events.length > 0) await tx.insertEvents(events)
  }

  /**
   * Identifier caps: attaching the record to `finalCustomerId` (after absorbing `absorbed`) must
   * not make one value be held by more customers than allowed, nor one customer hold more values.
   */
  async function capViolation(
    tx: StoreTransaction,
    prepared: PreparedRecord,
    candidateRead: CandidateRead,
    finalCustomerId: string,
    absorbed: readonly string[],
    finalMembers: readonly CandidateRecord[],
  ): Promise<{ identifier: CappedIdentifier; holder?: string } | undefined> {
    const held: { identifier: CappedIdentifier; key: string; holders?: string[] }[] = []
    for (const identifier of CAPPED_IDENTIFIERS) {
      const feature = IDENTIFIER_FEATURE[identifier]
      const value = prepared.features[feature]
      if (value === '') continue
      const distinct = new Set(finalMembers.map((m) => m.features[feature]).filter((v) => v !== ''))
      if (!distinct.has(value) && distinct.size + 1 > settings.caps[identifier].maxValuesPerCustomer) return { identifier }
      const key = identifierKey(identifier, value)
      // The candidate read brought back every record carrying each key not too common to read
      // (the record's own stored version too, as a read of the store would): the holders are
      // among them, and only an oversized key needs a read of its own.
      const holders = candidateRead.oversizedKeys.includes(key)
        ? undefined
        : [...new Set(candidateRead.records.filter((r) => r.features[feature] === value).map((r) => r.customerId))].sort()
      held.push({ identifier, key, ...(holders === undefined ? {} : { holders }) })
    }
    if (held.length === 0) return undefined
    // The holders of the oversized keys in one read: enough of them to tell a cap is broken.
    const unknown = held.filter((h) => h.holders === undefined)
    let read: ReadonlyMap<string, readonly string[]> | undefined
    if (unknown.length > 0) {
      const limit = Math.max(...unknown.map(({ identifier }) => settings.caps[identifier].maxCustomersPerValue)) + absorbed.length + 2
      read = await tx.listCustomerIdsByBlockingKeys(unknown.map(({ key }) => key), limit)
    }
    for (const { identifier, key, holders: known } of held) {
      const holders = known ?? read?.get(key) ?? []
      const after = new Set(holders.filter((id) => !absorbed.includes(id)))
      const grows = !after.has(finalCustomerId)
      after.add(finalCustomerId)
      if (grows && after.size > settings.caps[identifier].maxCustomersPerValue) {
        return { identifier, holder: holders.find((id) => id !== finalCustomerId && !absorbed.includes(id)) }
      }
    }
    return undefined
  }

  /**
   * How the record relates to every customer it could be: candidates by blocking keys, a first
   * pass to shortlist customers, then the record against every record of each shortlisted
   * customer, with the decisions people recorded. Reads only.
   */
  async function gatherAssessments(
    reader: StoreReader,
    prepared: PreparedRecord,
    plausibleEvidence?: number,
  ): Promise<{
    existing: StoredRecord | undefined
    scoring: CandidateScoring
    decisions: PairDecision[]
    assessments: CustomerAssessment[]
    candidateRead: CandidateRead
  }> {
    // The record's stored version (a record sent again) comes with the candidates: one read.
    const {
      existing,
      records: found,
      oversizedKeys,
    } = await reader.getRecordAndCandidates(prepared.raw.source, prepared.raw.record_id, prepared.blockingKeys, settings.candidateLimitPerKey, {
      keys: prepared.looseKeys,
      budget: settings.looseCandidateBudget,
    })
    const candidates = found.filter((r) => r.recordKey !== existing?.recordKey)

    // First pass: which customers are worth a closer look (best pair at least reviewable).
    const firstFrequencies = await frequencies(reader, prepared, candidates)
    const firstPass = scoreCandidates(scoringModel(firstFrequencies), prepared.features, candidates, firstFrequencies)
    const bestByCustomer = new Map<string, number>()
    for (const candidate of candidates) {
      const weight = firstPass.scorer.matchWeight(0, firstPass.rowOf.get(candidate.recordKey)!)
      bestByCustomer.set(candidate.customerId, Math.max(bestByCustomer.get(candidate.customerId) ?? -Infinity, weight))
    }
    const reviewWeight = Math.log2(settings.reviewThreshold / (1 - settings.reviewThreshold))
    // At the till, a customer is also worth a look when the evidence alone is plausible.
    const shortlistWeight = Math.min(
      reviewWeight - 4,
      plausibleEvidence === undefined ? Infinity : plausibleEvidence + firstPass.scorer.priorWeight,
    )
    const shortlisted = [...bestByCustomer]
      .filter(([, weight]) => weight >= shortlistWeight)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, settings.maxCandidateCustomers)
      .map(([id]) => id)
    if (existing !== undefined && !shortlisted.includes(existing.customerId)) shortlisted.push(existing.customerId)

    // Second pass: the incoming record against every record of each shortlisted customer.
    // The decisions people recorded about those records (or about this one) come with them.
    const customers = new Map<string, CandidateRecord[]>(shortlisted.map((id) => [id, []]))
    const allMembers: CandidateRecord[] = []
    const { records: members, decisions } = await reader.listMembersAndDecisions(shortlisted, existing === undefined ? [] : [existing.recordKey])
    for (const member of members) {
      if (member.recordKey === existing?.recordKey) continue
      customers.get(member.customerId)?.push(member)
      allMembers.push(member)
    }
    const memberFrequencies = await frequencies(reader, prepared, allMembers)
    const scoring = scoreCandidates(scoringModel(memberFrequencies), prepared.features, allMembers, memberFrequencies)
    const assessments = assessCustomers(scoring, customers, decisions, existing?.recordKey)

    return { existing, scoring, decisions, assessments, candidateRead: { records: found, oversizedKeys } }
  }

  function candidateView(a: CustomerAssessment): CandidateAssessment {
    return { customerId: a.customerId, matchProbability: a.bestProbability, eligible: a.eligible, mustLink: a.mustLink, cannotLink: a.cannotLink, hardConflicts: a.hardConflicts }
  }

  async function resolveInTransaction(tx: StoreTransaction, prepared: PreparedRecord, actor: Actor): Promise<ResolveOutcome>
  async function resolveInTransaction(tx: StoreTransaction, prepared: PreparedRecord, actor: Actor, hold: HoldOptions): Promise<ResolveOutcome | HeldOutcome>
  async function resolveInTransaction(tx: StoreTransaction, prepared: PreparedRecord, actor: Actor, hold?: HoldOptions): Promise<ResolveOutcome | HeldOutcome> {
    const at = now()
    const { raw } = prepared
    const { existing, scoring, decisions, assessments, candidateRead } = await gatherAssessments(tx, prepared, hold?.plausibleEvidence)

    const eligible = assessments.filter((a) => a.eligible)
    if (hold !== undefined && eligible.length === 0 && existing === undefined) {
      // Plausible but not sure: nothing is written; the caller asks a person first.
      const evidenceFloor = hold.plausibleEvidence ?? Infinity
      const plausible = assessments
        .filter(
          (a) =>
            !a.cannotLink &&
            (a.bestProbability >= hold.plausibleProbability ||
              (a.hardConflicts === 0 && a.bestMatchWeight - scoring.scorer.priorWeight >= evidenceFloor)),
        )
        .slice(0, hold.maxCandidates)
      if (plausible.length > 0) return { decision: 'uncertain', source: raw.source, record_id: raw.record_id, candidates: plausible.map(candidateView) }
      // Nobody plausible, but nobody was looked at either: every key too common to read, or none.
      const { oversizedKeys } = candidateRead
      if (new Set(prepared.blockingKeys).size === oversizedKeys.length) {
        const tooCommon = [...new Set(oversizedKeys.map(blockingKeyRule))]
        return { decision: 'unsearchable', source: raw.source, record_id: raw.record_id, tooCommon }
      }
    }
    if (eligible.length > 0) {
      const group: CustomerAssessment[] = [eligible[0]]
      for (const other of eligible.slice(1)) {
        const groupMembers = group.flatMap((g) => g.members)
        if (customersMayMerge(scoring, groupMembers, other.members, decisions, existing?.recordKey)) group.push(other)
      }
      const margin = model.settings.clusterAmbiguityMargin
      if (margin !== null && !group.some((g) => g.mustLink)) {
        const rival = rivalCustomer(scoring, group, assessments.filter((a) => !group.includes(a)), margin)
        if (rival !== undefined) return createWithReview(tx, prepared, actor, at, existing, scoring, candidateRead, group[0], `fits_two_customers:${rival.customerId}`)
      }
      // The oldest customer survives (ids are time-ordered): the id the channels have known longest.
      const groupIds = group.map((g) => g.customerId).sort()
      const live = await tx.lockCustomers(groupIds)
      if (live.length !== groupIds.length) throw new RetryResolve()
      const survivor = groupIds[0]
      const absorbed = groupIds.slice(1)
      const finalMembers = group.flatMap((g) => g.members)
      const violation = await capViolation(tx, prepared, candidateRead, survivor, absorbed, finalMembers)
      if (violation === undefined) {
        return attach(tx, prepared, actor, at, existing, group[0], survivor, absorbed, scoring)
      }
      return createWithReview(tx, prepared, actor, at, existing, scoring, candidateRead, group[0], `cap_exceeded:${violation.identifier}`)
    }
    const reviewable = assessments.find(
      (a) =>
        !a.cannotLink &&
        a.bestProbability >= settings.reviewThreshold &&
        (a.hardConflicts === 0 || a.conflictKinds.every((k) => k === 'tax_id' || k === 'contacts_differ' || k === 'identity')),
    )
    if (reviewable !== undefined) {
      const reason =
        reviewable.hardConflicts > 0
          ? 'strong_identifier_conflict'
          : reviewable.contactSetsDiffer
            ? 'contact_sets_differ'
            : reviewable.bestProbability >= model.settings.matchThreshold
            ? 'weak_cluster_evidence'
            : 'between_thresholds'
      return createWithReview(tx, prepared, actor, at, existing, scoring, candidateRead, reviewable, reason)
    }
    return createWithReview(tx, prepared, actor, at, existing, scoring, candidateRead, undefined, undefined)
  }

  async function attach(
    tx: StoreTransaction,
    prepared: PreparedRecord,
    actor: Actor,
    at: string,
    existing: StoredRecord | undefined,
    best: CustomerAssessment,
    survivor: string,
    absorbed: readonly string[],
    scoring: CandidateScoring,
  ): Promise<ResolveOutcome> {
    const events: CustomerEventWrite[] = []
    for (const absorbedId of absorbed) {
      const moved = await tx.listCustomerRecords(absorbedId)
      await tx.updateRecordCustomers(moved.map((r) => r.recordKey), survivor, at)
      await tx.absorbCustomer(absorbedId, survivor, at)
      const details = { absorbed: absorbedId, survivor, records: moved.length, rule: 'bridging_record', via: { source: prepared.raw.source, record_id: prepared.raw.record_id } }
      events.push({ customerId: survivor, kind: 'merged', at, actor, details })
      events.push({ customerId: absorbedId, kind: 'absorbed', at, actor, details })
    }
    const [recordKey] = await tx.upsertRecords(
      [{ ...recordWrite(prepared, survivor), verified: existing?.verified ?? [] }],
      at,
    )
    const explanation = scoring.explain(scoring.rowOf.get(best.bestMember.recordKey)!)
    const previous = existing?.customerId
    if (previous !== undefined && previous !== survivor && !absorbed.includes(previous)) {
      const left = await tx.listCustomerRecords(previous)
      if (left.length === 0) {
        // The record was this customer's only one: its id lives on as an alias of the survivor.
        await tx.absorbCustomer(previous, survivor, at)
        events.push({ customerId: previous, kind: 'absorbed', at, actor, details: { absorbed: previous, survivor, rule: 'record_updated' } })
      } else {
        events.push({ customerId: previous, kind: 'split', at, actor, details: { records: [{ source: prepared.raw.source, record_id: prepared.raw.record_id }], to: survivor, rule: 'record_updated' } })
      }
    }
    events.push({
      customerId: survivor,
      kind: existing?.customerId === survivor ? 'updated' : 'linked',
      at,
      actor,
      details: {
        record: { source: prepared.raw.source, record_id: prepared.raw.record_id, recordKey },
        rule: best.mustLink ? 'must_link' : 'match',
        matchedRecord: { source: best.bestMember.source, record_id: best.bestMember.record_id },
        meanEvidence: round(best.meanEvidence),
        explanation: explanationSummary(explanation),
      },
    })
    await recordCustomerEvents(tx, events)
    await tx.refreshCustomers([survivor, ...(previous !== undefined && previous !== survivor ? [previous] : [])], at)
    return {
      source: prepared.raw.source,
      record_id: prepared.raw.record_id,
      customerId: survivor,
      decision: 'matched',
      matchProbability: best.bestProbability,
      explanation,
      candidateCustomerId: best.customerId,
      mergedCustomerIds: absorbed,
      updated: existing !== undefined,
    }
  }

  async function createWithReview(
    tx: StoreTransaction,
    prepared: PreparedRecord,
    actor: Actor,
    at: string,
    existing: StoredRecord | undefined,
    scoring: CandidateScoring,
    candidateRead: CandidateRead,
    candidate: CustomerAssessment | undefined,
    reason: string | undefined,
  ): Promise<ResolveOutcome> {
    const events: CustomerEventWrite[] = []
    // An updated record alone in its customer keeps that customer's id; otherwise a new customer.
    const previous = existing?.customerId
    const stayAlone = previous !== undefined && (await tx.listCustomerRecords(previous)).every((r) => r.recordKey === existing!.recordKey)
    const customerId = stayAlone ? previous : mintId(ID_PREFIXES.customer)
    // Caps, checked before the record is written (else it would count as a holder itself): a
    // new customer holding a value that must stay with one customer is itself a question.
    const violation = candidate === undefined ? await capViolation(tx, prepared, candidateRead, customerId, [], []) : undefined
    if (!stayAlone) await tx.insertCustomer(customerId, at)
    const [recordKey] = await tx.upsertRecords([{ ...recordWrite(prepared, customerId), verified: existing?.verified ?? [] }], at)
    if (previous !== undefined && previous !== customerId) {
      events.push({ customerId: previous, kind: 'split', at, actor, details: { records: [{ source: prepared.raw.source, record_id: prepared.raw.record_id }], to: customerId, rule: 'record_updated' } })
    }
    events.push({
      customerId,
      kind: stayAlone ? 'updated' : 'created',
      at,
      actor,
      details: { record: { source: prepared.raw.source, record_id: prepared.raw.record_id, recordKey }, rule: candidate === undefined ? 'no_match' : 'uncertain_match' },
    })

    let question = candidate
    let why = reason
    if (question === undefined) {
      if (violation?.holder !== undefined) {
        const holderMembers = await tx.listCustomerRecords(violation.holder)
        const holderScoring = scoreCandidates(modelWithoutFrequencies, prepared.features, holderMembers, undefined)
        const [assessment] = assessCustomers(holderScoring, new Map([[violation.holder, holderMembers]]), [], undefined)
        if (assessment !== undefined) {
          question = assessment
          why = `cap_exceeded:${violation.identifier}`
          scoring = holderScoring
        }
      }
    }
    let reviewId: string | undefined
    let explanation: PairExplanation | undefined
    if (question !== undefined && question.customerId !== customerId) {
      explanation = scoring.explain(scoring.rowOf.get(question.bestMember.recordKey)!)
      // A record written just now is in no review yet (records are never deleted, so its key is
      // new): only an updated one may already wait for this question.
      const open = existing === undefined ? [] : await tx.listOpenReviewsForRecord(recordKey)
      const same = open.find((r) => r.candidateCustomerId === question!.customerId)
      reviewId = same?.reviewId ?? mintId(ID_PREFIXES.review)
      if (same === undefined) {
        await tx.insertReview({
          reviewId,
          status: 'open',
          recordKey,
          candidateCustomerId: question.customerId,
          candidateRecordKey: question.bestMember.recordKey,
          reason: why ?? 'between_thresholds',
          matchProbability: question.bestProbability,
          matchWeight: question.bestMatchWeight,
          explanation,
          createdAt: at,
        })
        const details = { reviewId, reason: why, record: { source: prepared.raw.source, record_id: prepared.raw.record_id }, candidateCustomerId: question.customerId, matchProbability: round(question.bestProbability, 6) }
        events.push({ customerId, kind: 'review_opened', at, actor, details })
        events.push({ customerId: question.customerId, kind: 'review_opened', at, actor, details })
      }
    }
    await recordCustomerEvents(tx, events)
    await tx.refreshCustomers(previous !== undefined && previous !== customerId ? [customerId, previous] : [customerId], at)
    return {
      source: prepared.raw.source,
      record_id: prepared.raw.record_id,
      customerId,
      decision: reviewId !== undefined ? 'review' : 'created',
      matchProbability: question?.bestProbability ?? 0,
      ...(explanation === undefined ? {} : { explanation }),
      ...(question === undefined ? {} : { candidateCustomerId: question.customerId }),
      ...(reviewId === undefined ? {} : { reviewId }),
      mergedCustomerIds: [],
      updated: existing !== undefined,
    }
  }

  function recordWrite(prepared: PreparedRecord, customerId: string) {
    return {
      source: prepared.raw.source,
      record_id: prepared.raw.record_id,
      customerId,
      raw: prepared.raw,
      normalised: prepared.normalised,
      features: prepared.features,
      blockingKeys: [...prepared.blockingKeys, ...counterSearchKeys(prepared.normalised)],
    }
  }

  async function view(customerId: string): Promise<CustomerView | undefined> {
    const lookup = await store.getCustomerWithRecords(customerId)
    if (lookup === undefined) return undefined
    const { records } = lookup
    return {
      customer: lookup.customer,
      ...(lookup.aliasOf === undefined ? {} : { aliasOf: lookup.aliasOf }),
      golden: buildGoldenRecord(records, settings.sourcePriority),
    }
  }

  async function liveId(customerId: string): Promise<string> {
    const lookup = await store.getCustomer(customerId)
    if (lookup === undefined) {
      throw new NotFoundError({ code: 'ERR_CUSTOMER_NOT_FOUND', message: 'no customer (or alias) has this id; check the id' })
    }
    return lookup.customer.customerId
  }

  /** Merges `otherId` into `survivorId` inside a transaction; the checks of a manual merge. */
  async function mergeInTransaction(
    tx: StoreTransaction,
    survivorId: string,
    otherId: string,
    actor: Actor,
    rule: string,
    reason: string | undefined,
  ): Promise<void> {
    const at = now()
    const live = await tx.lockCustomers([survivorId, otherId].sort())
    if (live.length !== 2) throw new RetryResolve()
    const left = await tx.listCustomerRecords(survivorId)
    const right = await tx.listCustomerRecords(otherId)
    const decisions = await tx.listPairDecisions([...left, ...right].map((r) => r.recordKey))
    const crossCannot = decisions.some(
      (d) =>
        d.decision === 'cannot_link' &&
        ((left.some((r) => r.recordKey === d.recordKeyA) && right.some((r) => r.recordKey === d.recordKeyB)) ||
          (left.some((r) => r.recordKey === d.recordKeyB) && right.some((r) => r.recordKey === d.recordKeyA))),
    )
    if (crossCannot) {
      throw new ConflictError({ code: 'ERR_MERGE_CANNOT_LINK', message: 'these customers were decided to be different people (a recorded cannot-link); split decisions must be undone by a new review decision, not a merge' })
    }
    for (const identifier of CAPPED_IDENTIFIERS) {
      const feature = IDENTIFIER_FEATURE[identifier]
      const values = new Set([...left, ...right].map((r) => r.features[feature]).filter((v) => v !== ''))
      if (values.size > settings.caps[identifier].maxValuesPerCustomer) {
        throw new ConflictError({
          code: 'ERR_MERGE_CAP_EXCEEDED',
          message: `the merged customer would hold ${values.size} values of ${identifier}, more than the cap of ${settings.caps[identifier].maxValuesPerCustomer} (service.caps.${identifier}.maxValuesPerCustomer); they are probably different people`,
        })
      }
    }
    await tx.updateRecordCustomers(right.map((r) => r.recordKey), survivorId, at)
    await tx.absorbCustomer(otherId, survivorId, at)
    if (left.length > 0 && right.length > 0) {
      await tx.upsertPairDecision(pairDecision(left[0].recordKey, right[0].recordKey, 'must_link', actor, reason ?? rule, at))
    }
    const details = { absorbed: otherId, survivor: survivorId, records: right.length, rule, ...(reason === undefined ? {} : { reason }) }
    await tx.insertEvents([
      { customerId: survivorId, kind: 'merged', at, actor, details },
      { customerId: otherId, kind: 'absorbed', at, actor, details },
    ])
    await tx.refreshCustomers([survivorId], at)
  }

  /** Retries a unit of work that lost a race with a concurrent merge (see lockCustomers). */
  async function withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        if (!(error instanceof RetryResolve) || attempt >= 4) throw error
      }
    }
  }

  const engine: IdentityEngine = {
    records: {
      async resolve(record, actor) {
        const prepared = prepare(record)
        const lockKeys = [...prepared.blockingKeys, `record\u001f${prepared.raw.source}\u001f${prepared.raw.record_id}`]
        return withRetry(() => store.transaction((tx) => resolveInTransaction(tx, prepared, actor), { lockKeys }))
      },
      get: (source, recordId) => store.getRecord(source, recordId),
      async resolveUnlessUncertain(record, actor, hold) {
        const prepared = prepare(record)
        const lockKeys = [...prepared.blockingKeys, `record\u001f${prepared.raw.source}\u001f${prepared.raw.record_id}`]
        return withRetry(() => store.transaction((tx) => resolveInTransaction(tx, prepared, actor, hold), { lockKeys }))
      },
      async attachTo(record, customerId, actor, options) {
        const prepared = prepare(record)
        return withRetry(async () => {
          const target = await liveId(customerId)
          const lockKeys = [...prepared.blockingKeys, `record\u001f${prepared.raw.source}\u001f${prepared.raw.record_id}`, `customer\u001f${target}`]
          return store.transaction(async (tx) => {
            const at = now()
            if ((await tx.lockCustomers([target])).length !== 1) throw new RetryResolve()
            const existing = await tx.getRecord(prepared.raw.source, prepared.raw.record_id)
            const members = (await tx.listCandidatesOfCustomers([target])).filter((m) => m.recordKey !== existing?.recordKey)
            const verified = [...new Set([...(existing?.verified ?? []), ...(options.verified ?? [])])].sort()
            const [recordKey] = await tx.upsertRecords([{ ...recordWrite(prepared, target), verified }], at)
            // Must-links to the customer's records (a bounded number: one is enough for the
            // assessment; a few survive a later split of the customer).
            for (const member of members.slice(0, 20)) {
              await tx.upsertPairDecision(pairDecision(recordKey, member.recordKey, 'must_link', actor, options.rule, at))
            }
            const events: CustomerEventWrite[] = []
            const previous = existing?.customerId
            if (previous !== undefined && previous !== target) {
              const left = await tx.listCustomerRecords(previous)
              if (left.length === 0) {
                await tx.absorbCustomer(previous, target, at)
                events.push({ customerId: previous, kind: 'absorbed', at, actor, details: { absorbed: previous, survivor: target, rule: options.rule } })
              } else {
                events.push({ customerId: previous, kind: 'split', at, actor, details: { records: [{ source: prepared.raw.source, record_id: prepared.raw.record_id }], to: target, rule: options.rule } })
              }
            }
            events.push({
              customerId: target,
              kind: existing?.customerId === target ? 'updated' : 'linked',
              at,
              actor,
              details: { record: { source: prepared.raw.source, record_id: prepared.raw.record_id, recordKey }, rule: options.rule, ...(options.details ?? {}) },
            })
            await tx.insertEvents(events)
            await tx.refreshCustomers(previous !== undefined && previous !== target ? [target, previous] : [target], at)
            return {
              source: prepared.raw.source,
              record_id: prepared.raw.record_id,
              customerId: target,
              decision: 'matched' as const,
              matchProbability: 1,
              candidateCustomerId: target,
              mergedCustomerIds: [],
              updated: existing !== undefined,
            }
          }, { lockKeys })
        })
      },
      async createApart(record, notCustomerIds, actor, options) {
        const prepared = prepare(record)
        const lockKeys = [...prepared.blockingKeys, `record\u001f${prepared.raw.source}\u001f${prepared.raw.record_id}`]
        return withRetry(() =>
          store.transaction(async (tx) => {
            const at = now()
            const existing = await tx.getRecord(prepared.raw.source, prepared.raw.record_id)
            if (existing !== undefined) {
              throw new ConflictError({ code: 'ERR_RECORD_EXISTS', message: 'this record is already stored; a new customer is only created for a record sent for the first time' })
            }
            const apart = new Set<string>()
            for (const id of notCustomerIds) {
              const lookup = await tx.getCustomer(id)
              if (lookup !== undefined) apart.add(lookup.customer.customerId)
            }
            const customerId = mintId(ID_PREFIXES.customer)
            await tx.insertCustomer(customerId, at)
            const [recordKey] = await tx.upsertRecords([{ ...recordWrite(prepared, customerId), verified: [] }], at)
            for (const member of await tx.listCandidatesOfCustomers([...apart])) {
              await tx.upsertPairDecision(pairDecision(recordKey, member.recordKey, 'cannot_link', actor, options.rule, at))
            }
            await tx.insertEvents([
              {
                customerId,
                kind: 'created',
                at,
                actor,
                details: { record: { source: prepared.raw.source, record_id: prepared.raw.record_id, recordKey }, rule: options.rule, notCustomers: [...apart], ...(options.details ?? {}) },
              },
              ...[...apart].map((other) => ({
                customerId: other,
                kind: 'decision' as const,
                at,
                actor,
                details: { decision: 'cannot_link', record: { source: prepared.raw.source, record_id: prepared.raw.record_id }, customer: customerId, rule: options.rule },
              })),
            ])
            await tx.refreshCustomers([customerId], at)
            return {
              source: prepared.raw.source,
              record_id: prepared.raw.record_id,
              customerId,
              decision: 'created' as const,
              matchProbability: 0,
              mergedCustomerIds: [],
              updated: false,
            }
          }, { lockKeys }),
        )
      },
    },
    customers: {
      async markContactVerified(customerId, contactPoint, normalisedValue, actor, details) {
        const target = await liveId(customerId)
        return store.transaction(async (tx) => {
          const at = now()
          let marked = 0
          for (const record of await tx.listCustomerRecords(target)) {
            const value = contactPoint === 'email' ? record.normalised.email : record.normalised.phone
            if (value === '' || value !== normalisedValue) continue
            await tx.markRecordVerified(record.recordKey, contactPoint, at)
            marked += 1
          }
          if (marked > 0) {
            await tx.insertEvents([{ customerId: target, kind: 'verified', at, actor, details: { contactPoint, records: marked, ...(details ?? {}) } }])
          }
          return marked
        }, { lockKeys: [`customer\u001f${target}`] })
      },
      get: view,
      async records(customerId) {
        const lookup = await store.getCustomer(customerId)
        return lookup === undefined ? undefined : store.listCustomerRecords(lookup.customer.customerId)
      },
      async history(customerId) {
        const lookup = await store.getCustomer(customerId)
        return lookup === undefined ? undefined : store.listCustomerEvents(lookup.customer.customerId)
      },
      async merge(customerId, otherId, actor, reason) {
        await withRetry(async () => {
          const survivor = await liveId(customerId)
          const other = await liveId(otherId)
          if (survivor === other) return
          await store.transaction((tx) => mergeInTransaction(tx, survivor, other, actor, 'manual_merge', reason), {
            lockKeys: [`customer\u001f${survivor}`, `customer\u001f${other}`],
          })
        })
        return (await view(customerId))!
      },
      async split(customerId, records, actor, reason) {
        if (records.length === 0) {
          throw new InputError({ code: 'ERR_SPLIT_EMPTY', message: 'a split needs at least one record to move; send the records to move to a new customer', issues: [{ path: ['records'], code: 'too_small', message: 'expected at least one record' }] })
        }
        const source = await liveId(customerId)
        const newId = await store.transaction(async (tx) => {
          const at = now()
          const live = await tx.lockCustomers([source])
          if (live.length !== 1) throw new NotFoundError({ code: 'ERR_CUSTOMER_NOT_FOUND', message: 'the customer was merged away meanwhile; retry with its survivor' })
          const members = await tx.listCustomerRecords(source)
          const wanted = new Set(records.map((r) => `${r.source}\u001f${r.record_id}`))
          const moving = members.filter((m) => wanted.has(`${m.source}\u001f${m.record_id}`))
          if (moving.length !== wanted.size) {
            throw new InputError({ code: 'ERR_SPLIT_RECORD_NOT_IN_CUSTOMER', message: `${wanted.size - moving.length} of the records to split off do not belong to this customer; send only record ids listed by GET /v1/customers/{id}/records`, issues: [{ path: ['records'], code: 'not_in_customer', message: 'record not in this customer' }] })
          }
          if (moving.length === members.length) {
            throw new InputError({ code: 'ERR_SPLIT_ALL_RECORDS', message: 'a split must leave at least one record with the customer; to move everything, nothing needs to change', issues: [{ path: ['records'], code: 'too_big', message: 'all records of the customer' }] })
          }
          const staying = members.filter((m) => !wanted.has(`${m.source}\u001f${m.record_id}`))
          const created = mintId(ID_PREFIXES.customer)
          await tx.insertCustomer(created, at)
          await tx.updateRecordCustomers(moving.map((m) => m.recordKey), created, at)
          // Remembered: every pair across the cut is a cannot-link, for real-time and batch alike.
          for (const a of moving) for (const b of staying) await tx.upsertPairDecision(pairDecision(a.recordKey, b.recordKey, 'cannot_link', actor, reason ?? 'split', at))
          // Pairs within the moved part belong together.
          for (let k = 1; k < moving.length; k++) await tx.upsertPairDecision(pairDecision(moving[0].recordKey, moving[k].recordKey, 'must_link', actor, reason ?? 'split', at))
          const details = { from: source, to: created, records: moving.map((m) => ({ source: m.source, record_id: m.record_id })), ...(reason === undefined ? {} : { reason }) }
          await tx.insertEvents([
            { customerId: source, kind: 'split', at, actor, details },
            { customerId: created, kind: 'created', at, actor, details: { ...details, rule: 'split' } },
          ])
          await tx.refreshCustomers([source, created], at)
          return created
        }, { lockKeys: [`customer\u001f${source}`] })
        return { from: (await view(source))!, to: (await view(newId))! }
      },
      async search(query, limit) {
        const text = query.trim()
        if (text === '') return []
        const probe = searchProbe(text)
        const prepared = prepare({ record_id: 'search', source: 'search', ...probe })
        const { records } = await store.listRecordsByBlockingKeys(prepared.blockingKeys, settings.candidateLimitPerKey)
        const scoring = scoreCandidates(modelWithoutFrequencies, prepared.features, records, undefined)
        const best = new Map<string, number>()
        for (const r of records) {
          const weight = scoring.scorer.matchWeight(0, scoring.rowOf.get(r.recordKey)!)
          best.set(r.customerId, Math.max(best.get(r.customerId) ?? -Infinity, weight))
        }
        const ids = [...best].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([id]) => id)
        const views: CustomerView[] = []
        for (const id of ids) {
          const v = await view(id)
          if (v !== undefined) views.push(v)
        }
        return views
      },
    },
    reviews: {
      list: (options) => store.listReviews(options),
      async get(reviewId) {
        const review = await store.getReview(reviewId)
        if (review === undefined) return undefined
        const [record, candidate] = await store.getRecordsByKeys([review.recordKey, review.candidateRecordKey]).then((rows) => [
          rows.find((r) => r.recordKey === review.recordKey),
          rows.find((r) => r.recordKey === review.candidateRecordKey),
        ])
        if (record === undefined || candidate === undefined) return undefined
        return { review, record, candidate }
      },
      async decide(reviewId, decision, actor) {
        return withRetry(async () => {
          const review = await store.getReview(reviewId)
          if (review === undefined) throw new NotFoundError({ code: 'ERR_REVIEW_NOT_FOUND', message: 'no review task has this id; list them with GET /v1/reviews' })
          if (review.status !== 'open') throw new ConflictError({ code: 'ERR_REVIEW_ALREADY_DECIDED', message: `this review task is already ${review.status}; a decision is taken once` })
          return store.transaction(async (tx) => {
            const at = now()
            const [record, candidate] = await tx.getRecordsByKeys([review.recordKey, review.candidateRecordKey]).then((rows) => [
              rows.find((r) => r.recordKey === review.recordKey)!,
              rows.find((r) => r.recordKey === review.candidateRecordKey)!,
            ])
            if (decision === 'same_person') {
              await tx.upsertPairDecision(pairDecision(record.recordKey, candidate.recordKey, 'must_link', actor, `review ${reviewId}`, at))
              if (record.customerId !== candidate.customerId) {
                // The candidate customer existed first and is the one channels know: it survives.
                await mergeInTransaction(tx, candidate.customerId, record.customerId, actor, 'review_decision', `review ${reviewId}`)
              }
            } else {
              await tx.upsertPairDecision(pairDecision(record.recordKey, candidate.recordKey, 'cannot_link', actor, `review ${reviewId}`, at))
            }
            await tx.updateReview(reviewId, { status: 'decided', decidedAt: at, decidedBy: actor, decision })
            const details = { reviewId, decision, record: { source: record.source, record_id: record.record_id }, candidate: { source: candidate.source, record_id: candidate.record_id } }
            const customerIds = [...new Set([record.customerId, candidate.customerId])]
            const live = await tx.lockCustomers(customerIds)
            await tx.insertEvents(live.map((customerId) => ({ customerId, kind: 'review_decided' as const, at, actor, details })))
            return (await tx.getReview(reviewId))!
          }, { lockKeys: [`review\u001f${reviewId}`] })
        })
      },
    },
    keys: {
      async create(options) {
        if (options.role === 'channel' && (options.source === undefined || options.source.trim() === '')) {
          throw new InputError({ code: 'ERR_KEY_SOURCE_REQUIRED', message: 'a channel key needs the source its records carry (e.g. --source web)', issues: [{ path: ['source'], code: 'required', message: 'expected the channel source' }] })
        }
        const keyId = mintId(ID_PREFIXES.apiKey)
        const secret = mintApiKeySecret(keyId)
        const key = {
          keyId,
          name: options.name,
          role: options.role,
          ...(options.source === undefined ? {} : { source: options.source }),
          secretHash: hashApiKeySecret(secret),
          createdAt: now(),
        }
        await store.transaction((tx) => tx.insertApiKey(key))
        return { key, secret }
      },
      async authenticate(secret) {
        if (typeof secret !== 'string' || !secret.startsWith('tsk_') || secret.length > 200) return undefined
        const hash = hashApiKeySecret(secret)
        const cached = trustedKeys.get(hash)
        if (cached !== undefined && clock() < cached.until) return cached.key
        const key = await store.getApiKeyBySecretHash(hash)
        if (key === undefined || !sameHash(key.secretHash, hash) || key.revokedAt !== undefined) {
          trustedKeys.delete(hash)
          return undefined
        }
        if (keyTrustMs > 0) {
          if (trustedKeys.size >= TRUSTED_KEYS_LIMIT) trustedKeys.clear()
          trustedKeys.set(hash, { key, until: clock() + keyTrustMs })
        }
        return key
      },
      list: () => store.listApiKeys(),
      async revoke(keyId) {
        await store.transaction((tx) => tx.revokeApiKey(keyId, now()))
        for (const [hash, { key }] of trustedKeys) if (key.keyId === keyId) trustedKeys.delete(hash)
      },
    },
    async warmUp() {
      const storeReport = await store.warmUp()
      const started = performance.now()
      const table = await TermFrequencyTable.load(store, [...tfFeatures], TF_TABLE_LIMIT)
      if (table !== undefined) {
        const present = new Map([...table.present].filter(([, count]) => count > 0))
        const lookup = (feature: FeatureName, value: string): number | undefined => {
          const total = present.get(feature)
          if (total === undefined) return undefined
          let cached = tfCache.get(feature)
          if (cached === undefined) tfCache.set(feature, (cached = { present: total, counts: new Map() }))
          let count = cached.counts.get(value)
          if (count === undefined) {
            count = table.count(feature, value)
            cached.counts.set(value, count)
            tfCachedValues += 1
          }
          return relativeFrequency(count, total)
        }
        inMemoryFrequencies = { lookup: present.size === 0 ? undefined : lookup }
      }
      return {
        store: storeReport,
        termFrequencyValues: table?.size ?? 0,
        termFrequencySeconds: (performance.now() - started) / 1000,
      }
    },
    async ready() {
      try {
        await store.ping()
        return true
      } catch {
        return false
      }
    },
    close: () => store.close(),
  }
  return engine
}

/** Thrown inside a transaction that lost a race with a merge; the unit of work is retried. */
class RetryResolve extends Error {
  override name = 'RetryResolve'
}

function pairDecision(a: number, b: number, decision: PairDecision['decision'], actor: Actor, reason: string, at: string): PairDecision {
  const [recordKeyA, recordKeyB] = a < b ? [a, b] : [b, a]
  return { recordKeyA, recordKeyB, decision, actor, reason, at }
}

/**
 * Reads a free-text admin query as record fields: an email, a phone number, a card or tax id, or
 * a name ('Ana García', 'GARCIA, ANA').
 */
export function searchProbe(text: string): Partial<CustomerRecord> {
  if (text.includes('@')) return { email: text }
  const digits = text.replace(/[\s\-().+]/g, '')
  if (/^\d{6,15}$/.test(digits)) return { phone: text, loyalty_card: text }
  if (/^[0-9A-Za-z]{8,16}$/.test(text) && /\d/.test(text)) return { tax_id: text, loyalty_card: text }
  return { full_name: text }
}
