import { describe, expect, it } from 'vitest'

import { IdentityError } from '../../core/errors.js'
import { assertValidColumnMapping, parseColumnMapping } from './column-mapping.js'

function mappingError(run: () => unknown): IdentityError {
  try {
    run()
  } catch (error) {
    return error as IdentityError
  }
  throw new Error('expected an error')
}

describe('parseColumnMapping', () => {
  it('should parse from=to pairs, splitting joined columns on +', () => {
    expect(
      parseColumnMapping(['given_name=first_name', ' street_number + address_1 = address_line1 ']),
    ).toEqual([
      { from: ['given_name'], to: 'first_name' },
      { from: ['street_number', 'address_1'], to: 'address_line1' },
    ])
  })

  it('should parse one comma-separated string, ignoring empty pairs', () => {
    expect(parseColumnMapping('rec_id=record_id,,soc_sec_id=tax_id,')).toEqual([
      { from: ['rec_id'], to: 'record_id' },
      { from: ['soc_sec_id'], to: 'tax_id' },
    ])
  })

  it('should list every bad pair at once', () => {
    const error = mappingError(() =>
      parseColumnMapping(['given_name', 'surname=surname', 'a+=city', 'x=email', 'y=email']),
    )
    expect(error.code).toBe('ERR_INPUT_MAPPING_INVALID')
    expect(error.issues.map((issue) => issue.code)).toEqual([
      'invalid_format',
      'unknown_field',
      'empty_column',
      'duplicate_target',
    ])
    expect(error.message).toMatchInlineSnapshot(
      `"invalid column mapping: "given_name" is not a from=to pair (for example given_name=first_name); "surname=surname" maps to "surname", which is not a contract field; expected one of record_id, source, first_name, last_name, full_name, email, phone, birth_date, address_line1, address_line2, city, postcode, region, country, loyalty_card, tax_id, created_at; "a+=city" names an empty column; expected column names joined by +; "y=email" maps to email a second time; join the columns with + instead"`,
    )
  })
})

describe('assertValidColumnMapping', () => {
  it('should accept a mapping built in code', () => {
    expect(() => assertValidColumnMapping([{ from: ['dob'], to: 'birth_date' }])).not.toThrow()
  })

  it('should reject a target outside the data contract', () => {
    const mapping = [{ from: ['dob'], to: 'date_of_birth' }] as never
    expect(mappingError(() => assertValidColumnMapping(mapping)).code).toBe(
      'ERR_INPUT_MAPPING_INVALID',
    )
  })
})
