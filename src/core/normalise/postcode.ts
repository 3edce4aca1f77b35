import { isPlaceholderPostcode } from './placeholder.js'

// Outward code (area letters, district digit, optional digit or letter) + inward code
// (sector digit, unit letters), on the compact upper-case form.
const BRITISH_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/

const FIVE_DIGIT_COUNTRIES = new Set(['ES', 'IT'])

function compactUpperCase(raw: string): string {
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (code >= 0x30 && code <= 0x39) out += raw[i]
    else if (code >= 0x41 && code <= 0x5a) out += raw[i]
    else if (code >= 0x61 && code <= 0x7a) out += String.fromCharCode(code - 0x20)
  }
  return out
}

function isAllDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x30 || code > 0x39) return false
  }
  return true
}

function hasDigit(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 0x30 && code <= 0x39) return true
  }
  return false
}

/**
 * Normalises a postcode for its country (ISO alpha-2, '' when unknown): upper-case, separators
 * removed; Spanish and Italian codes padded back to 5 digits when a spreadsheet dropped the
 * leading zeros ('8013' -> '08013', Italian '100' -> '00100'); British codes re-spaced before
 * the inward code ('sw1a1aa' -> 'SW1A 1AA', also when the country is unknown, as the shape is
 * unmistakable). Codes without a digit and placeholders ('00000', '99999') give ''.
 */
export function normalisePostcode(raw: string | undefined, country: string): string {
  if (raw === undefined || raw.length === 0) return ''
  const compact = compactUpperCase(raw)
  if (compact.length === 0 || !hasDigit(compact) || isPlaceholderPostcode(compact)) return ''
  if (FIVE_DIGIT_COUNTRIES.has(country)) {
    // Spanish codes start 01-52, so a spreadsheet can drop one zero; Italian ones start at
    // 00010 (Rome is 001xx), so it can drop two.
    const minLength = country === 'IT' ? 3 : 4
    if (compact.length >= minLength && compact.length < 5 && isAllDigits(compact)) {
      const padded = compact.padStart(5, '0')
      return isPlaceholderPostcode(padded) ? '' : padded
    }
    return compact
  }
  if ((country === 'GB' || country === '') && BRITISH_POSTCODE.test(compact)) {
    return compact.slice(0, -3) + ' ' + compact.slice(-3)
  }
  return compact
}
