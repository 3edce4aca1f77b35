import { describe, expect, it } from 'vitest'
import type { PairEvidence } from '../../core/index.js'
import { cachedPairEvidence } from './cached-pair-evidence.js'

/** Evidence that differs by direction, and counts how often each function is asked. */
function countingEvidence() {
  const calls = { evidence: 0, cannotLink: 0 }
  const evidence: PairEvidence = {
    evidence: (i, j) => {
      calls.evidence += 1
      return i * 10 + j + 0.5
    },
    cannotLink: (i, j) => {
      calls.cannotLink += 1
      return ((i + j) % 3) as 0 | 1 | 2
    },
  }
  return { calls, evidence }
}

describe('cachedPairEvidence', () => {
  it('should score each ordered pair once and answer as the wrapped functions do', () => {
    const { calls, evidence } = countingEvidence()
    const cached = cachedPairEvidence(evidence, 1_000)
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) {
        for (let j = 0; j < 300; j += 7) {
          expect(cached.cannotLink(i, j)).toBe((i + j) % 3)
          expect(cached.evidence(i, j)).toBe(i * 10 + j + 0.5)
        }
      }
    }
    expect(calls.evidence).toBe(300 * 43)
    expect(calls.cannotLink).toBe(300 * 43)
  })

  it('should keep (i, j) and (j, i) apart, as a weight reads the left record', () => {
    const { evidence } = countingEvidence()
    const cached = cachedPairEvidence(evidence, 10)
    expect(cached.evidence(1, 2)).toBe(12.5)
    expect(cached.evidence(2, 1)).toBe(21.5)
  })

  it('should still answer, without remembering, once the table is full', () => {
    const { calls, evidence } = countingEvidence()
    const cached = cachedPairEvidence(evidence, 100, 10)
    for (let round = 0; round < 2; round++) {
      for (let j = 0; j < 20; j++) expect(cached.evidence(1, j)).toBe(10 + j + 0.5)
    }
    expect(calls.evidence).toBe(10 + 2 * 10)
  })
})
