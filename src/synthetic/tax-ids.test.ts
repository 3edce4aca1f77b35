import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../core/random.js'
import {
  createCodiceFiscale,
  createDni,
  createNie,
  createNiNumber,
  formatTaxId,
  isValidSpanishTaxId,
} from './tax-ids.js'

describe('createDni', () => {
  it('should carry the check letter of its number when drawn', () => {
    const random = mulberry32(1)
    for (let i = 0; i < 500; i++) {
      const dni = createDni(random)
      expect(dni).toMatch(/^\d{8}[A-Z]$/)
      expect(isValidSpanishTaxId(dni)).toBe(true)
    }
  })
})

describe('createNie', () => {
  it('should carry the check letter computed with X=0, Y=1, Z=2 when drawn', () => {
    const random = mulberry32(2)
    for (let i = 0; i < 500; i++) {
      const nie = createNie(random)
      expect(nie).toMatch(/^[XYZ]\d{7}[A-Z]$/)
      expect(isValidSpanishTaxId(nie)).toBe(true)
    }
  })
})

describe('isValidSpanishTaxId', () => {
  it('should accept the textbook examples 12345678Z and X1234567L', () => {
    expect(isValidSpanishTaxId('12345678Z')).toBe(true)
    expect(isValidSpanishTaxId('X1234567L')).toBe(true)
  })

  it('should reject a DNI whose letter does not match', () => {
    expect(isValidSpanishTaxId('12345678A')).toBe(false)
  })
})

describe('createCodiceFiscale', () => {
  it('should compute the textbook code for Mario Rossi born 10 December 1985', () => {
    expect(
      createCodiceFiscale('Rossi', 'Mario', { year: 1985, month: 12, day: 10 }, 'M', 'A562'),
    ).toBe('RSSMRA85T10A562S')
  })

  it('should add 40 to the day and take consonants 1, 3, 4 when a woman has a long name', () => {
    const code = createCodiceFiscale(
      'De Luca',
      'Francesca',
      { year: 1990, month: 3, day: 7 },
      'F',
      'H501',
    )
    expect(code.slice(0, 11)).toBe('DLCFNC90C47')
    expect(code).toMatch(/^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/)
  })
})

describe('createNiNumber', () => {
  it('should use only the prefixes HMRC allows when drawn', () => {
    const random = mulberry32(3)
    for (let i = 0; i < 500; i++) {
      const ni = createNiNumber(random)
      expect(ni).toMatch(/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/)
      expect(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']).not.toContain(ni.slice(0, 2))
    }
  })
})

describe('formatTaxId', () => {
  it('should keep the same identifier once separators and case are removed', () => {
    const random = mulberry32(4)
    for (const taxId of ['01234567L', 'X1234567L', 'QQ123456C', 'RSSMRA85T10A562S']) {
      for (let i = 0; i < 50; i++) {
        const written = formatTaxId(random, taxId)
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
        expect([taxId, taxId.replace(/^0+/, '')]).toContain(written)
      }
    }
  })
})
