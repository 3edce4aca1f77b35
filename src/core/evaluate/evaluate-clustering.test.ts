import { describe, expect, it } from 'vitest'

import { IdentityError } from '../errors.js'
import { evaluateClustering } from './evaluate-clustering.js'

const clustering = (ids: string): Map<string, string> =>
  new Map([...ids].map((id, index) => [`r${index + 1}`, id]))

describe('evaluateClustering', () => {
  // Records r1..r8; truth entities A A A B B C C D; predicted clusters 1 1 2 3 2 4 4 4.
  // Cells (entity, cluster: count): A1:2 A2:1 B3:1 B2:1 C4:2 D4:1.
  // True pairs: A 3 + B 1 + C 1 = 5. Predicted pairs: 1:1 + 2:1 + 4:3 = 5. TP: A1 1 + C4 1 = 2.
  const truth = clustering('AAABBCCD')
  const predicted = clustering('11232444')

  it('should count pairs from the contingency table', () => {
    const result = evaluateClustering(truth, predicted)
    expect(result).toMatchObject({
      recordsEvaluated: 8,
      truePairs: 5,
      predictedPairs: 5,
      truePositivePairs: 2,
      pairwisePrecision: 0.4,
      pairwiseRecall: 0.4,
    })
    expect(result.pairwiseF1).toBeCloseTo(0.4, 12)
  })

  it('should average B-cubed over records', () => {
    // Precision per record, |cell| / |cluster|: r1 2/2, r2 2/2, r3 1/2, r4 1/1, r5 1/2,
    // r6 2/3, r7 2/3, r8 1/3 -> sum 17/3, mean 17/24.
    // Recall per record, |cell| / |entity|: r1 2/3, r2 2/3, r3 1/3, r4 1/2, r5 1/2, r6 2/2,
    // r7 2/2, r8 1/1 -> sum 17/3, mean 17/24.
    const result = evaluateClustering(truth, predicted)
    expect(result.bCubedPrecision).toBeCloseTo(17 / 24, 12)
    expect(result.bCubedRecall).toBeCloseTo(17 / 24, 12)
    expect(result.bCubedF1).toBeCloseTo(17 / 24, 12)
  })

  it('should count over-merged clusters, split entities and sizes', () => {
    // Cluster 2 holds A and B, cluster 4 holds C and D; A spans 1 and 2, B spans 3 and 2.
    expect(evaluateClustering(truth, predicted)).toMatchObject({
      trueEntities: 4,
      predictedClusters: 4,
      overMergedClusters: 2,
      splitEntities: 2,
      largestTrueCluster: 3,
      largestPredictedCluster: 3,
    })
  })

  it('should score an over-merged cluster with full recall and B-cubed precision 10/16', () => {
    // Truth A A A B, all predicted in one cluster: 6 predicted pairs, 3 true, all found.
    // B-cubed precision: three records of A at 3/4, B at 1/4 -> (9/4 + 1/4) / 4 = 10/16.
    const result = evaluateClustering(clustering('AAAB'), clustering('xxxx'))
    expect(result).toMatchObject({
      truePairs: 3,
      predictedPairs: 6,
      truePositivePairs: 3,
      pairwisePrecision: 0.5,
      pairwiseRecall: 1,
      bCubedPrecision: 10 / 16,
      bCubedRecall: 1,
      overMergedClusters: 1,
      splitEntities: 0,
      largestPredictedCluster: 4,
    })
    expect(result.bCubedF1).toBeCloseTo(10 / 13, 12)
  })

  it('should score a split entity with full precision and B-cubed recall 5/9', () => {
    // Truth E E E predicted as x y y: 1 predicted pair of 3 true ones.
    // B-cubed recall: r1 1/3, r2 2/3, r3 2/3 -> (5/3) / 3 = 5/9.
    const result = evaluateClustering(clustering('EEE'), clustering('xyy'))
    expect(result).toMatchObject({
      truePairs: 3,
      predictedPairs: 1,
      truePositivePairs: 1,
      pairwisePrecision: 1,
      bCubedPrecision: 1,
      overMergedClusters: 0,
      splitEntities: 1,
    })
    expect(result.pairwiseRecall).toBeCloseTo(1 / 3, 12)
    expect(result.bCubedRecall).toBeCloseTo(5 / 9, 12)
  })

  it('should take precision 1 and F1 0 when nothing is linked but the truth has pairs', () => {
    const result = evaluateClustering(clustering('AAB'), clustering('xyz'))
    expect(result).toMatchObject({
      predictedPairs: 0,
      pairwisePrecision: 1,
      pairwiseRecall: 0,
      pairwiseF1: 0,
    })
  })

  it('should score 1 everywhere when truth and prediction are all singletons', () => {
    const result = evaluateClustering(clustering('ABC'), clustering('xyz'))
    expect(result).toMatchObject({
      truePairs: 0,
      predictedPairs: 0,
      pairwisePrecision: 1,
      pairwiseRecall: 1,
      pairwiseF1: 1,
      bCubedF1: 1,
    })
  })

  it('should take F1 0 when every predicted pair is wrong', () => {
    const result = evaluateClustering(clustering('ABAB'), clustering('xxyy'))
    expect(result).toMatchObject({ truePositivePairs: 0, pairwiseF1: 0 })
  })

  it('should ignore cluster and entity labels, scoring only the partition', () => {
    const renamed = new Map([...predicted].map(([id, cluster]) => [id, `c-${cluster}`]))
    expect(evaluateClustering(truth, renamed)).toEqual(evaluateClustering(truth, predicted))
  })

  it('should score only common records and report the others when the sides differ', () => {
    const partialPrediction = new Map([
      ['r1', 'x'],
      ['r2', 'x'],
      ['extra-1', 'x'],
    ])
    const result = evaluateClustering(clustering('AAB'), partialPrediction)
    expect(result).toMatchObject({
      recordsEvaluated: 2,
      missingFromPredicted: 1,
      missingFromPredictedSample: ['r3'],
      missingFromTruth: 1,
      missingFromTruthSample: ['extra-1'],
      truePairs: 1,
      truePositivePairs: 1,
      pairwiseF1: 1,
    })
  })

  it('should keep at most 10 missing record_ids as a sample', () => {
    const result = evaluateClustering(clustering('A'.repeat(30)), clustering('x'))
    expect(result.missingFromPredicted).toBe(29)
    expect(result.missingFromPredictedSample).toHaveLength(10)
  })

  it('should throw ERR_EVAL_NO_COMMON_RECORDS when no record_id is shared', () => {
    const error = catchError(() => evaluateClustering(clustering('AB'), new Map([['q1', 'x']])))
    expect(error).toBeInstanceOf(IdentityError)
    expect(error.code).toBe('ERR_EVAL_NO_COMMON_RECORDS')
    expect(error.message).toMatchInlineSnapshot(
      `"the truth (size 2) and the prediction (size 1) share no record_id; expected both to list the same records: check that both files come from the same input and use the same id column"`,
    )
  })

  it('should evaluate 1,000,000 records without enumerating pairs', () => {
    const size = 1_000_000
    const truthMap = new Map<string, string>()
    const predictedMap = new Map<string, string>()
    for (let i = 0; i < size; i++) {
      truthMap.set(`rec-${i}`, `e${Math.floor(i / 4)}`)
      // Every 10th record is put in the wrong cluster.
      predictedMap.set(`rec-${i}`, `c${Math.floor((i % 10 === 0 ? i + 4 : i) / 4)}`)
    }
    const started = performance.now()
    const result = evaluateClustering(truthMap, predictedMap)
    const elapsedMs = performance.now() - started
    expect(result.recordsEvaluated).toBe(size)
    expect(result.truePairs).toBe((size / 4) * 6)
    // About a second on a quiet machine; the bound only catches a slide into enumerating pairs.
    expect(elapsedMs).toBeLessThan(15_000)
  })
})

function catchError(run: () => unknown): IdentityError {
  try {
    run()
  } catch (error) {
    return error as IdentityError
  }
  throw new Error('expected an error')
}
