import { describe, expect, it } from 'vitest'
import { isRecognisedTaxId } from './recognised-tax-id.js'

describe('isRecognisedTaxId', () => {
  it.each([
    ['12345678Z is the specimen DNI with a valid letter', '12345678Z'],
    ['a DNI with its check letter', '00000001R'],
    ['an NIE with its check letter', 'X1234567L'],
    ['a codice fiscale with its check character', 'RSSMRA85T10A562S'],
    ['a National Insurance number', 'AB123456C'],
  ])('should accept %s', (_, id) => {
    expect(isRecognisedTaxId(id)).toBe(true)
  })

  it.each([
    ['a DNI with a wrong letter', '12345678A'],
    ['an NIE with a wrong letter', 'X1234567A'],
    ['a codice fiscale with a wrong check character', 'RSSMRA85T10A562T'],
    ['plain digits', '1804974'],
    ['an NI number with a forbidden prefix', 'GB123456C'],
    ['the QQ specimen NI number, never issued', 'QQ123456C'],
  ])('should reject %s', (_, id) => {
    expect(isRecognisedTaxId(id)).toBe(false)
  })
})
