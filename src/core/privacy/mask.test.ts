import { describe, expect, it } from 'vitest'

import {
  maskAddressLine,
  maskBirthDate,
  maskContractField,
  maskEmail,
  maskIdentifier,
  maskName,
  maskPhone,
  maskPostcode,
  maskRecord,
} from './mask.js'

describe('maskEmail', () => {
  it('should keep the first letters and the top-level domain', () => {
    expect(maskEmail('jose.garcia@gmail.com')).toBe('j***@g***.com')
  })

  it('should keep only the last label of a multi-part domain', () => {
    expect(maskEmail('ana@mail.example.co.uk')).toBe('a***@m***.uk')
  })

  it('should hide a value that is not an address', () => {
    expect(maskEmail('not-an-email')).toBe('***')
    expect(maskEmail('@gmail.com')).toBe('***')
  })

  it('should not cut a multi-byte first character in half', () => {
    expect(maskEmail('ñandú@correo.es')).toBe('ñ***@c***.es')
  })
})

describe('maskPhone', () => {
  it('should keep the last two digits only', () => {
    expect(maskPhone('+34 612 34 56 78')).toBe('*** *** *78')
    expect(maskPhone('612345678')).toBe('*** *** *78')
  })

  it('should hide a value with fewer than two digits', () => {
    expect(maskPhone('n/a')).toBe('*** *** ***')
  })
})

describe('maskName', () => {
  it('should keep the initial of every word', () => {
    expect(maskName('José Luis')).toBe('J*** L***')
    expect(maskName('  García   López ')).toBe('G*** L***')
  })

  it('should give an empty name back empty', () => {
    expect(maskName('   ')).toBe('')
  })
})

describe('maskBirthDate', () => {
  it('should keep the year of full and partial dates', () => {
    expect(maskBirthDate('1984-03-07')).toBe('1984')
    expect(maskBirthDate('1984-03')).toBe('1984')
    expect(maskBirthDate('1984')).toBe('1984')
  })

  it('should hide a value without a year', () => {
    expect(maskBirthDate('07/03/84')).toBe('***')
  })
})

describe('maskPostcode', () => {
  it('should keep the first two digits of a numeric postcode', () => {
    expect(maskPostcode('28013')).toBe('28***')
  })

  it('should keep the leading letters of a UK-style postcode', () => {
    expect(maskPostcode('sw1a 1aa')).toBe('SW***')
    expect(maskPostcode('M1 1AE')).toBe('M***')
  })

  it('should hide a postcode of another shape', () => {
    expect(maskPostcode('-')).toBe('***')
  })
})

describe('maskIdentifier', () => {
  it('should keep the last two letters or digits', () => {
    expect(maskIdentifier('12345678Z')).toBe('***8Z')
    expect(maskIdentifier('4000-1234-56')).toBe('***56')
  })

  it('should hide an identifier shorter than three characters', () => {
    expect(maskIdentifier('7')).toBe('***')
  })
})

describe('maskAddressLine', () => {
  it('should hide the whole line', () => {
    expect(maskAddressLine('Calle Mayor 12, 3ºB')).toBe('***')
  })
})

describe('maskContractField', () => {
  it('should leave bookkeeping and coarse places as they are', () => {
    expect(maskContractField('source', 'store:MAD-01')).toBe('store:MAD-01')
    expect(maskContractField('country', 'ES')).toBe('ES')
  })

  it('should hide a field it does not know', () => {
    expect(maskContractField('constructor', 'x')).toBe('***')
    expect(maskContractField('nickname', 'Pepe')).toBe('***')
  })
})

describe('maskRecord', () => {
  it('should mask every contact field and keep the record id and source', () => {
    const masked = maskRecord({
      record_id: 'web-1',
      source: 'web',
      first_name: 'María',
      last_name: 'García López',
      email: 'maria.garcia@gmail.com',
      phone: '+34 612 345 678',
      birth_date: '1984-03-07',
      address_line1: 'Calle Mayor 12',
      city: 'Madrid',
      postcode: '28013',
      country: 'ES',
      tax_id: '12345678Z',
    })
    expect(masked).toEqual({
      record_id: 'web-1',
      source: 'web',
      first_name: 'M***',
      last_name: 'G*** L***',
      email: 'm***@g***.com',
      phone: '*** *** *78',
      birth_date: '1984',
      address_line1: '***',
      city: '***',
      postcode: '28***',
      country: 'ES',
      tax_id: '***8Z',
    })
  })

  it('should not change the record it is given', () => {
    const record = { record_id: 'web-1', source: 'web', email: 'ana@example.com' }
    maskRecord(record)
    expect(record.email).toBe('ana@example.com')
  })
})
