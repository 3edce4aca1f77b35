import { describe, expect, it } from 'vitest'
import { explainPair, formatExplanation } from '../explain/explain-pair.js'
import { defaultComparisons } from './comparison-library.js'
import { createUntrainedModel, matchWeightToProbability, probabilityToMatchWeight } from './model.js'
import { createPairScorer } from './score.js'
import { tableOfRecords } from '../../../test/helpers/table-of-records.js'

const records = [
  { first_name: 'José', last_name: 'García López', email: 'jose.garcia@gmail.com', phone: '612345678' },
  { first_name: 'Pepe', last_name: 'Garcia', email: 'jose.garcia@gmail.com', phone: '+34 612 34 56 78' },
  { first_name: 'Ana', last_name: 'Vega', email: 'ana.vega@yahoo.es' },
  { first_name: 'Ana', last_name: 'Vega' },
]

describe('createPairScorer', () => {
  const model = createUntrainedModel(defaultComparisons())
  const table = tableOfRecords(records)
  const scorer = createPairScorer(model, table)

  it('should score the same person above two different people', () => {
    expect(scorer.matchWeight(0, 1)).toBeGreaterThan(scorer.matchWeight(0, 2))
  })

  it('should explain a pair with weights that add up to the total', () => {
    const explanation = explainPair(model, scorer, 0, 1)
    const sum = explanation.comparisons.reduce((total, part) => total + part.matchWeight, explanation.priorWeight)
    expect(sum).toBeCloseTo(explanation.matchWeight, 10)
    expect(explanation.matchWeight).toBeCloseTo(scorer.matchWeight(0, 1), 10)
    expect(explanation.matchProbability).toBeCloseTo(matchWeightToProbability(explanation.matchWeight), 10)
    expect(formatExplanation(explanation)).toMatch(/total/)
  })

  it('should lower the weight of a common value with term frequencies', () => {
    const common = tableOfRecords([...Array.from({ length: 20 }, () => ({ last_name: 'García' })), { last_name: 'Zubizarreta' }, { last_name: 'Zubizarreta' }])
    const tf = createPairScorer(model, common)
    expect(tf.matchWeight(20, 21)).toBeGreaterThan(tf.matchWeight(0, 1))
  })

  it('should weigh a missing field as no evidence at all', () => {
    const explanation = explainPair(model, scorer, 2, 3)
    const email = explanation.comparisons.find((part) => part.comparison === 'email')!
    expect(email.matchWeight).toBe(0)
  })
})

describe('match weight and probability', () => {
  it('should convert both ways', () => {
    expect(matchWeightToProbability(0)).toBe(0.5)
    expect(probabilityToMatchWeight(matchWeightToProbability(3.5))).toBeCloseTo(3.5, 10)
  })
})
