import { UnavailableError } from '../../core/errors.js'

/** The database file cannot be opened or used; names the path, not the data. */
export function sqliteUnavailable(path: string, cause: unknown): UnavailableError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new UnavailableError({
    code: 'ERR_STORE_UNAVAILABLE',
    message: `The SQLite database ${JSON.stringify(path)} cannot be used: ${reason}. Check that the directory exists and is writable.`,
    cause,
  })
}
