import { describe, expect, it } from 'vitest'

import { mulberry32 } from '../random.js'
import { normaliseRecord } from './normalise-record.js'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

import { generateDataset } from '../../synthetic/index.js'
import { guessPhoneCountry, isFixedLine, isFixedLineWithLibrary, normalisePhone, normalisePhoneWithLibrary } from './phone.js'

describe('normalisePhone', () => {
  it.each([
    ['+34 612 34 56 78', 'ES', '+34612345678'],
    ['612345678', 'ES', '+34612345678'],
    ['0034612345678', 'ES', '+34612345678'],
    ['612-345-678', 'ES', '+34612345678'],
    ['612.34.56.78', 'ES', '+34612345678'],
    ['34612345678', 'ES', '+34612345678'],
    ['912 345 678', 'ES', '+34912345678'],
    ['(0039) 333 1234567', 'IT', '+393331234567'],
    ['333 1234567', 'IT', '+393331234567'],
    ['06 1234 5678', 'IT', '+390612345678'],
    ['+39 02 1234 5678', 'IT', '+390212345678'],
    ['07700 900123', 'GB', '+447700900123'],
    ['+44 (0)7700 900123', 'GB', '+447700900123'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+33 6 12 34 56 78', 'ES', '+33612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+49 1512 3456789', '', '+4915123456789'],
  ])('should give E.164 when %s is read in %s', (raw, country, expected) => {
    expect(normalisePhone(raw, country)).toBe(expected)
  })

  it('should read international forms when the record has no country', () => {
    expect(normalisePhone('+34 612 34 56 78', '')).toBe('+34612345678')
    expect(normalisePhone('0034 612 34 56 78', '')).toBe('+34612345678')
    expect(normalisePhone('0044 7700 900123', '')).toBe('+447700900123')
  })

  it('should return missing when a national number has no country to read it in', () => {
    expect(normalisePhone('612345678', '')).toBe('')
  })

  it('should read the number in the record country when digits mean different numbers', () => {
    expect(normalisePhone('0612345678', 'FR')).toBe('+33612345678')
    expect(normalisePhone('0612345678', 'IT')).toBe('+390612345678')
  })

  it.each([
    ['000000000', 'ES'],
    ['999999999', 'ES'],
    ['666666666', 'ES'],
    ['123456789', 'ES'],
    ['+34 123456789', ''],
    ['600000000', 'ES'],
    ['0000000000', 'GB'],
    ['12345', 'ES'],
    ['-', 'ES'],
  ])('should return missing when %s is a placeholder', (raw, country) => {
    expect(normalisePhone(raw, country)).toBe('')
  })

  it.each([
    ['61234567', 'ES'],
    ['6123456789', 'ES'],
    ['+34 61234', ''],
    ['07700 9001234567', 'GB'],
    ['call me maybe', 'ES'],
  ])('should return missing when %s is not a possible number', (raw, country) => {
    expect(normalisePhone(raw, country)).toBe('')
  })

  it.each(['612345678 / 912345678', '612345678, 912345678', '612 34 56 78; 699111222'])(
    'should keep the first number when the field %s holds two',
    (raw) => {
      expect(normalisePhone(raw, 'ES')).toBe('+34612345678')
    },
  )

  it('should drop an extension when the number carries one', () => {
    expect(normalisePhone('612 34 56 78 ext 12', 'ES')).toBe('+34612345678')
  })

  it('should read only international numbers when the country has no numbering plan', () => {
    expect(normalisePhone('612 345 678', 'AQ')).toBe('')
    expect(normalisePhone('+34 612 345 678', 'AQ')).toBe('+34612345678')
  })

  it('should return missing when the phone is empty or absent', () => {
    expect(normalisePhone('', 'ES')).toBe('')
    expect(normalisePhone(undefined, 'ES')).toBe('')
  })

  it('should give the same answer as the library when numbers of every shape are generated', () => {
    const random = mulberry32(20_251_122)
    const digits = (n: number) => {
      let out = ''
      for (let i = 0; i < n; i++) out += Math.floor(random() * 10)
      return out
    }
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]
    const leads = ['', '0', '00', '+', '6', '7', '9', '3', '34', '39', '44', '0034', '+34', '+39']
    const moreLeads = ['+44', '0039', '0044', '+44 (0)', '+39 (0)', '07', '02', '06', '1800', '8']
    const allLeads = [...leads, ...moreLeads, '180020', '+33', '0033', '5', '4']
    const separators = ['', ' ', '-', '.', '/']
    const mismatches: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const country = pick(['ES', 'IT', 'GB', '', 'FR'])
      const separator = pick(separators)
      let raw = pick(allLeads) + digits(5 + Math.floor(random() * 10))
      if (separator !== '') raw = raw.replace(/(\d{3})(?=\d)/g, `$1${separator}`)
      const fast = normalisePhone(raw, country)
      const reference = normalisePhoneWithLibrary(raw, country)
      if (fast !== reference) mismatches.push(`${raw} in ${country}: ${fast} vs ${reference}`)
    }
    expect(mismatches).toEqual([])
  })

  it('should give the same answer when asked twice for a number the library reads', () => {
    const first = normalisePhone('+33 6 12 34 56 78', 'ES')
    expect(normalisePhone('+33 6 12 34 56 78', 'ES')).toBe(first)
  })
})

describe('guessPhoneCountry', () => {
  it.each([
    ['07574 106249', 'GB'],
    ['(020) 75610972', 'GB'],
    ['447574106249', 'GB'],
    ['652 09 81 24', 'ES'],
    ['34652098124', 'ES'],
    ['329/2208102', 'IT'],
    ['06 4567 8901', 'IT'],
  ])('should read %s as a number of %s when the record has no country', (raw, country) => {
    expect(guessPhoneCountry(raw, ['ES', 'IT', 'GB'])).toBe(country)
  })

  it('should only pick among the candidate countries', () => {
    expect(guessPhoneCountry('07574 106249', ['ES', 'IT'])).toBeUndefined()
  })

  it('should leave numbers with their own international prefix, and shapeless ones, undecided', () => {
    expect(guessPhoneCountry('+44 7574 106249', ['ES', 'IT', 'GB'])).toBeUndefined()
    expect(guessPhoneCountry('0044 7574 106249', ['ES', 'IT', 'GB'])).toBeUndefined()
    expect(guessPhoneCountry('12345', ['ES', 'IT', 'GB'])).toBeUndefined()
  })
})

describe('normaliseRecord without a country', () => {
  it('should read a British mobile typed at a till with no country as British, not Italian', () => {
    const record = normaliseRecord({ record_id: 'r1', source: 'store:LON-01', phone: '07574 106249' }, { fallbackCountries: ['ES', 'IT', 'GB'] })
    expect(record.phone).toBe('+447574106249')
  })
})

describe('isFixedLine', () => {
  it.each([
    ['+390994785390', true],
    ['+34918469387', true],
    ['+442030854124', true],
    ['+393365228000', false],
    ['+34652853175', false],
    ['+447731516334', false],
    // A North American number may be either: not counted as a home's.
    ['+12025550143', false],
    ['', false],
  ])('%s → %s', (number, fixed) => {
    expect(isFixedLine(number)).toBe(fixed)
  })

  it('should type valid generated numbers as the library does', () => {
    let checked = 0
    let fixed = 0
    for (const profile of ['standard', 'hard'] as const) {
      for (const record of generateDataset({ persons: 3000, seed: 5, profile }).records) {
        const e164 = normalisePhone(record.phone, record.country ?? '')
        if (e164 === '' || parsePhoneNumberFromString(e164)?.isValid() !== true) continue
        checked += 1
        if (isFixedLineWithLibrary(e164)) fixed += 1
        expect(isFixedLine(e164), e164).toBe(isFixedLineWithLibrary(e164))
      }
    }
    expect(checked).toBeGreaterThan(5000)
    expect(fixed).toBeGreaterThan(100)
  })
})
