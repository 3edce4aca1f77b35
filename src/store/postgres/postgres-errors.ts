/**
 * Driver errors stop here (STYLE E12): a failure to reach or use the server becomes an
 * UnavailableError that names where the store was looking (host, port, database) and never the
 * credentials. Other errors are bugs or constraint violations and pass through unchanged.
 */
import { UnavailableError } from '../../core/errors.js'

/** Where a store connects, safe to print: no user name, no password. */
export interface PostgresTarget {
  /** 'host:port/database', or a placeholder when the URL cannot be parsed. */
  readonly description: string
  /** The password as written in the URL, only to scrub it from driver messages. */
  readonly secrets: readonly string[]
}

const DEFAULT_PORT = '5432'

/** Node socket errors that mean the server cannot be reached. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

/** SQLSTATEs after which the server cannot serve us until someone acts (restart, config). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database in the URL does not exist
])
/** SQLSTATE classes: 08 connection exception, 28 invalid authorization (user, password). */
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '28'])

/** pg reports some connection losses only by message. */
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
]

/** Reads host, port and database from the URL; the user name and password never leave here. */
export function postgresTarget(url: string): PostgresTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { description: 'the configured PostgreSQL URL (unparsable)', secrets: [] }
  }
  const host = parsed.hostname === '' ? 'localhost' : parsed.hostname
  const port = parsed.port === '' ? DEFAULT_PORT : parsed.port
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  const password = parsed.password
  const secrets = password === '' ? [] : [password, safeDecode(password)]
  return { description: `${host}:${port}${database === '' ? '' : `/${database}`}`, secrets }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** True when the error means the server is unreachable, gone, full or refuses our credentials. */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true
    if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true
  }
  // Connecting to 'localhost' tries ::1 and 127.0.0.1; Node reports both refusals together.
  if (error instanceof AggregateError) return error.errors.some(isPostgresUnavailable)
  return CONNECTION_LOST_MESSAGES.some((message) => error.message.includes(message))
}

/** The store cannot be reached or used; the message names the target, never the credentials. */
export function postgresUnavailable(target: PostgresTarget, cause: unknown): UnavailableError {
  return new UnavailableError({
    code: 'ERR_STORE_UNAVAILABLE',
    message:
      `Cannot use PostgreSQL at ${target.description}: ${reasonOf(cause, target)}. ` +
      'Check that the server is running and reachable, and that the store URL ' +
      '(store.url or TESSERA_DATABASE_URL) names the right host, port, database and credentials.',
    cause,
  })
}

/** Connection failures become UnavailableError; anything else is returned as it was. */
export function translatePostgresError(error: unknown, target: PostgresTarget): unknown {
  return isPostgresUnavailable(error) ? postgresUnavailable(target, error) : error
}

function reasonOf(cause: unknown, target: PostgresTarget): string {
  let reason: string
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    // AggregateError (see above) has an empty message; its code still says what happened.
    reason = cause.message !== '' ? cause.message : typeof code === 'string' ? code : cause.name
  } else {
    reason = String(cause)
  }
  // Driver messages should not carry the password, but a stray one must not reach a log.
  for (const secret of target.secrets) {
    if (secret !== '') reason = reason.split(secret).join('***')
  }
  return reason.replace(/\.$/, '')
}
