/**
 * Staff search at the counter: what a record is findable by, and how a typed query becomes
 * lookups. Staff may search by name fragments, postcode, the last digits of a phone and a card
 * number — never by a whole email or phone number, so the search cannot be used to learn
 * whether someone's contact details are on file (no enumeration).
 *
 * Search keys live beside the blocking keys in the store but never take part in matching: a
 * three-letter prefix or four phone digits are far too common to be evidence.
 */
import { foldAccents } from '../normalise/text.js'
import type { NormalisedRecord } from '../normalise/normalised-record.js'

const SEARCH = 'search'
const SEPARATOR = '\u001f'

/** Letters of a name token that make a search key: 'gar' finds García, Garzón, Gardner. */
export const NAME_PREFIX_LENGTH = 3
/** Digits of the phone that make a search key: the last four, as a customer says them. */
export const PHONE_TAIL_LENGTH = 4

export type CounterSearchKind = 'given_name' | 'surname' | 'name' | 'phone_tail' | 'postcode' | 'card'

function searchKey(kind: CounterSearchKind, value: string): string {
  return `${SEARCH}${SEPARATOR}${kind}${SEPARATOR}${value}`
}

/** Whether a stored key is a search key (never a blocking key). */
export function isCounterSearchKey(key: string): boolean {
  return key.startsWith(`${SEARCH}${SEPARATOR}`)
}

function nameTokens(text: string): string[] {
  return foldAccents(text.toLowerCase())
    .split(/[^a-z]+/)
    .filter((token) => token.length >= 2)
}

/** The search keys of a stored record. */
export function counterSearchKeys(record: Pick<NormalisedRecord, 'first_name' | 'last_name' | 'phone' | 'postcode' | 'loyalty_card'>): string[] {
  const keys = new Set<string>()
  for (const token of nameTokens(record.first_name)) keys.add(searchKey('name', token.slice(0, NAME_PREFIX_LENGTH)))
  for (const token of nameTokens(record.last_name)) keys.add(searchKey('name', token.slice(0, NAME_PREFIX_LENGTH)))
  const digits = record.phone.replace(/\D/g, '')
  if (digits.length >= 7) keys.add(searchKey('phone_tail', digits.slice(-PHONE_TAIL_LENGTH)))
  if (record.postcode !== '') keys.add(searchKey('postcode', record.postcode.replace(/\s+/g, '').toUpperCase()))
  if (record.loyalty_card !== '') keys.add(searchKey('card', record.loyalty_card))
  return [...keys]
}

/** One term of a staff query: what it is taken for and the key it looks up. */
export interface CounterSearchTerm {
  readonly kind: 'name' | 'phone_tail' | 'postcode' | 'card'
  /** The term as compared with a candidate (folded name fragment, digits, postcode, card). */
  readonly value: string
  readonly key: string
}

export type CounterQueryParse =
  | { ok: true; terms: CounterSearchTerm[] }
  | { ok: false; reason: 'empty' | 'email_not_searchable' | 'phone_not_searchable' | 'too_many_terms'; message: string }

/** UK postcodes ('SW1A 1AA', 'sw1a1aa'); 5-digit postcodes (ES, IT, FR, DE) are digits. */
const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/
const MAX_TERMS = 6

/**
 * Reads a staff query. Terms: name fragments (2+ letters: the first three letters are looked
 * up), 2–4 digits (the end of a phone number), a postcode (5 digits, or a UK postcode), a card
 * number (8+ letters and digits with at least 8 digits). An email address, or 5+ digits that
 * look like a phone number with a country code or a mobile prefix, are refused whatever is on
 * file — the same answer for every customer.
 */
export function parseCounterQuery(query: string): CounterQueryParse {
  const text = query.trim()
  if (text === '') return { ok: false, reason: 'empty', message: 'the query is empty; type a name fragment, a postcode, the last digits of a phone or a card number' }
  if (text.includes('@')) {
    return { ok: false, reason: 'email_not_searchable', message: 'the counter search does not search by email address; ask the customer to show their card or to verify with a one-time code' }
  }
  const terms: CounterSearchTerm[] = []
  // A phone typed with spaces ('612 345 678') is one term: join runs of digit groups first.
  const raw = text.replace(/(\d)[\s\-.()]+(?=\d)/g, '$1').split(/[\s,;]+/).filter((t) => t !== '')
  for (const token of raw) {
    const upper = token.toUpperCase()
    if (/^\+/.test(token) || (/^\d+$/.test(token) && token.length >= 6 && token.length <= 8)) {
      return { ok: false, reason: 'phone_not_searchable', message: 'the counter search takes only the last 2 to 4 digits of a phone number, never the whole number' }
    }
    if (/^\d{2,4}$/.test(token)) terms.push({ kind: 'phone_tail', value: token, key: '' })
    else if (/^\d{5}$/.test(token) || UK_POSTCODE.test(upper)) terms.push({ kind: 'postcode', value: upper, key: searchKey('postcode', upper) })
    else if (/^[0-9A-Z]{9,20}$/.test(upper) && (upper.match(/\d/g)?.length ?? 0) >= 8) terms.push({ kind: 'card', value: upper, key: searchKey('card', upper) })
    else {
      for (const fragment of nameTokens(token)) {
        terms.push({ kind: 'name', value: fragment, key: searchKey('name', fragment.slice(0, NAME_PREFIX_LENGTH)) })
      }
    }
  }
  if (terms.length === 0) return { ok: false, reason: 'empty', message: 'the query has no usable term; type a name fragment (2+ letters), a postcode, the last digits of a phone or a card number' }
  if (terms.length > MAX_TERMS) return { ok: false, reason: 'too_many_terms', message: `the query has ${terms.length} terms; use at most ${MAX_TERMS}` }
  // Phone tails shorter than the key are matched on the candidates found by the other terms.
  return {
    ok: true,
    terms: terms.map((term) =>
      term.kind === 'phone_tail' && term.value.length === PHONE_TAIL_LENGTH ? { ...term, key: searchKey('phone_tail', term.value) } : term,
    ),
  }
}

/** How well a candidate's normalised record answers one term: 0 (no) to 1 (exactly). */
export function termScore(term: CounterSearchTerm, record: Pick<NormalisedRecord, 'first_name' | 'last_name' | 'phone' | 'postcode' | 'loyalty_card'>): number {
  switch (term.kind) {
    case 'name': {
      const tokens = [...nameTokens(record.first_name), ...nameTokens(record.last_name)]
      let best = 0
      for (const token of tokens) {
        if (token === term.value) best = Math.max(best, 1)
        else if (token.startsWith(term.value)) best = Math.max(best, 0.9)
        else if (term.value.length > NAME_PREFIX_LENGTH && token.slice(0, NAME_PREFIX_LENGTH) === term.value.slice(0, NAME_PREFIX_LENGTH)) {
          // Same first letters, then a typo: 'garcai' still finds 'garcia', a little lower.
          best = Math.max(best, 0.6)
        }
      }
      return best
    }
    case 'phone_tail':
      return record.phone.replace(/\D/g, '').endsWith(term.value) ? 1 : 0
    case 'postcode':
      return record.postcode.replace(/\s+/g, '').toUpperCase() === term.value.replace(/\s+/g, '') ? 1 : 0
    case 'card':
      return record.loyalty_card === term.value ? 1 : 0
  }
}
