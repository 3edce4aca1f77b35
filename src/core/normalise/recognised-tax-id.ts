import { CENTURY_UNKNOWN } from '../compare/date-difference.js'
import type { Gender } from './gender.js'
import { isValidSpanishDni } from './tax-id.js'

const CODICE_FISCALE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const UK_NATIONAL_INSURANCE = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/
// Codice fiscale check character: values of characters in odd (1st, 3rd, …) positions.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

function codiceFiscaleCheckIsValid(id: string): boolean {
  let sum = 0
  for (let k = 0; k < 15; k++) {
    const code = id.charCodeAt(k)
    const index = code >= 65 ? code - 65 : code - 48
    // Positions are 1-based in the standard: k = 0 is the first, odd, position.
    sum += k % 2 === 0 ? CF_ODD[index] : index
  }
  return id.charCodeAt(15) - 65 === sum % 26
}

/**
 * Whether a normalised tax id is a well-formed national id whose own check passes: Spanish
 * DNI or NIE (check letter), Italian codice fiscale (check character), UK National Insurance
 * number (format). Two different recognised ids are two different people; an id we cannot
 * check (plain digits, unknown schemes) proves nothing by disagreeing.
 */
export function isRecognisedTaxId(id: string): boolean {
  if (id.length === 9) {
    if (isValidSpanishDni(id)) return true
    return UK_NATIONAL_INSURANCE.test(id)
  }
  if (id.length === 16) return CODICE_FISCALE.test(id) && codiceFiscaleCheckIsValid(id)
  return false
}

/** Codice fiscale month letters, January to December. */
const CF_MONTH_LETTERS = 'ABCDEHLMPRST'
/** Omocodia: where two people would share a code, digits are replaced by these letters (0–9). */
const CF_OMOCODIA_LETTERS = 'LMNPQRSTUV'

/**
 * The birth date a codice fiscale encodes (year without century, month letter, day plus 40 for
 * women), as '**YY-MM-DD'; '' for anything but a recognised codice fiscale. Why: Italian tills
 * and forms take the codice fiscale far more often than the birth date, and it tells a father
 * from the son named after him as surely as a typed date does. The century is left out rather
 * than guessed: a code says 07 for 1907 and 2007 alike, and a wrong guess would make one
 * person's two records look like two people.
 */
export function birthDateInCodiceFiscale(id: string): string {
  const day = codiceFiscaleDay(id)
  if (day === 0) return ''
  const year = cfDigit(id, 6) * 10 + cfDigit(id, 7)
  const month = CF_MONTH_LETTERS.indexOf(id[8]) + 1
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${CENTURY_UNKNOWN}${pad(year)}-${pad(month)}-${pad(day > 40 ? day - 40 : day)}`
}

/**
 * The sex a valid codice fiscale encodes: women's birth day is written plus 40. '' for any
 * other id or a code whose date does not read.
 */
export function sexInCodiceFiscale(id: string): Gender {
  const day = codiceFiscaleDay(id)
  return day === 0 ? '' : day > 40 ? 'f' : 'm'
}

/** A digit of a codice fiscale, omocodia letters read back; -1 for anything else. */
function cfDigit(id: string, at: number): number {
  const code = id.charCodeAt(at)
  return code >= 48 && code <= 57 ? code - 48 : CF_OMOCODIA_LETTERS.indexOf(id[at])
}

/** The day field of a valid codice fiscale (plus 40 for a woman), or 0 when it does not read. */
function codiceFiscaleDay(id: string): number {
  if (id.length !== 16 || !isRecognisedTaxId(id)) return 0
  const month = CF_MONTH_LETTERS.indexOf(id[8]) + 1
  const day = cfDigit(id, 9) * 10 + cfDigit(id, 10)
  const dayOfMonth = day > 40 ? day - 40 : day
  if (month < 1 || dayOfMonth < 1 || dayOfMonth > 31) return 0
  return day
}

