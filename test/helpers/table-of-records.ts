import type { CustomerRecord } from '../../src/core/record/customer-record.js'
import { normaliseRecord } from '../../src/core/normalise/normalise-record.js'
import { createFeatureTable, type FeatureTable } from '../../src/core/model/feature-table.js'

/** Test helper: a feature table from partial records (record_id and source filled in). */
export function tableOfRecords(records: readonly Partial<CustomerRecord>[]): FeatureTable {
  return createFeatureTable(
    records.map((record, k) =>
      normaliseRecord({ record_id: `r${k}`, source: 'test', country: 'ES', ...record } as CustomerRecord),
    ),
  )
}
