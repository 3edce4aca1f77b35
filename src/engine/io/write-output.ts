import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, type FileHandle, open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { InputError, InternalError, UnavailableError } from '../../core/errors.js'

/** Text is written in pieces of about this size, so a million rows make a few dozen writes. */
const WRITE_BUFFER_CHARS = 1 << 20

/** Header of the resolution output in the data contract. */
export const RESOLUTION_HEADER = ['record_id', 'customer_id'] as const

// RFC 4180 requires quotes around a comma, quote or line break; spaces at either end are
// quoted too so that readers which trim (ours does) cannot change the value.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** One CSV line with RFC 4180 quoting where a value needs it, ending in LF. */
export function formatCsvLine(values: readonly string[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (i > 0) line += ','
    line += NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
  }
  return line + '\n'
}

/**
 * Writes the resolution CSV of the data contract: header `record_id,customer_id`, then one row
 * per record. A Map from record_id to customer_id can be passed as it is. Atomic as
 * writeCsvAtomically.
 */
export function writeResolutionCsv(
  path: string,
  rows: Iterable<readonly [string, string]> | AsyncIterable<readonly [string, string]>,
): Promise<{ rows: number }> {
  return writeCsvAtomically(path, RESOLUTION_HEADER, rows)
}

/**
 * Writes a CSV file (header line, RFC 4180 quoting, LF line ends, UTF-8) all or nothing: rows
 * go to a temporary file in the same folder, which is flushed to disk and renamed over `path`
 * only once every row is written. If the rows throw or the disk fails, the temporary file is
 * removed, an existing file at `path` is left as it was, and the error is rethrown.
 *
 * Throws InputError ERR_OUTPUT_UNWRITABLE when the folder is missing or not writable,
 * UnavailableError ERR_OUTPUT_WRITE_FAILED when writing fails midway (disk full, I/O error),
 * InternalError ERR_OUTPUT_ROW_WIDTH when a row's length differs from the header's, and
 * whatever the rows iterator throws.
 */
export async function writeCsvAtomically(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
): Promise<{ rows: number }> {
  let count = 0
  await writeAtomically(path, async (file) => {
    let text = formatCsvLine(header)
    for await (const row of rows) {
      if (row.length !== header.length) {
        throw new InternalError({
          code: 'ERR_OUTPUT_ROW_WIDTH',
          message: `${path}: row ${count + 1} has ${row.length} of the ${header.length} values the header (${header.join(',')}) has; nothing was written`,
        })
      }
      text += formatCsvLine(row)
      count++
      if (text.length >= WRITE_BUFFER_CHARS) {
        await writeText(file, text, path)
        text = ''
      }
    }
    await writeText(file, text, path)
  })
  return { rows: count }
}

/**
 * Writes a text file (UTF-8) all or nothing, as writeCsvAtomically does: a crash or a full disk
 * never leaves a half-written file under `path`. Throws as writeCsvAtomically.
 */
export function writeTextAtomically(path: string, text: string): Promise<void> {
  return writeAtomically(path, (file) => writeText(file, text, path))
}

/**
 * Checks, before any work is done, that a file could be written at `path`: its folder exists
 * and is writable, and `path` is not a folder. Lets a long run fail at its start rather than
 * after the work, with some of its outputs written and others not.
 *
 * Throws InputError ERR_OUTPUT_UNWRITABLE with the message writeCsvAtomically would give.
 */
export async function assertWritablePath(path: string): Promise<void> {
  const folder = dirname(path)
  try {
    if (!(await stat(folder)).isDirectory()) throw errnoError('ENOTDIR')
    await access(folder, constants.W_OK)
  } catch (error) {
    throw writeError(path, error)
  }
  const existing = await stat(path).catch(() => undefined)
  if (existing?.isDirectory() === true) throw writeError(path, errnoError('EISDIR'))
}

const errnoError = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(code), { code })

/**
 * Runs `fill` on a temporary file in the same folder as `path`, then flushes it and renames it
 * over `path`. If `fill` or the disk fails, the temporary file is removed, an existing file at
 * `path` is left as it was, and the error is rethrown.
 */
async function writeAtomically(
  path: string,
  fill: (file: FileHandle) => Promise<void>,
): Promise<void> {
  const temporaryPath = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  )
  let file: FileHandle | undefined
  try {
    file = await open(temporaryPath, 'wx')
  } catch (error) {
    throw writeError(path, error)
  }
  let renamed = false
  try {
    await fill(file)
    try {
      // Flushed before the rename, so a crash cannot leave a complete name over partial data.
      await file.sync()
      await file.close()
      file = undefined
      await rename(temporaryPath, path)
      renamed = true
    } catch (error) {
      throw writeError(path, error)
    }
  } finally {
    if (!renamed) {
      await file?.close().catch(() => undefined)
      // The original failure is what the caller needs; a failed clean-up must not replace it.
      await rm(temporaryPath, { force: true }).catch(() => undefined)
    }
  }
}

async function writeText(file: FileHandle, text: string, path: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8')
  try {
    // write() may take fewer bytes than given; the loop writes the rest.
    for (let offset = 0; offset < bytes.length;) {
      const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset)
      offset += bytesWritten
    }
  } catch (error) {
    throw writeError(path, error)
  }
}

// Errors the user can fix by choosing another path, as opposed to the machine failing.
const PATH_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'the path is a folder',
}

function writeError(path: string, error: unknown): InputError | UnavailableError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error'
  const reason = PATH_ERRORS[code]
  if (reason !== undefined) {
    return new InputError({
      code: 'ERR_OUTPUT_UNWRITABLE',
      message: `cannot write ${path}: ${reason}; choose a path in an existing, writable folder`,
      cause: error,
    })
  }
  return new UnavailableError({
    code: 'ERR_OUTPUT_WRITE_FAILED',
    message: `writing ${path} failed (${code}); nothing was written: check free disk space and retry`,
    cause: error,
  })
}
