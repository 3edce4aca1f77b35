import { describe, expect, it } from 'vitest'

import { normaliseLoyaltyCard } from './loyalty-card.js'

describe('normaliseLoyaltyCard', () => {
  it('should keep the card when it is already compact', () => {
    expect(normaliseLoyaltyCard('4000123456')).toBe('4000123456')
  })

  it('should remove spaces and dashes and upper-case when the card is formatted', () => {
    expect(normaliseLoyaltyCard(' 4000-1234 56ab ')).toBe('4000123456AB')
  })

  it('should return missing when the card is all zeros', () => {
    expect(normaliseLoyaltyCard('0000 0000 00')).toBe('')
  })

  it('should return missing when the card is empty, absent or only separators', () => {
    expect(normaliseLoyaltyCard('')).toBe('')
    expect(normaliseLoyaltyCard(undefined)).toBe('')
    expect(normaliseLoyaltyCard(' - ')).toBe('')
  })
})
