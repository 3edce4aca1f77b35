import { describe, expect, it } from 'vitest'

import { isAlsoSurname, isKnownGivenName } from './given-names.js'

describe('isKnownGivenName', () => {
  it.each(['jose', 'maria', 'pepe', 'giuseppe', 'william', 'lucia', 'alba', 'jordi'])(
    'should be true when the token is %s',
    (token) => {
      expect(isKnownGivenName(token)).toBe(true)
    },
  )

  it('should be true when the token is an initial', () => {
    expect(isKnownGivenName('j')).toBe(true)
  })

  it('should be false when the token is a surname', () => {
    expect(isKnownGivenName('garcia')).toBe(false)
    expect(isKnownGivenName('rossi')).toBe(false)
    expect(isKnownGivenName('smith')).toBe(false)
  })
})

describe('isAlsoSurname', () => {
  it('should be true when a given name is a common surname too', () => {
    expect(isAlsoSurname('martin')).toBe(true)
  })

  it('should be false when the given name is rarely a surname', () => {
    expect(isAlsoSurname('jose')).toBe(false)
  })
})
