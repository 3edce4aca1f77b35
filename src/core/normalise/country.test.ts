import { describe, expect, it } from 'vitest'

import { normaliseCountry } from './country.js'

describe('normaliseCountry', () => {
  it.each([
    ['ES', 'ES'],
    ['es', 'ES'],
    [' it ', 'IT'],
    ['GB', 'GB'],
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['FR', 'FR'],
  ])('should give the ISO code when the country is the code %s', (raw, expected) => {
    expect(normaliseCountry(raw)).toBe(expected)
  })

  it.each([
    ['Spain', 'ES'],
    ['España', 'ES'],
    ['ESPAÑA', 'ES'],
    ['Spagna', 'ES'],
    ['Italia', 'IT'],
    ['Italy', 'IT'],
    ['United Kingdom', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['Reino Unido', 'GB'],
    ['Regno Unito', 'GB'],
    ['ESP', 'ES'],
    ['GBR', 'GB'],
  ])('should give the ISO code when the country is named %s', (raw, expected) => {
    expect(normaliseCountry(raw)).toBe(expected)
  })

  it.each(['XX', 'ZZ', 'Narnia', 'constructor', '-', ''])(
    'should return missing when the country %s is unknown',
    (raw) => {
      expect(normaliseCountry(raw)).toBe('')
    },
  )

  it('should return missing when the country is absent', () => {
    expect(normaliseCountry(undefined)).toBe('')
  })
})
