import { describe, expect, it } from 'vitest'

import { blockingKeyHash, packKeyHashes, unpackKeyHashes } from './key-hash.js'

describe('blockingKeyHash', () => {
  it('is a stable safe integer: stored hashes must mean the same key in every release', () => {
    // Pinned values: changing the function would orphan every stored index entry.
    expect(blockingKeyHash('email:lucia@example.com')).toBe(8821260080841670)
    expect(blockingKeyHash('name:LUCIA|PERES')).toBe(4413914996171261)
    for (const key of ['', 'a', 'phone:+34600000000', 'name:ÑANDÚ|GARCÍA', 'x'.repeat(500)]) {
      const hash = blockingKeyHash(key)
      expect(Number.isSafeInteger(hash)).toBe(true)
      expect(hash).toBeGreaterThanOrEqual(0)
    }
  })

  it('tells apart the keys of a realistic store (no collision among 200,000 near-identical keys)', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 100_000; i++) {
      seen.add(blockingKeyHash(`phone:+346${String(i).padStart(8, '0')}`))
      seen.add(blockingKeyHash(`email:user${i}@example.com`))
    }
    expect(seen.size).toBe(200_000)
  })

  it('packs and unpacks a record’s hashes exactly', () => {
    const hashes = [0, 1, blockingKeyHash('a'), Number.MAX_SAFE_INTEGER]
    expect(unpackKeyHashes(packKeyHashes(hashes))).toEqual(hashes)
    expect(unpackKeyHashes(null)).toEqual([])
  })
})
