import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min'
import { parsePhoneNumberFromString as parseWithNumberTypes } from 'libphonenumber-js/max'

import { isPlaceholderPhone } from './placeholder.js'

// Why two paths. libphonenumber-js costs about 10 µs a call (half of it compiling metadata
// regular expressions on every call), which alone is 10 s of the one-million-record benchmark.
// Spain, Italy and Britain are nearly all of our numbers and their numbering plans are simple,
// so a hand-written path turns them into E.164 in well under a microsecond; every other
// number, and every shape the fast path is unsure of, goes to the library. The unit tests
// check that both paths agree on thousands of generated numbers.
//
// Why possible rather than valid. isValid() checks number ranges, and the ranges reserved for
// drama and documentation (07700 900xxx in Britain) are exactly what synthetic and test data
// use; a range check also rejects newly opened ranges until the metadata is updated. Length
// (isPossible) plus our placeholder rules keep the junk out without losing real numbers.
//
// 'min' metadata: the smallest bundle; parsing and length checks need nothing more, and 'max'
// was no faster.

const FAST_COUNTRIES = new Set(['ES', 'IT', 'GB'])

function isFastPathCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    code === 0x20 ||
    code === 0x2b ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x28 ||
    code === 0x29 ||
    code === 0x2f
  )
}

/** Spain: nine digits, no trunk prefix. */
function spanishNumber(nationalDigits: string, international: boolean): string | undefined {
  if (nationalDigits.length === 9) return nationalDigits
  // A country code typed without + or 00: eleven digits cannot be a Spanish number.
  if (!international && nationalDigits.length === 11 && nationalDigits.startsWith('34')) {
    return nationalDigits.slice(2)
  }
  return undefined
}

/** Italy: 6 to 12 digits, and the leading 0 of landlines is part of the number. */
function italianNumber(nationalDigits: string, international: boolean): string | undefined {
  // '39...' typed without + may be a country code or a 39x mobile: the library decides.
  if (!international && nationalDigits.startsWith('39')) return undefined
  const length = nationalDigits.length
  const first = nationalDigits.charCodeAt(0)
  // 0 (landline) and 3 (mobile) ranges; the rare 1xx, 4x, 5x, 7x, 8xx go to the library.
  if ((first === 0x30 || first === 0x33) && length >= 6 && length <= 12) return nationalDigits
  return undefined
}

/** Britain: trunk prefix 0, then ten digits for every number a customer gives. */
function britishNumber(nationalDigits: string, international: boolean): string | undefined {
  let digits = nationalDigits
  if (digits.charCodeAt(0) === 0x30) digits = digits.slice(1)
  else if (!international && digits.startsWith('44')) return undefined
  if (digits.length !== 10 || digits.charCodeAt(0) === 0x30 || digits.startsWith('180020')) {
    return undefined
  }
  return digits
}

/**
 * The fast path: E.164 for Spanish, Italian and British numbers written with digits and the
 * usual separators; undefined when the library must decide.
 */
function fastE164(raw: string, defaultCountry: string): string | undefined {
  let digits = ''
  let plus = false
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (!isFastPathCharacter(code)) return undefined
    if (code >= 0x30 && code <= 0x39) digits += raw[i]
    else if (code === 0x2b) {
      if (digits.length > 0 || plus) return undefined
      plus = true
    }
  }
  let international = plus
  if (!plus && digits.startsWith('00')) {
    digits = digits.slice(2)
    international = true
  }
  let country: string
  let national: string
  if (international) {
    const callingCode = digits.slice(0, 2)
    if (callingCode === '34') country = 'ES'
    else if (callingCode === '39') country = 'IT'
    else if (callingCode === '44') country = 'GB'
    else return undefined
    national = digits.slice(2)
  } else {
    if (!FAST_COUNTRIES.has(defaultCountry)) return undefined
    country = defaultCountry
    national = digits
  }
  if (national.length === 0) return undefined
  if (country === 'ES') {
    const nsn = spanishNumber(national, international)
    return nsn === undefined ? undefined : isPlaceholderPhone(nsn) ? '' : '+34' + nsn
  }
  if (country === 'IT') {
    const nsn = italianNumber(national, international)
    return nsn === undefined ? undefined : isPlaceholderPhone(nsn) ? '' : '+39' + nsn
  }
  const nsn = britishNumber(national, international)
  return nsn === undefined ? undefined : isPlaceholderPhone(nsn) ? '' : '+44' + nsn
}

// The library path is memoised because the numbers it sees (foreign customers, odd formats)
// repeat across a customer's records; the cap bounds memory on a million-record run and the
// map is simply emptied when full, which keeps results identical with or without the cache.
const MAX_CACHED_NUMBERS = 50_000
const NON_DIGITS = /\D/g
const libraryCache = new Map<string, string>()

/**
 * The reference implementation: libphonenumber-js (min metadata) parse, possible-length check
 * and placeholder rules, without the fast path or the cache. Exported for the tests that hold
 * the fast path to it.
 */
export function normalisePhoneWithLibrary(raw: string, defaultCountry: string): string {
  let text = raw
  if (defaultCountry.length !== 2) {
    // Without a country the library cannot know that 00 is the international prefix, but it
    // is in every country we sell in.
    const digits = text.replace(NON_DIGITS, '')
    if (digits.startsWith('00') && !text.includes('+')) text = '+' + digits.slice(2)
    // Without a country or a leading +, the library cannot read the number either: it throws
    // (INVALID_COUNTRY) and parsePhoneNumberFromString catches. Answered here instead: the
    // exception cost half a second of each worker on a million records, most without a country.
    else if (!text.includes('+') && !text.includes('\uFF0B')) return ''
  }
  const parsed = parsePhoneNumberFromString(
    text,
    defaultCountry.length === 2 ? { defaultCountry: defaultCountry as CountryCode } : undefined,
  )
  if (parsed === undefined || !parsed.isPossible()) return ''
  if (isPlaceholderPhone(parsed.nationalNumber)) return ''
  return parsed.number
}

function countDigits(raw: string): number {
  let count = 0
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (code >= 0x30 && code <= 0x39) count++
  }
  return count
}

const MIN_PHONE_DIGITS = 6
// Tills put a second number in the same field ('612345678 / 912345678', '612345678, 91...').
const SECOND_NUMBER = /[,;|]| \/ | (?:y|o|or|e) /

/** The first of several numbers typed into one field, or the field itself. */
function firstNumber(raw: string): string {
  const match = SECOND_NUMBER.exec(raw)
  if (match === null) return raw
  const first = raw.slice(0, match.index)
  return countDigits(first) >= MIN_PHONE_DIGITS ? first : raw
}

/**
 * Normalises a phone number to E.164 ('+34612345678'), reading national numbers in the
 * record's country (ISO alpha-2, upper-case; '' when unknown). '' when the number is not a
 * possible number for its country (by length), or is a placeholder (fewer than 6 digits, one
 * digit repeated, 123456789...). Accepts +, 00 and bare country codes, '(0)' and separators;
 * of several numbers in one field ('612345678 / 912345678') the first is kept.
 */
export function normalisePhone(raw: string | undefined, defaultCountry: string): string {
  if (raw === undefined || countDigits(raw) < MIN_PHONE_DIGITS) return ''
  const number = firstNumber(raw)
  const fast = fastE164(number, defaultCountry)
  if (fast !== undefined) return fast
  const key = defaultCountry + '|' + number
  const cached = libraryCache.get(key)
  if (cached !== undefined) return cached
  const result = normalisePhoneWithLibrary(number, defaultCountry)
  if (libraryCache.size >= MAX_CACHED_NUMBERS) libraryCache.clear()
  libraryCache.set(key, result)
  return result
}

/**
 * The country whose numbering plan a number typed without a country most plausibly follows,
 * among `candidates`, judged by its digits alone; undefined when the shape does not say. Trying
 * the candidates in turn is not enough: Italy's plan accepts almost any run of 6 to 12 digits
 * that starts with 0 or 3, so a British mobile typed at a London till with no country
 * ('07574 106249') would read as an Italian landline. The shapes: Spain has nine digits from 6
 * to 9; Britain eleven from 0 (a trunk prefix and ten digits), which Italian numbers almost
 * never have; Italy a mobile of ten digits from 3, or a landline of 6 to 10 digits from 0; and a
 * calling code typed without + or 00 (34, 39, 44) followed by a national number that fits.
 */
export function guessPhoneCountry(raw: string, candidates: readonly string[]): string | undefined {
  if (raw.includes('+')) return undefined
  const digits = raw.replace(NON_DIGITS, '')
  const length = digits.length
  const first = digits.charCodeAt(0)
  const fits = (country: string) => candidates.includes(country)
  if (digits.startsWith('00')) return undefined
  if (fits('GB') && length === 11 && first === 0x30 && digits.charCodeAt(1) !== 0x30) return 'GB'
  if (fits('GB') && length === 12 && digits.startsWith('44') && digits.charCodeAt(2) !== 0x30) return 'GB'
  if (fits('ES') && length === 9 && first >= 0x36 && first <= 0x39) return 'ES'
  if (fits('ES') && length === 11 && digits.startsWith('34') && digits.charCodeAt(2) >= 0x36) return 'ES'
  if (fits('IT') && length === 10 && first === 0x33) return 'IT'
  if (fits('IT') && length >= 6 && length <= 10 && first === 0x30) return 'IT'
  return undefined
}

/**
 * Whether an E.164 number is a fixed line (a home's or a shop's, not a person's), by the
 * numbering plan's ranges ('max' metadata: the smaller bundles cannot tell types apart).
 * Numbers the plan cannot place, mobiles, and lines that may be either (North America) are
 * not. Asked once per distinct number, never per pair (see the pair scorer's contact sets).
 */
export function isFixedLine(e164: string): boolean {
  if (e164 === '') return false
  return fixedLineByPrefix(e164) ?? isFixedLineWithLibrary(e164)
}

/**
 * Spain, Italy and Britain by their plans' leading digits, as normalisePhone's fast path does
 * (the library takes about 10 µs to type a number, a real-time resolve types several):
 * Spain 8[1-8] and 9[1-8] geographic, 6 and 7 mobile; Italy 0 geographic, 3 mobile; Britain 1
 * and 2 geographic, 7 mobile. Anything else (freephone, premium, shared cost, other countries)
 * goes to the library. A unit test checks both agree on generated numbers that the plan holds
 * valid; a number outside its plan's ranges (a slip at the till) is typed by its prefix here,
 * where the library would not type it at all.
 */
function fixedLineByPrefix(e164: string): boolean | undefined {
  const country = e164.slice(1, 3)
  const first = e164.charCodeAt(3)
  const second = e164.charCodeAt(4)
  const digit = (code: number, from: string, to: string) => code >= from.charCodeAt(0) && code <= to.charCodeAt(0)
  if (country === '34') {
    if (digit(first, '6', '7')) return false
    if (digit(first, '8', '9') && digit(second, '1', '8')) return true
  } else if (country === '39') {
    if (digit(first, '0', '0')) return true
    if (digit(first, '3', '3')) return false
  } else if (country === '44') {
    if (digit(first, '1', '2')) return true
    if (digit(first, '7', '7')) return false
  }
  return undefined
}

/** isFixedLine by the library alone: what the fast path is checked against. */
export function isFixedLineWithLibrary(e164: string): boolean {
  return e164 !== '' && parseWithNumberTypes(e164)?.getType() === 'FIXED_LINE'
}
