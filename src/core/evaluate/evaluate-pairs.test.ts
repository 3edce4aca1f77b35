import { describe, expect, it } from 'vitest'

import { evaluatePairs } from './evaluate-pairs.js'

// Entities: A = {a1, a2, a3} (3 true pairs), B = {b1, b2} (1 true pair), C = {c1}.
const truth = new Map([
  ['a1', 'A'],
  ['a2', 'A'],
  ['a3', 'A'],
  ['b1', 'B'],
  ['b2', 'B'],
  ['c1', 'C'],
])

describe('evaluatePairs', () => {
  it('should score pairs against all true pairs', () => {
    const result = evaluatePairs(truth, [
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['a1', 'c1'],
    ])
    expect(result).toMatchObject({
      pairsEvaluated: 3,
      truePairs: 4,
      truePositivePairs: 2,
      falsePositivePairs: 1,
      recall: 0.5,
    })
    expect(result.precision).toBeCloseTo(2 / 3, 12)
    expect(result.f1).toBeCloseTo(4 / 7, 12)
  })

  it('should count a pair once whichever way round it is given', () => {
    const result = evaluatePairs(truth, [
      ['a1', 'a2'],
      ['a2', 'a1'],
      ['a1', 'a2'],
    ])
    expect(result).toMatchObject({ pairsEvaluated: 1, duplicatePairs: 2, truePositivePairs: 1 })
  })

  it('should leave out self-pairs and pairs naming unknown records', () => {
    const result = evaluatePairs(truth, [
      ['a1', 'a1'],
      ['a1', 'zz'],
      ['a2', 'a3'],
    ])
    expect(result).toMatchObject({
      pairsEvaluated: 1,
      selfPairs: 1,
      unknownRecordPairs: 1,
      precision: 1,
    })
  })

  it('should take precision 1 and F1 0 when no pair is given', () => {
    expect(evaluatePairs(truth, [])).toMatchObject({ precision: 1, recall: 0, f1: 0 })
  })

  it('should take recall 1 when the truth has no pairs', () => {
    const singletons = new Map([
      ['x', 'X'],
      ['y', 'Y'],
    ])
    expect(evaluatePairs(singletons, [['x', 'y']])).toMatchObject({
      precision: 0,
      recall: 1,
      f1: 0,
    })
  })
})
