import { describe, expect, it } from 'vitest'

import type { CustomerRecord } from '../record/customer-record.js'
import { normaliseRecord } from './normalise-record.js'
import { NORMALISED_FIELDS } from './normalised-record.js'

const spanish: CustomerRecord = {
  record_id: 'web-000123',
  source: 'web',
  first_name: 'Mª José',
  last_name: 'de la Fuente García',
  email: 'Jose.Garcia+shop@Gmail.com',
  phone: '612 34 56 78',
  birth_date: '07/03/1984',
  address_line1: 'C/ Mayor 12, 3ºB',
  address_line2: 'Edificio Sol',
  city: 'Alacant',
  postcode: '3001',
  region: 'Alicante',
  country: 'España',
  loyalty_card: '4000 1234 56',
  tax_id: '1234567-l',
  created_at: '2025-06-01T10:22:00Z',
}

describe('normaliseRecord', () => {
  it('should normalise every field when given a full Spanish record', () => {
    expect(normaliseRecord(spanish)).toEqual({
      first_name: 'maria jose',
      first_name_canonical: 'maria jose',
      last_name: 'fuente garcia',
      email: 'josegarcia@gmail.com',
      email_local: 'josegarcia',
      email_domain: 'gmail.com',
      phone: '+34612345678',
      birth_date: '1984-03-07',
      street: 'calle mayor',
      house_number: '12',
      unit: '3 b',
      postcode: '03001',
      city: 'alicante',
      region: 'alicante',
      country: 'ES',
      loyalty_card: '4000123456',
      tax_id: '01234567L',
      gender: '',
    })
  })

  it('should normalise an Italian record when the country is IT', () => {
    const record: CustomerRecord = {
      record_id: 'app-1',
      source: 'app',
      full_name: "Sig. Beppe D'Angelo",
      phone: '333 1234567',
      address_line1: 'Via Roma 5/a',
      city: 'Milan',
      postcode: '184',
      country: 'it',
      tax_id: 'rssmra85t10a562s',
    }
    expect(normaliseRecord(record)).toMatchObject({
      first_name: 'beppe',
      first_name_canonical: 'jose',
      last_name: 'dangelo',
      phone: '+393331234567',
      street: 'via roma',
      house_number: '5a',
      city: 'milano',
      postcode: '00184',
      country: 'IT',
      tax_id: 'RSSMRA85T10A562S',
    })
  })

  it('should normalise a British record when the country is a name', () => {
    const record: CustomerRecord = {
      record_id: 'store:LON-01/7',
      source: 'store:LON-01',
      first_name: 'Bill',
      last_name: "O'Brien",
      phone: '07700 900123',
      address_line1: 'Flat 3, 12 High St',
      postcode: 'sw1a1aa',
      country: 'United Kingdom',
      tax_id: 'QQ 12 34 56 C',
    }
    expect(normaliseRecord(record)).toMatchObject({
      first_name: 'bill',
      first_name_canonical: 'guillermo',
      last_name: 'obrien',
      phone: '+447700900123',
      street: 'high street',
      house_number: '12',
      unit: '3',
      postcode: 'SW1A 1AA',
      country: 'GB',
      tax_id: 'QQ123456C',
    })
  })

  it('should read a FEBRL row when the record has no country', () => {
    const record: CustomerRecord = {
      record_id: 'rec-122-org',
      source: 'febrl',
      first_name: 'lachlan',
      last_name: 'berry',
      address_line1: '69 giblin street',
      address_line2: 'killarney',
      city: 'bittern',
      postcode: '4814',
      region: 'qld',
      birth_date: '19990219',
      tax_id: '7364009',
    }
    expect(normaliseRecord(record)).toMatchObject({
      first_name: 'lachlan',
      last_name: 'berry',
      street: 'giblin street',
      house_number: '69',
      unit: '',
      city: 'bittern',
      postcode: '4814',
      region: 'qld',
      birth_date: '1999-02-19',
      tax_id: '7364009',
      country: '',
    })
  })

  it('should read phone and postcode in the default country when the record has none', () => {
    const record: CustomerRecord = {
      record_id: 'r1',
      source: 'till',
      phone: '612345678',
      postcode: '8013',
    }
    const normalised = normaliseRecord(record, { defaultCountry: 'es' })
    expect(normalised.phone).toBe('+34612345678')
    expect(normalised.postcode).toBe('08013')
  })

  it('should leave country missing when only the default country is known', () => {
    const record: CustomerRecord = { record_id: 'r1', source: 'till', phone: '612345678' }
    expect(normaliseRecord(record, { defaultCountry: 'ES' }).country).toBe('')
  })

  it('should prefer the record country over the default when both are known', () => {
    const record: CustomerRecord = {
      record_id: 'r1',
      source: 'till',
      phone: '333 1234567',
      country: 'IT',
    }
    expect(normaliseRecord(record, { defaultCountry: 'ES' }).phone).toBe('+393331234567')
  })

  it('should fill every field with an empty string when the record has only its ids', () => {
    const normalised = normaliseRecord({ record_id: 'r1', source: 'web' })
    expect(Object.keys(normalised).sort()).toEqual([...NORMALISED_FIELDS].sort())
    for (const field of NORMALISED_FIELDS) expect(normalised[field]).toBe('')
  })

  it('should turn placeholders into missing values when a till fills fields with junk', () => {
    const normalised = normaliseRecord({
      record_id: 'r1',
      source: 'till',
      first_name: 'Cliente',
      last_name: 'Contado',
      email: 'noemail@noemail.com',
      phone: '000000000',
      birth_date: '1900-01-01',
      postcode: '00000',
      country: 'ES',
      loyalty_card: '0000000000',
      tax_id: '12345678Z',
    })
    for (const field of NORMALISED_FIELDS) {
      if (field !== 'country') expect(normalised[field]).toBe('')
    }
  })

  it('should not change the record when normalising it', () => {
    const copy = structuredClone(spanish)
    normaliseRecord(spanish)
    expect(spanish).toEqual(copy)
  })
})

describe('normaliseRecord fallback countries', () => {
  it('should read the phone of a record without a country under the first fallback that fits', () => {
    const spanish = normaliseRecord({ record_id: 'r1', source: 'store', phone: '652 09 81 24' }, { fallbackCountries: ['ES', 'IT'] })
    const italian = normaliseRecord({ record_id: 'r2', source: 'store', phone: '333 123 4567' }, { fallbackCountries: ['ES', 'IT'] })
    expect(spanish.phone).toBe('+34652098124')
    expect(italian.phone).toBe('+393331234567')
  })

  it('should leave the phone missing when no fallback country fits and none is given', () => {
    expect(normaliseRecord({ record_id: 'r3', source: 'store', phone: '652 09 81 24' }).phone).toBe('')
  })

  it('should never use a fallback when the record has its own country', () => {
    const record = normaliseRecord({ record_id: 'r4', source: 'store', phone: '652 09 81 24', country: 'GB' }, { fallbackCountries: ['ES'] })
    expect(record.phone).not.toBe('+34652098124')
    expect(record.country).toBe('GB')
  })

  it('should keep the gender a title or an Italian tax code states, and none where they disagree', () => {
    const gender = (record: Partial<CustomerRecord>) => normaliseRecord({ record_id: 'g', source: 'crm', ...record }).gender
    expect(gender({ full_name: 'Mrs D Chadley' })).toBe('f')
    expect(gender({ first_name: 'Paola', last_name: 'Bianco', tax_id: 'BNCPQL07M43L219V' })).toBe('f')
    expect(gender({ full_name: 'Sig. Paolo Rossi', tax_id: 'RSSMRA85T10A562S' })).toBe('m')
    expect(gender({ full_name: 'Sig. P Bianco', tax_id: 'BNCPQL07M43L219V' })).toBe('')
    // A given name alone states nothing here: it is a guess, made where it is compared.
    expect(gender({ first_name: 'David', last_name: 'Chadley' })).toBe('')
  })
})
