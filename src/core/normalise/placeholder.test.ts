import { describe, expect, it } from 'vitest'

import {
  isPlaceholderBirthDate,
  isPlaceholderCode,
  isPlaceholderEmail,
  isPlaceholderName,
  isPlaceholderPhone,
  isPlaceholderPostcode,
  isPlaceholderTaxId,
  isRepeatedCharacter,
} from './placeholder.js'

describe('isRepeatedCharacter', () => {
  it('should be true when one character repeats', () => {
    expect(isRepeatedCharacter('0000')).toBe(true)
  })

  it('should be false when characters differ or the string is empty', () => {
    expect(isRepeatedCharacter('0001')).toBe(false)
    expect(isRepeatedCharacter('')).toBe(false)
  })
})

describe('isPlaceholderName', () => {
  it.each(['test', 'xxx', 'n a', 'na', 'none', 'unknown', 'desconocido', 'sconosciuto', 'cliente'])(
    'should be true when the name is %s',
    (name) => {
      expect(isPlaceholderName(name)).toBe(true)
    },
  )

  it('should be true when every token is junk', () => {
    expect(isPlaceholderName('cliente contado')).toBe(true)
    expect(isPlaceholderName('test test')).toBe(true)
    expect(isPlaceholderName('aaaa')).toBe(true)
  })

  it('should be false when a name only contains a junk token', () => {
    expect(isPlaceholderName('jose test')).toBe(false)
  })

  it('should be false when the name is real, an initial or empty', () => {
    expect(isPlaceholderName('jose')).toBe(false)
    expect(isPlaceholderName('j')).toBe(false)
    expect(isPlaceholderName('')).toBe(false)
  })
})

describe('isPlaceholderEmail', () => {
  it.each([
    ['noemail', 'gmail.com'],
    ['sinemail', 'hotmail.es'],
    ['no', 'no.com'],
    ['a', 'a.com'],
    ['test', 'empresa.es'],
    ['jose', 'example.com'],
    ['xx', 'xx.es'],
  ])('should be true when the email is %s@%s', (local, domain) => {
    expect(isPlaceholderEmail(local, domain)).toBe(true)
  })

  it('should be false when the email is real', () => {
    expect(isPlaceholderEmail('josegarcia', 'gmail.com')).toBe(false)
    expect(isPlaceholderEmail('a', 'gmail.com')).toBe(false)
  })
})

describe('isPlaceholderPhone', () => {
  it.each(['000000000', '999999999', '123456789', '0123456789', '987654321', '600000000', '12345'])(
    'should be true when the national digits are %s',
    (digits) => {
      expect(isPlaceholderPhone(digits)).toBe(true)
    },
  )

  it('should be false when the number is real', () => {
    expect(isPlaceholderPhone('612345678')).toBe(false)
    expect(isPlaceholderPhone('7700900123')).toBe(false)
  })
})

describe('isPlaceholderBirthDate', () => {
  it.each(['1900-01-01', '1901-01-01', '0001-01-01', '9999-12-31', '1111-11-11'])(
    'should be true when the date is %s',
    (date) => {
      expect(isPlaceholderBirthDate(date)).toBe(true)
    },
  )

  it('should be false when the date is real', () => {
    expect(isPlaceholderBirthDate('1984-03-07')).toBe(false)
  })
})

describe('isPlaceholderPostcode', () => {
  it('should be true when one character repeats', () => {
    expect(isPlaceholderPostcode('00000')).toBe(true)
    expect(isPlaceholderPostcode('99999')).toBe(true)
  })

  it('should be false when the postcode is real', () => {
    expect(isPlaceholderPostcode('28013')).toBe(false)
  })
})

describe('isPlaceholderTaxId', () => {
  it.each(['12345678Z', '00000000T', '11111111H', '0000000000'])(
    'should be true when the id is %s',
    (id) => {
      expect(isPlaceholderTaxId(id)).toBe(true)
    },
  )

  it('should be false when the id is real', () => {
    expect(isPlaceholderTaxId('12345679S')).toBe(false)
    expect(isPlaceholderTaxId('RSSMRA85T10A562S')).toBe(false)
    expect(isPlaceholderTaxId('1804974')).toBe(false)
  })
})

describe('isPlaceholderCode', () => {
  it('should be true when the code is all zeros', () => {
    expect(isPlaceholderCode('0000000000')).toBe(true)
  })

  it('should be false when the code is real', () => {
    expect(isPlaceholderCode('4000123456')).toBe(false)
  })
})

describe('isPlaceholderBirthDate, the epoch', () => {
  it('should treat 1970-01-01 as a system default', () => {
    expect(isPlaceholderBirthDate('1970-01-01')).toBe(true)
    expect(isPlaceholderBirthDate('1970-01-02')).toBe(false)
  })
})

describe('till fillers', () => {
  it('should treat a prefix followed by a run of zeros as a placeholder phone', () => {
    expect(isPlaceholderPhone('600000001')).toBe(true)
    expect(isPlaceholderPhone('3400000000')).toBe(true)
    expect(isPlaceholderPhone('612340005')).toBe(false)
  })
  it('should treat walk-in and cash-customer names as placeholders', () => {
    expect(isPlaceholderName('walk in')).toBe(true)
    expect(isPlaceholderName('cash customer')).toBe(true)
    expect(isPlaceholderName('privato')).toBe(true)
    expect(isPlaceholderName('paola')).toBe(false)
  })
})
