import { describe, expect, it } from 'vitest'

import { normalisePostcode } from './postcode.js'

describe('normalisePostcode', () => {
  it.each([
    ['28013', 'ES', '28013'],
    [' 28 013 ', 'ES', '28013'],
    ['8013', 'ES', '08013'],
    ['00184', 'IT', '00184'],
    ['184', 'IT', '00184'],
    ['20121', 'IT', '20121'],
  ])('should give five digits when %s is read in %s', (raw, country, expected) => {
    expect(normalisePostcode(raw, country)).toBe(expected)
  })

  it('should not pad when too many digits are missing for the country', () => {
    expect(normalisePostcode('801', 'ES')).toBe('801')
  })

  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['SW1A 1AA', 'SW1A 1AA'],
    ['m11ae', 'M1 1AE'],
    ['ls1  4ap', 'LS1 4AP'],
    ['EC1A-1BB', 'EC1A 1BB'],
  ])('should space the British postcode %s before the inward code', (raw, expected) => {
    expect(normalisePostcode(raw, 'GB')).toBe(expected)
  })

  it('should space a British postcode when the country is unknown', () => {
    expect(normalisePostcode('sw1a1aa', '')).toBe('SW1A 1AA')
  })

  it('should keep a four-digit code unpadded when the country is unknown', () => {
    expect(normalisePostcode('4011', '')).toBe('4011')
  })

  it('should upper-case without spaces when the country has no special rule', () => {
    expect(normalisePostcode('1234 ab', 'NL')).toBe('1234AB')
    expect(normalisePostcode('1000-001', 'PT')).toBe('1000001')
  })

  it('should keep an odd British code compact when it has no postcode shape', () => {
    expect(normalisePostcode('ab12', 'GB')).toBe('AB12')
  })

  it.each([
    ['00000', 'ES'],
    ['99999', 'IT'],
    ['0000', 'ES'],
    ['n/a', 'ES'],
    ['XXXXX', 'GB'],
    ['-', ''],
  ])('should return missing when %s is a placeholder or has no digit', (raw, country) => {
    expect(normalisePostcode(raw, country)).toBe('')
  })

  it('should return missing when the postcode is empty or absent', () => {
    expect(normalisePostcode('', 'ES')).toBe('')
    expect(normalisePostcode(undefined, 'ES')).toBe('')
  })
})
