import { describe, expect, it } from 'vitest'

import { jaroWinkler } from './jaro-winkler.js'
import { sortedTokens, tokenJaccard, tokenOverlap, tokenSetJaroWinkler } from './token-set.js'

describe('tokenJaccard', () => {
  it('should return shared over union when the token sets overlap', () => {
    expect(tokenJaccard('garcia lopez', 'garcia')).toBeCloseTo(1 / 2, 12)
    expect(tokenJaccard('maria jose', 'jose maria')).toBe(1)
    expect(tokenJaccard('garcia lopez', 'lopez martin')).toBeCloseTo(1 / 3, 12)
  })

  it('should count repeated tokens once when a token repeats', () => {
    expect(tokenJaccard('ana ana', 'ana')).toBe(1)
  })

  it('should ignore extra spaces when tokens are separated by several', () => {
    expect(tokenJaccard('  garcia   lopez ', 'lopez garcia')).toBe(1)
  })

  it('should return 0 when either side has no token', () => {
    expect(tokenJaccard('', 'garcia')).toBe(0)
    expect(tokenJaccard('garcia', '   ')).toBe(0)
    expect(tokenJaccard('', '')).toBe(0)
  })

  it('should return 0 when no token is shared', () => {
    expect(tokenJaccard('garcia', 'lopez')).toBe(0)
  })

  it('should grow its buffers when given many tokens', () => {
    const many = Array.from({ length: 50 }, (_, i) => `t${i}`).join(' ')
    expect(tokenJaccard(many, 't0 t49 zz')).toBeCloseTo(2 / 51, 12)
  })
})

describe('tokenOverlap', () => {
  it('should return 1 when one surname of two is the whole other side', () => {
    expect(tokenOverlap('garcia lopez', 'garcia')).toBe(1)
    expect(tokenOverlap('garcia', 'lopez garcia')).toBe(1)
  })

  it('should return shared over the smaller count when both sides have several tokens', () => {
    expect(tokenOverlap('garcia lopez', 'lopez martin ruiz')).toBeCloseTo(1 / 2, 12)
  })

  it('should return 0 when no token is shared or a side is empty', () => {
    expect(tokenOverlap('garcia', 'lopez')).toBe(0)
    expect(tokenOverlap('', 'lopez')).toBe(0)
  })
})

describe('tokenSetJaroWinkler', () => {
  it('should return 1 when the same tokens come in another order', () => {
    expect(tokenSetJaroWinkler('garcia lopez', 'lopez garcia')).toBe(1)
  })

  it('should return 1 when one side drops a token', () => {
    expect(tokenSetJaroWinkler('maria jose', 'maria')).toBe(1)
    expect(tokenSetJaroWinkler('garcia', 'fernandez garcia')).toBe(1)
  })

  it('should average the best matches of the shorter side when tokens are misspelt', () => {
    const expected = (jaroWinkler('garcia', 'gracia') + 1) / 2
    expect(tokenSetJaroWinkler('garcia lopez', 'lopez gracia ruiz')).toBeCloseTo(expected, 12)
  })

  it('should be symmetric when both sides have as many tokens', () => {
    const ab = tokenSetJaroWinkler('ana ana', 'ana maria')
    expect(ab).toBe(tokenSetJaroWinkler('ana maria', 'ana ana'))
    expect(ab).toBeCloseTo((1 + (1 + jaroWinkler('ana', 'maria')) / 2) / 2, 12)
  })

  it('should equal jaroWinkler when both sides have one token', () => {
    expect(tokenSetJaroWinkler('martha', 'marhta')).toBe(jaroWinkler('martha', 'marhta'))
  })

  it('should return 0 when either side has no token', () => {
    expect(tokenSetJaroWinkler('', 'garcia')).toBe(0)
    expect(tokenSetJaroWinkler(' ', ' ')).toBe(0)
    expect(tokenSetJaroWinkler('', '')).toBe(0)
  })
})

describe('sortedTokens', () => {
  it('should sort tokens and collapse spaces when given any order', () => {
    expect(sortedTokens('lopez  garcia ')).toBe('garcia lopez')
    expect(sortedTokens('ana maria ana')).toBe('ana ana maria')
  })

  it('should return an empty string when given no token', () => {
    expect(sortedTokens('   ')).toBe('')
  })
})
