import type { PairComparator } from '../model/comparison.js'

/**
 * Pairs aggregated by comparison vector. EM and prior estimation only need how many pairs
 * share each vector of levels, and a million pairs collapse to a few thousand distinct
 * vectors, so every EM iteration costs microseconds instead of seconds.
 */
export interface ComparisonPatterns {
  readonly comparisonCount: number
  /** levels[p * comparisonCount + c] = level of comparison c in pattern p. */
  readonly levels: Uint8Array
  readonly counts: Float64Array
  readonly patternCount: number
  readonly pairCount: number
}

const BITS_PER_LEVEL = 4

/** Compares every pair and counts the distinct comparison vectors. */
export function collectPatterns(
  comparators: readonly PairComparator[],
  left: Int32Array,
  right: Int32Array,
  count: number,
): ComparisonPatterns {
  const c = comparators.length
  // 4 bits a level and at most 13 comparisons keeps the key an exact integer below 2^53.
  const index = new Map<number, number>()
  const levelRows: number[] = []
  const counts: number[] = []
  for (let p = 0; p < count; p++) {
    const i = left[p]
    const j = right[p]
    let key = 0
    for (let k = 0; k < c; k++) key = key * (1 << BITS_PER_LEVEL) + comparators[k](i, j)
    const existing = index.get(key)
    if (existing !== undefined) {
      counts[existing] += 1
      continue
    }
    index.set(key, counts.length)
    counts.push(1)
    let rest = key
    const row = new Array<number>(c)
    for (let k = c - 1; k >= 0; k--) {
      row[k] = rest % (1 << BITS_PER_LEVEL)
      rest = Math.floor(rest / (1 << BITS_PER_LEVEL))
    }
    levelRows.push(...row)
  }
  return {
    comparisonCount: c,
    levels: Uint8Array.from(levelRows),
    counts: Float64Array.from(counts),
    patternCount: counts.length,
    pairCount: count,
  }
}

/**
 * The patterns of several pair lists as if collected from their concatenation: counts add up,
 * and patterns keep the order in which they first appear, so EM sums them in the same order and
 * the result is identical to one collectPatterns pass (why: the engine collects on threads).
 */
export function mergePatterns(parts: readonly ComparisonPatterns[]): ComparisonPatterns {
  if (parts.length === 1) return parts[0]
  const c = parts.length === 0 ? 0 : parts[0].comparisonCount
  const index = new Map<number, number>()
  const levelRows: number[] = []
  const counts: number[] = []
  let pairCount = 0
  for (const part of parts) {
    pairCount += part.pairCount
    for (let p = 0; p < part.patternCount; p++) {
      let key = 0
      for (let k = 0; k < c; k++) key = key * (1 << BITS_PER_LEVEL) + part.levels[p * c + k]
      const existing = index.get(key)
      if (existing !== undefined) {
        counts[existing] += part.counts[p]
        continue
      }
      index.set(key, counts.length)
      counts.push(part.counts[p])
      for (let k = 0; k < c; k++) levelRows.push(part.levels[p * c + k])
    }
  }
  return {
    comparisonCount: c,
    levels: Uint8Array.from(levelRows),
    counts: Float64Array.from(counts),
    patternCount: counts.length,
    pairCount,
  }
}
