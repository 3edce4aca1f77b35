/**
 * A record after normalisation: every value is a plain string and the empty string means
 * "missing" (placeholders such as noemail@… or 000000000 normalise to ''). All text is
 * lower-case, accent-folded and punctuation-free unless a field says otherwise.
 */
export interface NormalisedRecord {
  /** Given-name tokens, space separated, particles removed: 'José Luis' -> 'jose luis'. */
  first_name: string
  /** first_name with each token mapped to its canonical form through the nickname tables: 'pepe' -> 'jose'. */
  first_name_canonical: string
  /** Surname tokens, space separated, particles removed: 'de la Fuente García' -> 'fuente garcia'. */
  last_name: string
  /** Canonical email: lower-case, gmail dots and +tags removed, domain typos fixed. */
  email: string
  /** Local part of the canonical email. */
  email_local: string
  /** Domain of the canonical email. */
  email_domain: string
  /** E.164 phone number: '+34612345678'. */
  phone: string
  /** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'. */
  birth_date: string
  /** Street name with its type expanded, without number: 'calle mayor'. */
  street: string
  /** House number as written, digits plus optional letter: '12', '12b'. */
  house_number: string
  /** Floor / door / flat, normalised: '3 b'. */
  unit: string
  /** Postcode, upper-case, spacing normalised for the country: '28013', 'SW1A 1AA'. */
  postcode: string
  city: string
  region: string
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string
  /** Loyalty card digits / letters, upper-case, no spaces. */
  loyalty_card: string
  /** Tax id, upper-case, no separators: '12345678Z', 'RSSMRA85T10A562S', 'QQ123456C'. */
  tax_id: string
  /**
   * The gender the record states, 'm' or 'f': by a title in a name field ('Mrs', 'Sig.ra',
   * 'Sra.') or by an Italian tax code. '' when it states none. Records stored before this field
   * existed lack it (read as '').
   */
  gender: string
}

export type NormalisedField = keyof NormalisedRecord

export const NORMALISED_FIELDS = [
  'first_name',
  'first_name_canonical',
  'last_name',
  'email',
  'email_local',
  'email_domain',
  'phone',
  'birth_date',
  'street',
  'house_number',
  'unit',
  'postcode',
  'city',
  'region',
  'country',
  'loyalty_card',
  'tax_id',
  'gender',
] as const satisfies readonly NormalisedField[]
