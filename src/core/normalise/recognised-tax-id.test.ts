import { describe, expect, it } from 'vitest'
import { birthDateInCodiceFiscale, isRecognisedTaxId, sexInCodiceFiscale } from './recognised-tax-id.js'

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

describe('birthDateInCodiceFiscale', () => {
  it('should read the birth date a codice fiscale encodes, without its century', () => {
    expect(birthDateInCodiceFiscale('RSSMRA85T10A562S')).toBe('**85-12-10')
    // a woman's day is written plus 40
    expect(birthDateInCodiceFiscale('BNCPQL07M43L219V')).toBe('**07-08-03')
    // omocodia: digits replaced by letters (R for 5, M for 1) where two codes would collide
    expect(birthDateInCodiceFiscale('RSSMRA8RT1MA562V')).toBe('**85-12-11')
  })

  it('should give nothing for any other id or a code whose check fails', () => {
    expect(birthDateInCodiceFiscale('RSSMRA85T10A562T')).toBe('')
    expect(birthDateInCodiceFiscale('12345678Z')).toBe('')
    expect(birthDateInCodiceFiscale('AB123456C')).toBe('')
    expect(birthDateInCodiceFiscale('')).toBe('')
  })
})

describe('sexInCodiceFiscale', () => {
  it('should read a woman from a day written plus 40, a man otherwise', () => {
    expect(sexInCodiceFiscale('RSSMRA85T10A562S')).toBe('m')
    expect(sexInCodiceFiscale('BNCPQL07M43L219V')).toBe('f')
    expect(sexInCodiceFiscale('RSSMRA8RT1MA562V')).toBe('m')
  })

  it('should give nothing for any other id or a code whose check fails', () => {
    expect(sexInCodiceFiscale('RSSMRA85T10A562T')).toBe('')
    expect(sexInCodiceFiscale('12345678Z')).toBe('')
    expect(sexInCodiceFiscale('')).toBe('')
  })
})
