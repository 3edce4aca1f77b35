import type { PairEvidence } from '../../core/index.js'

const EMPTY_KEY = -1
const INITIAL_SLOTS = 1 << 16
/**
 * Pairs remembered at most (8.4 million: a table of 16.8 million slots, 285 MB); pairs beyond
 * are scored every time they are asked for, so memory stays bounded on any input.
 */
export const MAX_CACHED_PAIRS = 1 << 23

/**
 * Wraps a pair's evidence and cannot-link functions so that each ordered pair (i, j) is scored
 * once. Why: clustering re-examines two clusters after either grows, scoring their old cross
 * pairs again; on generated files a third of its pair scorings were repeats, and scoring is
 * most of the clustering time. Ordered, because a pair's weight reads the left record's term
 * frequencies. The table is open addressing over typed arrays: a Map stops at 2^24 entries and
 * costs far more memory per pair.
 */
export function cachedPairEvidence(
  pairEvidence: PairEvidence,
  recordCount: number,
  maxPairs = MAX_CACHED_PAIRS,
): PairEvidence {
  let keys = new Float64Array(INITIAL_SLOTS).fill(EMPTY_KEY)
  let hardness = new Int8Array(INITIAL_SLOTS)
  let evidence = new Float64Array(INITIAL_SLOTS)
  let used = 0

  const slotOf = (i: number, j: number, key: number): number => {
    const mask = keys.length - 1
    let slot = (Math.imul(i, 0x9e3779b1) ^ Math.imul(j, 0x85ebca77)) & mask
    while (keys[slot] !== EMPTY_KEY && keys[slot] !== key) slot = (slot + 1) & mask
    return slot
  }

  const grow = () => {
    const oldKeys = keys
    const oldHardness = hardness
    const oldEvidence = evidence
    keys = new Float64Array(oldKeys.length * 2).fill(EMPTY_KEY)
    hardness = new Int8Array(oldKeys.length * 2)
    evidence = new Float64Array(oldKeys.length * 2)
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s]
      if (key === EMPTY_KEY) continue
      const i = Math.floor(key / recordCount)
      const slot = slotOf(i, key - i * recordCount, key)
      keys[slot] = key
      hardness[slot] = oldHardness[s]
      evidence[slot] = oldEvidence[s]
    }
  }

  // The pair's slot, added if new (no hardness, -1, and no evidence, NaN, yet); -1 when the
  // pair is not remembered and the table is full.
  const entry = (i: number, j: number): number => {
    // Exact: below 2^53 for any table that fits in memory.
    const key = i * recordCount + j
    let slot = slotOf(i, j, key)
    if (keys[slot] === key) return slot
    if (used >= maxPairs) return -1
    if ((used + 1) * 2 > keys.length) {
      grow()
      slot = slotOf(i, j, key)
    }
    keys[slot] = key
    hardness[slot] = -1
    evidence[slot] = Number.NaN
    used += 1
    return slot
  }

  return {
    ...(pairEvidence.conflictBridged === undefined ? {} : { conflictBridged: pairEvidence.conflictBridged }),
    ...(pairEvidence.provesDifferentPeople === undefined ? {} : { provesDifferentPeople: pairEvidence.provesDifferentPeople }),
    ...(pairEvidence.contacts === undefined ? {} : { contacts: pairEvidence.contacts }),
    cannotLink(i, j) {
      const slot = entry(i, j)
      if (slot === -1) return pairEvidence.cannotLink(i, j)
      if (hardness[slot] === -1) hardness[slot] = pairEvidence.cannotLink(i, j)
      return hardness[slot] as 0 | 1 | 2
    },
    evidence(i, j) {
      const slot = entry(i, j)
      if (slot === -1) return pairEvidence.evidence(i, j)
      if (Number.isNaN(evidence[slot])) evidence[slot] = pairEvidence.evidence(i, j)
      return evidence[slot]
    },
  }
}
