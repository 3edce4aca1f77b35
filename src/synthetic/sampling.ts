import type { Random } from '../core/random.js'

/** True with the given probability. */
export function chance(random: Random, probability: number): boolean {
  return probability > 0 && random() < probability
}

/** A uniform integer in [min, max], both ends included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]
}

/** `count` random decimal digits. */
export function randomDigits(random: Random, count: number): string {
  let digits = ''
  for (let i = 0; i < count; i++) digits += String.fromCharCode(48 + Math.floor(random() * 10))
  return digits
}

/** A list of items with cumulative weights, sampled by binary search in O(log n). */
export interface WeightedTable<T> {
  readonly items: readonly T[]
  readonly cumulative: Float64Array
}

export function createWeightedTable<T>(
  items: readonly T[],
  weights: readonly number[],
): WeightedTable<T> {
  if (items.length === 0 || items.length !== weights.length) {
    throw new Error(
      `weighted table needs one weight per item (${items.length} items, ${weights.length} weights)`,
    )
  }
  const cumulative = new Float64Array(items.length)
  let total = 0
  for (let i = 0; i < items.length; i++) {
    total += Math.max(0, weights[i])
    cumulative[i] = total
  }
  if (!(total > 0)) throw new Error('weighted table needs a positive total weight')
  return { items, cumulative }
}

export function pickWeighted<T>(random: Random, table: WeightedTable<T>): T {
  const { cumulative, items } = table
  const target = random() * cumulative[cumulative.length - 1]
  let low = 0
  let high = cumulative.length - 1
  while (low < high) {
    const middle = (low + high) >>> 1
    if (cumulative[middle] > target) high = middle
    else low = middle + 1
  }
  return items[low]
}

/**
 * Zipf–Mandelbrot weights for a list in popularity order: weight(rank) = 1 / (rank +
 * offset)^exponent.
 * Real name frequencies follow this shape closely (a few very common names, a long tail).
 */
export function zipfWeights(count: number, exponent: number, offset: number): number[] {
  const weights: number[] = []
  for (let rank = 1; rank <= count; rank++) weights.push(1 / Math.pow(rank + offset, exponent))
  return weights
}

/** Drops later duplicates, keeping each item at its first (most popular) position. */
export function uniqueInOrder(items: readonly string[]): string[] {
  return [...new Set(items)]
}

/** Derives an independent 32-bit seed from a seed and a stream number (splitmix-style mixing). */
export function deriveSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}
