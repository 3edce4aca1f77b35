import { describe, expect, it } from 'vitest'
import { measureGenerated } from '../../src/bench/quality.js'

// Generated omnichannel data, 10,000 persons, on seeds the model was never tuned on (tuning
// used seed 7). Issue floors: standard P ≥ 0.995 and F1 ≥ 0.95; hard P ≥ 0.99 and F1 ≥ 0.90.
// Reached today: F1 on standard. The precision floors are not reached yet; these assertions
// pin today's level so that a regression fails.
describe('match quality on generated omnichannel data', () => {
  it('should reach F1 ≥ 0.95 and precision ≥ 0.97 on the standard profile', async () => {
    const row = await measureGenerated(10_000, 101, 'standard', { workers: 0 })
    expect(row.evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.95)
    expect(row.evaluation.pairwisePrecision).toBeGreaterThanOrEqual(0.97)
    // Clustering safeguards: fewer over-merged customers than connected components.
    expect(row.evaluation.overMergedClusters).toBeLessThan(row.connectedComponents.overMergedClusters)
  })

  it('should keep precision ≥ 0.94 and F1 ≥ 0.88 on the hard profile', async () => {
    const row = await measureGenerated(10_000, 202, 'hard', { workers: 0 })
    expect(row.evaluation.pairwisePrecision).toBeGreaterThanOrEqual(0.94)
    expect(row.evaluation.pairwiseF1).toBeGreaterThanOrEqual(0.88)
  })
})
