import { describe, expect, it } from 'vitest'
import { IdentityError } from '../core/errors.js'
import {
  CHANNEL_KINDS,
  MISSABLE_FIELDS,
  PROFILES,
  resolveNoiseSettings,
  type NoiseSettings,
} from './noise-settings.js'

describe('resolveNoiseSettings', () => {
  it('should return the standard profile when given no overrides', () => {
    expect(resolveNoiseSettings()).toEqual(PROFILES.standard)
  })

  it('should change one missing-field rate and keep the others when given a partial table', () => {
    const settings = resolveNoiseSettings('hard', {
      missingFieldRates: { store: { email: 0.9 } },
      typoRate: 0,
    })
    expect(settings.missingFieldRates.store.email).toBe(0.9)
    expect(settings.missingFieldRates.store.phone).toBe(PROFILES.hard.missingFieldRates.store.phone)
    expect(settings.missingFieldRates.web).toEqual(PROFILES.hard.missingFieldRates.web)
    expect(settings.typoRate).toBe(0)
  })

  it('should report every rate out of range when given several bad values', () => {
    try {
      resolveNoiseSettings('standard', {
        moveRate: -0.1,
        missingFieldRates: { crm: { tax_id: 2 } },
        recordsPerPerson: [0, 0],
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(IdentityError)
      expect((error as IdentityError).issues.map((issue) => issue.path.join('.'))).toEqual([
        'noise.moveRate',
        'noise.missingFieldRates.crm.tax_id',
        'noise.recordsPerPerson',
      ])
    }
  })

  it('should throw when the profile is unknown', () => {
    expect(() => resolveNoiseSettings('easy' as 'standard')).toThrow(/unknown synthetic profile/)
  })
})

describe('PROFILES', () => {
  it('should be frozen so that no caller can change a profile for everyone', () => {
    expect(Object.isFrozen(PROFILES.standard)).toBe(true)
    expect(Object.isFrozen(PROFILES.hard.missingFieldRates.store)).toBe(true)
  })

  it('should keep every rate of both profiles within [0, 1]', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const value of Object.values(profile))
        if (typeof value === 'number') expect(value >= 0 && value <= 1).toBe(true)
      for (const channel of CHANNEL_KINDS) {
        for (const field of MISSABLE_FIELDS)
          expect(profile.missingFieldRates[channel][field]).toBeLessThanOrEqual(1)
      }
    }
  })

  it('should make the hard profile noisier than the standard one for every noise rate', () => {
    // rates where more means harder data; population mixes and record counts are shared
    const harder: (keyof NoiseSettings)[] = [
      'householdRate',
      'sharedFamilyEmailRate',
      'sharedMobileRate',
      'namesakeRate',
      'juniorRate',
      'twinRate',
      'moveRate',
      'emailChangeRate',
      'secondEmailRate',
      'phoneChangeRate',
      'placeholderRate',
      'typoRate',
      'tillTypoRate',
      'nicknameRate',
      'dropSecondSurnameRate',
      'swapNamesRate',
      'fullNameOnlyRate',
      'emailVariantRate',
      'phoneTypoRate',
      'postcodeErrorRate',
      'birthDateErrorRate',
    ]
    for (const key of harder)
      expect(PROFILES.hard[key] as number, key).toBeGreaterThan(PROFILES.standard[key] as number)
    for (const channel of CHANNEL_KINDS) {
      for (const field of MISSABLE_FIELDS) {
        expect(PROFILES.hard.missingFieldRates[channel][field]).toBeGreaterThanOrEqual(
          PROFILES.standard.missingFieldRates[channel][field],
        )
      }
    }
  })
})
