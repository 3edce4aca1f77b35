import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../core/random.js'
import { digitTypo, keyboardTypo, stripAccents } from './keyboard-typos.js'

/** Optimal string alignment distance: edits plus adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

describe('keyboardTypo', () => {
  it('should make exactly one edit when slipping on a name', () => {
    const random = mulberry32(1)
    for (const name of ['Fernández', 'Rossi', 'McDonald', 'María del Carmen', 'SMITH']) {
      for (let i = 0; i < 100; i++) {
        const typed = keyboardTypo(random, name)
        expect(editDistance(stripAccents(typed), stripAccents(name))).toBeLessThanOrEqual(1)
      }
    }
  })

  it('should keep upper case when the name is in upper case', () => {
    const random = mulberry32(2)
    for (let i = 0; i < 100; i++) {
      const typed = keyboardTypo(random, 'GARCIA')
      expect(typed).toBe(typed.toUpperCase())
    }
  })

  it('should leave a one-letter text unchanged', () => {
    expect(keyboardTypo(mulberry32(3), 'J')).toBe('J')
  })
})

describe('digitTypo', () => {
  it('should change, swap or drop one digit', () => {
    const random = mulberry32(4)
    for (let i = 0; i < 200; i++) {
      const typed = digitTypo(random, '612345678')
      expect(typed).toMatch(/^\d{8,9}$/)
      expect(editDistance(typed, '612345678')).toBe(1)
    }
  })
})

describe('stripAccents', () => {
  it('should fold Spanish and Italian letters to ASCII', () => {
    expect(stripAccents('José Peña Nicolò Çà')).toBe('Jose Pena Nicolo Ca')
  })
})
