/**
 * Masking of contact data for read-only views (the analyst role): enough to tell records apart
 * and judge a match, not enough to contact or identify the person. Pure string functions; the
 * shape of a masked value is fixed, so it leaks no length beyond what is said below.
 */
import type { ContractField, CustomerRecord } from '../record/customer-record.js'

const HIDDEN = '***'

/** First character (a whole code point, so 'Ñ' or an emoji is not cut in half). */
const firstCharacter = (text: string): string => Array.from(text)[0] ?? ''

/** 'jose.garcia@gmail.com' → 'j***@g***.com': first letters and the top-level domain. */
export function maskEmail(email: string): string {
  const text = email.trim()
  const at = text.lastIndexOf('@')
  if (at <= 0) return HIDDEN
  const local = text.slice(0, at)
  const domain = text.slice(at + 1)
  const dot = domain.lastIndexOf('.')
  const topLevel = dot > 0 ? domain.slice(dot) : ''
  return `${firstCharacter(local)}${HIDDEN}@${firstCharacter(domain)}${HIDDEN}${topLevel}`
}

/** '+34 612 34 56 78' → '*** *** *78': the last two digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length < 2 ? '*** *** ***' : `*** *** *${digits.slice(-2)}`
}

/** 'José Luis' → 'J*** L***': the initial of every word. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => `${firstCharacter(word)}${HIDDEN}`)
    .join(' ')
}

/** '1984-03-07' → '1984': the year only (partial dates too); no year, nothing shown. */
export function maskBirthDate(birthDate: string): string {
  return /^\s*(\d{4})/.exec(birthDate)?.[1] ?? HIDDEN
}

/**
 * The postcode area: '28013' → '28***' (a Spanish province), 'SW1A 1AA' → 'SW***' (a UK area).
 * Leading letters when it starts with letters, else the first two digits.
 */
export function maskPostcode(postcode: string): string {
  const text = postcode.trim().toUpperCase()
  const letters = /^[A-Z]{1,2}/.exec(text)?.[0]
  if (letters !== undefined) return `${letters}${HIDDEN}`
  const digits = /^\d{2}/.exec(text)?.[0]
  return digits === undefined ? HIDDEN : `${digits}${HIDDEN}`
}

/** Street, flat or town: hidden whole (the postcode area stands for the address). */
export function maskAddressLine(_line: string): string {
  return HIDDEN
}

/** Tax id or loyalty card: '12345678Z' → '***8Z', the last two letters or digits. */
export function maskIdentifier(identifier: string): string {
  const characters = identifier.replace(/[^0-9A-Za-z]/g, '')
  return characters.length < 2 ? HIDDEN : `${HIDDEN}${characters.slice(-2)}`
}

/**
 * How each contract field is masked. Bookkeeping (record_id, source, created_at) and coarse
 * places (region, country) are shown as they are: they identify nobody.
 */
const FIELD_MASKS: Readonly<Record<ContractField, ((value: string) => string) | undefined>> = {
  record_id: undefined,
  source: undefined,
  first_name: maskName,
  last_name: maskName,
  full_name: maskName,
  email: maskEmail,
  phone: maskPhone,
  birth_date: maskBirthDate,
  address_line1: maskAddressLine,
  address_line2: maskAddressLine,
  city: maskAddressLine,
  postcode: maskPostcode,
  region: undefined,
  country: undefined,
  loyalty_card: maskIdentifier,
  tax_id: maskIdentifier,
  created_at: undefined,
}

/** One contract field's value, masked as that field is; unknown field names are hidden whole. */
export function maskContractField(field: string, value: string): string {
  if (!Object.hasOwn(FIELD_MASKS, field)) return HIDDEN
  const mask = FIELD_MASKS[field as ContractField]
  return mask === undefined ? value : mask(value)
}

/** A copy of the record with every contact field masked; empty values stay empty. */
export function maskRecord(record: CustomerRecord): CustomerRecord {
  const masked: Record<string, string> = {}
  for (const [field, value] of Object.entries(record)) {
    if (typeof value !== 'string') continue
    masked[field] = value === '' ? '' : maskContractField(field, value)
  }
  return masked as CustomerRecord
}
