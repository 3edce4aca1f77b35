/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) for the digital customer card:
 * each card device holds a secret, shows a code that changes every 30 seconds, and the till
 * checks it. HMAC-SHA1, as RFC 6238's reference and every authenticator use.
 *
 * Pure: the time is passed in (milliseconds since the epoch), nothing is random. The HMAC comes
 * from Web Crypto (`crypto.subtle`, a global in Node 20 and browsers): deterministic and no Node
 * import, so core stays free of Node (STYLE.md D1); the price is that the functions are async.
 */
import { InputError, type Issue } from '../errors.js'

/** Length of one time step: RFC 6238's recommended X = 30 seconds. */
export const TOTP_STEP_MS = 30_000

/** Code lengths allowed: 6 (what a person types) or 8 (RFC 6238's test vectors). */
export const TOTP_DIGITS = [6, 8] as const
export type TotpDigits = (typeof TOTP_DIGITS)[number]
export const DEFAULT_TOTP_DIGITS: TotpDigits = 6

/** Secret size to mint for a new device: 160 bits, RFC 4226 section 4 R6's recommendation. */
export const TOTP_SECRET_BYTES = 20
/** Shortest secret accepted: 128 bits, RFC 4226 section 4 R6's minimum. */
export const TOTP_MIN_SECRET_BYTES = 16

/** Steps accepted either side of the current one: one covers a card clock 30 s off. */
export const DEFAULT_TOTP_WINDOW_STEPS = 1
/** A wider window multiplies the codes a guesser may hit; past this it is a bug, not a choice. */
const MAX_TOTP_WINDOW_STEPS = 10

export interface TotpOptions {
  /** Code length; default 6. */
  digits?: TotpDigits
}

export interface TotpVerifyOptions extends TotpOptions {
  /** Steps accepted before and after the current step; default 1 (so three steps in all). */
  window?: number
  /** Step of the last code accepted for this device; codes of this step or older are refused. */
  lastAcceptedStep?: number
}

export const TOTP_REJECTIONS = ['malformed', 'invalid', 'replayed'] as const
/**
 * Why a code was refused: `malformed` (not exactly `digits` ASCII digits), `invalid` (no step of
 * the window has this code), `replayed` (the code is right, for a step not newer than
 * `lastAcceptedStep`: the same code shown twice, or an older one after a newer was accepted).
 */
export type TotpRejection = (typeof TOTP_REJECTIONS)[number]

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: TotpRejection }

/** The RFC 6238 time step (counter T) that `timeMs` falls in: floor(seconds since epoch / 30). */
export function totpStepAt(timeMs: number): number {
  return Math.floor(timeMs / TOTP_STEP_MS)
}

/**
 * The code a device with `secret` shows at `timeMs`, zero-padded to `digits`. Throws InputError
 * (ERR_TOTP_INPUT_INVALID) for a secret under 16 bytes, a negative or non-finite time, or a
 * length other than 6 or 8.
 */
export async function totpCode(
  secret: Uint8Array,
  timeMs: number,
  options: TotpOptions = {},
): Promise<string> {
  const digits = options.digits ?? DEFAULT_TOTP_DIGITS
  assertTotpInput(secret, timeMs, { digits })
  const key = await importHmacKey(secret)
  return hotp(key, totpStepAt(timeMs), digits)
}

/**
 * Checks `code` against the steps around `timeMs` (default ±1). On success returns the step the
 * code belongs to: store it as the device's `lastAcceptedStep`, in the same write that checks
 * the stored value is still the one passed here, so that two tills cannot both accept one code.
 *
 * Every step of the window is computed and compared in constant time before the answer is
 * chosen, so the time taken does not tell which step (if any) matched. Throws InputError
 * (ERR_TOTP_INPUT_INVALID) for the same bad arguments as `totpCode`, a window outside 0–10 or a
 * `lastAcceptedStep` that is not a whole number.
 */
export async function verifyTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpVerifyOptions = {},
): Promise<TotpVerification> {
  const digits = options.digits ?? DEFAULT_TOTP_DIGITS
  const window = options.window ?? DEFAULT_TOTP_WINDOW_STEPS
  const { lastAcceptedStep } = options
  assertTotpInput(secret, timeMs, { digits, window, lastAcceptedStep })
  // The code's shape is public (its length is printed on the card), so refusing it early leaks
  // nothing about the secret.
  if (typeof code !== 'string' || !new RegExp(`^[0-9]{${digits}}$`).test(code)) {
    return { ok: false, reason: 'malformed' }
  }

  const key = await importHmacKey(secret)
  const current = totpStepAt(timeMs)
  const steps: number[] = []
  // Counters are unsigned (RFC 4226): near the epoch the window is cut at step 0.
  for (let step = Math.max(0, current - window); step <= current + window; step++) steps.push(step)
  const expected = await Promise.all(steps.map((step) => hotp(key, step, digits)))

  // No early exit: every step is compared, and only then is the answer picked. Of several
  // matches (a 1-in-a-million collision) the oldest fresh one wins, so the device's
  // lastAcceptedStep moves as little as possible.
  let fresh: number | undefined
  let stale = false
  for (let k = 0; k < steps.length; k++) {
    const matches = sameDigits(expected[k], code)
    const isFresh = lastAcceptedStep === undefined || steps[k] > lastAcceptedStep
    if (matches && isFresh && fresh === undefined) fresh = steps[k]
    if (matches && !isFresh) stale = true
  }
  if (fresh !== undefined) return { ok: true, step: fresh }
  return { ok: false, reason: stale ? 'replayed' : 'invalid' }
}

/** HOTP(K, C) = Truncate(HMAC-SHA1(K, C)) mod 10^digits (RFC 4226 section 5.3). */
async function hotp(key: HmacKey, counter: number, digits: TotpDigits): Promise<string> {
  // C is an 8-byte big-endian counter; steps pass 2^32 in the year 4010, so split it in halves.
  const message = new DataView(new ArrayBuffer(8))
  message.setUint32(0, Math.floor(counter / 2 ** 32))
  message.setUint32(4, counter >>> 0)
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  // Dynamic truncation: the low nibble of the last byte picks 4 bytes; the top bit is dropped so
  // the number reads the same as signed or unsigned.
  const offset = mac[mac.length - 1] & 0x0f
  const binary =
    ((mac[offset] & 0x7f) << 24) |
    (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) |
    mac[offset + 3]
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** Web Crypto's CryptoKey, reached through the global: without the DOM lib it has no name. */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

function importHmacKey(secret: Uint8Array): Promise<HmacKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
}

/** Equal-length strings compared in time that depends on the length only. */
function sameDigits(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let k = 0; k < a.length; k++) difference |= a.charCodeAt(k) ^ b.charCodeAt(k)
  return difference === 0
}

/** Reports every bad argument at once (STYLE.md E6); never the secret, only its length. */
function assertTotpInput(
  secret: Uint8Array,
  timeMs: number,
  options: { digits: number; window?: number; lastAcceptedStep?: number },
): void {
  const issues: Issue[] = []
  if (!(secret instanceof Uint8Array) || secret.length < TOTP_MIN_SECRET_BYTES) {
    const received = secret instanceof Uint8Array ? `${secret.length} bytes` : typeof secret
    issues.push({
      path: ['secret'],
      code: 'too_small',
      message: `expected at least ${TOTP_MIN_SECRET_BYTES} bytes, received ${received}`,
    })
  }
  if (!Number.isFinite(timeMs) || timeMs < 0) {
    issues.push({
      path: ['timeMs'],
      code: 'invalid_time',
      message: 'expected milliseconds since the epoch, a finite number from 0',
    })
  }
  if (!(TOTP_DIGITS as readonly number[]).includes(options.digits)) {
    issues.push({ path: ['digits'], code: 'invalid_value', message: 'expected 6 or 8' })
  }
  const { window, lastAcceptedStep } = options
  if (
    window !== undefined &&
    (!Number.isInteger(window) || window < 0 || window > MAX_TOTP_WINDOW_STEPS)
  ) {
    issues.push({
      path: ['window'],
      code: 'invalid_value',
      message: `expected a whole number of steps from 0 to ${MAX_TOTP_WINDOW_STEPS}`,
    })
  }
  if (lastAcceptedStep !== undefined && !Number.isSafeInteger(lastAcceptedStep)) {
    issues.push({
      path: ['lastAcceptedStep'],
      code: 'invalid_value',
      message: 'expected the whole step number a previous verifyTotp returned',
    })
  }
  if (issues.length === 0) return
  throw new InputError({
    code: 'ERR_TOTP_INPUT_INVALID',
    message: `TOTP called with bad arguments: ${issues
      .map((issue) => `${issue.path.join('.')} ${issue.message}`)
      .join('; ')}; mint device secrets of ${TOTP_SECRET_BYTES} random bytes and pass the clock's time`,
    issues,
  })
}
