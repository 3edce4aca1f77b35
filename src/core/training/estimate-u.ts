import type { PairComparator } from '../model/comparison.js'
import type { Random } from '../random.js'
import { normaliseLevels } from './expectation-maximisation.js'

export const DEFAULT_U_SAMPLE_PAIRS = 1_000_000

/**
 * u probabilities from record pairs drawn at random: almost all random pairs are different
 * people (about one in a hundred thousand is not, on customer files), so the share of random
 * pairs at each level estimates P(level | non-match) (Splink's estimate_u_using_random_sampling).
 * Cost: maxPairs comparisons; the seed fixes the sample.
 */
export function estimateU(
  comparators: readonly PairComparator[],
  levelCounts: readonly number[],
  recordCount: number,
  options: { maxPairs: number; random: Random },
): { u: number[][]; sampledPairs: number } {
  const counts = levelCounts.map((levels) => new Float64Array(levels))
  if (recordCount < 2) {
    return { u: counts.map((levels) => normaliseLevels(Array.from(levels))), sampledPairs: 0 }
  }
  const totalPairs = (recordCount * (recordCount - 1)) / 2
  const pairs = Math.min(options.maxPairs, totalPairs)
  for (let p = 0; p < pairs; p++) {
    const i = Math.floor(options.random() * recordCount)
    let j = Math.floor(options.random() * (recordCount - 1))
    if (j >= i) j += 1
    for (let c = 0; c < comparators.length; c++) counts[c][comparators[c](i, j)] += 1
  }
  // Add one pseudo-pair per non-null level: a level never seen in the sample is rare among
  // non-matches, not impossible.
  const u = counts.map((levels) => normaliseLevels(Array.from(levels, (v, l) => (l === 0 ? 0 : v + 1))))
  return { u, sampledPairs: pairs }
}
