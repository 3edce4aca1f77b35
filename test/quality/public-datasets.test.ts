import { describe, expect, it } from 'vitest'
import { measurePublicDataset } from '../../src/bench/quality.js'

// Floors on the public benchmarks (issue #2). Where the floor is not reached yet the
// test pins the level reached today, so a regression still fails, and says so.
describe('match quality on public benchmarks', () => {
  // FEBRL dataset1 and dataset2 are not named by the issue; they guard against a model tuned to
  // dataset3 alone (other duplicate rates: one duplicate per original, or 1,000 among 4,000).
  it.each([['febrl1'], ['febrl2']] as const)('should reach pairwise F1 ≥ 0.99 and precision ≥ 0.995 on FEBRL %s', async (name) => {
    const { evaluation } = await measurePublicDataset(name, { workers: 0 })
    expect(evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.99)
    expect(evaluation.pairwisePrecision).toBeGreaterThanOrEqual(0.995)
  })

  it('should reach pairwise F1 ≥ 0.99 on FEBRL dataset3 after clustering', async () => {
    const { evaluation } = await measurePublicDataset('febrl3', { workers: 0 })
    expect(evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.99)
    expect(evaluation.pairwisePrecision).toBeGreaterThanOrEqual(0.995)
  })

  it('should reach pairwise F1 ≥ 0.99 on FEBRL dataset4a+4b read as one file', async () => {
    const { evaluation } = await measurePublicDataset('febrl4', { workers: 0 })
    expect(evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.99)
  })

  it('should reach pairwise F1 ≥ 0.94 on fake_1000 after clustering', async () => {
    const { evaluation } = await measurePublicDataset('fake_1000', { workers: 0 })
    expect(evaluation.pairwisePrecision).toBeGreaterThanOrEqual(0.99)
    // The floor is 0.93; 0.946 today, 0.938 before birth dates less than a year apart
    // got a level of their own: this pins that gain.
    expect(evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.94)
  })

  it('should reach F1 ≥ 0.80 on historical_50k with no cluster above 30 records', async () => {
    const row = await measurePublicDataset('historical_50k', { workers: 0 })
    expect(row.evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.8)
    expect(row.evaluation.largestPredictedCluster).toBeLessThanOrEqual(30)
    // The safeguards beat plain connected components on over-merging.
    expect(row.evaluation.overMergedClusters).toBeLessThan(row.connectedComponents.overMergedClusters)
    expect(row.evaluation.largestPredictedCluster).toBeLessThan(row.connectedComponents.largestPredictedCluster)
  })
})
