import { pipeline, Readable } from 'node:stream'

import { type CsvError, parse } from 'csv-parse'

import { InputError, type Issue } from '../../core/errors.js'

/** One data row, or why a row could not be read (a skipped row). */
export type CsvEntry = { line: number; fields: string[] } | { line: number; issue: Issue }

export interface CsvRows {
  /** Column names of the header row, trimmed. */
  header: string[]
  /** 1-based line of the header: the first line that is not blank. */
  headerLine: number
  /** Data rows in file order, in batches; blank lines are left out. */
  batches: AsyncGenerator<CsvEntry[], void, undefined>
  /** Stops reading; for callers that give up before iterating `batches` to the end. */
  close(): void
}

export interface CsvRowsOptions {
  /** Names the file in messages. */
  label: string
  /** Trim spaces around values and around quoted values (FEBRL puts one after every comma). */
  trim: boolean
  batchSize: number
}

// A stray quote inside an unquoted value leaves the rest of the row readable; every other
// quoting error leaves the parser inside or outside quotes wrongly, so later rows are garbage.
const SKIPPABLE_CSV_ERRORS = new Set(['INVALID_OPENING_QUOTE'])

interface SkipEvent {
  /** Records the parser had emitted when it met the error. */
  afterRecords: number
  code: string
  fieldIndex: number | undefined
}

/**
 * Parses RFC 4180 CSV from UTF-8 chunks, reading the header first. Rows come with the 1-based
 * line they start on.
 *
 * Lines are counted here rather than with csv-parse's `info` or `on_record`, which copy an info
 * object per record and cost a third of the throughput; a row starts on the line after the
 * previous one ended, and ends after the line feeds inside its quoted values.
 *
 * Throws InputError ERR_INPUT_HEADER_INVALID (no header, or the header cannot be read) and
 * ERR_INPUT_ROW_INVALID for quoting errors that make the rest of the file unreadable.
 */
export async function openCsvRows(
  chunks: AsyncIterable<Buffer>,
  options: CsvRowsOptions,
): Promise<CsvRows> {
  const { label } = options
  const skipEvents: SkipEvent[] = []
  const parser = parse({
    bom: true,
    trim: options.trim,
    // Field counts are checked here so that a short row is one skipped row with its line.
    relax_column_count: true,
    // Blank lines come through as [''] so that every line is counted.
    skip_empty_lines: false,
    // Errors are queued and handled in order with the rows around them, in both modes.
    skip_records_with_error: true,
    on_skip: (error) => {
      skipEvents.push({
        afterRecords: parser.info.records,
        code: error?.code ?? 'UNKNOWN',
        fieldIndex: typeof error?.index === 'number' ? error.index : undefined,
      })
      return undefined
    },
  })
  let streamError: unknown
  pipeline(Readable.from(chunks), parser, (error) => {
    streamError = error
  })
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>

  let consumed = 0
  let nextEvent = 0
  let nextLine = 1
  let header: string[] | undefined
  let headerLine = 1

  // Handles the parser errors met before the next record; returns the skippable ones.
  const takeEvents = (): Issue[] => {
    const issues: Issue[] = []
    while (nextEvent < skipEvents.length && skipEvents[nextEvent].afterRecords <= consumed) {
      const event = skipEvents[nextEvent++]
      const line = nextLine
      // A bad row is assumed to span one line: the parser does not say where it ended.
      nextLine++
      if (header === undefined) {
        throw new InputError({
          code: 'ERR_INPUT_HEADER_INVALID',
          message: `${label} line ${line}: the header row is not valid CSV (${describeCsvError(event.code)}); expected a header such as record_id,source,first_name`,
          issues: [{ path: ['line', line], code: 'malformed_csv', message: 'invalid header row' }],
        })
      }
      const column =
        event.fieldIndex === undefined ? undefined : (header[event.fieldIndex] ?? undefined)
      const where =
        column === undefined ? `${label} line ${line}` : `${label} line ${line}, ${column}`
      const issue: Issue = {
        path: column === undefined ? ['line', line] : ['line', line, column],
        code: event.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed_quote' : 'malformed_csv',
        message: `${describeCsvError(event.code)}`,
      }
      if (!SKIPPABLE_CSV_ERRORS.has(event.code)) {
        throw new InputError({
          code: 'ERR_INPUT_ROW_INVALID',
          message: `${where}: ${describeCsvError(event.code)}; the rest of the file cannot be read reliably: quote values that contain commas, quotes or line breaks ("..."), doubling quotes inside them ("")`,
          issues: [issue],
        })
      }
      issues.push(issue)
    }
    return issues
  }

  const nextRecord = async (): Promise<{ fields: string[]; line: number } | undefined> => {
    let result: IteratorResult<string[]>
    try {
      result = await records.next()
    } catch (error) {
      throw error instanceof InputError ? error : parserFailure(label, error ?? streamError)
    }
    if (result.done === true) return undefined
    consumed++
    const fields = result.value
    const line = nextLine
    nextLine += 1 + lineFeedsIn(fields)
    return { fields, line }
  }

  // Reads the header: the first row that is not blank.
  try {
    while (header === undefined) {
      takeEvents()
      const record = await nextRecord()
      if (record === undefined) {
        takeEvents()
        throw new InputError({
          code: 'ERR_INPUT_HEADER_INVALID',
          message: `${label}: the file is empty; expected a header row such as record_id,source,first_name and one row per record`,
          issues: [{ path: ['line', 1], code: 'missing_header', message: 'no header row' }],
        })
      }
      if (!isBlank(record.fields)) {
        header = record.fields.map((name) => name.trim())
        headerLine = record.line
      }
    }
  } catch (error) {
    parser.destroy()
    throw error
  }
  const columnCount = header.length

  async function* readBatches(): AsyncGenerator<CsvEntry[], void, undefined> {
    let batch: CsvEntry[] = []
    try {
      for (;;) {
        for (const issue of takeEvents()) batch.push({ line: lineOf(issue), issue })
        const record = await nextRecord()
        if (record === undefined) break
        const { fields, line } = record
        if (isBlank(fields)) continue
        if (fields.length !== columnCount) {
          batch.push({
            line,
            issue: {
              path: ['line', line],
              code: 'field_count',
              message: `expected ${columnCount} fields as in the header, found ${fields.length}`,
            },
          })
        } else {
          batch.push({ line, fields })
        }
        if (batch.length >= options.batchSize) {
          yield batch
          batch = []
        }
      }
      for (const issue of takeEvents()) batch.push({ line: lineOf(issue), issue })
      if (batch.length > 0) yield batch
    } finally {
      // Stops reading the file when the caller stops early or a row error is thrown.
      parser.destroy()
    }
  }

  return { header, headerLine, batches: readBatches(), close: () => parser.destroy() }
}

const lineOf = (issue: Issue): number => issue.path[1] as number

const isBlank = (fields: string[]): boolean => fields.length === 1 && fields[0].trim() === ''

function lineFeedsIn(fields: string[]): number {
  let count = 0
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++
  }
  return count
}

function describeCsvError(code: string): string {
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside a value that is not quoted; expected such a value in quotes, with each inner quote doubled ("a ""b"" c")'
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value is followed by other characters before the next comma'
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value starting in this row is never closed'
    default:
      return `malformed CSV (${code})`
  }
}

// csv-parse messages quote the offending value, so they are never passed on, not even as cause.
function parserFailure(label: string, error: unknown): InputError {
  const code = (error as CsvError | undefined)?.code ?? 'UNKNOWN'
  return new InputError({
    code: 'ERR_INPUT_ROW_INVALID',
    message: `${label}: the file could not be read as CSV (${describeCsvError(String(code))}); expected RFC 4180 CSV with a header row`,
  })
}
