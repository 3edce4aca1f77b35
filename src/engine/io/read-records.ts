import { basename, extname } from 'node:path'

import { InputError, type Issue } from '../../core/errors.js'
import {
  CONTRACT_FIELDS,
  type ContractField,
  type CustomerRecord,
} from '../../core/record/customer-record.js'
import { assertValidColumnMapping, type ColumnMapping } from './column-mapping.js'
import { openCsvRows } from './csv-rows.js'
import { readUtf8Chunks } from './utf8-chunks.js'

export const RECORD_FILE_FORMATS = ['csv', 'jsonl'] as const
export type RecordFileFormat = (typeof RECORD_FILE_FORMATS)[number]

export const ON_ERROR_MODES = ['fail', 'skip'] as const
export type OnError = (typeof ON_ERROR_MODES)[number]

const DEFAULT_BATCH_SIZE = 5_000
/** Issues kept in the summary in skip mode; the rest are only counted. */
const MAX_KEPT_ISSUES = 20
/** Ignored column names reported; a JSON Lines file could otherwise make the list unbounded. */
const MAX_IGNORED_COLUMNS = 100

const FORMAT_BY_EXTENSION: Readonly<Record<string, RecordFileFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
}

export interface ReadRecordsOptions {
  /** Default: from the extension, .csv for CSV and .jsonl or .ndjson for JSON Lines. */
  format?: RecordFileFormat
  /** Source of records whose row has none. Default: the file's base name without extension. */
  source?: string
  /** Columns that feed contract fields under other names; other fields are read by name. */
  mapping?: ColumnMapping
  /** 'fail' throws at the first bad row; 'skip' leaves bad rows out, counts and samples them. */
  onError: OnError
  /** Trim spaces around every value. Default true. Column names are always trimmed. */
  trimValues?: boolean
  /** Records per yielded batch. Default 5,000. */
  batchSize?: number
}

/** What reading found; filled as reading goes and final once the iteration ends. */
export interface ReadRecordsSummary {
  format: RecordFileFormat
  /** Data rows read, bad ones included; header and blank lines are not rows. */
  rows: number
  /** Records yielded. */
  records: number
  /** Bad rows left out (skip mode). */
  skipped: number
  /** The first 20 issues of skipped rows, in order; they name lines and fields, never values. */
  issues: Issue[]
  /** Columns (JSON keys) that are neither contract fields nor mapped: names only, at most 100. */
  ignoredColumns: string[]
  /** Source given to records whose row has none. */
  defaultSource: string
}

/** A customer-record file read as batches of records. Each iteration reads the file afresh. */
export interface RecordReader extends AsyncIterable<CustomerRecord[]> {
  readonly path: string
  readonly format: RecordFileFormat
  readonly summary: ReadRecordsSummary
}

/**
 * Streams a customer-record file (CSV with a header row, or JSON Lines) as batches of
 * CustomerRecord objects holding contract fields only, as trimmed strings; empty values are
 * left out. Columns named like contract fields are read as those fields unless the mapping
 * fills that field from other columns.
 *
 * Throws InputError at once for ERR_INPUT_FORMAT_UNKNOWN and ERR_INPUT_MAPPING_INVALID. While
 * iterating, before any batch: ERR_INPUT_FILE_UNREADABLE, ERR_INPUT_HEADER_INVALID,
 * ERR_INPUT_COLUMN_MISSING; for a bad row in 'fail' mode: ERR_INPUT_ROW_INVALID or
 * ERR_INPUT_DUPLICATE_ID; in either mode: ERR_INPUT_ENCODING, and ERR_INPUT_ROW_INVALID for
 * quoting that leaves the rest of a CSV file unreadable. Batches yielded before an error are
 * not taken back, so a caller that must be all-or-nothing writes its output atomically.
 */
export function readRecords(path: string, options: ReadRecordsOptions): RecordReader {
  const format = options.format ?? formatFromExtension(path)
  const mapping = options.mapping ?? []
  assertValidColumnMapping(mapping)
  const settings: ReaderSettings = {
    path,
    mapping,
    onError: options.onError,
    trimValues: options.trimValues ?? true,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    defaultSource: (options.source ?? basename(path, extname(path))).trim(),
  }
  const summary = emptySummary(format, settings.defaultSource)
  return {
    path,
    format,
    summary,
    [Symbol.asyncIterator]: () => {
      Object.assign(summary, emptySummary(format, settings.defaultSource))
      return format === 'csv' ? readCsvRecords(settings, summary) : readJsonLines(settings, summary)
    },
  }
}

/** Reads a whole customer-record file into memory; see readRecords for options and errors. */
export async function readAllRecords(
  path: string,
  options: ReadRecordsOptions,
): Promise<{ records: CustomerRecord[]; summary: ReadRecordsSummary }> {
  const reader = readRecords(path, options)
  const records: CustomerRecord[] = []
  for await (const batch of reader) {
    for (const record of batch) records.push(record)
  }
  return { records, summary: reader.summary }
}

interface ReaderSettings {
  path: string
  mapping: ColumnMapping
  onError: OnError
  trimValues: boolean
  batchSize: number
  defaultSource: string
}

/** A contract field and the columns (CSV indexes or JSON keys) whose values make it up. */
interface FieldSource<T> {
  field: ContractField
  from: T[]
}

const emptySummary = (format: RecordFileFormat, defaultSource: string): ReadRecordsSummary => ({
  format,
  rows: 0,
  records: 0,
  skipped: 0,
  issues: [],
  ignoredColumns: [],
  defaultSource,
})

function formatFromExtension(path: string): RecordFileFormat {
  const extension = extname(path).toLowerCase()
  const format = FORMAT_BY_EXTENSION[extension]
  if (format === undefined) {
    throw new InputError({
      code: 'ERR_INPUT_FORMAT_UNKNOWN',
      message: `${path}: cannot tell the format from the extension "${extension}"; expected .csv, .jsonl or .ndjson, or give the format (csv or jsonl) explicitly`,
    })
  }
  return format
}

/** The columns each contract field is read from, by name; fields with no column are left out. */
function planFields(mapping: ColumnMapping, hasColumn: (name: string) => boolean) {
  const plan: FieldSource<string>[] = []
  for (const field of CONTRACT_FIELDS) {
    const entry = mapping.find((candidate) => candidate.to === field)
    if (entry !== undefined) plan.push({ field, from: [...entry.from] })
    else if (hasColumn(field)) plan.push({ field, from: [field] })
  }
  return plan
}

async function* readCsvRecords(
  settings: ReaderSettings,
  summary: ReadRecordsSummary,
): AsyncGenerator<CustomerRecord[], void, undefined> {
  const { path, trimValues } = settings
  const rows = await openCsvRows(readUtf8Chunks(path), {
    label: path,
    trim: trimValues,
    batchSize: settings.batchSize,
  })
  let plan: FieldSource<number>[]
  try {
    plan = planCsvColumns(settings, rows.header, rows.headerLine, summary)
  } catch (error) {
    rows.close()
    throw error
  }
  const checker = createRowChecker(settings, summary)
  const clean = trimValues ? (value: string) => value.trim() : (value: string) => value

  for await (const entries of rows.batches) {
    const batch: CustomerRecord[] = []
    for (const entry of entries) {
      summary.rows++
      if ('issue' in entry) {
        checker.reject(entry.issue)
        continue
      }
      const { fields } = entry
      // record_id and source first, so that every record starts with the same shape.
      const record: Record<string, string> = { record_id: '', source: '' }
      for (const { field, from } of plan) {
        let value: string
        if (from.length === 1) {
          value = clean(fields[from[0]])
        } else {
          value = ''
          for (const index of from) {
            const part = clean(fields[index])
            if (part !== '') value = value === '' ? part : `${value} ${part}`
          }
        }
        if (value !== '') record[field] = value
      }
      if (checker.accept(record, entry.line)) batch.push(record as CustomerRecord)
    }
    if (batch.length > 0) yield batch
  }
}

function planCsvColumns(
  settings: ReaderSettings,
  header: string[],
  headerLine: number,
  summary: ReadRecordsSummary,
): FieldSource<number>[] {
  const { path } = settings
  const columnIndex = new Map<string, number>()
  const duplicated = new Set<string>()
  header.forEach((name, index) => {
    if (columnIndex.has(name)) duplicated.add(name)
    else columnIndex.set(name, index)
  })
  const plan = planFields(settings.mapping, (name) => columnIndex.has(name))
  const used = new Set(plan.flatMap((source) => source.from))
  summary.ignoredColumns = header
    .filter((name) => name !== '' && !used.has(name))
    .slice(0, MAX_IGNORED_COLUMNS)

  const ambiguous = [...duplicated].filter((name) => used.has(name))
  if (ambiguous.length > 0) {
    throw new InputError({
      code: 'ERR_INPUT_HEADER_INVALID',
      message: `${path} line ${headerLine}: column ${ambiguous.join(', ')} appears more than once in the header; expected each column used for a contract field to appear once: rename or remove the copies`,
      issues: ambiguous.map((name) => ({
        path: ['line', headerLine, name],
        code: 'duplicate_column',
        message: `column ${name} appears more than once`,
      })),
    })
  }

  const issues: Issue[] = []
  if (!plan.some((source) => source.field === 'record_id')) {
    issues.push({
      path: ['column', 'record_id'],
      code: 'missing_column',
      message:
        'no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id',
    })
  }
  if (!plan.some((source) => source.field === 'source') && settings.defaultSource === '') {
    issues.push({
      path: ['column', 'source'],
      code: 'missing_column',
      message:
        'no source column and no default source; expected a source column or a source option',
    })
  }
  for (const { field, from } of plan) {
    for (const name of from) {
      if (columnIndex.has(name)) continue
      issues.push({
        path: ['column', name],
        code: 'missing_column',
        message: `no ${name} column, which the mapping reads for ${field}`,
      })
    }
  }
  if (issues.length > 0) {
    // Header names are not listed: in a file without a header they are a customer's data.
    throw new InputError({
      code: 'ERR_INPUT_COLUMN_MISSING',
      message: `${path}: ${issues.map((issue) => issue.message).join('; ')} (the header has ${header.length} columns; check that the first line is a header)`,
      issues,
    })
  }
  return plan.map(({ field, from }) => ({
    field,
    from: from.map((name) => columnIndex.get(name) as number),
  }))
}

async function* readJsonLines(
  settings: ReaderSettings,
  summary: ReadRecordsSummary,
): AsyncGenerator<CustomerRecord[], void, undefined> {
  const { path, trimValues } = settings
  const plan = planFields(settings.mapping, () => true)
  const used = new Set(plan.flatMap((source) => source.from))
  const ignored = new Set<string>()
  const checker = createRowChecker(settings, summary)
  const clean = trimValues ? (value: string) => value.trim() : (value: string) => value

  for await (const lines of splitLines(readUtf8Chunks(path), settings.batchSize)) {
    const batch: CustomerRecord[] = []
    for (const { line, text } of lines) {
      summary.rows++
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        // JSON.parse's message quotes the text, so it is not passed on.
        checker.reject({
          path: ['line', line],
          code: 'invalid_json',
          message: 'not valid JSON; expected one JSON object per line',
        })
        continue
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        checker.reject({
          path: ['line', line],
          code: 'not_an_object',
          message: `expected a JSON object, received ${jsonTypeOf(parsed)}`,
        })
        continue
      }
      const object = parsed as Record<string, unknown>
      if (ignored.size < MAX_IGNORED_COLUMNS) {
        for (const key in object) {
          if (!used.has(key) && !ignored.has(key)) {
            ignored.add(key)
            summary.ignoredColumns.push(key)
            if (ignored.size >= MAX_IGNORED_COLUMNS) break
          }
        }
      }
      const record: Record<string, string> = { record_id: '', source: '' }
      let issue: Issue | undefined
      for (const { field, from } of plan) {
        let value = ''
        for (const key of from) {
          const raw = object[key]
          let part: string
          if (raw === undefined || raw === null) continue
          if (typeof raw === 'string') part = clean(raw)
          else if (
            typeof raw === 'number' &&
            !(Number.isInteger(raw) && !Number.isSafeInteger(raw))
          ) {
            part = String(raw)
          } else {
            issue = {
              path: ['line', line, key],
              code: 'invalid_type',
              message:
                typeof raw === 'number'
                  ? 'a whole number too large to keep exactly; expected it as a JSON string'
                  : `expected a string, number or null, received ${jsonTypeOf(raw)}`,
            }
            break
          }
          if (part !== '') value = value === '' ? part : `${value} ${part}`
        }
        if (issue !== undefined) break
        if (value !== '') record[field] = value
      }
      if (issue !== undefined) {
        checker.reject(issue)
        continue
      }
      if (checker.accept(record, line)) batch.push(record as CustomerRecord)
    }
    if (batch.length > 0) yield batch
  }
}

/** Non-blank lines of UTF-8 chunks with their 1-based numbers; CR LF ends and a BOM are handled. */
async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  batchSize: number,
): AsyncGenerator<{ line: number; text: string }[], void, undefined> {
  let pending: Buffer | undefined
  let lineNumber = 0
  let batch: { line: number; text: string }[] = []
  const take = (bytes: Buffer, start: number, end: number) => {
    lineNumber++
    let text = bytes.toString('utf8', start, end)
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.endsWith('\r')) text = text.slice(0, -1)
    if (text.trim() !== '') batch.push({ line: lineNumber, text })
  }
  for await (const chunk of chunks) {
    const bytes = pending === undefined ? chunk : Buffer.concat([pending, chunk])
    let start = 0
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
      take(bytes, start, end)
      start = end + 1
    }
    pending = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (pending !== undefined) take(pending, 0, pending.length)
  if (batch.length > 0) yield batch
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Checks what every format shares (record_id present and unique) and applies onError. */
function createRowChecker(settings: ReaderSettings, summary: ReadRecordsSummary) {
  const { path, onError, defaultSource } = settings
  const lineOfId = new Map<string, number>()

  const reject = (issue: Issue): void => {
    if (onError === 'fail') {
      const [, line, field] = issue.path
      const where = field === undefined ? `line ${line}` : `line ${line}, ${field}`
      throw new InputError({
        code: issue.code === 'duplicate_id' ? 'ERR_INPUT_DUPLICATE_ID' : 'ERR_INPUT_ROW_INVALID',
        message: `${path} ${where}: ${issue.message}; fix the row, or skip bad rows with --on-error skip`,
        issues: [issue],
      })
    }
    summary.skipped++
    if (summary.issues.length < MAX_KEPT_ISSUES) summary.issues.push(issue)
  }

  const accept = (record: Record<string, string>, line: number): boolean => {
    const recordId = record.record_id
    if (recordId === '') {
      reject({
        path: ['line', line, 'record_id'],
        code: 'missing_value',
        message: 'empty; expected a record_id on every row',
      })
      return false
    }
    if (record.source === '') {
      if (defaultSource === '') {
        reject({
          path: ['line', line, 'source'],
          code: 'missing_value',
          message: 'empty and there is no default source; expected a source on every row',
        })
        return false
      }
      record.source = defaultSource
    }
    const firstLine = lineOfId.get(recordId)
    if (firstLine !== undefined) {
      reject({
        path: ['line', line, 'record_id'],
        code: 'duplicate_id',
        message: `same record_id as line ${firstLine}; expected record_ids to be unique within a file`,
      })
      return false
    }
    lineOfId.set(recordId, line)
    summary.records++
    return true
  }

  return { accept, reject }
}
