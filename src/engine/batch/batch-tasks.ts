import {
  createFeatureTable,
  createPairScorer,
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
  return [...counts.entries()]
    .filter(([, count]) => count >= total * MIN_COUNTRY_SHARE)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FALLBACK_COUNTRIES)
    .map(([country]) => country)
}

export interface ScoredChunk {
  /** Match weight of each pair, prior included. */
  readonly weights: Float32Array
  /** Cannot-link code of each pair (0 = none). */
  readonly conflicts: Uint8Array
}

/** Scores a slice of candidate pairs. */
export function scoreChunk(model: Model, table: FeatureTable, left: Int32Array, right: Int32Array): ScoredChunk {
  const scorer = createPairScorer(model, table)
  const count = left.length
  const weights = new Float32Array(count)
  const conflicts = new Uint8Array(count)
  for (let p = 0; p < count; p++) {
    const i = left[p]
    const j = right[p]
    weights[p] = scorer.matchWeight(i, j)
    conflicts[p] = scorer.conflict(i, j)
  }
  return { weights, conflicts }
}
