import { InputError } from '../../core/errors.js'
import type { LabelledRecordPair } from '../batch/resolve-batch.js'
import { openCsvRows } from './csv-rows.js'
import { readUtf8Chunks } from './utf8-chunks.js'

const LEFT_COLUMNS = ['record_id_l', 'record_id_left', 'unique_id_l']
const RIGHT_COLUMNS = ['record_id_r', 'record_id_right', 'unique_id_r']
const LABEL_COLUMNS = ['is_match', 'clerical_match_score', 'match']

/**
 * Reads clerically labelled pairs: CSV with a left id, a right id and a label column
 * (1/0, true/false, or a score where ≥ 0.5 means the same person).
 */
export async function readLabelledPairs(path: string): Promise<LabelledRecordPair[]> {
  const rows = await openCsvRows(readUtf8Chunks(path), { label: path, trim: true, batchSize: 10_000 })
  const find = (names: string[], what: string) => {
    const index = rows.header.findIndex((h) => names.includes(h))
    if (index === -1) {
      throw new InputError({
        code: 'ERR_INPUT_COLUMN_MISSING',
        message: `${path}: no ${what} column; expected one of ${names.join(', ')}`,
        issues: [{ path: ['line', 1], code: 'column_missing', message: `expected one of ${names.join(', ')}` }],
      })
    }
    return index
  }
  const left = find(LEFT_COLUMNS, 'left record id')
  const right = find(RIGHT_COLUMNS, 'right record id')
  const label = find(LABEL_COLUMNS, 'label')
  const pairs: LabelledRecordPair[] = []
  for await (const batch of rows.batches) {
    for (const entry of batch) {
      if ('issue' in entry) throw new InputError({ code: 'ERR_INPUT_ROW_INVALID', message: `${path} line ${entry.line}: ${entry.issue.message}`, issues: [entry.issue] })
      const raw = entry.fields[label]
      const value = raw === 'true' ? 1 : raw === 'false' ? 0 : Number(raw)
      if (!Number.isFinite(value)) {
        throw new InputError({
          code: 'ERR_INPUT_ROW_INVALID',
          message: `${path} line ${entry.line}: column ${rows.header[label]} must be 1/0, true/false or a score between 0 and 1`,
          issues: [{ path: ['line', entry.line, rows.header[label]], code: 'invalid_label', message: 'expected 1/0, true/false or a score' }],
        })
      }
      pairs.push({ left: entry.fields[left], right: entry.fields[right], isMatch: value >= 0.5 })
    }
  }
  return pairs
}
