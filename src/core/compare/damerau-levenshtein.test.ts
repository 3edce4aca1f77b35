import { describe, expect, it } from 'vitest'

import { damerauLevenshtein, oneSlipApart } from './damerau-levenshtein.js'

// Full optimal-string-alignment matrix, no trimming or early exit.
const referenceOsa = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
      }
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

describe('damerauLevenshtein', () => {
  it.each([
    ['ab', 'ba', 1],
    ['garcia', 'gracia', 1],
    ['abcdef', 'abdcef', 1],
    ['martha', 'marhta', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['', '', 0],
    ['lopez', 'lopez', 0],
  ])('should return the distance when comparing %j and %j', (a, b, expected) => {
    expect(damerauLevenshtein(a, b)).toBe(expected)
  })

  it('should not edit a transposed pair again when computing the restricted distance', () => {
    // Unrestricted Damerau-Levenshtein gives 2 (ca -> ac -> abc); OSA cannot.
    expect(damerauLevenshtein('ca', 'abc')).toBe(3)
  })

  it('should return maxDistance + 1 when the distance exceeds maxDistance', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 2)).toBe(3)
    expect(damerauLevenshtein('ana', 'anastasia', 1)).toBe(2)
    expect(damerauLevenshtein('garcia', 'lopez', 0)).toBe(1)
  })

  it('should return the exact distance when it is within maxDistance', () => {
    expect(damerauLevenshtein('garcia', 'gracia', 1)).toBe(1)
  })

  it('should agree with the full matrix when the pattern is 31, 32 or 33 long', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    for (const length of [31, 32, 33]) {
      const a = alphabet.slice(0, length)
      for (const b of [a.slice(1) + 'z', 'x' + a.slice(2, -1) + 'y', [...a].reverse().join('')]) {
        expect(damerauLevenshtein(a, b)).toBe(referenceOsa(a, b))
        expect(damerauLevenshtein(b, a, 3)).toBe(Math.min(referenceOsa(a, b), 4))
      }
    }
  })

  it('should agree with the full matrix when given random strings and limits', () => {
    const next = generator(99)
    for (let round = 0; round < 3000; round++) {
      const alphabet = round % 2 === 0 ? 'ab' : 'abcde'
      const a = randomString(next, round % 3 === 0 ? 80 : 40, alphabet)
      const b = randomString(next, round % 3 === 0 ? 80 : 40, alphabet)
      const expected = referenceOsa(a, b)
      expect(damerauLevenshtein(a, b)).toBe(expected)
      const limit = Math.floor(next() * 12)
      expect(damerauLevenshtein(a, b, limit)).toBe(expected <= limit ? expected : limit + 1)
    }
  })

  it('should agree with the full matrix when long strings differ by transpositions', () => {
    const next = generator(5)
    for (let round = 0; round < 500; round++) {
      const a = randomString(next, 70, 'abcd')
      const chars = [...a]
      for (let swaps = 0; swaps < 4 && chars.length > 1; swaps++) {
        const at = Math.floor(next() * (chars.length - 1))
        const moved = chars[at]
        chars[at] = chars[at + 1]
        chars[at + 1] = moved
      }
      const b = chars.join('')
      expect(damerauLevenshtein(a, b)).toBe(referenceOsa(a, b))
      expect(damerauLevenshtein(a, b, 2)).toBe(Math.min(referenceOsa(a, b), 3))
    }
  })
})

describe('oneSlipApart', () => {
  it('should take one wrong, missing, extra or swapped letter in words of 5+ letters only', () => {
    expect(oneSlipApart('navarro', 'nqvarro')).toBe(true)
    expect(oneSlipApart('phillip', 'phillips')).toBe(true)
    expect(oneSlipApart('navarro', 'navraro')).toBe(true)
    expect(oneSlipApart('navarro', 'nqvrraro')).toBe(false)
    expect(oneSlipApart('diaz', 'diez')).toBe(false)
    expect(oneSlipApart('diaz', 'diez', 4)).toBe(true)
  })
})
