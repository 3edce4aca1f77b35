/**
 * The text inside the digital card's QR code: `TSR1.<deviceRef>.<code>`, for example
 * `TSR1.7ZK3M9Q2XW4HD8RT.287082`. It names the card device, never the customer, and carries the
 * device's current TOTP code; the till looks the device up by `deviceRef` and checks the code.
 *
 * Every character is an upper-case letter, a digit or '.', all in the QR alphanumeric set, so
 * the 30 characters at most fit a version 2 code (25×25 modules) at error correction level M.
 * That is why the device reference is its own random handle in Crockford base32 rather than a
 * minted `dev_…` id: lower case and '_' force byte mode (a bigger code), and a ULID-layout id
 * would also show the time the device was registered.
 */
import { InputError, InternalError, type Issue } from '../errors.js'

/** Format tag and version: a later layout gets 'TSR2'. */
export const CARD_PAYLOAD_PREFIX = 'TSR1'

/** A device reference is 16 Crockford base32 characters: 80 random bits. */
export const DEVICE_REF_LENGTH = 16
const DEVICE_REF_BYTES = 10

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const DEVICE_REF_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/
/** 6 or 8 ASCII digits: the TOTP lengths the card may show. */
const CODE_PATTERN = /^(?:[0-9]{6}|[0-9]{8})$/

/** The longest valid payload: prefix, separator, device reference, separator, 8 digits. */
export const CARD_PAYLOAD_MAX_LENGTH = CARD_PAYLOAD_PREFIX.length + 1 + DEVICE_REF_LENGTH + 1 + 8

export interface CardPayload {
  /** The card device's public handle (see `createDeviceRef`); not personal data. */
  deviceRef: string
  /** The device's TOTP code at the time the QR code was drawn: 6 or 8 digits. */
  code: string
}

export const CARD_PAYLOAD_PROBLEMS = [
  'too_long',
  'wrong_prefix',
  'wrong_shape',
  'bad_device_ref',
  'bad_code',
] as const
export type CardPayloadProblem = (typeof CARD_PAYLOAD_PROBLEMS)[number]

/**
 * A parsed payload, or why the scanned text is not one. `message` is safe to log and to show
 * staff: it gives lengths, never the scanned text (which holds a live code).
 */
export type CardPayloadParse =
  | { ok: true; value: CardPayload }
  | { ok: false; reason: CardPayloadProblem; message: string }

const EXPECTED = `expected ${CARD_PAYLOAD_PREFIX}.<${DEVICE_REF_LENGTH} characters>.<6 or 8 digits>`

/**
 * Mints a new device reference from 10 random bytes (80 bits, so guessing one is hopeless).
 * `randomBytes(n)` must return n bytes from a cryptographic source, such as node:crypto's
 * `randomBytes`; InternalError (ERR_RANDOM_SOURCE_INVALID) if it returns fewer.
 */
export function createDeviceRef(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(DEVICE_REF_BYTES)
  if (!(bytes instanceof Uint8Array) || bytes.length < DEVICE_REF_BYTES) {
    throw new InternalError({
      code: 'ERR_RANDOM_SOURCE_INVALID',
      message: `createDeviceRef: the random source returned ${describeBytes(bytes)} where ${DEVICE_REF_BYTES} bytes were asked for; pass a function like node:crypto randomBytes`,
    })
  }
  // 80 bits read 5 at a time, most significant first.
  let text = ''
  let buffer = 0
  let bits = 0
  for (let k = 0; k < DEVICE_REF_BYTES; k++) {
    buffer = ((buffer << 8) | bytes[k]) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      text += CROCKFORD[(buffer >> bits) & 0x1f]
    }
  }
  return text
}

/**
 * The QR text for a device and its current code. Throws InputError (ERR_CARD_PAYLOAD_INVALID)
 * when `deviceRef` is not 16 Crockford base32 characters or `code` is not 6 or 8 digits.
 */
export function formatCardPayload(payload: CardPayload): string {
  const issues: Issue[] = []
  if (typeof payload.deviceRef !== 'string' || !DEVICE_REF_PATTERN.test(payload.deviceRef)) {
    issues.push({
      path: ['deviceRef'],
      code: 'invalid_format',
      message: `expected ${DEVICE_REF_LENGTH} upper-case Crockford base32 characters, as createDeviceRef mints`,
    })
  }
  if (typeof payload.code !== 'string' || !CODE_PATTERN.test(payload.code)) {
    issues.push({ path: ['code'], code: 'invalid_format', message: 'expected 6 or 8 digits' })
  }
  if (issues.length > 0) {
    throw new InputError({
      code: 'ERR_CARD_PAYLOAD_INVALID',
      message: `card payload: ${issues
        .map((issue) => `${issue.path.join('.')} ${issue.message}`)
        .join('; ')}; pass the device's stored reference and a code from totpCode`,
      issues,
    })
  }
  return `${CARD_PAYLOAD_PREFIX}.${payload.deviceRef}.${payload.code}`
}

/**
 * Reads scanned QR text. Whitespace around it is ignored (keyboard-wedge scanners add a
 * newline); inside, the text must match exactly, upper case included. Never throws: a bad scan
 * is an expected failure (STYLE.md E9).
 */
export function parseCardPayload(text: string): CardPayloadParse {
  if (typeof text !== 'string') {
    return problem('wrong_shape', `card payload: ${EXPECTED}, received ${typeof text}`)
  }
  const trimmed = text.trim()
  // Checked first so a huge input costs no more than its trim.
  if (trimmed.length > CARD_PAYLOAD_MAX_LENGTH) {
    return problem(
      'too_long',
      `card payload: expected at most ${CARD_PAYLOAD_MAX_LENGTH} characters, received ${trimmed.length}; this is not a Tessera card`,
    )
  }
  if (!trimmed.startsWith(`${CARD_PAYLOAD_PREFIX}.`)) {
    return problem(
      'wrong_prefix',
      `card payload: expected it to start with ${CARD_PAYLOAD_PREFIX}., received ${trimmed.length} characters that do not; this is not a Tessera card, or one of a newer version`,
    )
  }
  const parts = trimmed.split('.')
  if (parts.length !== 3) {
    return problem(
      'wrong_shape',
      `card payload: ${EXPECTED}, received ${parts.length} dot-separated parts; scan the card again`,
    )
  }
  const [, deviceRef, code] = parts
  if (!DEVICE_REF_PATTERN.test(deviceRef)) {
    return problem(
      'bad_device_ref',
      `card payload: the device reference must be ${DEVICE_REF_LENGTH} upper-case Crockford base32 characters, received ${deviceRef.length} characters; scan the card again`,
    )
  }
  if (!CODE_PATTERN.test(code)) {
    return problem(
      'bad_code',
      `card payload: the code must be 6 or 8 digits, received ${code.length} characters; scan the card again`,
    )
  }
  return { ok: true, value: { deviceRef, code } }
}

const problem = (reason: CardPayloadProblem, message: string): CardPayloadParse => ({
  ok: false,
  reason,
  message,
})

const describeBytes = (bytes: unknown): string =>
  bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes
