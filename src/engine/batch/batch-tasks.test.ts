import { describe, expect, it } from 'vitest'
import { createChunkScorer, dominantCountries, normaliseChunk, scoreChunk } from './batch-tasks.js'
import {
  createPairScorer,
  createUntrainedModel,
  DEFAULT_BLOCKING_OPTIONS,
  DEFAULT_MODEL_SETTINGS,
  DEFAULT_TRAINING_OPTIONS,
  defaultBlockingRules,
  defaultComparisons,
  defaultEmBlockingRules,
  generateCandidatePairs,
  mulberry32,
  probabilityToMatchWeight,
  trainModel,
} from '../../core/index.js'
import { generateDataset } from '../../synthetic/index.js'

describe('dominantCountries', () => {
  it('should list the countries of the records, most common first, ignoring rare and malformed ones', () => {
    const records = [
      ...Array.from({ length: 60 }, (_, k) => ({
        record_id: `es${k}`,
        source: 'web',
        country: 'es',
      })),
      ...Array.from({ length: 39 }, (_, k) => ({
        record_id: `it${k}`,
        source: 'web',
        country: 'IT',
      })),
      { record_id: 'x', source: 'web', country: 'Spain' },
      { record_id: 'y', source: 'web' },
    ]
    expect(dominantCountries(records)).toEqual(['ES', 'IT'])
  })
})

describe('scoreChunk', () => {
  it('should score a pair of agreeing records above a pair of different people', () => {
    const table = normaliseChunk(
      [
        {
          record_id: 'a',
          source: 'web',
          first_name: 'Ana',
          last_name: 'Ruiz',
          email: 'ana.ruiz@gmail.com',
          country: 'ES',
        },
        {
          record_id: 'b',
          source: 'app',
          first_name: 'Ana',
          last_name: 'Ruiz',
          email: 'ana.ruiz@gmail.com',
          country: 'ES',
        },
        {
          record_id: 'c',
          source: 'app',
          first_name: 'Luis',
          last_name: 'Vega',
          email: 'lvega@yahoo.es',
          country: 'ES',
        },
      ],
      undefined,
    )
    const model = createUntrainedModel(defaultComparisons())
    const scored = scoreChunk(model, table, Int32Array.from([0, 0]), Int32Array.from([1, 2]))
    expect(scored.weights[0]).toBeGreaterThan(scored.weights[1])
    expect(scored.conflicts).toHaveLength(2)
  })
})

describe('createChunkScorer', () => {
  const dataset = generateDataset({ persons: 800, seed: 3 })
  const table = normaliseChunk(dataset.records, undefined)
  const candidates = generateCandidatePairs(table, defaultBlockingRules(), DEFAULT_BLOCKING_OPTIONS)
  const model = trainModel(
    createUntrainedModel(defaultComparisons(), DEFAULT_MODEL_SETTINGS),
    table,
    {
      ...DEFAULT_TRAINING_OPTIONS,
      uSamplePairs: 50_000,
      random: mulberry32(3),
      seed: 3,
      emBlockingRules: defaultEmBlockingRules(),
      candidatePairs: candidates,
    },
  )
  const scorer = createPairScorer(model, table)
  const floor = probabilityToMatchWeight(model.settings.matchThreshold)
  const scored = createChunkScorer(model, table, floor)(candidates.left, candidates.right)

  it('should give the exact weight and conflict of every pair at or above the floor', () => {
    let above = 0
    for (let p = 0; p < candidates.count; p++) {
      const i = candidates.left[p]
      const j = candidates.right[p]
      const exact = Math.fround(scorer.matchWeight(i, j))
      if (exact < floor) continue
      above += 1
      expect(scored.weights[p]).toBe(exact)
      expect(scored.conflicts[p]).toBe(scorer.conflict(i, j))
    }
    expect(above).toBeGreaterThan(100)
  })

  it('should give pairs below the floor an upper bound that stays below it', () => {
    let below = 0
    for (let p = 0; p < candidates.count; p++) {
      const exact = scorer.matchWeight(candidates.left[p], candidates.right[p])
      if (exact >= floor) continue
      below += 1
      expect(scored.weights[p]).toBeLessThan(floor)
      expect(scored.weights[p]).toBeGreaterThanOrEqual(Math.fround(exact) - 1e-4)
      expect(scored.conflicts[p]).toBe(0)
    }
    expect(below).toBeGreaterThan(100)
  })

  it('should score every pair exactly when there is no floor', () => {
    const exact = scoreChunk(model, table, candidates.left, candidates.right)
    for (let p = 0; p < candidates.count; p++) {
      const i = candidates.left[p]
      const j = candidates.right[p]
      expect(exact.weights[p]).toBe(Math.fround(scorer.matchWeight(i, j)))
      expect(exact.conflicts[p]).toBe(scorer.conflict(i, j))
    }
  })
})
