import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'

import { CsvParser, type CsvParsed } from './csv-parser.js'

/** Parses `text` fed as chunks cut at `cuts` (byte offsets). */
function parseInChunks(text: string | Buffer, cuts: readonly number[], trim = true): CsvParsed[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  const parser = new CsvParser({ trim })
  const out: CsvParsed[] = []
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    parser.push(bytes.subarray(from, cut), out)
    from = cut
  }
  parser.end(out)
  return out
}

const rowsOf = (parsed: CsvParsed[]) => parsed.map((item) => ('fields' in item ? item.fields : item))

// Inputs that exercise every path: quoted commas, quotes and line breaks, CRLF and CR line
// ends, a byte order mark, trimming around quoted values, blank lines, non-ASCII text,
// empty fields at both ends, and no final line end.
const SAMPLES: readonly string[] = [
  'a,b,c\n1,2,3\n',
  'a,b\r\n"x, y","He said ""hi"""\r\n3,4',
  '\uFEFFrecord_id,first_name\nr-1,José\nr-2,"Zoë ""Z"" Ñúñez"\n',
  'a,b\n"line one\nline two",x\n\n,\n ,  \nlast,"q"\n',
  'a,b\r"multi\rline",2\rz,"y"\r',
  'a, b ,c\n 1 , "two, 2" ,3\n"",x,\n',
  'a,b\nx\r\ny\r\n"",""\n"a""b",c',
  'name,city\n北京,東京\n"Ünïcödé, ok","€"\n',
]

describe('CsvParser', () => {
  it('should read the same rows as csv-parse, whatever the chunk boundaries', () => {
    for (const sample of SAMPLES) {
      const bytes = Buffer.from(sample, 'utf8')
      const expected = parse(bytes, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false }) as string[][]
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(rowsOf(parseInChunks(bytes, [cut])), `${JSON.stringify(sample)} cut at ${cut}`).toEqual(expected)
      }
      // Byte by byte: every row is finished across many chunks.
      expect(rowsOf(parseInChunks(bytes, [...bytes.keys()].slice(1)))).toEqual(expected)
    }
  })

  it('should give each row the line it starts on, counting line breaks inside quotes', () => {
    const parsed = parseInChunks('h1,h2\n"a\nb",c\n\nd,"e\r\nf"\r\ng,h\n', [9])
    expect(parsed.map((item) => item.line)).toEqual([1, 2, 4, 5, 7])
  })

  it('should keep spaces around values when not trimming', () => {
    expect(rowsOf(parseInChunks('a, b\n x ,y \n', [], false))).toEqual([
      ['a', ' b'],
      [' x ', 'y '],
    ])
  })

  it('should report a quote inside an unquoted value and read on from the next line', () => {
    const parsed = parseInChunks('a,b\nx,SE"CRET\ny,z\n', [7])
    expect(parsed).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { error: 'INVALID_OPENING_QUOTE', line: 2, fieldIndex: 1, fatal: false },
      { fields: ['y', 'z'], line: 3 },
    ])
  })

  it('should stop at a quoted value followed by other characters', () => {
    const parsed = parseInChunks('a,b\nx,"SECRET"VALUE\ny,z\n', [])
    expect(parsed).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { error: 'CSV_INVALID_CLOSING_QUOTE', line: 2, fieldIndex: 1, fatal: true },
    ])
  })

  it('should name the line where a quote that is never closed starts', () => {
    for (const cut of [0, 5, 12, 20]) {
      expect(parseInChunks('a,b\nx,y\nz,"open\nmore\nrows\n', [cut]).at(-1)).toEqual({
        error: 'CSV_QUOTE_NOT_CLOSED',
        line: 3,
        fieldIndex: 1,
        fatal: true,
      })
    }
  })

  it('should read an input with no line end at all, and an empty one', () => {
    expect(rowsOf(parseInChunks('only,row', [3]))).toEqual([['only', 'row']])
    expect(parseInChunks('', [])).toEqual([])
  })
})
