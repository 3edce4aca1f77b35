import {
  CONFLICT_HARDNESS,
  CONFLICT_KINDS,
  CONTACT_IDENTITY_AGREE,
  FeatureTableBuilder,
  contactSetSplit,
  contactSetsDiffer,
  provenTwoPeople,
  provesDifferentPeople,
  isGivenNameConflict,
  createPairScorer,
  explainPair,
  matchWeightToProbability,
  probabilityToMatchWeight,
  type ConflictCode,
  type ConflictKind,
  type FeatureName,
  type Model,
  type PairExplanation,
  type PairScorer,
} from '../../core/index.js'
import type { CandidateRecord, PairDecision } from '../../store/index.js'

/**
 * How one incoming record relates to one existing customer: the real-time form of the batch
 * clustering rule (cluster.ts). A singleton joins a cluster when its best link reaches the match
 * threshold, no pair across breaks a hard cannot-link, soft conflicts are not a large share, and
 * the mean evidence over ALL its pairs with the cluster's records reaches the floor.
 */
export interface CustomerAssessment {
  readonly customerId: string
  readonly members: readonly CandidateRecord[]
  /** Best pair of the incoming record with a member. */
  readonly bestProbability: number
  readonly bestMatchWeight: number
  readonly bestMember: CandidateRecord
  readonly meanEvidence: number
  readonly hardConflicts: number
  readonly softConflicts: number
  /** The conflict kinds seen across the pairs, e.g. ['tax_id']. */
  readonly conflictKinds: readonly ConflictKind[]
  /**
   * The record's phone and email each disagree with every one the customer holds
   * (contactSetsDiffer), or, joined to the customer, the record would go apart from its largest
   * contact core with records whose contacts are another person's (splitsOffContactSet).
   */
  readonly contactSetsDiffer: boolean
  readonly mustLink: boolean
  readonly cannotLink: boolean
  /** Attaching is what batch clustering would do. */
  readonly eligible: boolean
}

/** Scores the incoming record (row 0) against members of candidate customers, in one table. */
export interface CandidateScoring {
  readonly scorer: PairScorer
  readonly model: Model
  /** rowOf.get(recordKey) = row in the table. */
  readonly rowOf: ReadonlyMap<number, number>
  explain(row: number): PairExplanation
  /** Evidence (bits, prior excluded) and hardness of a pair of stored members (for bridging merges). */
  pair(a: number, b: number): { evidence: number; conflict: ConflictCode; hardness: 0 | 1 | 2 }
}

export function scoreCandidates(
  model: Model,
  incoming: Readonly<Record<FeatureName, string>>,
  members: readonly CandidateRecord[],
  valueFrequency: ((feature: FeatureName, value: string) => number | undefined) | undefined,
): CandidateScoring {
  const builder = new FeatureTableBuilder(members.length + 1)
  builder.addFeatures(incoming)
  const rowOf = new Map<number, number>()
  for (const member of members) {
    rowOf.set(member.recordKey, builder.size)
    builder.addFeatures(member.features)
  }
  const table = builder.build()
  const scorer = createPairScorer(model, table, valueFrequency === undefined ? { termFrequencies: false } : { valueFrequency })
  return {
    scorer,
    model,
    rowOf,
    explain: (row) => explainPair(model, scorer, 0, row),
    pair: (a, b) => {
      const conflict = scorer.conflict(a, b)
      return { evidence: scorer.matchWeight(a, b) - scorer.priorWeight, conflict, hardness: CONFLICT_HARDNESS[conflict] }
    },
  }
}

function decisionBetween(
  decisions: readonly PairDecision[],
  a: number,
  b: number,
): PairDecision['decision'] | undefined {
  const [low, high] = a < b ? [a, b] : [b, a]
  return decisions.find((d) => d.recordKeyA === low && d.recordKeyB === high)?.decision
}

/**
 * Assesses every candidate customer. `incomingKey` is the record's own key when it is already
 * stored (an update), so that decisions recorded about it apply.
 */
export function assessCustomers(
  scoring: CandidateScoring,
  customers: ReadonlyMap<string, readonly CandidateRecord[]>,
  decisions: readonly PairDecision[],
  incomingKey: number | undefined,
): CustomerAssessment[] {
  const { scorer, model } = scoring
  const settings = model.settings
  const thresholdWeight = probabilityToMatchWeight(settings.matchThreshold)
  const checkContacts = settings.guards.contactSetsDiffer
  const assessments: CustomerAssessment[] = []
  for (const [customerId, members] of customers) {
    if (members.length === 0) continue
    // The incoming record and the customer's records: any of them may bridge a given-name
    // conflict with a compound name, as in batch clustering. Listed only if a conflict needs it.
    let rows: number[] | undefined
    const bridged = (row: number) => {
      rows ??= [0, ...members.map((member) => scoring.rowOf.get(member.recordKey)!)]
      return scorer.givenNamesBridged(0, row, rows)
    }
    let best = -Infinity
    let bestMember = members[0]
    let evidenceSum = 0
    let hard = 0
    let soft = 0
    let mustLink = false
    let cannotLink = false
    let contactBits = 0
    const kinds = new Set<ConflictKind>()
    for (const member of members) {
      const row = scoring.rowOf.get(member.recordKey)!
      if (checkContacts) contactBits |= scorer.contactRelation(0, row)
      const weight = scorer.matchWeight(0, row)
      evidenceSum += weight - scorer.priorWeight
      if (weight > best) {
        best = weight
        bestMember = member
      }
      const conflict = scorer.conflict(0, row)
      if (conflict !== 0 && !(isGivenNameConflict(conflict) && bridged(row))) {
        kinds.add(CONFLICT_KINDS[conflict])
        if (CONFLICT_HARDNESS[conflict] === 2) hard += 1
        else soft += 1
      }
      if (incomingKey !== undefined) {
        const decision = decisionBetween(decisions, incomingKey, member.recordKey)
        if (decision === 'must_link') mustLink = true
        if (decision === 'cannot_link') cannotLink = true
      }
    }
    const meanEvidence = evidenceSum / members.length
    const hardShare = hard / members.length
    const softShare = soft / members.length
    const hardAllowed = settings.clusterMaxHardConflictShare > 0 ? hardShare < settings.clusterMaxHardConflictShare : hard === 0
    const softAllowed = settings.clusterMaxConflictShare > 0 ? softShare < settings.clusterMaxConflictShare : soft === 0
    const joinable = best >= thresholdWeight && hardAllowed && softAllowed && meanEvidence >= settings.clusterMinMeanWeight
    const contactsDiffer =
      checkContacts &&
      (contactSetsDiffer(contactBits) ||
        // Only worked out where it decides anything: the pairs among the members cost more.
        (joinable && !mustLink && !cannotLink && splitsOffContactSet(scoring, members)))
    const eligible = !cannotLink && (mustLink || (joinable && !contactsDiffer))
    assessments.push({
      customerId,
      members,
      bestProbability: matchWeightToProbability(best),
      bestMatchWeight: best,
      bestMember,
      meanEvidence,
      hardConflicts: hard,
      softConflicts: soft,
      conflictKinds: [...kinds],
      contactSetsDiffer: contactsDiffer,
      mustLink,
      cannotLink,
      eligible,
    })
  }
  // Must-links first, then the strongest best pair; ties by id so the order is deterministic.
  return assessments.sort(
    (a, b) =>
      Number(b.mustLink) - Number(a.mustLink) ||
      b.bestMatchWeight - a.bestMatchWeight ||
      a.customerId.localeCompare(b.customerId),
  )
}

/**
 * Whether the incoming record (row 0), joined to the customer's records, would go apart from
 * the customer's largest contact core together with records whose contacts are another
 * person's: batch clustering splits such a cluster after growth (contactSetSplit in
 * core/cluster), so in real time the record does not join without a person's word. The son
 * named after his father, at his address, whose second record brings a phone of his own after
 * a first brought an email of his own: each alone differs from the father in one contact only.
 * The incoming record comes last, as the newest: on a tie the batch keeps the core of the
 * earliest record.
 */
function splitsOffContactSet(scoring: CandidateScoring, members: readonly CandidateRecord[]): boolean {
  const rows = [...members.map((member) => scoring.rowOf.get(member.recordKey)!), 0]
  const apart = contactSetSplit(rows.length, (x, y) => scoring.scorer.contactRelation(rows[x], rows[y]))
  return apart !== undefined && apart[rows.length - 1] === 1
}

/**
 * Whether two customers may become one through the incoming record that bridges them. As in
 * batch clustering, the bridging record has already joined the left cluster, so the cross pairs
 * are (left + incoming) x right: no recorded cannot-link, no hard conflict, soft conflicts not a
 * large share, the two sides' contacts not two people's (contactSetsDiffer), and the mean
 * evidence over all cross pairs reaches the floor. `incomingKey` is the
 * incoming record's key when it is already stored (decisions about it apply).
 */
export function customersMayMerge(
  scoring: CandidateScoring,
  left: readonly CandidateRecord[],
  right: readonly CandidateRecord[],
  decisions: readonly PairDecision[],
  incomingKey?: number,
): boolean {
  const settings = scoring.model.settings
  let evidence = 0
  let hard = 0
  let soft = 0
  let contactBits = 0
  const checkContacts = settings.guards.contactSetsDiffer
  const leftSide: { key: number | undefined; row: number }[] = [
    { key: incomingKey, row: 0 },
    ...left.map((a) => ({ key: a.recordKey, row: scoring.rowOf.get(a.recordKey)! })),
  ]
  let rows: number[] | undefined
  for (const a of leftSide) {
    for (const b of right) {
      if (a.key !== undefined && decisionBetween(decisions, a.key, b.recordKey) === 'cannot_link') return false
      const row = scoring.rowOf.get(b.recordKey)!
      const pair = scoring.pair(a.row, row)
      if (checkContacts) contactBits |= scoring.scorer.contactRelation(a.row, row)
      evidence += pair.evidence
      if (isGivenNameConflict(pair.conflict)) {
        rows ??= [...leftSide.map((side) => side.row), ...right.map((other) => scoring.rowOf.get(other.recordKey)!)]
        if (scoring.scorer.givenNamesBridged(a.row, row, rows)) continue
      }
      if (pair.hardness === 2) hard += 1
      else if (pair.hardness === 1) soft += 1
    }
  }
  const pairs = leftSide.length * right.length
  const hardAllowed = settings.clusterMaxHardConflictShare > 0 ? hard / pairs < settings.clusterMaxHardConflictShare : hard === 0
  const softAllowed = settings.clusterMaxConflictShare > 0 ? soft / pairs < settings.clusterMaxConflictShare : soft === 0
  if (checkContacts && contactSetsDiffer(contactBits)) return false
  return hardAllowed && softAllowed && evidence / pairs >= settings.clusterMinMeanWeight
}

/**
 * The customer, if any, that the incoming record fits about as well as the customers it would
 * join, and that is another person than they are: batch clustering's ambiguous records
 * (findAmbiguousRecords in core/cluster) in real time. A parent and the child named after them,
 * one address, and a till record with only the name and the address: it belongs to either,
 * so it joins neither without a person's word. `joining` are the customers the record would
 * join, `others` the rest of the candidates. A rival customer must have no conflict at all
 * with the record, a pair at or above the match threshold, and mean evidence within `margin`
 * bits of the record's mean over the joined customers' records. It is another person when a
 * pair across them has different tax ids or birth dates and both sides hold a phone or an email,
 * or when their contacts are two people's. A record whose tax id or full birth date agrees with
 * a joined customer's record is never ambiguous.
 */
export function rivalCustomer(
  scoring: CandidateScoring,
  joining: readonly CustomerAssessment[],
  others: readonly CustomerAssessment[],
  margin: number,
): CustomerAssessment | undefined {
  const { scorer } = scoring
  // As in batch clustering, which is given the records' contacts only with this guard on.
  if (!scoring.model.settings.guards.contactSetsDiffer) return undefined
  const thresholdWeight = probabilityToMatchWeight(scoring.model.settings.matchThreshold)
  const joinedCount = joining.reduce((sum, a) => sum + a.members.length, 0)
  if (joinedCount === 0) return undefined
  const joinedMean = joining.reduce((sum, a) => sum + a.meanEvidence * a.members.length, 0) / joinedCount
  // Most resolves have no such rival: the cheap tests first, the pairs only for those that pass.
  const rivals = others.filter(
    (other) =>
      other.hardConflicts === 0 &&
      other.softConflicts === 0 &&
      !other.cannotLink &&
      other.bestMatchWeight >= thresholdWeight &&
      other.meanEvidence >= joinedMean - margin,
  )
  if (rivals.length === 0) return undefined
  const joinedRows = joining.flatMap((a) => a.members.map((m) => scoring.rowOf.get(m.recordKey)!))
  for (const row of joinedRows) if ((scorer.contactRelation(0, row) & CONTACT_IDENTITY_AGREE) !== 0) return undefined
  for (const other of rivals) {
    let contactBits = 0
    let proof = false
    for (const member of other.members) {
      const row = scoring.rowOf.get(member.recordKey)!
      for (const joined of joinedRows) {
        if (!proof && provesDifferentPeople(scoring.pair(joined, row).conflict)) proof = true
        contactBits |= scorer.contactRelation(joined, row)
      }
    }
    if (provenTwoPeople(proof, contactBits)) return other
  }
  return undefined
}
