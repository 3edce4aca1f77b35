import { describe, expect, it } from 'vitest'
import { generateDataset } from '../../synthetic/index.js'
import { normaliseRecord } from '../normalise/normalise-record.js'
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
