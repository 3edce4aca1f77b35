import {
  CONFLICT_KINDS,
  connectedComponents,
  createPairScorer,
  probabilityToMatchWeight,
  type Clustering,
  type ConflictKind,
  type CustomerRecord,
  type FeatureTable,
  type PairScorer,
} from '../core/index.js'
import type { BatchResult } from '../engine/index.js'

/**
 * The pieces of `npm run demo` that choose what to show: the customers worth a close look and
 * a naive matcher to compare with. Deterministic: the same resolution gives the same picks.
 */

/** A pair of record indexes (into result.recordIds) and why it is worth explaining. */
export interface ShowcasePair {
  readonly left: number
  readonly right: number
  readonly matchWeight: number
  /** Comparisons on which the two agree partly (a typo, a nickname) with a positive weight. */
  readonly partialAgreements: readonly string[]
  /**
   * `partial-agreement`: the pair agreeing partly (typo, nickname) on the most comparisons;
   * `joined-through-others`: a pair too weak on its own, in one customer through the others;
   * `weakest-link`: the weakest pair across channels that was linked on its own evidence.
   */
  readonly role: 'partial-agreement' | 'joined-through-others' | 'weakest-link'
}

/** The resolved customer that spans the most channels. */
export interface MultiChannelCustomer {
  readonly cluster: number
  readonly customerId: string
  /** Record indexes in input order. */
  readonly records: readonly number[]
  /** Distinct sources, sorted. */
  readonly sources: readonly string[]
  readonly pairs: readonly ShowcasePair[]
}

/** Two records sharing an email or a phone, as a household does, that were kept apart. */
export interface HouseholdTrap {
  readonly left: number
  readonly right: number
  readonly shared: 'email' | 'phone'
  readonly matchWeight: number
  /** The cannot-link rule the pair breaks; 'none' when only the low score kept them apart. */
  readonly conflict: ConflictKind
}

export interface Showcase {
  readonly multiChannel?: MultiChannelCustomer
  readonly trap?: HouseholdTrap
}

export interface ShowcaseOptions {
  /**
   * record_id → true person. When given, only a customer that is exactly one person is shown,
   * and only a trap between two different people: the showcase illustrates what the resolver
   * does right, while its mistakes are counted in the quality figures.
   */
  readonly truth?: ReadonlyMap<string, string>
  /** A scorer of result.model over result.table, to avoid building a second one. */
  readonly scorer?: PairScorer
}

/** 'store:MAD-01' → 'store': the channel kind of a source. */
export function channelKind(source: string): string {
  const colon = source.indexOf(':')
  return colon === -1 ? source : source.slice(0, colon)
}

/**
 * Picks the customers the demo explains: the customer with the most channel kinds (then the
 * most sources, then the fewest records, so it fits on screen), and a household trap. `records`
 * are the resolved records in input order (records[i] has result.recordIds[i]).
 */
export function pickShowcaseCustomers(
  result: BatchResult,
  records: readonly CustomerRecord[],
  options: ShowcaseOptions = {},
): Showcase {
  if (records.length !== result.recordIds.length) {
    throw new RangeError(
      `pickShowcaseCustomers: ${records.length} records for ${result.recordIds.length} resolved ones`,
    )
  }
  const scorer = options.scorer ?? createPairScorer(result.model, result.table)
  const multiChannel = pickMultiChannel(result, records, scorer, options.truth)
  const trap = pickHouseholdTrap(result, options.truth)
  return {
    ...(multiChannel === undefined ? {} : { multiChannel }),
    ...(trap === undefined ? {} : { trap }),
  }
}

function membersByCluster(clustering: Clustering): number[][] {
  const members: number[][] = Array.from({ length: clustering.clusterCount }, () => [])
  clustering.clusterOf.forEach((cluster, i) => members[cluster].push(i))
  return members
}

/** True when the records are all of one person and that person has no other record. */
function isExactlyOnePerson(
  indexes: readonly number[],
  recordIds: readonly string[],
  truth: ReadonlyMap<string, string>,
  personSizes: ReadonlyMap<string, number>,
): boolean {
  const person = truth.get(recordIds[indexes[0]])
  if (person === undefined) return false
  return (
    indexes.every((i) => truth.get(recordIds[i]) === person) &&
    personSizes.get(person) === indexes.length
  )
}

/** Lexicographic: the first differing entry decides; ties keep the earlier cluster. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k]
  return 0
}

function pickMultiChannel(
  result: BatchResult,
  records: readonly CustomerRecord[],
  scorer: PairScorer,
  truth: ReadonlyMap<string, string> | undefined,
): MultiChannelCustomer | undefined {
  const personSizes = new Map<string, number>()
  if (truth !== undefined) {
    for (const id of result.recordIds) {
      const person = truth.get(id)
      if (person !== undefined) personSizes.set(person, (personSizes.get(person) ?? 0) + 1)
    }
  }
  let best: { cluster: number; members: number[]; sources: string[]; rank: number[] } | undefined
  const groups = membersByCluster(result.clustering)
  for (let cluster = 0; cluster < groups.length; cluster++) {
    const members = groups[cluster]
    const sources = [...new Set(members.map((i) => records[i].source))].sort()
    if (sources.length < 2) continue
    const rank = [new Set(sources.map(channelKind)).size, sources.length, -members.length]
    if (best !== undefined && compareRanks(rank, best.rank) <= 0) continue
    if (truth !== undefined && !isExactlyOnePerson(members, result.recordIds, truth, personSizes))
      continue
    best = { cluster, members, sources, rank }
  }
  if (best === undefined) return undefined
  return {
    cluster: best.cluster,
    customerId: result.customerIds[best.members[0]],
    records: best.members,
    sources: best.sources,
    pairs: pickPairs(best.members, records, result, scorer),
  }
}

/** Names of the comparisons on which a pair agrees partly (a typo, a nickname) with a positive weight. */
function partialAgreementsOf(
  model: BatchResult['model'],
  scorer: PairScorer,
): (i: number, j: number) => string[] {
  const levels = new Uint8Array(scorer.comparisonCount)
  return (i, j) => {
    scorer.levels(i, j, levels)
    const names: string[] = []
    levels.forEach((level, c) => {
      // Level 0 is 'missing', 1 the exact agreement, the last one 'else': between lie the
      // partial agreements.
      const partial = level >= 2 && level < model.comparisons[c].levels.length - 1
      if (partial && scorer.levelWeight(c, level, i) > 0)
        names.push(model.comparisons[c].definition.name)
    })
    return names
  }
}

/**
 * Up to two pairs that show what may differ within one customer, in this order of preference:
 * the pair agreeing partly on the most comparisons (typos, nicknames, a moved flat), the weakest
 * pair below the threshold (in the customer through its other records), and the weakest pair
 * linked on its own evidence (preferring pairs of different channel kinds). Pairs of records
 * from one source are left out: the point is the link across channels.
 */
function pickPairs(
  members: readonly number[],
  records: readonly CustomerRecord[],
  result: BatchResult,
  scorer: PairScorer,
): ShowcasePair[] {
  const threshold = probabilityToMatchWeight(result.model.settings.matchThreshold)
  const partialAgreements = partialAgreementsOf(result.model, scorer)
  type Scored = Omit<ShowcasePair, 'role'>
  let partial: Scored | undefined
  let weakest: Scored | undefined
  let link: (Scored & { crossKind: boolean }) | undefined
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const [i, j] = [members[a], members[b]]
      if (records[i].source === records[j].source) continue
      const pair = {
        left: i,
        right: j,
        matchWeight: scorer.matchWeight(i, j),
        partialAgreements: partialAgreements(i, j),
      }
      const count = pair.partialAgreements.length
      const partialCount = partial?.partialAgreements.length ?? 0
      if (
        count > partialCount ||
        (count > 0 && count === partialCount && pair.matchWeight > partial!.matchWeight)
      ) {
        partial = pair
      }
      if (weakest === undefined || pair.matchWeight < weakest.matchWeight) weakest = pair
      if (pair.matchWeight < threshold || scorer.conflict(i, j) !== 0) continue
      const crossKind = channelKind(records[i].source) !== channelKind(records[j].source)
      const better =
        link === undefined ||
        (crossKind && !link.crossKind) ||
        (crossKind === link.crossKind && pair.matchWeight < link.matchWeight)
      if (better) link = { ...pair, crossKind }
    }
  }
  const candidates: ShowcasePair[] = []
  if (partial !== undefined) candidates.push({ ...partial, role: 'partial-agreement' })
  if (weakest !== undefined && weakest.matchWeight < threshold) {
    candidates.push({ ...weakest, role: 'joined-through-others' })
  }
  if (link !== undefined) {
    const { crossKind: _, ...scored } = link
    candidates.push({ ...scored, role: 'weakest-link' })
  }
  const pairs: ShowcasePair[] = []
  for (const pair of candidates) {
    const seen = pairs.some((p) => p.left === pair.left && p.right === pair.right)
    if (pairs.length < 2 && !seen) pairs.push(pair)
  }
  return pairs
}

/**
 * Among candidate pairs that share an email or a phone but ended in different customers (and,
 * with a truth, are different people): the one a cannot-link rule kept apart with the highest
 * score, i.e. the one the score alone was likeliest to merge. Without any veto, the highest
 * scored pair kept apart by its low score.
 */
function pickHouseholdTrap(
  result: BatchResult,
  truth: ReadonlyMap<string, string> | undefined,
): HouseholdTrap | undefined {
  const { candidates, scores, table, recordIds } = result
  const clusterOf = result.clustering.clusterOf
  const emails = table.columns.email.ids
  const phones = table.columns.phone.ids
  let best: { p: number; shared: 'email' | 'phone' } | undefined
  for (let p = 0; p < candidates.count; p++) {
    const i = candidates.left[p]
    const j = candidates.right[p]
    if (clusterOf[i] === clusterOf[j]) continue
    const shared =
      emails[i] !== 0 && emails[i] === emails[j]
        ? 'email'
        : phones[i] !== 0 && phones[i] === phones[j]
          ? 'phone'
          : undefined
    if (shared === undefined) continue
    if (truth !== undefined) {
      const left = truth.get(recordIds[i])
      const right = truth.get(recordIds[j])
      if (left === undefined || right === undefined || left === right) continue
    }
    if (best !== undefined) {
      const vetoed = scores.conflicts[p] !== 0
      const bestVetoed = scores.conflicts[best.p] !== 0
      if (vetoed !== bestVetoed ? !vetoed : scores.weights[p] <= scores.weights[best.p]) continue
    }
    best = { p, shared }
  }
  if (best === undefined) return undefined
  const [left, right] = [candidates.left[best.p], candidates.right[best.p]].sort((a, b) => a - b)
  return {
    left,
    right,
    shared: best.shared,
    matchWeight: scores.weights[best.p],
    conflict: CONFLICT_KINDS[scores.conflicts[best.p]],
  }
}

/**
 * The naive matcher the demo compares with: records sharing a normalised email or phone are one
 * customer, transitively. Same non-zero dictionary id = same normalised value.
 */
export function naiveContactClustering(table: FeatureTable): Clustering {
  const left: number[] = []
  const right: number[] = []
  for (const column of [table.columns.email, table.columns.phone]) {
    const firstHolder = new Int32Array(column.values.length).fill(-1)
    for (let i = 0; i < table.size; i++) {
      const value = column.ids[i]
      if (value === 0) continue
      if (firstHolder[value] === -1) firstHolder[value] = i
      else {
        left.push(firstHolder[value])
        right.push(i)
      }
    }
  }
  return connectedComponents(table.size, {
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    weight: new Float32Array(left.length),
    count: left.length,
  })
}

const EMPTY = '·'

function cut(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, width - 1)}…`
}

/** One aligned line per record: record_id, name, email, phone, as written in the file. */
export function formatRecordLines(records: readonly CustomerRecord[], indent = '  '): string[] {
  const rows = records.map((record) => [
    record.record_id,
    cut(
      [record.first_name, record.last_name]
        .filter((part) => part !== undefined && part !== '')
        .join(' ') ||
        record.full_name ||
        EMPTY,
      26,
    ),
    cut(record.email || EMPTY, 30),
    cut(record.phone || EMPTY, 16),
  ])
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => row[c].length))) ?? []
  return rows.map(
    (row) =>
      indent +
      row.map((value, c) => (c === row.length - 1 ? value : value.padEnd(widths[c]))).join('  '),
  )
}
