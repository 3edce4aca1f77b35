import { describe, expect, it } from 'vitest'

import { jaro, jaroRange, jaroWinkler, jaroWinklerRange } from './jaro-winkler.js'

// Straightforward Jaro (arrays, no early exits) to check the optimised one against.
const referenceJaro = (a: string, b: string): number => {
  if (a.length === 0 || b.length === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1)
  const usedA: boolean[] = new Array<boolean>(a.length).fill(false)
  const usedB: boolean[] = new Array<boolean>(b.length).fill(false)
  let matches = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedA[i] = true
        usedB[j] = true
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  const matchedA = [...a].filter((_, i) => usedA[i])
  const matchedB = [...b].filter((_, j) => usedB[j])
  const half = matchedA.filter((ch, k) => ch !== matchedB[k]).length
  const t = Math.floor(half / 2)
  return (matches / a.length + matches / b.length + (matches - t) / matches) / 3
}

// Deterministic pseudo-random strings (LCG, Numerical Recipes constants).
const randomStrings = (count: number, maxLength: number, alphabet: string): string[] => {
  let state = 12345
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * (maxLength + 1))
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)]
    return s
  })
}

describe('jaro', () => {
  it.each([
    ['martha', 'marhta', 0.944],
    ['dwayne', 'duane', 0.822],
    ['dixon', 'dicksonx', 0.767],
  ])('should match the published value when comparing %s and %s', (a, b, expected) => {
    expect(jaro(a, b)).toBeCloseTo(expected, 3)
  })

  it('should return 1 when the strings are identical', () => {
    expect(jaro('garcia', 'garcia')).toBe(1)
  })

  it('should return 0 when either string is empty', () => {
    expect(jaro('', 'garcia')).toBe(0)
    expect(jaro('garcia', '')).toBe(0)
    expect(jaro('', '')).toBe(0)
  })

  it('should return 0 when no character matches', () => {
    expect(jaro('abc', 'xyz')).toBe(0)
  })

  it('should agree with a direct implementation when lengths straddle the 32-bit fast path', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    for (const length of [31, 32, 33]) {
      const a = alphabet.slice(0, length)
      const b = a.slice(1) + a[0]
      expect(jaro(a, b)).toBeCloseTo(referenceJaro(a, b), 12)
      expect(jaro(b, a + 'z')).toBeCloseTo(referenceJaro(b, a + 'z'), 12)
    }
  })

  it('should agree with a direct implementation when given random strings of any length', () => {
    const strings = randomStrings(400, 90, 'abcde')
    for (let k = 0; k + 1 < strings.length; k += 2) {
      const [a, b] = [strings[k], strings[k + 1]]
      expect(jaro(a, b)).toBeCloseTo(referenceJaro(a, b), 12)
    }
  })
})

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JONES', 'JOHNSON', 0.832],
    ['William', 'Williams', 0.975],
    ['aaaa', 'aaaaa', 0.96],
    ['jaz', 'jal', 0.822],
    ['a', 'ab', 0.85],
    ['012345', '0123456', 0.971],
    ['012abc', '013abcd', 0.879],
    ['a1bc', 'a1be', 0.883],
    ['orangutan-kumquat', 'orangutan kumquat', 0.976],
  ])('should match the reference value when comparing %s and %s', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3)
  })

  it('should return 1 when the strings are identical', () => {
    expect(jaroWinkler('lopez', 'lopez')).toBe(1)
  })

  it('should return 0 when either string is empty', () => {
    expect(jaroWinkler('', 'lopez')).toBe(0)
    expect(jaroWinkler('lopez', '')).toBe(0)
    expect(jaroWinkler('', '')).toBe(0)
  })

  it('should be symmetric when the arguments are swapped', () => {
    for (const [a, b] of [
      ['garcia', 'gracia'],
      ['giuseppe', 'giusepe'],
      ['catherine', 'kathryn'],
    ]) {
      expect(jaroWinkler(a, b)).toBe(jaroWinkler(b, a))
    }
  })

  it('should not boost the prefix when jaro is at most 0.7', () => {
    // jaro = (2/8 + 2/8 + 1) / 3 = 0.5 with a common prefix of 2.
    expect(jaro('abcdefgh', 'abxyzuvw')).toBeCloseTo(0.5, 12)
    expect(jaroWinkler('abcdefgh', 'abxyzuvw')).toBeCloseTo(0.5, 12)
  })

  it('should boost every pair when boostThreshold is 0', () => {
    expect(jaroWinkler('abcdefgh', 'abxyzuvw', 0.1, 4, 0)).toBeCloseTo(0.5 + 0.2 * 0.5, 12)
  })

  it('should honour prefixScale and maxPrefix when they are given', () => {
    const base = jaro('martha', 'marhta')
    expect(jaroWinkler('martha', 'marhta', 0.2, 4)).toBeCloseTo(base + 3 * 0.2 * (1 - base), 12)
    expect(jaroWinkler('martha', 'marhta', 0.1, 2)).toBeCloseTo(base + 2 * 0.1 * (1 - base), 12)
  })

  it('should stay within [0, 1] when given random strings', () => {
    for (const s of randomStrings(300, 40, 'ab ')) {
      const score = jaroWinkler(s, 'abba baab')
      expect(score).toBeGreaterThanOrEqual(0)
      expect(score).toBeLessThanOrEqual(1)
    }
  })
})

describe('jaroWinklerRange', () => {
  it('should equal jaroWinkler of the substrings when comparing ranges', () => {
    const a = 'maria garcia lopez'
    const b = 'jose gracia'
    expect(jaroWinklerRange(a, 6, 12, b, 5, 11)).toBe(jaroWinkler('garcia', 'gracia'))
    expect(jaroRange(a, 0, 5, b, 0, 4)).toBe(jaro('maria', 'jose'))
  })

  it('should return 0 when a range is empty', () => {
    expect(jaroWinklerRange('abc', 1, 1, 'abc', 0, 3)).toBe(0)
  })
})
