import type { Random } from '../core/random.js'
import type { SyntheticCountry } from './country.js'
import type { City } from './places.js'
import { digitTypo } from './keyboard-typos.js'
import { pick, randomDigits } from './sampling.js'

/** A phone number as dialled inside its country: '612345678', '3331234567', '07700900123'. */
export interface Phone {
  readonly country: SyntheticCountry
  readonly kind: 'mobile' | 'landline'
  readonly national: string
  /** Length of the area code or mobile prefix in `national`, for grouping the digits. */
  readonly prefixLength: number
}

const COUNTRY_CODES: Record<SyntheticCountry, string> = { ES: '34', IT: '39', GB: '44' }

/** Italian mobile prefixes in use (TIM 33x, Vodafone 34x, Wind Tre 32x/38x, Iliad 351, ...). */
// prettier-ignore
const IT_MOBILE_PREFIXES = [
  '320', '324', '327', '328', '329', '330', '331', '333', '334', '335', '336', '337', '338',
  '339', '340', '342', '343', '345', '346', '347', '348', '349', '350', '351', '366', '368',
  '370', '371', '373', '377', '380', '388', '389', '391', '392', '393',
]

/** A mobile number in a range that operators really allocate. */
export function createMobile(random: Random, country: SyntheticCountry): Phone {
  if (country === 'ES') {
    // 6xx for most, 71x-74x since the 6 range filled up
    const first =
      random() < 0.88
        ? '6' + String(Math.floor(random() * 10))
        : '7' + String(1 + Math.floor(random() * 4))
    return { country, kind: 'mobile', national: first + randomDigits(random, 7), prefixLength: 3 }
  }
  if (country === 'IT') {
    return {
      country,
      kind: 'mobile',
      national: pick(random, IT_MOBILE_PREFIXES) + randomDigits(random, 7),
      prefixLength: 3,
    }
  }
  const second = pick(random, ['4', '5', '7', '7', '7', '8', '9', '9'])
  return {
    country,
    kind: 'mobile',
    national: '07' + second + randomDigits(random, 8),
    prefixLength: 5,
  }
}

/**
 * First subscriber digits in use where an area does not use them all (Ofcom allocations): London
 * numbers start 3, 7 or 8; Cardiff's are 029 20…, Belfast's 028 90…, Coventry's 024 76….
 */
const LANDLINE_FIRST_DIGITS: Readonly<Record<string, string>> = {
  '020': '378',
  '0113': '2345',
  '0114': '2345',
  '0115': '29',
  '0116': '2345',
  '0117': '2349',
  '0118': '2349',
  '023': '89',
  '024': '7',
  '028': '9',
  '029': '2',
}

/**
 * A landline in the town's area: nine digits in Spain, ten (with the 0) in Italy, eleven in the UK.
 */
export function createLandline(random: Random, city: City): Phone {
  const prefix = city.landlinePrefix
  const totalLength = city.country === 'ES' ? 9 : city.country === 'IT' ? 10 : 11
  // subscriber numbers never start with 0 or 1
  const firstDigits = LANDLINE_FIRST_DIGITS[prefix] ?? '23456789'
  const rest =
    firstDigits[Math.floor(random() * firstDigits.length)] +
    randomDigits(random, totalLength - prefix.length - 1)
  return {
    country: city.country,
    kind: 'landline',
    national: prefix + rest,
    prefixLength: prefix.length,
  }
}

function group(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = []
  let at = 0
  for (const size of sizes) {
    if (at >= digits.length) break
    parts.push(digits.slice(at, at + size))
    at += size
  }
  if (at < digits.length) parts.push(digits.slice(at))
  return parts.join(separator)
}

/** The digits after the country code: the Italian leading 0 stays, the British trunk 0 goes. */
function subscriberDigits(phone: Phone): string {
  return phone.country === 'GB' ? phone.national.slice(1) : phone.national
}

const FORM_COUNT: Record<SyntheticCountry, number> = { ES: 11, IT: 10, GB: 9 }

/**
 * Form `form` of the ways people and systems write phone numbers: 0 is the plain national
 * number, 1 grouped, 3 international grouped, 4 E.164, the rest the less common layouts.
 */
function phoneForm(phone: Phone, form: number): string {
  const n = phone.national
  const code = COUNTRY_CODES[phone.country]
  const p = phone.prefixLength
  if (phone.country === 'ES') {
    const spaced = (): string =>
      phone.kind === 'mobile' ? group(n, [3, 2, 2, 2], ' ') : group(n, [p, 3 - (p - 2), 2, 2], ' ')
    switch (form) {
      case 0:
        return n
      case 1:
        return spaced()
      case 2:
        return group(n, [3, 3, 3], ' ')
      case 3:
        return `+${code} ${spaced()}`
      case 4:
        return `+${code}${n}`
      case 5:
        return `00${code}${n}`
      case 6:
        return group(n, [3, 3, 3], '-')
      case 7:
        return `(+${code}) ${n}`
      case 8:
        return `${code}${n}`
      case 9:
        return `+${code} ${n}`
      default:
        return `00${code} ${spaced()}`
    }
  }
  if (phone.country === 'IT') {
    const spaced = `${n.slice(0, p)} ${n.slice(p)}`
    switch (form) {
      case 0:
        return n
      case 1:
        return spaced
      case 2:
        return group(n, [p, 3, 4], ' ')
      case 3:
        return `+${code} ${spaced}`
      case 4:
        return `+${code}${n}`
      case 5:
        return `00${code} ${spaced}`
      case 6:
        return `${n.slice(0, p)}-${n.slice(p)}`
      case 7:
        return `${n.slice(0, p)}/${n.slice(p)}`
      case 8:
        return `+${code} ${n}`
      default:
        return `${code}${n}`
    }
  }
  const spaced =
    phone.kind === 'mobile'
      ? `${n.slice(0, 5)} ${n.slice(5)}`
      : group(n, [p, p === 3 ? 4 : 3, 4], ' ')
  const international = subscriberDigits(phone)
  switch (form) {
    case 0:
      return n
    case 1:
      return spaced
    case 2:
      return phone.kind === 'mobile' ? group(n, [5, 3, 3], ' ') : `(${n.slice(0, p)}) ${n.slice(p)}`
    case 3:
      return `+${code} ${spaced.slice(1)}`
    case 4:
      return `+${code}${international}`
    case 5:
      return `00${code} ${spaced.slice(1)}`
    case 6:
      return `+${code} (0)${spaced.slice(1)}`
    case 7:
      return group(n, [5, 3, 3], '-')
    default:
      return `${code}${international}`
  }
}

/**
 * The phone written in a source's usual form (`preferred`: 0 plain national, 1 grouped,
 * 3 international grouped, 4 E.164) or, when `varied`, in any form.
 */
export function formatPhone(
  random: Random,
  phone: Phone,
  preferred: number,
  varied: boolean,
): string {
  const count = FORM_COUNT[phone.country]
  return phoneForm(phone, varied ? Math.floor(random() * count) : Math.min(preferred, count - 1))
}

/** The number with one digit slip, keeping its prefix (a slip there would not connect). */
export function phoneTypo(random: Random, phone: Phone): Phone {
  const keep = phone.prefixLength
  const tail = digitTypo(random, phone.national.slice(keep))
  return { ...phone, national: phone.national.slice(0, keep) + tail }
}

/** Filler numbers tills and CRMs accept when a customer gives no phone. */
// prettier-ignore
export const PLACEHOLDER_PHONES: Record<SyntheticCountry, readonly string[]> = {
  ES: ['000000000', '600000000', '666666666', '123456789', '999999999', '600000001'],
  IT: ['0000000000', '3330000000', '3333333333', '1234567890', '3400000000'],
  GB: ['00000000000', '07000000000', '07777777777', '01234567890', '07000000001'],
}
