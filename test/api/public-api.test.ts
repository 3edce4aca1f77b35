import { describe, expect, expectTypeOf, it } from 'vitest'
import * as tessera from '../../src/index.js'
import type { BatchResult, ClusteringEvaluation, CustomerRecord } from '../../src/index.js'

describe('the programmatic API', () => {
  it('should export a short, chosen list', () => {
    expect(Object.keys(tessera).sort()).toEqual(
      [
        'IdentityError',
        'blockOn',
        'createPairScorer',
        'defaultBlockingRules',
        'defaultComparisons',
        'evaluateClustering',
        'explainPair',
        'formatExplanation',
        'generateDataset',
        'loadConfig',
        'loadModel',
        'normaliseRecord',
        'readRecords',
        'resolveBatch',
        'saveModel',
        'trainBatch',
        'writeResolutionCsv',
      ].sort(),
    )
  })

  it('should resolve generated records and score them against the truth', async () => {
    const { records, truth } = tessera.generateDataset({ persons: 400, seed: 3 })
    async function* once(): AsyncIterable<readonly CustomerRecord[]> {
      yield records
    }
    const result = await tessera.resolveBatch(once(), { workers: 0, clock: () => 0 })
    expectTypeOf(result).toEqualTypeOf<BatchResult>()
    expect(result.customerIds).toHaveLength(records.length)
    const evaluation = tessera.evaluateClustering(
      new Map(truth.map((row) => [row.record_id, row.person_id])),
      new Map(result.recordIds.map((id, i) => [id, result.customerIds[i]])),
    )
    expectTypeOf(evaluation).toEqualTypeOf<ClusteringEvaluation>()
    expect(evaluation.pairwisePrecision).toBeGreaterThan(0.9)
    expect(evaluation.pairwiseRecall).toBeGreaterThan(0.8)
  })

  it('should give the same customers for the same input and seed', async () => {
    const { records } = tessera.generateDataset({ persons: 200, seed: 9 })
    const run = async () => {
      async function* once(): AsyncIterable<readonly CustomerRecord[]> {
        yield records
      }
      return (await tessera.resolveBatch(once(), { workers: 0, clock: () => 1_700_000_000_000, seed: 5 })).customerIds
    }
    expect(await run()).toEqual(await run())
  })
})
