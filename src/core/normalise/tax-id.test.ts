import { describe, expect, it } from 'vitest'

import { isValidSpanishDni, normaliseTaxId } from './tax-id.js'

describe('normaliseTaxId', () => {
  it.each([
    ['12345679s', '12345679S'],
    ['12.345.679-S', '12345679S'],
    ['1234567L', '01234567L'],
    ['x-1234567-l', 'X1234567L'],
    ['ES12345679S', '12345679S'],
    ['rssmra85t10a562s', 'RSSMRA85T10A562S'],
    ['QQ 12 34 56 C', 'QQ123456C'],
    ['1804974', '1804974'],
  ])('should normalise %s to %s', (raw, expected) => {
    expect(normaliseTaxId(raw)).toBe(expected)
  })

  it('should keep a DNI when its check letter is wrong', () => {
    expect(normaliseTaxId('12345679A')).toBe('12345679A')
  })

  it.each(['12345678Z', '12.345.678-Z', '00000000T', '11111111H', '0000000', '-', ''])(
    'should return missing when %s is a placeholder or empty',
    (raw) => {
      expect(normaliseTaxId(raw)).toBe('')
    },
  )

  it('should return missing when the id is absent', () => {
    expect(normaliseTaxId(undefined)).toBe('')
  })
})

describe('isValidSpanishDni', () => {
  it('should be true when the DNI check letter is right', () => {
    expect(isValidSpanishDni('12345678Z')).toBe(true)
    expect(isValidSpanishDni('00000000T')).toBe(true)
  })

  it('should be true when the NIE check letter is right', () => {
    expect(isValidSpanishDni('X1234567L')).toBe(true)
    expect(isValidSpanishDni('Y1234567X')).toBe(true)
    expect(isValidSpanishDni('Z1234567R')).toBe(true)
  })

  it('should be false when the check letter is wrong', () => {
    expect(isValidSpanishDni('12345678A')).toBe(false)
    expect(isValidSpanishDni('X1234567A')).toBe(false)
  })

  it('should be false when the id does not have a DNI or NIE shape', () => {
    expect(isValidSpanishDni('1234567Z')).toBe(false)
    expect(isValidSpanishDni('RSSMRA85T10A562S')).toBe(false)
    expect(isValidSpanishDni('A1234567Z')).toBe(false)
  })
})
