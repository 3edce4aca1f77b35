/**
 * RFC 4180 CSV parsed from UTF-8 chunks into rows of strings, each with the line it starts on.
 *
 * Our own rather than csv-parse, which Tessera used before (and its tests still use as an
 * independent reader): on a 136 MB file of 1,042,162 generated records csv-parse alone took
 * 4.6 s of the main thread, most of the "read" stage, itself the longest stage of resolving a
 * million records (and of `tessera import`); reading that file to rows went from 5.5 s to about
 * 2 s with this parser (bench/results.md). It does what Tessera's inputs need and nothing more:
 * commas, '"' quoting with doubled inner quotes and line breaks inside quotes, line ends \n,
 * \r\n or \r (the kind met first), a byte order mark, optional trimming of spaces and tabs
 * around values and around quoted values, and rows of any length (the caller checks field
 * counts).
 *
 * Errors come with the line and field where they are: a quote inside an unquoted value spoils
 * only its own line (the row is reported and the next line read); a quoted value followed by
 * other characters, or never closed, leaves the rest of the file unreadable (fatal).
 */

export type CsvErrorCode = 'INVALID_OPENING_QUOTE' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED'

export interface CsvParsedRow {
  readonly fields: string[]
  /** 1-based line the row starts on. */
  readonly line: number
}

export interface CsvParseError {
  readonly error: CsvErrorCode
  /** 1-based line of the problem. */
  readonly line: number
  /** 0-based index of the field holding it; -1 when unknown. */
  readonly fieldIndex: number
  /** True when the rest of the input cannot be read reliably; the parser stops. */
  readonly fatal: boolean
}

export type CsvParsed = CsvParsedRow | CsvParseError

/** A row still unfinished past this many bytes is an unclosed quote, not a customer record. */
const MAX_ROW_BYTES = 64 << 20

const COMMA = 44
const QUOTE = 34
const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9

/** Buffer's own slicers, which toString dispatches to after checking its arguments. */
interface BufferSlicers {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}

const isBlankByte = (byte: number) => byte === SPACE || byte === TAB

/** The value without the spaces and tabs around it (what trimming means for CSV values here). */
function trimBlanks(value: string): string {
  let from = 0
  let to = value.length
  while (from < to && isBlankByte(value.charCodeAt(from))) from++
  while (to > from && isBlankByte(value.charCodeAt(to - 1))) to--
  return from === 0 && to === value.length ? value : value.slice(from, to)
}

/** What parseRow returns when the input ends inside the row and more may come. */
const NEED_MORE = -1

export class CsvParser {
  private pending: Buffer | undefined
  private line = 1
  /** LF (also read as CRLF) or CR: the line end met first; 0 until one is met. */
  private lineEnd = 0
  private started = false
  private stopped = false
  // Where the fields of the row being read start and end, and which hold doubled quotes.
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private readonly escaped: boolean[] = []

  constructor(private readonly options: { readonly trim: boolean }) {}

  /** Parses the rows `chunk` completes into `out`; an unfinished last row waits for more. */
  push(chunk: Buffer, out: CsvParsed[]): void {
    if (this.stopped) return
    const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    const consumed = this.parse(buf, false, out)
    this.pending = consumed < buf.length && !this.stopped ? buf.subarray(consumed) : undefined
    if (this.pending !== undefined && this.pending.length > MAX_ROW_BYTES) {
      out.push({ error: 'CSV_QUOTE_NOT_CLOSED', line: this.line, fieldIndex: -1, fatal: true })
      this.stop()
    }
  }

  /** Parses what is left at the end of the input into `out`. */
  end(out: CsvParsed[]): void {
    if (this.stopped) return
    const buf = this.pending ?? Buffer.alloc(0)
    this.pending = undefined
    this.parse(buf, true, out)
    this.stop()
  }

  private stop(): void {
    this.stopped = true
    this.pending = undefined
  }

  /** Parses whole rows from buf; returns where the first unfinished row starts. */
  private parse(buf: Buffer, final: boolean, out: CsvParsed[]): number {
    const n = buf.length
    let pos = 0
    if (!this.started) {
      if (n < 3 && !final) return 0
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3
      this.started = true
    }
    if (this.lineEnd === 0) {
      const lf = buf.indexOf(LF, pos)
      const cr = buf.indexOf(CR, pos)
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (cr + 1 >= n && !final) return pos
        this.lineEnd = buf[cr + 1] === LF ? LF : CR
      } else if (lf !== -1) {
        this.lineEnd = LF
      } else if (!final) {
        return pos
      } else {
        this.lineEnd = LF
      }
    }
    // The next quote of the input, looked for again only once rows have passed it.
    let nextQuote = buf.indexOf(QUOTE, pos)
    while (pos < n) {
      // Most rows hold no quote: their line is decoded at once and split at the commas.
      const end = buf.indexOf(this.lineEnd, pos)
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos)
      if (end !== -1 && (nextQuote === -1 || nextQuote > end)) {
        this.splitRow(buf, pos, end, out)
        pos = end + 1
        continue
      }
      const next = this.parseRow(buf, pos, final, out)
      if (next === NEED_MORE) return pos
      pos = next
      if (this.stopped) return n
    }
    return pos
  }

  /** A row without quotes, buf[start, end) with `end` at its line end: its fields split at commas. */
  private splitRow(buf: Buffer, start: number, end: number, out: CsvParsed[]): void {
    // A CRLF line: the CR belongs to the line end.
    const last = end > start && this.lineEnd === LF && buf[end - 1] === CR ? end - 1 : end
    const fields = (buf as unknown as BufferSlicers).utf8Slice(start, last).split(',')
    if (this.options.trim) {
      for (let k = 0; k < fields.length; k++) fields[k] = trimBlanks(fields[k])
    }
    out.push({ fields, line: this.line })
    this.line++
  }

  /**
   * Parses the row starting at `start` into `out`; returns where the next row starts, or
   * NEED_MORE when the input ends inside it and more may come (nothing is emitted then).
   * Fields are located first (byte ranges) and decoded at the end: a row of ASCII bytes, most
   * rows, is decoded once and its fields sliced from that string.
   */
  private parseRow(buf: Buffer, start: number, final: boolean, out: CsvParsed[]): number {
    const n = buf.length
    const trim = this.options.trim
    const lineEnd = this.lineEnd
    const { starts, ends, escaped } = this
    let count = 0
    let ascii = true
    // Line ends inside this row's quoted values.
    let innerLines = 0
    let i = start
    for (;;) {
      if (trim) while (i < n && isBlankByte(buf[i])) i++
      if (i < n && buf[i] === QUOTE) {
        // A quoted value: up to the next quote that is not doubled.
        let close = i
        let doubled = false
        for (;;) {
          close = buf.indexOf(QUOTE, close + 1)
          if (close === -1 || (close + 1 >= n && !final)) {
            if (!final) return NEED_MORE
            out.push({ error: 'CSV_QUOTE_NOT_CLOSED', line: this.line + innerLines, fieldIndex: count, fatal: true })
            this.stop()
            return n
          }
          if (buf[close + 1] !== QUOTE) break
          doubled = true
          close++
        }
        for (let k = i + 1; k < close; k++) {
          const byte = buf[k]
          if (byte === lineEnd) innerLines++
          else if (byte >= 0x80) ascii = false
        }
        starts[count] = i + 1
        ends[count] = close
        escaped[count] = doubled
        count++
        i = close + 1
        if (trim) while (i < n && isBlankByte(buf[i])) i++
        if (i >= n) {
          if (!final) return NEED_MORE
          return this.emitRow(buf, out, start, count, ascii, innerLines, n)
        }
        if (buf[i] === COMMA) {
          i++
          continue
        }
        const after = this.afterLineEnd(buf, i, final)
        if (after === NEED_MORE) return NEED_MORE
        if (after > i) return this.emitRow(buf, out, start, count, ascii, innerLines, after)
        out.push({ error: 'CSV_INVALID_CLOSING_QUOTE', line: this.line + innerLines, fieldIndex: count - 1, fatal: true })
        this.stop()
        return n
      }
      // An unquoted value: up to the next comma or line end.
      let j = i
      let after = 0
      for (;;) {
        while (j < n) {
          const byte = buf[j]
          if (byte === COMMA || byte === LF || byte === CR || byte === QUOTE) break
          if (byte >= 0x80) ascii = false
          j++
        }
        if (j >= n) {
          if (!final) return NEED_MORE
          after = n
          break
        }
        const byte = buf[j]
        if (byte === COMMA) break
        if (byte === QUOTE) {
          // A stray quote: this line is reported and skipped; the next line is a new row.
          let end = buf.indexOf(lineEnd, j)
          if (end === -1 && !final) return NEED_MORE
          end = end === -1 ? n : end + 1
          out.push({ error: 'INVALID_OPENING_QUOTE', line: this.line + innerLines, fieldIndex: count, fatal: false })
          this.line += innerLines + 1
          return end
        }
        after = this.afterLineEnd(buf, j, final)
        if (after === NEED_MORE) return NEED_MORE
        if (after > j) break
        // A CR alone in a file of LF (or CRLF) lines, or an LF in a file of CR lines: text.
        j++
      }
      let end = j
      if (trim) {
        while (end > i && isBlankByte(buf[end - 1])) end--
      }
      starts[count] = i
      ends[count] = end
      escaped[count] = false
      count++
      if (after === 0) {
        i = j + 1
        continue
      }
      return this.emitRow(buf, out, start, count, ascii, innerLines, after)
    }
  }

  /** Where the line end at `at` ends, `at` itself when there is none, or NEED_MORE. */
  private afterLineEnd(buf: Buffer, at: number, final: boolean): number {
    const byte = buf[at]
    if (this.lineEnd === LF) {
      if (byte === LF) return at + 1
      if (byte === CR) {
        if (at + 1 >= buf.length) return final ? at : NEED_MORE
        if (buf[at + 1] === LF) return at + 2
      }
      return at
    }
    return byte === CR ? at + 1 : at
  }

  /** Decodes the located fields into a row in `out`; returns `next`. */
  private emitRow(buf: Buffer, out: CsvParsed[], rowStart: number, count: number, ascii: boolean, innerLines: number, next: number): number {
    const { starts, ends, escaped } = this
    const fields = new Array<string>(count)
    const slicers = buf as unknown as BufferSlicers
    const text = ascii && count > 0 ? slicers.latin1Slice(rowStart, ends[count - 1]) : ''
    for (let k = 0; k < count; k++) {
      const from = starts[k]
      const to = ends[k]
      let value = from === to ? '' : ascii ? text.slice(from - rowStart, to - rowStart) : slicers.utf8Slice(from, to)
      if (escaped[k]) value = value.replaceAll('""', '"')
      fields[k] = value
    }
    out.push({ fields, line: this.line })
    this.line += innerLines + 1
    return next
  }

}
