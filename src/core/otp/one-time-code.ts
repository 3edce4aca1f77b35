/**
 * Six-digit one-time codes that prove a customer holds an email address or phone number: a
 * code is sent, the customer reads it back, and the challenge is confirmed. Codes are stored
 * only as an HMAC bound to their challenge, and a challenge locks for good after five wrong
 * tries, so a million possible codes cannot be walked through.
 *
 * Pure: randomness and the time are passed in. HMAC-SHA256 comes from Web Crypto
 * (`crypto.subtle`, a global in Node 20 and browsers), so core imports nothing from Node
 * (STYLE.md D1); hashing is async because of it.
 */
import { InputError, InternalError, type Issue } from '../errors.js'

export const ONE_TIME_CODE_DIGITS = 6
/** How long a code is valid; the message sent says so ("expires in 10 minutes"). */
export const ONE_TIME_CODE_TTL_MS = 10 * 60_000
/** Wrong codes a challenge takes before it locks: 5 guesses in 10^6 is a 1-in-200,000 chance. */
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5
/** Shortest pepper accepted: 128 bits. Mint 32 random bytes and keep them with the secrets. */
export const ONE_TIME_CODE_MIN_PEPPER_BYTES = 16

const CODE_RANGE = 10 ** ONE_TIME_CODE_DIGITS
/**
 * The largest multiple of 10^6 that fits in 32 bits. Draws at or above it are thrown away:
 * 2^32 is not a multiple of 10^6, so `draw % 10^6` over all of 2^32 would favour low codes.
 */
const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_RANGE) * CODE_RANGE
/** A draw is rejected with probability 2.3e-4; 64 in a row means the source is broken. */
const MAX_DRAWS = 64
/** Domain separation, so this HMAC can never equal another use of the same pepper. */
const HASH_CONTEXT = 'tessera/one-time-code/v1'

/**
 * A challenge as stored: the code's hash, never the code. `consumedAtMs` is set once the code
 * was confirmed; `failedAttempts` only ever grows.
 */
export interface OneTimeCodeChallenge {
  readonly codeHash: string
  readonly expiresAtMs: number
  readonly failedAttempts: number
  readonly maxAttempts: number
  readonly consumedAtMs?: number
}

export const CONFIRMATION_OUTCOMES = [
  'confirmed',
  'wrong_code',
  'expired',
  'locked',
  'already_used',
] as const
export type ConfirmationOutcome = (typeof CONFIRMATION_OUTCOMES)[number]

export interface ConfirmationAssessment {
  outcome: ConfirmationOutcome
  /** The count to store: one more than before on a wrong code, else unchanged. */
  failedAttempts: number
}

/**
 * A uniformly random 6-digit code ('000000' to '999999'). `randomBytes(n)` must return n bytes
 * from a cryptographic source, such as node:crypto's `randomBytes`. Uses rejection sampling, so
 * no code is likelier than another; InternalError (ERR_RANDOM_SOURCE_INVALID) if the source
 * returns too few bytes or never an acceptable draw.
 */
export function generateOneTimeCode(randomBytes: (length: number) => Uint8Array): string {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = randomBytes(4)
    if (!(bytes instanceof Uint8Array) || bytes.length < 4) {
      const received = bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes
      throw new InternalError({
        code: 'ERR_RANDOM_SOURCE_INVALID',
        message: `generateOneTimeCode: the random source returned ${received} where 4 bytes were asked for; pass a function like node:crypto randomBytes`,
      })
    }
    const value = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0
    if (value < UNBIASED_LIMIT) {
      return String(value % CODE_RANGE).padStart(ONE_TIME_CODE_DIGITS, '0')
    }
  }
  throw new InternalError({
    code: 'ERR_RANDOM_SOURCE_INVALID',
    message: `generateOneTimeCode: ${MAX_DRAWS} draws in a row from the random source were out of range, which a random source does not do; pass a function like node:crypto randomBytes`,
  })
}

/** True for exactly six ASCII digits: check what the customer typed before hashing it. */
export function isWellFormedOneTimeCode(text: string): boolean {
  return typeof text === 'string' && /^[0-9]{6}$/.test(text)
}

/**
 * The hash to store for `code` in the challenge `challengeId`: HMAC-SHA256 keyed with the server
 * `pepper`, over the challenge id and the code, as 64 lower-case hex characters. The pepper makes
 * a stolen table useless without the key (a 6-digit code is otherwise found in a million
 * tries); the challenge id makes the same code hash differently in each challenge. Throws
 * InputError (ERR_ONE_TIME_CODE_INPUT_INVALID) for a pepper under 16 bytes or an empty id.
 */
export async function hashOneTimeCode(
  code: string,
  challengeId: string,
  pepper: Uint8Array,
): Promise<string> {
  const issues: Issue[] = []
  if (typeof code !== 'string') {
    issues.push({
      path: ['code'],
      code: 'invalid_type',
      message: `expected a string, received ${typeof code}`,
    })
  }
  if (typeof challengeId !== 'string' || challengeId === '') {
    issues.push({ path: ['challengeId'], code: 'required', message: 'expected the challenge id' })
  }
  if (!(pepper instanceof Uint8Array) || pepper.length < ONE_TIME_CODE_MIN_PEPPER_BYTES) {
    const received = pepper instanceof Uint8Array ? `${pepper.length} bytes` : typeof pepper
    issues.push({
      path: ['pepper'],
      code: 'too_small',
      message: `expected at least ${ONE_TIME_CODE_MIN_PEPPER_BYTES} bytes, received ${received}`,
    })
  }
  if (issues.length > 0) throw inputError('hashOneTimeCode', issues)

  const key = await crypto.subtle.importKey(
    'raw',
    pepper,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  // A JSON array keeps the parts apart whatever they contain: ('a', 'b:c') and ('a:b', 'c')
  // cannot give the same message.
  const message = new TextEncoder().encode(JSON.stringify([HASH_CONTEXT, challengeId, code]))
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Compares two code hashes in time that depends on their length only. */
export function sameCodeHash(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false
  let difference = 0
  for (let k = 0; k < a.length; k++) difference |= a.charCodeAt(k) ^ b.charCodeAt(k)
  return difference === 0
}

/**
 * A new challenge for a code hash, expiring `ttlMs` after `nowMs` (default 10 minutes) and
 * locking after `maxAttempts` wrong codes (default 5). Throws InputError
 * (ERR_ONE_TIME_CODE_INPUT_INVALID) for a non-positive ttl or attempt count, or a bad time.
 */
export function createOneTimeCodeChallenge(options: {
  codeHash: string
  nowMs: number
  ttlMs?: number
  maxAttempts?: number
}): OneTimeCodeChallenge {
  const ttlMs = options.ttlMs ?? ONE_TIME_CODE_TTL_MS
  const maxAttempts = options.maxAttempts ?? ONE_TIME_CODE_MAX_ATTEMPTS
  const issues = timingIssues(options.nowMs, ttlMs)
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    issues.push({
      path: ['maxAttempts'],
      code: 'invalid_value',
      message: 'expected a whole number from 1',
    })
  }
  if (issues.length > 0) throw inputError('createOneTimeCodeChallenge', issues)
  return {
    codeHash: options.codeHash,
    expiresAtMs: options.nowMs + ttlMs,
    failedAttempts: 0,
    maxAttempts,
  }
}

/**
 * What a confirmation attempt with `codeHash` at `nowMs` does to `challenge`. Checked in this
 * order: a consumed challenge is `already_used`; one with `maxAttempts` failures is `locked`
 * (for good: waiting or a new code does not unlock it); past `expiresAtMs` it is `expired`;
 * then the hash is compared. A wrong code counts one failure, and the failure that reaches
 * `maxAttempts` is answered `locked` rather than `wrong_code`. Only a code compared counts.
 *
 * The caller stores the returned `failedAttempts`, and on `confirmed` sets `consumedAtMs` to
 * `nowMs`, in one write conditional on the values it read, so that parallel guesses cannot
 * each see the old count and go past the limit.
 */
export function assessConfirmation(
  challenge: OneTimeCodeChallenge,
  codeHash: string,
  nowMs: number,
): ConfirmationAssessment {
  const { failedAttempts } = challenge
  if (challenge.consumedAtMs !== undefined) return { outcome: 'already_used', failedAttempts }
  // Written as "not below" so that a NaN count, limit or time fails closed.
  if (!(failedAttempts < challenge.maxAttempts)) return { outcome: 'locked', failedAttempts }
  if (!(nowMs < challenge.expiresAtMs)) return { outcome: 'expired', failedAttempts }
  if (sameCodeHash(challenge.codeHash, codeHash)) return { outcome: 'confirmed', failedAttempts }
  const failed = failedAttempts + 1
  const outcome = failed >= challenge.maxAttempts ? 'locked' : 'wrong_code'
  return { outcome, failedAttempts: failed }
}

/**
 * The challenge after a new code was sent for it: the new hash and a fresh expiry, the failure
 * count kept. Rule for callers: asking for a new code must not reset the failures, or five
 * guesses per resend would make the limit meaningless, so reissue the same challenge rather
 * than creating a new one for the same contact. A locked challenge stays locked, and a
 * consumed one stays consumed. Rate-limit resends separately. Throws InputError
 * (ERR_ONE_TIME_CODE_INPUT_INVALID) for a non-positive ttl or a bad time.
 */
export function reissueChallenge(
  challenge: OneTimeCodeChallenge,
  newCodeHash: string,
  nowMs: number,
  ttlMs: number = ONE_TIME_CODE_TTL_MS,
): OneTimeCodeChallenge {
  const issues = timingIssues(nowMs, ttlMs)
  if (issues.length > 0) throw inputError('reissueChallenge', issues)
  return { ...challenge, codeHash: newCodeHash, expiresAtMs: nowMs + ttlMs }
}

function timingIssues(nowMs: number, ttlMs: number): Issue[] {
  const issues: Issue[] = []
  if (!Number.isFinite(nowMs) || nowMs < 0) {
    issues.push({
      path: ['nowMs'],
      code: 'invalid_time',
      message: 'expected milliseconds since the epoch, a finite number from 0',
    })
  }
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    issues.push({
      path: ['ttlMs'],
      code: 'invalid_value',
      message: 'expected a positive number of milliseconds',
    })
  }
  return issues
}

const inputError = (where: string, issues: Issue[]) =>
  new InputError({
    code: 'ERR_ONE_TIME_CODE_INPUT_INVALID',
    message: `${where} called with bad arguments: ${issues
      .map((issue) => `${issue.path.join('.')} ${issue.message}`)
      .join('; ')}; this is a bug in the caller`,
    issues,
  })
