import { isUtf8 } from 'node:buffer'
import { createReadStream } from 'node:fs'

import { InputError } from '../../core/errors.js'

/** Large reads keep the per-chunk overhead of the parsers small. */
const READ_CHUNK_BYTES = 1 << 20
const LINE_FEED = 0x0a

/**
 * Reads a file as Buffers whose bytes are valid UTF-8, each ending on a character boundary, so
 * that no text is decoded twice and a 200 MB file is never held whole.
 *
 * Throws InputError ERR_INPUT_FILE_UNREADABLE when the file cannot be opened or read, and
 * ERR_INPUT_ENCODING (naming the first line with invalid bytes) when it is not UTF-8; both
 * are fatal because a file in another encoding is wrong throughout, not on one line.
 */
export async function* readUtf8Chunks(path: string): AsyncGenerator<Buffer, void, undefined> {
  let linesBefore = 0
  let carry: Buffer | undefined
  // The last chunk passed on, to locate a character cut short at the end of the file.
  let previous: Buffer = Buffer.alloc(0)
  try {
    for await (const read of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
      const chunk: Buffer = carry === undefined ? (read as Buffer) : Buffer.concat([carry, read])
      const tail = incompleteTailLength(chunk)
      const complete = tail === 0 ? chunk : chunk.subarray(0, chunk.length - tail)
      carry = tail === 0 ? undefined : Buffer.from(chunk.subarray(chunk.length - tail))
      if (!isUtf8(complete)) throw encodingError(path, complete, linesBefore)
      linesBefore += countLineFeeds(complete)
      previous = complete
      yield complete
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    throw unreadableError(path, error)
  }
  // A file that ends inside a multi-byte character was cut short or is not UTF-8.
  if (carry !== undefined) {
    const lastLines = Buffer.concat([previous, carry])
    throw encodingError(path, lastLines, linesBefore - countLineFeeds(previous))
  }
}

function encodingError(path: string, bytes: Buffer, linesBefore: number): InputError {
  const offset = Math.max(0, firstInvalidUtf8Offset(bytes))
  const lineStart = bytes.lastIndexOf(LINE_FEED, offset - 1) + 1
  const line = linesBefore + countLineFeeds(bytes.subarray(0, offset)) + 1
  const column = offset - lineStart + 1
  return new InputError({
    code: 'ERR_INPUT_ENCODING',
    message:
      `${path} line ${line}: byte ${column} of the line is not valid UTF-8; expected UTF-8 ` +
      'text: export or save the file as UTF-8 (it may be Latin-1 or Windows-1252)',
    issues: [
      { path: ['line', line], code: 'invalid_utf8', message: `byte ${column} is not valid UTF-8` },
    ],
  })
}

function unreadableError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error'
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code
  return new InputError({
    code: 'ERR_INPUT_FILE_UNREADABLE',
    message: `cannot read ${path}: ${reason}; check the path and that the file is readable`,
    cause: error,
  })
}

/** Bytes at the end that start a character whose remaining bytes are in the next chunk. */
function incompleteTailLength(bytes: Buffer): number {
  const end = bytes.length
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i]
    if ((byte & 0xc0) === 0x80) continue
    // Only a byte that can start a character is held back; any other fails validation here.
    const width = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : 4
    if (byte < 0xc2 || byte > 0xf4) return 0
    return end - i < width ? end - i : 0
  }
  return 0
}

function countLineFeeds(bytes: Buffer): number {
  let count = 0
  for (let at = bytes.indexOf(LINE_FEED); at !== -1; at = bytes.indexOf(LINE_FEED, at + 1)) count++
  return count
}

/**
 * Offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or -1. Only run once isUtf8 has said no, so speed does not matter.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]
    if (lead < 0x80) {
      i++
      continue
    }
    let width: number
    let min = 0x80
    let max = 0xbf
    if (lead >= 0xc2 && lead <= 0xdf) width = 2
    else if (lead >= 0xe0 && lead <= 0xef) {
      width = 3
      if (lead === 0xe0) min = 0xa0
      if (lead === 0xed) max = 0x9f
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      width = 4
      if (lead === 0xf0) min = 0x90
      if (lead === 0xf4) max = 0x8f
    } else return i
    for (let k = 1; k < width; k++) {
      const byte = bytes[i + k]
      if (byte === undefined) return i
      const low = k === 1 ? min : 0x80
      const high = k === 1 ? max : 0xbf
      if (byte < low || byte > high) return i
    }
    i += width
  }
  return -1
}
