import { describe, expect, it } from 'vitest'

import { levenshtein } from './levenshtein.js'

// Full Wagner-Fischer matrix, no trimming or early exit.
const referenceLevenshtein = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
    }
  }
  return d[a.length][b.length]
}

// Deterministic pseudo-random generator (LCG, Numerical Recipes constants).
const generator = (seed: number): (() => number) => {
  let state = seed
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const randomString = (next: () => number, maxLength: number, alphabet: string): string => {
  const length = Math.floor(next() * (maxLength + 1))
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)]
  return s
}

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['garcia', 'gracia', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['', '', 0],
    ['fernandez', 'fernandez', 0],
  ])('should return the distance when comparing %j and %j', (a, b, expected) => {
    expect(levenshtein(a, b)).toBe(expected)
  })

  it('should return the exact distance when it is within maxDistance', () => {
    expect(levenshtein('kitten', 'sitting', 3)).toBe(3)
    expect(levenshtein('kitten', 'sitting', 5)).toBe(3)
  })

  it('should return maxDistance + 1 when the distance exceeds maxDistance', () => {
    expect(levenshtein('kitten', 'sitting', 2)).toBe(3)
    expect(levenshtein('kitten', 'sitting', 1)).toBe(2)
    expect(levenshtein('garcia', 'lopez', 0)).toBe(1)
  })

  it('should return maxDistance + 1 when the lengths alone differ by more', () => {
    expect(levenshtein('ana', 'anastasia', 2)).toBe(3)
  })

  it('should handle strings longer than 32 characters when they differ in the middle', () => {
    const a = 'calle de la virgen de los peligros numero 12 tercero izquierda'
    const b = 'calle de la virgen de los pelgiros numero 21 tercero izquierda'
    expect(levenshtein(a, b)).toBe(referenceLevenshtein(a, b))
    expect(levenshtein(a, b, 1)).toBe(2)
  })

  it('should agree with the full matrix when the pattern is 31, 32 or 33 long', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    for (const length of [31, 32, 33]) {
      const a = alphabet.slice(0, length)
      for (const b of [a.slice(1) + 'z', 'x' + a.slice(2, -1) + 'y', [...a].reverse().join('')]) {
        expect(levenshtein(a, b)).toBe(referenceLevenshtein(a, b))
        expect(levenshtein(b, a, 3)).toBe(Math.min(referenceLevenshtein(a, b), 4))
      }
    }
  })

  it('should agree with the full matrix when given random strings and limits', () => {
    const next = generator(2024)
    for (let round = 0; round < 3000; round++) {
      const alphabet = round % 2 === 0 ? 'ab' : 'abcdefg'
      const a = randomString(next, round % 3 === 0 ? 80 : 40, alphabet)
      const b = randomString(next, round % 3 === 0 ? 80 : 40, alphabet)
      const expected = referenceLevenshtein(a, b)
      expect(levenshtein(a, b)).toBe(expected)
      const limit = Math.floor(next() * 12)
      expect(levenshtein(a, b, limit)).toBe(expected <= limit ? expected : limit + 1)
    }
  })

  it('should agree with the full matrix when strings share long prefixes and suffixes', () => {
    const next = generator(7)
    for (let round = 0; round < 500; round++) {
      const prefix = randomString(next, 30, 'xyz')
      const suffix = randomString(next, 30, 'xyz')
      const a = prefix + randomString(next, 50, 'abc') + suffix
      const b = prefix + randomString(next, 50, 'abc') + suffix
      expect(levenshtein(a, b)).toBe(referenceLevenshtein(a, b))
    }
  })

  it('should compare code units when given characters outside ASCII', () => {
    expect(levenshtein('müller', 'muller')).toBe(1)
    expect(levenshtein('łódź', 'lodz')).toBe(3)
  })
})
