import { InputError, type Issue } from '../core/errors.js'
import { SYNTHETIC_COUNTRIES, type SyntheticCountry } from './country.js'

/** The kinds of channel a record can come from; stores are `store:<code>` sources. */
export const CHANNEL_KINDS = ['web', 'app', 'store', 'crm'] as const

export type ChannelKind = (typeof CHANNEL_KINDS)[number]

/**
 * Fields a channel may leave out. `name` covers first_name, last_name and full_name together;
 * `address` covers address_line1 and address_line2; city, postcode and region are separate
 * because tills often ask for the postcode alone.
 */
export const MISSABLE_FIELDS = [
  'name',
  'email',
  'phone',
  'birth_date',
  'address',
  'city',
  'postcode',
  'region',
  'country',
  'loyalty_card',
  'tax_id',
] as const

export type MissableField = (typeof MISSABLE_FIELDS)[number]

/**
 * Every knob of the generator. Rates are probabilities in [0, 1]; "per record" rates apply to
 * each record independently, "per person" / "per household" rates once for the whole life of
 * the dataset. Population settings decide who exists and what happens to them; the others only
 * decide how records are written, and draw from a separate random stream, so changing them
 * keeps the same people, households and records (only their text changes).
 */
export interface NoiseSettings {
  // population
  /** Relative share of residents per country. */
  countryMix: Record<SyntheticCountry, number>
  /** Per household: the family's names come from another of the three countries (Spain: NIE). */
  foreignResidentRate: number
  /** Share of persons who live with at least one other customer (couples, families, flatmates). */
  householdRate: number
  /** Per household: has a landline, which members give at the till and which moves change. */
  landlineRate: number
  /**
   * Per couple: one email both partners use on some records; per child living with parents: a
   * parent's email on some records.
   */
  sharedFamilyEmailRate: number
  /**
   * Per member of a family household: some records give another member's mobile ("use my wife's
   * number").
   */
  sharedMobileRate: number
  /** Per couple: one partner's store records carry the other's loyalty card. */
  sharedLoyaltyCardRate: number
  /** Per adult: another customer with the same given name and surnames lives in the same town. */
  namesakeRate: number
  /** Per family with children: a child bears the same-gender parent's given name (and surname). */
  juniorRate: number
  /** Per family with children (and per sibling household): two children are twins. */
  twinRate: number
  /** Relative weights of having 1, 2, 3, … records. */
  recordsPerPerson: number[]
  /** Relative share of records per channel for people who use every channel. */
  channelMix: Record<ChannelKind, number>

  // life events within the three-year window
  /** Per household: moves to a new home (same town or another) at some point. */
  moveRate: number
  /** Per person: starts using a new email address (at another provider) at some point. */
  emailChangeRate: number
  /**
   * Per person: uses a second address (work, old account) alongside the main one, on some records.
   */
  secondEmailRate: number
  /** Per person: gets a new mobile number at some point. */
  phoneChangeRate: number

  // how records are written
  /** Per channel and field: probability the record leaves the field empty. */
  missingFieldRates: Record<ChannelKind, Record<MissableField, number>>
  /**
   * Per store or CRM record with no email / phone / birth date: a filler value instead (noemail@…,
   * 600000000, 1900-01-01); and, on 2% of that scale, a store record named 'CLIENTE' or 'TEST'.
   */
  placeholderRate: number
  /** Per name, street or city field typed in a web, app or CRM form: one keyboard slip. */
  typoRate: number
  /** Per field typed at a store till (names, email, street): one keyboard slip. */
  tillTypoRate: number
  /**
   * Per web, app or CRM record: accents left out ('Jose Garcia'). Tills that type upper case drop
   * them always.
   */
  accentDropRate: number
  /** Per store record: typed in upper case without accents ('GARCIA LOPEZ'). */
  tillUpperCaseRate: number
  /** Per record: a diminutive instead of the given name where one exists (Pepe, Beppe, Bill). */
  nicknameRate: number
  /** Per record of a person with a compound given name: only one part ('José Luis' → 'José'). */
  dropSecondGivenNameRate: number
  /** Per record of a person with two surnames: the second one left out. */
  dropSecondSurnameRate: number
  /**
   * Per record of a surname with a particle: particle dropped or joined ('de la Fuente' → 'Fuente',
   * 'De Luca' → 'Deluca').
   */
  dropParticleRate: number
  /** Per record: the given name reduced to an initial ('J Smith'); British sources mostly. */
  givenInitialRate: number
  /** Per record: name parts in the wrong fields (swapped, all in first_name, split wrongly). */
  swapNamesRate: number
  /**
   * Per store or CRM record: only full_name, in one of the tills' layouts ('GARCIA LOPEZ, JOSE').
   */
  fullNameOnlyRate: number
  /**
   * Per record with an email: written differently (case, +tag, dots, googlemail, domain slip,
   * spaces).
   */
  emailVariantRate: number
  /** Per record with a phone: written in a form other than the source's usual one. */
  phoneFormatVariety: number
  /** Per record with a phone: one digit mistyped, swapped or dropped. */
  phoneTypoRate: number
  /** Per store or CRM record of a household with a landline: the landline instead of the mobile. */
  landlineUseRate: number
  /**
   * Per record with an address: abbreviations, punctuation and layout other than the source's
   * usual.
   */
  addressVariantRate: number
  /** Per record with a postcode: a mistyped digit or lost leading zeros. */
  postcodeErrorRate: number
  /**
   * Per record with a birth date: day and month swapped, one digit wrong, or only the year (and
   * month).
   */
  birthDateErrorRate: number
  /** Per record with a tax id: one character mistyped. */
  taxIdErrorRate: number
}

/** Standard missing-field rates: web always has an email, stores rarely; CRM is the fullest. */
// prettier-ignore
const STANDARD_MISSING: Record<ChannelKind, Record<MissableField, number>> = {
  web: {
    name: 0.01, email: 0, phone: 0.5, birth_date: 0.75, address: 0.3, city: 0.28, postcode: 0.28,
    region: 0.55, country: 0.05, loyalty_card: 0.92, tax_id: 0.985,
  },
  app: {
    name: 0.02, email: 0, phone: 0.15, birth_date: 0.35, address: 0.7, city: 0.62, postcode: 0.55,
    region: 0.85, country: 0.1, loyalty_card: 0.5, tax_id: 0.99,
  },
  store: {
    name: 0.01, email: 0.7, phone: 0.35, birth_date: 0.8, address: 0.72, city: 0.6, postcode: 0.5,
    region: 0.85, country: 0.25, loyalty_card: 0.3, tax_id: 0.94,
  },
  crm: {
    name: 0, email: 0.2, phone: 0.12, birth_date: 0.2, address: 0.06, city: 0.04, postcode: 0.06,
    region: 0.2, country: 0.02, loyalty_card: 0.5, tax_id: 0.78,
  },
}

/**
 * Every field a little more likely to be missing: 1 - (1 - rate)^exponent, which leaves fields
 * that are (almost) always present (almost) always present and raises the middling ones most.
 */
function scaleMissing(
  rates: Record<ChannelKind, Record<MissableField, number>>,
  exponent: number,
): Record<ChannelKind, Record<MissableField, number>> {
  const scaled = {} as Record<ChannelKind, Record<MissableField, number>>
  for (const channel of CHANNEL_KINDS) {
    const row = {} as Record<MissableField, number>
    for (const field of MISSABLE_FIELDS) {
      row[field] = Math.round((1 - Math.pow(1 - rates[channel][field], exponent)) * 1000) / 1000
    }
    scaled[channel] = row
  }
  return scaled
}

const STANDARD: NoiseSettings = {
  countryMix: { ES: 0.5, IT: 0.3, GB: 0.2 },
  foreignResidentRate: 0.04,
  householdRate: 0.3,
  landlineRate: 0.35,
  sharedFamilyEmailRate: 0.3,
  sharedMobileRate: 0.25,
  sharedLoyaltyCardRate: 0.1,
  namesakeRate: 0.01,
  juniorRate: 0.12,
  twinRate: 0.03,
  recordsPerPerson: [40, 25, 14, 9, 5, 3.5, 2, 1.5],
  channelMix: { web: 0.35, app: 0.2, store: 0.35, crm: 0.1 },
  moveRate: 0.12,
  emailChangeRate: 0.15,
  secondEmailRate: 0.12,
  phoneChangeRate: 0.08,
  missingFieldRates: STANDARD_MISSING,
  placeholderRate: 0.1,
  typoRate: 0.02,
  tillTypoRate: 0.06,
  accentDropRate: 0.3,
  tillUpperCaseRate: 0.5,
  nicknameRate: 0.07,
  dropSecondGivenNameRate: 0.3,
  dropSecondSurnameRate: 0.3,
  dropParticleRate: 0.2,
  givenInitialRate: 0.05,
  swapNamesRate: 0.02,
  fullNameOnlyRate: 0.15,
  emailVariantRate: 0.25,
  phoneFormatVariety: 0.3,
  phoneTypoRate: 0.02,
  landlineUseRate: 0.3,
  addressVariantRate: 0.4,
  postcodeErrorRate: 0.02,
  birthDateErrorRate: 0.03,
  taxIdErrorRate: 0.01,
}

const HARD: NoiseSettings = {
  ...STANDARD,
  householdRate: 0.45,
  landlineRate: 0.4,
  sharedFamilyEmailRate: 0.45,
  sharedMobileRate: 0.35,
  sharedLoyaltyCardRate: 0.2,
  namesakeRate: 0.03,
  juniorRate: 0.25,
  twinRate: 0.08,
  moveRate: 0.22,
  emailChangeRate: 0.22,
  secondEmailRate: 0.2,
  phoneChangeRate: 0.15,
  missingFieldRates: scaleMissing(STANDARD_MISSING, 1.15),
  placeholderRate: 0.2,
  typoRate: 0.05,
  tillTypoRate: 0.12,
  accentDropRate: 0.45,
  tillUpperCaseRate: 0.6,
  nicknameRate: 0.14,
  dropSecondGivenNameRate: 0.4,
  dropSecondSurnameRate: 0.45,
  dropParticleRate: 0.35,
  givenInitialRate: 0.08,
  swapNamesRate: 0.05,
  fullNameOnlyRate: 0.25,
  emailVariantRate: 0.35,
  phoneFormatVariety: 0.5,
  phoneTypoRate: 0.04,
  landlineUseRate: 0.4,
  addressVariantRate: 0.6,
  postcodeErrorRate: 0.05,
  birthDateErrorRate: 0.07,
  taxIdErrorRate: 0.03,
}

/**
 * The named settings: 'standard' is a typical retailer's data; 'hard' has more typos, more
 * households sharing emails and landlines, more namesakes, juniors and twins, more moves and
 * contact changes and more missing fields.
 */
export const PROFILES: Record<'standard' | 'hard', NoiseSettings> = {
  standard: deepFreeze(STANDARD),
  hard: deepFreeze(HARD),
}

export type ProfileName = keyof typeof PROFILES

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/**
 * A profile with overrides applied. `missingFieldRates`, `countryMix` and `channelMix` merge per
 * key, so `{ missingFieldRates: { store: { email: 0.9 } } }` changes one rate. Throws InputError
 * (ERR_SYNTHETIC_OPTIONS_INVALID) listing every rate out of range.
 */
export function resolveNoiseSettings(
  profile: ProfileName = 'standard',
  overrides: PartialNoiseSettings = {},
): NoiseSettings {
  const base = PROFILES[profile]
  if (!base) {
    throw new InputError({
      code: 'ERR_SYNTHETIC_OPTIONS_INVALID',
      message: `unknown synthetic profile (expected one of: ${Object.keys(PROFILES).join(', ')})`,
      issues: [
        { path: ['profile'], code: 'unknown_profile', message: 'expected standard or hard' },
      ],
    })
  }
  const missingFieldRates = {} as NoiseSettings['missingFieldRates']
  for (const channel of CHANNEL_KINDS) {
    missingFieldRates[channel] = {
      ...base.missingFieldRates[channel],
      ...overrides.missingFieldRates?.[channel],
    }
  }
  const settings: NoiseSettings = {
    ...base,
    ...(overrides as Partial<NoiseSettings>),
    countryMix: { ...base.countryMix, ...overrides.countryMix },
    channelMix: { ...base.channelMix, ...overrides.channelMix },
    recordsPerPerson: [...(overrides.recordsPerPerson ?? base.recordsPerPerson)],
    missingFieldRates,
  }
  const issues = validateNoiseSettings(settings)
  if (issues.length > 0) {
    throw new InputError({
      code: 'ERR_SYNTHETIC_OPTIONS_INVALID',
      message: `invalid synthetic noise settings: ${issues
        .map((issue) => `${issue.path.join('.')} ${issue.message}`)
        .join('; ')}`,
      issues,
    })
  }
  return settings
}

/** Overrides for a profile; the nested tables may be given in part. */
export type PartialNoiseSettings = Partial<
  Omit<NoiseSettings, 'missingFieldRates' | 'countryMix' | 'channelMix'>
> & {
  missingFieldRates?: Partial<Record<ChannelKind, Partial<Record<MissableField, number>>>>
  countryMix?: Partial<Record<SyntheticCountry, number>>
  channelMix?: Partial<Record<ChannelKind, number>>
}

function validateNoiseSettings(settings: NoiseSettings): Issue[] {
  const issues: Issue[] = []
  const isRate = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value <= 1
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'number' && !isRate(value)) {
      issues.push({
        path: ['noise', key],
        code: 'out_of_range',
        message: 'must be a number in [0, 1]',
      })
    }
  }
  for (const channel of CHANNEL_KINDS) {
    for (const field of MISSABLE_FIELDS) {
      if (!isRate(settings.missingFieldRates[channel][field])) {
        issues.push({
          path: ['noise', 'missingFieldRates', channel, field],
          code: 'out_of_range',
          message: 'must be a number in [0, 1]',
        })
      }
    }
  }
  const checkWeights = (path: string, weights: readonly unknown[]): void => {
    const valid =
      weights.length > 0 &&
      weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)
    const total = valid ? (weights as number[]).reduce((sum, w) => sum + w, 0) : 0
    if (!valid || !(total > 0)) {
      issues.push({
        path: ['noise', path],
        code: 'invalid_weights',
        message: 'must be non-negative numbers with a positive sum',
      })
    }
  }
  checkWeights('recordsPerPerson', settings.recordsPerPerson)
  checkWeights(
    'countryMix',
    SYNTHETIC_COUNTRIES.map((country) => settings.countryMix[country]),
  )
  checkWeights(
    'channelMix',
    CHANNEL_KINDS.map((channel) => settings.channelMix[channel]),
  )
  return issues
}
