import type { Random } from '../core/random.js'
import type { CustomerRecord } from '../core/record/customer-record.js'
import { renderAddress, renderPostcode } from './addresses.js'
import type { SyntheticCountry } from './country.js'
import { emailVariant, PLACEHOLDER_EMAILS } from './emails.js'
import { addAccent, digitTypo, keyboardTypo, stripAccents } from './keyboard-typos.js'
import type { ChannelKind, NoiseSettings } from './noise-settings.js'
import { nicknamesOf } from './nicknames.js'
import { formatPhone, phoneTypo, PLACEHOLDER_PHONES, type Phone } from './phones.js'
import type { BirthDate } from './household-members.js'
import { valueAt, type SyntheticPerson } from './population.js'
import { chance, pick } from './sampling.js'
import { formatTaxId } from './tax-ids.js'

/**
 * How each kind of channel captures data. The customer types web and app forms; a cashier types
 * at the till, in a hurry; the CRM holds what service agents entered and checked.
 * `phoneForm` indexes the forms of phones.ts (0 national digits, 1 grouped, 3 international
 * grouped, 4 E.164).
 */
const CHANNEL_STYLE: Record<
  ChannelKind,
  {
    phoneForm: number
    nicknameFactor: number
    dropSurnameFactor: number
    landlineFactor: number
    fullNameOnly: boolean
    placeholders: boolean
    lowerCaseRate: number
  }
> = {
  web: {
    phoneForm: 0,
    nicknameFactor: 1,
    dropSurnameFactor: 1.3,
    landlineFactor: 0.3,
    fullNameOnly: false,
    placeholders: false,
    lowerCaseRate: 0.06,
  },
  app: {
    phoneForm: 4,
    nicknameFactor: 1.5,
    dropSurnameFactor: 1.5,
    landlineFactor: 0.1,
    fullNameOnly: false,
    placeholders: false,
    lowerCaseRate: 0.08,
  },
  store: {
    phoneForm: 0,
    nicknameFactor: 1,
    dropSurnameFactor: 1,
    landlineFactor: 1,
    fullNameOnly: true,
    placeholders: true,
    lowerCaseRate: 0,
  },
  crm: {
    phoneForm: 3,
    nicknameFactor: 0.3,
    dropSurnameFactor: 0.4,
    landlineFactor: 1,
    fullNameOnly: true,
    placeholders: true,
    lowerCaseRate: 0,
  },
}

/**
 * Particles that start a surname ('de la Fuente', 'Di Stefano', "D'Angelo", "O'Brien", 'Van der
 * Berg').
 */
const PARTICLE_PATTERN = new RegExp(
  '^(de las |de los |de la |del |de |della |dello |delle |dal |di |da |lo |la |li |le |' +
    "van der |van |d'|o')",
  'i',
)

function surnameWithoutParticle(random: Random, surname: string): string {
  const match = PARTICLE_PATTERN.exec(surname)
  if (match) {
    const particle = match[1]
    const rest = surname.slice(particle.length)
    // Italian and Irish particles are part of the name, so people join them rather than drop them
    if (/^(d'|o')$/i.test(particle)) {
      return random() < 0.5 ? particle[0] + rest : `${particle[0]} ${rest}`
    }
    // capitalised particles (De Luca, Lo Russo, Van der Berg) belong to the name too; Spanish
    // lower-case ones (de la Fuente) are the ones people leave out
    if (particle[0] !== particle[0].toUpperCase()) return rest
    const joined = particle.replace(/ /g, '')
    const roll = random()
    if (roll < 0.5) return joined + rest.toLowerCase()
    if (roll < 0.75) return joined + rest
    return rest
  }
  if (/^Ma?c[A-Z]/.test(surname)) {
    return random() < 0.5
      ? surname[0] + surname.slice(1).toLowerCase()
      : surname.replace(/^(Ma?c)/, '$1 ')
  }
  if (surname.includes('-')) {
    return random() < 0.5 ? surname.replace('-', ' ') : surname.split('-')[random() < 0.7 ? 0 : 1]
  }
  return surname
}

/** Filler names tills accept when the cashier does not take the customer's name. */
export const PLACEHOLDER_NAMES: Record<SyntheticCountry, readonly string[]> = {
  ES: ['CLIENTE', 'CLIENTE CONTADO', 'TEST', 'VARIOS'],
  IT: ['CLIENTE', 'CLIENTE GENERICO', 'TEST', 'PRIVATO'],
  GB: ['CUSTOMER', 'CASH CUSTOMER', 'TEST', 'WALK IN'],
}

interface NameParts {
  given: string
  surnames: string[]
}

/** The name as this record has it, before case, accents and typos. */
function chooseNameParts(
  random: Random,
  person: SyntheticPerson,
  channel: ChannelKind,
  settings: NoiseSettings,
): NameParts {
  const style = CHANNEL_STYLE[channel]
  let given = person.givenName
  const tokens = given.split(' ')
  const nicknames =
    nicknamesOf(person.nameOrigin, given) ?? nicknamesOf(person.nameOrigin, tokens[0])
  if (nicknames && chance(random, settings.nicknameRate * style.nicknameFactor)) {
    given = pick(random, nicknames)
  } else if (tokens.length > 1 && chance(random, settings.dropSecondGivenNameRate)) {
    // 'María del Carmen' goes by 'Carmen' about as often as by 'María'
    given =
      tokens[0] === 'María' || tokens[0] === 'Maria'
        ? random() < 0.55
          ? tokens[0]
          : tokens[tokens.length - 1]
        : tokens[0]
  } else if (tokens.length > 2 && chance(random, settings.dropParticleRate)) {
    given = tokens.filter((token) => !/^(del|de|la|los|las)$/.test(token)).join(' ')
  }
  const initialRate =
    person.nameOrigin === 'GB' ? settings.givenInitialRate : settings.givenInitialRate * 0.15
  if (chance(random, initialRate)) given = given[0] + (random() < 0.3 ? '.' : '')
  let surnames = [...person.surnames]
  if (
    surnames.length > 1 &&
    chance(random, Math.min(1, settings.dropSecondSurnameRate * style.dropSurnameFactor))
  ) {
    surnames = [surnames[0]]
  }
  surnames = surnames.map((surname) =>
    chance(random, settings.dropParticleRate) ? surnameWithoutParticle(random, surname) : surname,
  )
  if (person.suffix && random() < 0.4) surnames.push(person.suffix)
  return { given, surnames }
}

interface TextStyle {
  upper: boolean
  lower: boolean
  dropAccents: boolean
  typoRate: number
}

function styleText(random: Random, text: string, style: TextStyle): string {
  let result = text
  if (style.dropAccents) result = stripAccents(result)
  else if (chance(random, 0.01)) result = addAccent(random, result)
  if (chance(random, style.typoRate)) result = keyboardTypo(random, result)
  if (style.upper) result = result.toUpperCase()
  else if (style.lower) result = result.toLowerCase()
  return result
}

/** The layouts tills and CRMs use for a single name field. */
function fullName(
  random: Random,
  parts: NameParts,
  origin: SyntheticCountry,
  gender: string,
): string {
  const surname = parts.surnames.join(' ')
  const roll = random()
  if (origin === 'GB' && roll < 0.25) {
    const title = gender === 'F' ? pick(random, ['Mrs', 'Ms', 'Miss']) : 'Mr'
    return `${title} ${parts.given[0]} ${surname}`
  }
  // Italian offices write the surname first
  if (roll < (origin === 'IT' ? 0.55 : 0.25)) return `${surname} ${parts.given}`
  if (roll < 0.6) return `${surname}, ${parts.given}`
  return `${parts.given} ${surname}`
}

function swapNames(random: Random, first: string, last: string): [string, string] {
  const roll = random()
  if (roll < 0.5) return [last, first]
  if (roll < 0.75) return [`${first} ${last}`, '']
  // the split falls in the wrong place: 'José Luis García' | 'López' or 'José' | 'Luis García
  // López'
  const words = `${first} ${last}`.split(' ')
  if (words.length < 3) return [last, first]
  const cut = first.split(' ').length + (random() < 0.5 ? 1 : -1)
  const at = Math.min(words.length - 1, Math.max(1, cut))
  return [words.slice(0, at).join(' '), words.slice(at).join(' ')]
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The birth date as written: ISO; with `error`, a swap, a wrong digit or a partial date. */
function renderBirthDate(random: Random, birth: BirthDate, error: boolean): string {
  const full = `${birth.year}-${pad2(birth.month)}-${pad2(birth.day)}`
  if (!error) return full
  const roll = random()
  if (roll < 0.3 && birth.day <= 12 && birth.day !== birth.month)
    return `${birth.year}-${pad2(birth.day)}-${pad2(birth.month)}`
  if (roll < 0.55) return String(birth.year)
  if (roll < 0.65) return `${birth.year}-${pad2(birth.month)}`
  for (let attempt = 0; attempt < 5; attempt++) {
    const typed = digitTypo(random, full.replace(/-/g, ''))
    if (typed.length !== 8) continue
    const year = Number(typed.slice(0, 4))
    const month = Number(typed.slice(4, 6))
    const day = Number(typed.slice(6, 8))
    if (
      year >= 1900 &&
      year <= 2010 &&
      isValidDate(year, month, day) &&
      typed !== full.replace(/-/g, '')
    ) {
      return `${year}-${pad2(month)}-${pad2(day)}`
    }
  }
  return `${birth.year + (random() < 0.5 ? 1 : -1)}-${pad2(birth.month)}-${pad2(birth.day)}`
}

const DAY_MS = 86_400_000
const dayPrefixes = new Map<number, string>()

/** 'YYYY-MM-DDT' of a day number, cached: the window has only ~1,100 days. */
function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)
    dayPrefixes.set(day, prefix)
  }
  return prefix
}

function formatInstant(instant: number): string {
  const day = Math.floor(instant / DAY_MS)
  const seconds = Math.floor((instant - day * DAY_MS) / 1_000)
  const hour = Math.floor(seconds / 3_600)
  const minute = Math.floor((seconds % 3_600) / 60)
  return `${dayPrefix(day)}${pad2(hour)}:${pad2(minute)}:${pad2(seconds % 60)}Z`
}

/** A rendered record and its created_at as epoch milliseconds (for ordering without parsing). */
export interface RenderedRecord {
  readonly record: CustomerRecord
  readonly createdAtMs: number
}

/** The email this record carries, before variants: the family address some of the time. */
function chooseEmail(
  random: Random,
  person: SyntheticPerson,
  channel: ChannelKind,
  time: number,
): string {
  const own =
    person.secondEmail && random() < person.secondEmailShare
      ? person.secondEmail
      : valueAt(person.emails, time)
  if (!person.familyEmail) return own
  const share =
    channel === 'store' || channel === 'crm'
      ? person.familyEmailShare * 0.7
      : person.familyEmailShare
  return random() < share ? person.familyEmail : own
}

function choosePhone(
  random: Random,
  person: SyntheticPerson,
  channel: ChannelKind,
  time: number,
  landlineUseRate: number,
): Phone {
  const landline = valueAt(person.homes, time).landline
  if (landline && chance(random, landlineUseRate * CHANNEL_STYLE[channel].landlineFactor))
    return landline
  if (
    person.borrowedMobile &&
    chance(random, person.borrowedMobileShare * CHANNEL_STYLE[channel].landlineFactor)
  ) {
    return person.borrowedMobile
  }
  return valueAt(person.mobiles, time)
}

/**
 * One record of `person` as channel `channel` captured it at `time` (ms). `source` and
 * `record_id` are set by the caller. Values follow the person's timeline (the address, email,
 * phone and card in force at `time`), then the channel's habits and the noise settings.
 */
export function renderRecord(
  random: Random,
  person: SyntheticPerson,
  recordIndex: number,
  settings: NoiseSettings,
): RenderedRecord {
  const channel = person.recordChannels[recordIndex]
  const time = person.recordTimes[recordIndex]
  const style = CHANNEL_STYLE[channel]
  const missing = settings.missingFieldRates[channel]
  const isStore = channel === 'store'
  const fieldTypoRate = isStore ? settings.tillTypoRate : settings.typoRate
  const upper = isStore
    ? chance(random, settings.tillUpperCaseRate)
    : channel === 'crm'
      ? chance(random, 0.1)
      : chance(random, 0.02)
  const textStyle: TextStyle = {
    upper,
    lower: !upper && chance(random, style.lowerCaseRate),
    dropAccents: upper ? isStore || random() < 0.7 : chance(random, settings.accentDropRate),
    typoRate: fieldTypoRate,
  }
  const record: CustomerRecord = { record_id: '', source: '' }
  const country = person.country

  if (isStore && chance(random, settings.placeholderRate * 0.02)) {
    // the cashier skipped the name: a filler the till accepts, on an otherwise real record
    record.full_name = pick(random, PLACEHOLDER_NAMES[country])
  } else if (!chance(random, missing.name)) {
    const parts = chooseNameParts(random, person, channel, settings)
    if (style.fullNameOnly && chance(random, settings.fullNameOnlyRate)) {
      const full = fullName(
        random,
        {
          given: styleText(random, parts.given, textStyle),
          surnames: parts.surnames.map((s) => styleText(random, s, textStyle)),
        },
        person.nameOrigin,
        person.gender,
      )
      record.full_name = upper || (isStore && random() < 0.7) ? full.toUpperCase() : full
    } else {
      let first = styleText(random, parts.given, textStyle)
      let last = parts.surnames.map((surname) => styleText(random, surname, textStyle)).join(' ')
      if (chance(random, settings.swapNamesRate)) [first, last] = swapNames(random, first, last)
      record.first_name = first
      if (last) record.last_name = last
    }
  }

  if (!chance(random, missing.email)) {
    let email = chooseEmail(random, person, channel, time)
    if (chance(random, settings.emailVariantRate)) email = emailVariant(random, email)
    if (isStore && chance(random, settings.tillTypoRate)) {
      const at = email.indexOf('@')
      email = keyboardTypo(random, email.slice(0, at)) + email.slice(at)
    }
    record.email = isStore && upper && random() < 0.5 ? email.toUpperCase() : email
  } else if (style.placeholders && chance(random, settings.placeholderRate)) {
    record.email = pick(random, PLACEHOLDER_EMAILS[country])
  }

  if (!chance(random, missing.phone)) {
    let phone = choosePhone(random, person, channel, time, settings.landlineUseRate)
    if (chance(random, settings.phoneTypoRate * (isStore ? 1.5 : 1)))
      phone = phoneTypo(random, phone)
    record.phone = formatPhone(
      random,
      phone,
      style.phoneForm,
      chance(random, settings.phoneFormatVariety),
    )
  } else if (style.placeholders && chance(random, settings.placeholderRate)) {
    record.phone = pick(random, PLACEHOLDER_PHONES[country])
  }

  if (!chance(random, missing.birth_date)) {
    record.birth_date = renderBirthDate(
      random,
      person.birthDate,
      chance(random, settings.birthDateErrorRate),
    )
  } else if (style.placeholders && chance(random, settings.placeholderRate * 0.5)) {
    record.birth_date = pick(random, ['1900-01-01', '1900-01-01', '1901-01-01', '1970-01-01'])
  }

  const home = valueAt(person.homes, time)
  const city = home.address.city
  const varied = chance(random, settings.addressVariantRate)
  if (!chance(random, missing.address)) {
    const { line1, line2 } = renderAddress(random, home.address, {
      varied,
      upperCase: upper,
      typo: chance(random, fieldTypoRate),
    })
    record.address_line1 = line1
    if (line2) record.address_line2 = line2
  }
  if (!chance(random, missing.city)) {
    let name =
      varied && city.nameVariants.length > 0 && random() < 0.5
        ? pick(random, city.nameVariants)
        : city.name
    name = styleText(random, name, { ...textStyle, typoRate: fieldTypoRate / 2 })
    record.city = name
  }
  if (!chance(random, missing.postcode)) {
    record.postcode = renderPostcode(
      random,
      home.address.postcode,
      varied,
      chance(random, settings.postcodeErrorRate),
    )
  }
  if (!chance(random, missing.region)) {
    const region =
      varied && city.regionVariants.length > 0 && random() < 0.5
        ? pick(random, city.regionVariants)
        : city.region
    record.region = upper ? stripAccents(region).toUpperCase() : region
  }
  if (!chance(random, missing.country)) record.country = country

  const card = person.loyaltyCards.length > 0 ? valueAt(person.loyaltyCards, time) : ''
  if (card && !chance(random, missing.loyalty_card)) {
    // cards are scanned at the till; typed ones (web, CRM) get the odd space or slip
    record.loyalty_card = isStore
      ? card
      : chance(random, 0.05)
        ? card.replace(/(\d{4})(?=\d)/g, '$1 ')
        : chance(random, 0.01)
          ? digitTypo(random, card)
          : card
  }
  if (!chance(random, missing.tax_id)) {
    let taxId = person.taxId
    if (chance(random, settings.taxIdErrorRate)) taxId = keyboardTypo(random, taxId)
    record.tax_id = formatTaxId(random, taxId)
  }
  record.created_at = formatInstant(time)
  return { record, createdAtMs: time }
}
