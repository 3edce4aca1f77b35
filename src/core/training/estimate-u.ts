import type { PairComparator } from '../model/comparison.js'
import type { Random } from '../random.js'
import { collectPatterns, type ComparisonPatterns } from './comparison-patterns.js'
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
  const pairs = sampleRandomPairs(recordCount, options.maxPairs, options.random)
  const patterns = collectPatterns(comparators, pairs.left, pairs.right, pairs.count)
  return { u: uFromPatterns(patterns, levelCounts), sampledPairs: pairs.count }
}

/**
 * min(maxPairs, all pairs) pairs of distinct records drawn at random (with replacement), two
 * draws of `random` per pair; none when there are fewer than two records.
 */
export function sampleRandomPairs(
  recordCount: number,
  maxPairs: number,
  random: Random,
): { left: Int32Array; right: Int32Array; count: number } {
  const count = recordCount < 2 ? 0 : Math.min(maxPairs, (recordCount * (recordCount - 1)) / 2)
  const left = new Int32Array(count)
  const right = new Int32Array(count)
  for (let p = 0; p < count; p++) {
    const i = Math.floor(random() * recordCount)
    let j = Math.floor(random() * (recordCount - 1))
    if (j >= i) j += 1
    left[p] = i
    right[p] = j
  }
  return { left, right, count }
}

/** u of each comparison level from the patterns of random pairs (see estimateU). */
export function uFromPatterns(
  patterns: ComparisonPatterns,
  levelCounts: readonly number[],
): number[][] {
  const counts = levelCounts.map((levels) => new Float64Array(levels))
  if (patterns.pairCount === 0) return counts.map((levels) => normaliseLevels(Array.from(levels)))
  const c = patterns.comparisonCount
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let k = 0; k < c; k++) counts[k][patterns.levels[p * c + k]] += patterns.counts[p]
  }
  // Add one pseudo-pair per non-null level: a level never seen in the sample is rare among
  // non-matches, not impossible.
  return counts.map((levels) =>
    normaliseLevels(Array.from(levels, (v, l) => (l === 0 ? 0 : v + 1))),
  )
}
