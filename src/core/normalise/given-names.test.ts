import { describe, expect, it } from 'vitest'

import { correctedGivenName, isAlsoSurname, isKnownGivenName } from './given-names.js'

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

describe('correctedGivenName', () => {
  it.each([
    ['kstherine', 'katherine'],
    ['ricyk', 'rick'],
    ['pipop', 'pippo'],
    ['davety', 'davey'],
  ])('should read %s as %s, one slip away', (token, name) => {
    expect(correctedGivenName(token)).toBe(name)
  })

  it('should leave known names, short tokens and tokens far from any name alone', () => {
    expect(correctedGivenName('maria')).toBe('')
    // Paolo or Paola: two names one slip away, no answer.
    expect(correctedGivenName('paolp')).toBe('')
    expect(correctedGivenName('aoe')).toBe('')
    expect(correctedGivenName('zzzzqx')).toBe('')
  })
})

