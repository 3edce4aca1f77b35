import {
  CONFLICT_KINDS,
  connectedComponents,
  createPairScorer,
  probabilityToMatchWeight,
  type Clustering,
  type ContractField,
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
  /** Fields both records fill in but write differently. */
  readonly writtenDifferently: readonly ContractField[]
  /**
   * `written-differently`: the pair writing the most fields differently;
   * `joined-through-others`: the strongest pair too weak on its own, joined through the others;
   * `weakest-link`: the weakest pair across channels that was linked on its own evidence.
   */
  readonly role: 'written-differently' | 'joined-through-others' | 'weakest-link'
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

/** Fields whose spelling the showcase compares: what a person reads as "the same data". */
const SPELLED_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'birth_date',
  'address_line1',
  'postcode',
  'city',
  'loyalty_card',
  'tax_id',
] as const satisfies readonly ContractField[]

/** Fields both records fill in but write differently (case, accents, typos, formats). */
export function writtenDifferently(left: CustomerRecord, right: CustomerRecord): ContractField[] {
  return SPELLED_FIELDS.filter((field) => {
    const a = left[field]
    const b = right[field]
    return a !== undefined && a !== '' && b !== undefined && b !== '' && a !== b
  })
}

/**
 * Up to two pairs that show what may differ within one customer, in this order of preference:
 * the pair writing the most fields differently (normalising and fuzzy comparison at work), the
 * strongest pair below the threshold (nearly linked alone; the other records settle it), and
 * the weakest pair linked on its own evidence (preferring pairs of different channel kinds).
 * Pairs of records from one source are left out: the point is the link across channels.
 */
function pickPairs(
  members: readonly number[],
  records: readonly CustomerRecord[],
  result: BatchResult,
  scorer: PairScorer,
): ShowcasePair[] {
  const threshold = probabilityToMatchWeight(result.model.settings.matchThreshold)
  type Scored = Omit<ShowcasePair, 'role'>
  let differing: Scored | undefined
  let nearMiss: Scored | undefined
  let link: (Scored & { crossKind: boolean }) | undefined
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const [i, j] = [members[a], members[b]]
      if (records[i].source === records[j].source) continue
      const pair: Scored = {
        left: i,
        right: j,
        matchWeight: scorer.matchWeight(i, j),
        writtenDifferently: writtenDifferently(records[i], records[j]),
      }
      const count = pair.writtenDifferently.length
      const best = differing?.writtenDifferently.length ?? 0
      // Ties go to the stronger pair: differences that plainly did not matter.
      if (
        count > best ||
        (count > 0 && count === best && pair.matchWeight > differing!.matchWeight)
      ) {
        differing = pair
      }
      if (pair.matchWeight < threshold) {
        if (nearMiss === undefined || pair.matchWeight > nearMiss.matchWeight) nearMiss = pair
        continue
      }
      if (scorer.conflict(i, j) !== 0) continue
      const crossKind = channelKind(records[i].source) !== channelKind(records[j].source)
      const better =
        link === undefined ||
        (crossKind && !link.crossKind) ||
        (crossKind === link.crossKind && pair.matchWeight < link.matchWeight)
      if (better) link = { ...pair, crossKind }
    }
  }
  const candidates: ShowcasePair[] = []
  if (differing !== undefined) candidates.push({ ...differing, role: 'written-differently' })
  if (nearMiss !== undefined) candidates.push({ ...nearMiss, role: 'joined-through-others' })
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
const GAP = '  '
/** The name and email columns give way, widest first, until a line fits; never below this. */
const MIN_SHRUNK_WIDTH = 12

function cut(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, width - 1)}…`
}

/**
 * One aligned line per record: record_id, name, email, phone, as written in the file. Lines
 * stay within `width` characters where they can: the name and email columns are cut (with …)
 * before anything else.
 */
export function formatRecordLines(
  records: readonly CustomerRecord[],
  options: { indent?: string; width?: number } = {},
): string[] {
  const indent = options.indent ?? '  '
  const rows = records.map((record) => [
    record.record_id,
    [record.first_name, record.last_name]
      .filter((part) => part !== undefined && part !== '')
      .join(' ') ||
      record.full_name ||
      EMPTY,
    record.email || EMPTY,
    record.phone || EMPTY,
  ])
  if (rows.length === 0) return []
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)))
  const total = () =>
    indent.length + widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1)
  const [name, email] = [1, 2]
  while (total() > (options.width ?? 100)) {
    const widest = widths[name] >= widths[email] ? name : email
    if (widths[widest] <= MIN_SHRUNK_WIDTH) break
    widths[widest] -= 1
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((value, c) => (c === row.length - 1 ? value : cut(value, widths[c]).padEnd(widths[c])))
        .join(GAP),
  )
}
