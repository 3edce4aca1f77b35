/** Birth-date agreement levels, strongest first. */
export const BIRTH_DATE_AGREEMENTS = [
  'exact',
  'partial_exact',
  'day_month_swapped',
  'one_digit_typo',
  'same_year_month',
  'within_one_year',
  'different',
] as const

export type BirthDateAgreement = (typeof BIRTH_DATE_AGREEMENTS)[number]

const DASH = 45

/**
 * The start of a birth date whose century nobody wrote down, '**YY-MM-DD' (a codice fiscale's,
 * see birthDateInCodiceFiscale): compareBirthDates reads it in the century of the other date.
 */
export const CENTURY_UNKNOWN = '**'
const hasNoCentury = (date: string): boolean => date.startsWith(CENTURY_UNKNOWN)
const ZERO = 48
const NINE = 57

// Offsets of the YYYYMMDD digits inside 'YYYY-MM-DD'.
const DIGIT_OFFSETS = [0, 1, 2, 3, 5, 6, 8, 9] as const

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE

const twoDigits = (s: string, at: number): number =>
  (s.charCodeAt(at) - ZERO) * 10 + s.charCodeAt(at + 1) - ZERO

// Fields of the last parsed date, set by parse so that parsing allocates nothing.
let parsedYear = 0
let parsedMonth = 0
let parsedDay = 0

/**
 * Parses s into parsedYear, parsedMonth and parsedDay; returns its precision: 3 for
 * 'YYYY-MM-DD', 2 for 'YYYY-MM', 1 for 'YYYY', 0 for anything else (fields then unspecified).
 */
const parse = (s: string): number => {
  const length = s.length
  if (length !== 4 && length !== 7 && length !== 10) return 0
  for (let at = 0; at < 4; at++) if (!isDigit(s.charCodeAt(at))) return 0
  parsedYear = twoDigits(s, 0) * 100 + twoDigits(s, 2)
  parsedMonth = 0
  parsedDay = 0
  if (length === 4) return 1
  if (s.charCodeAt(4) !== DASH || !isDigit(s.charCodeAt(5)) || !isDigit(s.charCodeAt(6))) return 0
  parsedMonth = twoDigits(s, 5)
  if (parsedMonth < 1 || parsedMonth > 12) return 0
  if (length === 7) return 2
  if (s.charCodeAt(7) !== DASH || !isDigit(s.charCodeAt(8)) || !isDigit(s.charCodeAt(9))) return 0
  parsedDay = twoDigits(s, 8)
  return parsedDay < 1 || parsedDay > 31 ? 0 : 3
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date: days_from_civil from H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms" (howardhinnant.github.io/date_algorithms.html).
 * Years are shifted to start in March so the leap day falls last:
 *   y' = y - [m <= 2], era = floor(y' / 400), yoe = y' - 400 era,
 *   doy = floor((153 ((m + 9) mod 12) + 2) / 5) + d - 1,
 *   doe = 365 yoe + floor(yoe / 4) - floor(yoe / 100) + doy,
 *   days = 146097 era + doe - 719468.
 */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const shiftedYear = month <= 2 ? year - 1 : year
  const era = Math.floor(shiftedYear / 400)
  const yearOfEra = shiftedYear - era * 400
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/**
 * Absolute number of days between two full 'YYYY-MM-DD' birth dates, for analysts.
 *
 * NaN unless both are full, well-formed dates.
 */
export const birthDateDayDifference = (a: string, b: string): number => {
  if (parse(a) !== 3) return Number.NaN
  const daysA = daysFromCivil(parsedYear, parsedMonth, parsedDay)
  if (parse(b) !== 3) return Number.NaN
  return Math.abs(daysA - daysFromCivil(parsedYear, parsedMonth, parsedDay))
}

/**
 * How two normalised birth dates ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY') agree, as the strongest
 * level in {@link BIRTH_DATE_AGREEMENTS} that holds.
 *
 * - exact: both full and equal.
 * - partial_exact: not both full, and the coarser is a prefix of the finer ('1984-03' vs
 *   '1984-03-07'; '1984' vs '1984').
 * - day_month_swapped: both full, same year, day and month exchanged.
 * - one_digit_typo: over the YYYYMMDD digits both have, exactly one digit differs or two
 *   adjacent digits are exchanged ('1984' vs '1948').
 * - same_year_month: both full, same year and month, days further apart.
 * - within_one_year: at the shared precision, at most 365 days, 12 months or 1 year apart.
 * - different: anything else, including '' and malformed input.
 *
 * A date that starts '**' has no century (see birthDateInCodiceFiscale): it is read in the
 * other date's century.
 */
export const compareBirthDates = (a: string, b: string): BirthDateAgreement => {
  // A date without its century ('**07-07-15', read from a codice fiscale) takes the other's.
  if (hasNoCentury(a) || hasNoCentury(b)) {
    const century = !hasNoCentury(a) ? a.slice(0, 2) : !hasNoCentury(b) ? b.slice(0, 2) : '19'
    if (hasNoCentury(a)) a = century + a.slice(2)
    if (hasNoCentury(b)) b = century + b.slice(2)
  }
  const precisionA = parse(a)
  if (a === b) return precisionA === 3 ? 'exact' : precisionA === 0 ? 'different' : 'partial_exact'
  if (precisionA === 0) return 'different'
  const yearA = parsedYear
  const monthA = parsedMonth
  const dayA = parsedDay
  const precisionB = parse(b)
  if (precisionB === 0) return 'different'
  const yearB = parsedYear
  const monthB = parsedMonth
  const dayB = parsedDay
  const shared = precisionA < precisionB ? precisionA : precisionB
  const digitCount = 2 + shared * 2

  let differences = 0
  let firstDifference = -1
  for (let index = 0; index < digitCount; index++) {
    const offset = DIGIT_OFFSETS[index]
    if (a.charCodeAt(offset) !== b.charCodeAt(offset)) {
      if (differences === 0) firstDifference = index
      differences++
    }
  }
  const bothFull = precisionA === 3 && precisionB === 3
  if (differences === 0) return bothFull ? 'exact' : 'partial_exact'
  if (bothFull && yearA === yearB && monthA === dayB && dayA === monthB) {
    return 'day_month_swapped'
  }

  if (differences === 1) return 'one_digit_typo'
  if (differences === 2 && firstDifference + 1 < digitCount) {
    const here = DIGIT_OFFSETS[firstDifference]
    const there = DIGIT_OFFSETS[firstDifference + 1]
    if (a.charCodeAt(here) === b.charCodeAt(there) && a.charCodeAt(there) === b.charCodeAt(here)) {
      return 'one_digit_typo'
    }
  }

  if (bothFull) {
    if (yearA === yearB && monthA === monthB) return 'same_year_month'
    const gap = Math.abs(daysFromCivil(yearA, monthA, dayA) - daysFromCivil(yearB, monthB, dayB))
    return gap <= 365 ? 'within_one_year' : 'different'
  }
  if (shared === 1) return Math.abs(yearA - yearB) <= 1 ? 'within_one_year' : 'different'
  const monthGap = Math.abs(yearA * 12 + monthA - (yearB * 12 + monthB))
  return monthGap <= 12 ? 'within_one_year' : 'different'
}
