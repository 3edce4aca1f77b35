import { describe, expect, it } from 'vitest'

import { stringHash53 } from '../../core/index.js'
import { BlockingPostings } from './blocking-postings.js'

describe('BlockingPostings', () => {
  it('lists the records of a key newest first, counts them, and answers nothing for a key never added', () => {
    const postings = new BlockingPostings()
    const key = stringHash53('name:EVA|GARCIA')
    postings.add(key, 7)
    postings.add(key, 3)
    postings.add(stringHash53('email:eva@example.com'), 7)
    expect(postings.records(key)).toEqual([3, 7])
    expect(postings.records(key, 1)).toEqual([3])
    expect(postings.records(key)).toHaveLength(2)
    expect(postings.records(stringHash53('name:ANA|GARCIA'))).toHaveLength(0)
    expect(postings.records(stringHash53('name:ANA|GARCIA'))).toEqual([])
    expect(postings.size).toBe(3)
  })

  it('removes one entry of a key, wherever it is in the list, and reuses its room', () => {
    const postings = new BlockingPostings(4, 4)
    const key = stringHash53('postcode:28001')
    for (const record of [1, 2, 3, 4]) postings.add(key, record)
    expect(postings.remove(key, 3)).toBe(true)
    expect(postings.remove(key, 4)).toBe(true)
    expect(postings.remove(key, 4)).toBe(false)
    expect(postings.remove(stringHash53('postcode:00000'), 1)).toBe(false)
    expect(postings.records(key)).toEqual([2, 1])
    const bytes = postings.bytes
    postings.add(key, 5)
    postings.add(key, 6)
    expect(postings.bytes).toBe(bytes)
    expect(postings.records(key)).toEqual([6, 5, 2, 1])
    expect(postings.records(key)).toHaveLength(4)
    for (const record of [1, 2, 5, 6]) postings.remove(key, record)
    expect(postings.records(key)).toHaveLength(0)
    expect(postings.records(key)).toEqual([])
    postings.add(key, 9)
    expect(postings.records(key)).toEqual([9])
  })

  it('has() finds an entry, and gives up (undefined) past the steps it was allowed', () => {
    const postings = new BlockingPostings()
    const key = stringHash53('phone:+34600000000')
    for (let record = 0; record < 10; record++) postings.add(key, record)
    expect(postings.has(key, 0)).toBe(true)
    expect(postings.has(key, 42)).toBe(false)
    expect(postings.has(key, 0, 5)).toBeUndefined()
    expect(postings.has(key, 8, 5)).toBe(true)
    expect(postings.has(stringHash53('phone:+34999999999'), 0)).toBe(false)
    expect(postings.records(key, 4)).toHaveLength(4)
    expect(postings.records(key)).toHaveLength(10)
  })

  it('trim() gives back unused room and keeps every entry; with entries freed it keeps the room for them', () => {
    const postings = new BlockingPostings(16, 1000)
    for (let record = 0; record < 100; record++) postings.add(record % 7, record)
    const before = postings.bytes
    postings.trim()
    expect(postings.bytes).toBeLessThan(before)
    for (let key = 0; key < 7; key++) expect(postings.records(key)).toHaveLength(key < 2 ? 15 : 14)
    postings.add(3, 500)
    for (let record = 100; record < 300; record++) postings.add(1, record)
    expect(postings.records(1)).toHaveLength(215)
    expect(postings.records(3, 1)).toEqual([500])
    postings.remove(1, 150)
    const withHole = postings.bytes
    postings.trim()
    expect(postings.bytes).toBe(withHole)
  })

  it('grows past its first size without losing or mixing up an entry (100,000 keys, hashes close together)', () => {
    const postings = new BlockingPostings(16, 16)
    // Consecutive hashes, and hashes that differ only in their high bits: the slot mixing must
    // spread both.
    const keys = [...Array.from({ length: 50_000 }, (_, k) => 1_000_000 + k), ...Array.from({ length: 50_000 }, (_, k) => k * 0x1_0000_0000)]
    keys.forEach((key, k) => {
      postings.add(key, k)
      if (k % 3 === 0) postings.add(key, k + 1_000_000)
    })
    expect(postings.size).toBe(keys.length + Math.ceil(keys.length / 3))
    keys.forEach((key, k) => {
      expect(postings.records(key)).toEqual(k % 3 === 0 ? [k + 1_000_000, k] : [k])
    })
    expect(postings.records(2 ** 52 + 1)).toHaveLength(0)
  })

  it('refuses a key hash or record key it cannot hold exactly', () => {
    const postings = new BlockingPostings()
    expect(() => postings.add(-1, 1)).toThrow(RangeError)
    expect(() => postings.add(2 ** 53, 1)).toThrow(RangeError)
    expect(() => postings.add(1.5, 1)).toThrow(RangeError)
    expect(() => postings.add(1, 2 ** 31)).toThrow(RangeError)
    expect(() => postings.add(1, -2)).toThrow(RangeError)
    expect(postings.size).toBe(0)
  })
})
