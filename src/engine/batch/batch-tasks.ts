import {
  createFeatureTable,
  createPairScorer,
  modelComparisons,
  normaliseRecord,
  type CustomerRecord,
  type FeatureTable,
  type Model,
} from '../../core/index.js'

/** Normalises a chunk of records and encodes them as a feature table. */
export function normaliseChunk(
  records: readonly CustomerRecord[],
  defaultCountry: string | undefined,
  fallbackCountries: readonly string[] = [],
): FeatureTable {
  const options = defaultCountry === undefined ? { fallbackCountries } : { defaultCountry }
  return createFeatureTable(records.map((record) => normaliseRecord(record, options)))
}

const MIN_COUNTRY_SHARE = 0.01
const MAX_FALLBACK_COUNTRIES = 5

/**
 * The countries of a sample of records, most common first (ties by code), for reading the
 * phones of records that carry no country. Countries under 1% of the sample are left out.
 */
export function dominantCountries(records: readonly CustomerRecord[]): string[] {
  const counts = new Map<string, number>()
  let total = 0
  for (const record of records) {
    const country = (record.country ?? '').trim().toUpperCase()
    if (!/^[A-Z]{2}$/.test(country)) continue
    counts.set(country, (counts.get(country) ?? 0) + 1)
    total += 1
  }
  return mostCommonCountries(counts, total)
}

/** Countries by count, most common first (ties by code), leaving out those under 1% of `total`. */
export function mostCommonCountries(counts: ReadonlyMap<string, number>, total: number): string[] {
  return [...counts.entries()]
    .filter(([, count]) => count >= total * MIN_COUNTRY_SHARE)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FALLBACK_COUNTRIES)
    .map(([country]) => country)
}

export interface ScoredChunk {
  /**
   * Match weight of each pair, prior included: exact at or above the scorer's floor; below it,
   * possibly only an upper bound (see createChunkScorer).
   */
  readonly weights: Float32Array
  /** Cannot-link code of each pair (0 = none); evaluated only at or above the floor. */
  readonly conflicts: Uint8Array
}

/**
 * The order in which createChunkScorer runs the comparisons, by type: the cheap exact-ish ones
 * first (under 0.3 µs a pair each, measured on candidate pairs of a million generated records),
 * then the string similarities by how often they settle a pair on their own: email (0.7 µs)
 * before the given name (0.5 µs), because a different email drops a third of the pairs before
 * either name is compared, then the surname (1.5 µs), which is rarely needed. Only the order
 * matters; types not listed run last.
 */
const SCORING_ORDER: readonly string[] = [
  'tax_id',
  'loyalty_card',
  'exact',
  'birth_date',
  'phone',
  'location',
  'email',
  'given_name',
  'jaro_winkler',
  'surname',
]

/** Pairs are dropped only this far below the floor, so float rounding can never drop a link. */
const BOUND_MARGIN_BITS = 1e-3

/**
 * Builds a scorer for slices of candidate pairs (once per model and table: building the pair
 * scorer reads the whole table). With a floor (a match weight), a pair whose weight cannot reach
 * it is left as soon as that is certain: its weight is then an upper bound below the floor, and
 * its cannot-link code is not evaluated. Why: most candidate pairs are different people, and
 * the name comparisons, which cost most, are rarely needed to tell. Weights at or above the
 * floor are exactly PairScorer.matchWeight; without a floor every pair is exact.
 */
export function createChunkScorer(
  model: Model,
  table: FeatureTable,
  floorWeight = -Infinity,
): (left: Int32Array, right: Int32Array) => ScoredChunk {
  const scorer = createPairScorer(model, table)
  const comparators = modelComparisons(model).map((comparison) => comparison.bind(table))
  const count = comparators.length
  // The highest weight each comparison can add: the null level adds 0, a term-frequency level
  // depends on the left record's value, any other level is one number.
  const maxWeight = model.comparisons.map((comparison, c) => {
    let max = 0
    comparison.levels.forEach((level, l) => {
      if (level.isNull) return
      if (level.tfFeature === undefined) {
        max = Math.max(max, scorer.levelWeight(c, l, 0))
        return
      }
      for (let i = 0; i < table.size; i++) max = Math.max(max, scorer.levelWeight(c, l, i))
    })
    return max
  })
  const rank = (c: number) => {
    const position = SCORING_ORDER.indexOf(model.comparisons[c].definition.type)
    return position === -1 ? SCORING_ORDER.length : position
  }
  const order = Int32Array.from(
    model.comparisons.map((_, c) => c).sort((a, b) => rank(a) - rank(b) || a - b),
  )
  const headroom = maxWeight.reduce((sum, w) => sum + w, 0)
  const dropBelow = floorWeight - BOUND_MARGIN_BITS
  const levels = new Int32Array(count)
  const pairWeights = new Float64Array(count)
  const prior = scorer.priorWeight

  return (left, right) => {
    const pairs = left.length
    const weights = new Float32Array(pairs)
    const conflicts = new Uint8Array(pairs)
    next: for (let p = 0; p < pairs; p++) {
      const i = left[p]
      const j = right[p]
      // bound = the weight so far plus the most the remaining comparisons could add.
      let bound = prior + headroom
      for (let k = 0; k < count; k++) {
        const c = order[k]
        const level = comparators[c](i, j)
        levels[c] = level
        bound += scorer.levelWeight(c, level, i) - maxWeight[c]
        if (bound < dropBelow) {
          weights[p] = bound
          continue next
        }
      }
      // The scorer's own sum (names capped), as matchWeight gives, so the float is the same.
      const total = scorer.comparisonWeights(levels, i, pairWeights)
      weights[p] = total
      if (total >= floorWeight) conflicts[p] = scorer.conflict(i, j)
    }
    return { weights, conflicts }
  }
}

/** Scores a slice of candidate pairs exactly (every weight and cannot-link code). */
export function scoreChunk(
  model: Model,
  table: FeatureTable,
  left: Int32Array,
  right: Int32Array,
): ScoredChunk {
  return createChunkScorer(model, table)(left, right)
}
