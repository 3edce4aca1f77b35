import { InputError, type Issue } from '../../core/errors.js'
import { CsvParser, type CsvParsed, type CsvParseError } from './csv-parser.js'

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

/**
 * Parses RFC 4180 CSV from UTF-8 chunks (csv-parser.ts), reading the header first. Rows come
 * with the 1-based line they start on.
 *
 * Throws InputError ERR_INPUT_HEADER_INVALID (no header, or the header cannot be read) and
 * ERR_INPUT_ROW_INVALID for quoting errors that make the rest of the file unreadable; a quote
 * inside an unquoted value spoils its own line only and comes as an entry with an issue.
 */
export async function openCsvRows(
  chunks: AsyncIterable<Buffer>,
  options: CsvRowsOptions,
): Promise<CsvRows> {
  const { label } = options
  const parser = new CsvParser({ trim: options.trim })
  const input = chunks[Symbol.asyncIterator]()
  let parsed: CsvParsed[] = []
  let next = 0
  let ended = false
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    // Stops reading the file (and closes it) when the caller gives up early.
    void input.return?.()?.catch(() => undefined)
  }

  /** The next row or error, or undefined at the end of the input. */
  const take = async (): Promise<CsvParsed | undefined> => {
    while (next >= parsed.length) {
      if (ended) return undefined
      parsed = []
      next = 0
      const chunk = await input.next()
      if (chunk.done === true) {
        parser.end(parsed)
        ended = true
      } else {
        parser.push(chunk.value, parsed)
      }
    }
    return parsed[next++]
  }

  let header: string[] | undefined
  let headerLine = 1
  try {
    while (header === undefined) {
      const item = await take()
      if (item === undefined) {
        throw new InputError({
          code: 'ERR_INPUT_HEADER_INVALID',
          message: `${label}: the file is empty; expected a header row such as record_id,source,first_name and one row per record`,
          issues: [{ path: ['line', 1], code: 'missing_header', message: 'no header row' }],
        })
      }
      if ('error' in item) {
        throw new InputError({
          code: 'ERR_INPUT_HEADER_INVALID',
          message: `${label} line ${item.line}: the header row is not valid CSV (${describeCsvError(item.error)}); expected a header such as record_id,source,first_name`,
          issues: [{ path: ['line', item.line], code: 'malformed_csv', message: 'invalid header row' }],
        })
      }
      if (!isBlank(item.fields)) {
        header = item.fields.map((name) => name.trim())
        headerLine = item.line
      }
    }
  } catch (error) {
    close()
    throw error
  }
  const columns = header
  const columnCount = columns.length

  async function* readBatches(): AsyncGenerator<CsvEntry[], void, undefined> {
    let batch: CsvEntry[] = []
    try {
      for (;;) {
        const item = await take()
        if (item === undefined) break
        if ('error' in item) {
          const issue = csvIssue(item, columns)
          if (item.fatal) {
            const column = issue.path[2]
            const where = column === undefined ? `${label} line ${item.line}` : `${label} line ${item.line}, ${String(column)}`
            throw new InputError({
              code: 'ERR_INPUT_ROW_INVALID',
              message: `${where}: ${describeCsvError(item.error)}; the rest of the file cannot be read reliably: quote values that contain commas, quotes or line breaks ("..."), doubling quotes inside them ("")`,
              issues: [issue],
            })
          }
          batch.push({ line: item.line, issue })
        } else {
          const { fields, line } = item
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
        }
        if (batch.length >= options.batchSize) {
          yield batch
          batch = []
        }
      }
      if (batch.length > 0) yield batch
    } finally {
      close()
    }
  }

  return { header, headerLine, batches: readBatches(), close }
}

/** The issue for a parse error, naming the line and, when the header has it, the column. */
function csvIssue(error: CsvParseError, header: readonly string[]): Issue {
  const column = header[error.fieldIndex]
  return {
    path: column === undefined ? ['line', error.line] : ['line', error.line, column],
    code: error.error === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed_quote' : 'malformed_csv',
    message: describeCsvError(error.error),
  }
}

const isBlank = (fields: string[]): boolean => fields.length === 1 && fields[0].trim() === ''

function describeCsvError(code: CsvParseError['error']): string {
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside a value that is not quoted; expected such a value in quotes, with each inner quote doubled ("a ""b"" c")'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value is followed by other characters before the next comma'
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value starting in this row is never closed'
  }
}
