import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../random.js'
import type { ComparisonPatterns } from './comparison-patterns.js'
import { normaliseLevels, runExpectationMaximisation } from './expectation-maximisation.js'

/** Draws pairs from a known two-class model and aggregates them into patterns. */
function simulate(m: number[][], u: number[][], lambda: number, pairs: number, seed: number): ComparisonPatterns {
  const random = mulberry32(seed)
  const draw = (probabilities: number[]) => {
    let r = random()
    for (let l = 1; l < probabilities.length; l++) {
      r -= probabilities[l]
      if (r < 0) return l
    }
    return probabilities.length - 1
  }
  const index = new Map<string, number>()
  const rows: number[][] = []
  const counts: number[] = []
  for (let p = 0; p < pairs; p++) {
    const table = random() < lambda ? m : u
    const row = table.map(draw)
    const key = row.join(',')
    const k = index.get(key)
    if (k === undefined) {
      index.set(key, rows.length)
      rows.push(row)
      counts.push(1)
    } else counts[k] += 1
  }
  return {
    comparisonCount: m.length,
    levels: Uint8Array.from(rows.flat()),
    counts: Float64Array.from(counts),
    patternCount: rows.length,
    pairCount: pairs,
  }
}

describe('runExpectationMaximisation', () => {
  const trueM = [
    [1, 0.9, 0.07, 0.03],
    [1, 0.85, 0.1, 0.05],
    [1, 0.8, 0.15, 0.05],
    [1, 0.95, 0.05],
  ]
  const trueU = [
    [1, 0.01, 0.04, 0.95],
    [1, 0.02, 0.08, 0.9],
    [1, 0.05, 0.15, 0.8],
    [1, 0.1, 0.9],
  ]

  it('should recover m probabilities and λ from simulated pairs when u is known', () => {
    const patterns = simulate(trueM, trueU, 0.3, 60_000, 7)
    const start = trueM.map((levels) => normaliseLevels(levels.map((_, l) => (l === 0 ? 1 : 1 / (levels.length - 1)))))
    const result = runExpectationMaximisation({
      patterns,
      m: start.map((levels, c) => levels.map((v, l) => (l === 1 ? 0.6 : v * (c + 1 > 0 ? 1 : 1)))),
      u: trueU,
      active: [true, true, true, true],
      lambda: 0.5,
    })
    expect(result.lambda).toBeCloseTo(0.3, 1)
    expect(result.m[0][1]).toBeCloseTo(0.9, 1)
    expect(result.m[1][1]).toBeCloseTo(0.85, 1)
    expect(result.m[3][1]).toBeCloseTo(0.95, 1)
  })

  it('should leave inactive comparisons untouched', () => {
    const patterns = simulate(trueM, trueU, 0.3, 5_000, 3)
    const start = trueM.map((levels) => levels.map((v) => v))
    start[2] = [1, 0.2, 0.3, 0.5]
    const result = runExpectationMaximisation({ patterns, m: start, u: trueU, active: [true, true, false, true], lambda: 0.5 })
    expect(result.m[2]).toEqual([1, 0.2, 0.3, 0.5])
  })

  it('should be deterministic for the same input', () => {
    const patterns = simulate(trueM, trueU, 0.2, 5_000, 11)
    const run = () => runExpectationMaximisation({ patterns, m: trueM, u: trueU, active: [true, true, true, true], lambda: 0.4 })
    expect(run()).toEqual(run())
  })
})

describe('normaliseLevels', () => {
  it('should floor zero probabilities and renormalise non-null levels', () => {
    const levels = normaliseLevels([1, 0.5, 0.5, 0])
    expect(levels[3]).toBeGreaterThan(0)
    expect(levels[1] + levels[2] + levels[3]).toBeCloseTo(1, 10)
    expect(levels[0]).toBe(1)
  })
})
