import type { CustomerRecord } from '../record/customer-record.js'
import { normaliseAddress } from './address.js'
import { normaliseBirthDate } from './birth-date.js'
import { normaliseCity, normaliseRegion } from './city.js'
import { normaliseCountry } from './country.js'
import { normaliseEmail } from './email.js'
import { normaliseLoyaltyCard } from './loyalty-card.js'
import type { Gender } from './gender.js'
import { normaliseName, statedGenderOfName } from './name.js'
import { sexInCodiceFiscale } from './recognised-tax-id.js'
import type { NormalisedRecord } from './normalised-record.js'
import { guessPhoneCountry, normalisePhone } from './phone.js'
import { normalisePostcode } from './postcode.js'
import { normaliseTaxId } from './tax-id.js'

export interface NormaliseRecordOptions {
  /**
   * Country (ISO alpha-2 or a name normaliseCountry knows) assumed for reading phone numbers,
   * postcodes and addresses of records that carry no country. Default: none.
   */
  defaultCountry?: string
  /**
   * Countries to try, in order, for the phone number of a record with neither a country nor a
   * default: the first under which the number is a possible one wins. Callers pass the file's
   * own countries, most common first ('652098124' at a Spanish till with no country typed).
   */
  fallbackCountries?: readonly string[]
}

function readPhone(raw: string | undefined, country: string, fallbacks: readonly string[] | undefined): string {
  const phone = normalisePhone(raw, country)
  if (country !== '' || fallbacks === undefined || raw === undefined) return phone
  // Without a country the digits are read in the first candidate whose plan they fit by shape;
  // a number that fits none of the shapes goes to the first candidate under which it is possible.
  const shaped = guessPhoneCountry(raw, fallbacks)
  if (shaped !== undefined) {
    const read = normalisePhone(raw, shaped)
    if (read !== '') return read
  }
  if (phone !== '') return phone
  for (const fallback of fallbacks) {
    const guessed = normalisePhone(raw, fallback)
    if (guessed !== '') return guessed
  }
  return ''
}

/**
 * Normalises every field of a customer record for matching; '' marks a missing, invalid or
 * placeholder value. The record's own country decides how phone numbers, postcodes and
 * addresses are read, else options.defaultCountry; the output `country` is only ever the
 * record's own, so a default never counts as evidence.
 */
export function normaliseRecord(
  record: CustomerRecord,
  options?: NormaliseRecordOptions,
): NormalisedRecord {
  const country = normaliseCountry(record.country)
  const readingCountry =
    country !== '' || options?.defaultCountry === undefined
      ? country
      : normaliseCountry(options.defaultCountry)
  const name = normaliseName(record)
  const taxId = normaliseTaxId(record.tax_id)
  const email = normaliseEmail(record.email)
  const address = normaliseAddress(record.address_line1, record.address_line2, readingCountry)
  return {
    first_name: name.first_name,
    first_name_canonical: name.first_name_canonical,
    last_name: name.last_name,
    email: email.email,
    email_local: email.email_local,
    email_domain: email.email_domain,
    phone: readPhone(record.phone, readingCountry, options?.fallbackCountries),
    birth_date: normaliseBirthDate(record.birth_date),
    street: address.street,
    house_number: address.house_number,
    unit: address.unit,
    postcode: normalisePostcode(record.postcode, readingCountry),
    city: normaliseCity(record.city),
    region: normaliseRegion(record.region),
    country,
    loyalty_card: normaliseLoyaltyCard(record.loyalty_card),
    tax_id: taxId,
    gender: statedGender(statedGenderOfName(record), sexInCodiceFiscale(taxId)),
  }
}

/** A title and a codice fiscale that disagree are a typing error somewhere: nothing is stated. */
function statedGender(byTitle: Gender, byTaxId: Gender): Gender {
  if (byTitle === '') return byTaxId
  return byTaxId === '' || byTaxId === byTitle ? byTitle : ''
}
