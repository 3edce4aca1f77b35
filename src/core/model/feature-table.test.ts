import { describe, expect, it } from 'vitest'
import { generateDataset } from '../../synthetic/index.js'
import { normaliseRecord } from '../normalise/normalise-record.js'
import type { CustomerRecord } from '../record/customer-record.js'
import {
  concatFeatureTables,
  createFeatureTable,
  deriveFeatures,
  FeatureTableBuilder,
} from './feature-table.js'

describe('FeatureTableBuilder', () => {
  const records = generateDataset({ persons: 1_000, seed: 9 }).records.map((record) =>
    normaliseRecord(record),
  )

  it('should build the same table with add as with addFeatures of the derived features', () => {
    const slow = new FeatureTableBuilder()
    for (const record of records) slow.addFeatures(deriveFeatures(record))
    expect(createFeatureTable(records)).toEqual(slow.build())
  })

  it('should build the same table from any starting capacity (it grows as records come)', () => {
    const small = new FeatureTableBuilder(1)
    for (const record of records) small.add(record)
    expect(small.build()).toEqual(createFeatureTable(records))
  })

  it('should concatenate tables built in parts into the table built at once', () => {
    const parts = [records.slice(0, 700), records.slice(700, 1_500), records.slice(1_500)].map(
      createFeatureTable,
    )
    expect(concatFeatureTables(parts)).toEqual(createFeatureTable(records))
  })

  it('should compare the birth date a codice fiscale encodes where none was given, with no year to block on', () => {
    const table = createFeatureTable([
      normaliseRecord({ record_id: 'a', source: 'store:MIL-01', tax_id: 'bncpql07m43l219v' }),
      normaliseRecord({ record_id: 'b', source: 'web', tax_id: 'BNCPQL07M43L219V', birth_date: '2007-08-03' }),
      normaliseRecord({ record_id: 'c', source: 'web', tax_id: '12345678Z' }),
    ])
    const value = (i: number) => table.columns.birth_date.values[table.columns.birth_date.ids[i]]
    expect([value(0), value(1), value(2)]).toEqual(['**07-08-03', '2007-08-03', ''])
    expect(table.columns.birth_year.values[table.columns.birth_year.ids[0]]).toBe('')
    expect(deriveFeatures(normaliseRecord({ record_id: 'a', source: 'web', tax_id: 'BNCPQL07M43L219V' })).birth_date).toBe('**07-08-03')
  })

  it('should compare the gender a record states, else the one its given name implies where the name splits beyond doubt', () => {
    const gender = (record: Partial<CustomerRecord>) => deriveFeatures(normaliseRecord({ record_id: 'a', source: 'web', ...record })).gender
    expect(gender({ full_name: 'MRS D CHADLEY' })).toBe('F')
    expect(gender({ first_name: 'P', last_name: 'Bianco', tax_id: 'BNCPQL07M43L219V' })).toBe('F')
    expect(gender({ first_name: 'David', last_name: 'Chadley' })).toBe('m')
    expect(gender({ first_name: 'Giuseppina', last_name: 'Rossi' })).toBe('f')
    // Not from a nickname that stands for both, nor from a split in doubt.
    expect(gender({ first_name: 'Ale', last_name: 'Garzesi' })).toBe('')
    expect(gender({ full_name: 'BRUNO SARA' })).toBe('')
    expect(gender({ first_name: 'Franco', last_name: 'Giorgia' })).toBe('')
    expect(gender({ first_name: 'Susan' })).toBe('')
    // The table builder agrees with deriveFeatures.
    const table = createFeatureTable([normaliseRecord({ record_id: 'a', source: 'web', full_name: 'Mr S King' })])
    expect(table.columns.gender.values[table.columns.gender.ids[0]]).toBe('M')
  })

  it('should read a stored feature set that lacks a feature as missing it', () => {
    const features = deriveFeatures(normaliseRecord({ record_id: 'a', source: 'web', full_name: 'Mr S King' }))
    const { gender: _dropped, ...stored } = features
    const builder = new FeatureTableBuilder()
    builder.addFeatures(stored as typeof features)
    expect(builder.build().columns.gender.ids[0]).toBe(0)
  })

  it('should give missing values id 0 and count them', () => {
    const table = createFeatureTable([
      normaliseRecord({ record_id: 'a', source: 'web', first_name: 'Ana' }),
      normaliseRecord({ record_id: 'b', source: 'web' }),
    ])
    expect(Array.from(table.columns.first_name.ids)).toEqual([1, 0])
    expect(Array.from(table.columns.first_name_phonetic.ids)).toEqual([1, 0])
    expect(Array.from(table.columns.name_key.ids)).toEqual([0, 0])
    expect(Array.from(table.columns.first_name.counts)).toEqual([1, 1])
  })
})
