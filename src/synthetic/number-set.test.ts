import { describe, expect, it } from 'vitest'
import { hashString, NumberSet } from './number-set.js'

describe('NumberSet', () => {
  it('should remember every added key across growth', () => {
    const set = new NumberSet(16)
    for (let i = 1; i <= 10_000; i++) expect(set.add(i * 7919)).toBe(true)
    expect(set.size).toBe(10_000)
    for (let i = 1; i <= 10_000; i++) expect(set.has(i * 7919)).toBe(true)
    expect(set.has(3)).toBe(false)
  })

  it('should return false when adding a key that is already there', () => {
    const set = new NumberSet()
    set.add(3e11 + 612345678)
    expect(set.add(3e11 + 612345678)).toBe(false)
    expect(set.size).toBe(1)
  })

  it('should reject keys that are not positive', () => {
    expect(() => new NumberSet().add(0)).toThrow(RangeError)
  })
})

describe('hashString', () => {
  it('should give positive safe integers that differ for different strings', () => {
    const hashes = new Set<number>()
    for (let i = 0; i < 50_000; i++) {
      const hash = hashString(`user${i}@gmail.com`)
      expect(Number.isSafeInteger(hash) && hash > 0).toBe(true)
      hashes.add(hash)
    }
    expect(hashes.size).toBe(50_000)
  })
})
