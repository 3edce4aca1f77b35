/** A seeded pseudo-random source: returns floats in [0, 1). Core code takes one as an argument. */
export type Random = () => number

/**
 * mulberry32: a small, fast 32-bit PRNG, good enough for sampling and synthetic data; the same
 * seed always yields the same sequence, which keeps training and generation deterministic.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
