import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { parse } from 'csv-parse/sync'

import type { CustomerRecord } from '../core/index.js'
import { parseColumnMapping, readAllRecords } from '../engine/index.js'
import { PUBLIC_DATASETS, type PublicDatasetName, type RawRow } from './public-datasets.js'

/** The repository root, so that dataset paths work whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface LoadedDataset {
  /** Every file's records in file order, read as the CLI reads them. */
  records: CustomerRecord[]
  /** record_id -> true entity id. */
  truth: Map<string, string>
}

/**
 * Loads a public dataset: records through the CLI's reader (same mapping, trimming and checks),
 * with the dataset's country filled in where a record has none, and the truth from the raw rows.
 */
export async function loadDataset(name: PublicDatasetName): Promise<LoadedDataset> {
  const dataset = PUBLIC_DATASETS[name]
  const mapping = parseColumnMapping(dataset.mapping)
  const records: CustomerRecord[] = []
  const truth = new Map<string, string>()
  for (const file of dataset.files) {
    const path = join(REPO_ROOT, file.path)
    const read = await readAllRecords(path, { onError: 'fail', mapping, source: file.source })
    for (const record of read.records) {
      records.push(
        dataset.country === undefined || record.country !== undefined
          ? record
          : { ...record, country: dataset.country },
      )
    }
    // The truth is read apart from the records because it needs columns the contract drops
    // (cluster); a plain csv-parse keeps this check independent of the reader under test.
    const rows = parse(await readFile(path), { columns: true, trim: true, bom: true }) as RawRow[]
    for (const row of rows) truth.set(row[dataset.idColumn], dataset.entityId(row))
  }
  if (truth.size !== records.length || records.some((record) => !truth.has(record.record_id))) {
    throw new Error(
      `${name}: the reader gave ${records.length} records but the raw rows ${truth.size} ids`,
    )
  }
  return { records, truth }
}
