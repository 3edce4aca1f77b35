import { describe, expect, it } from 'vitest'

import { InputError, InternalError } from '../errors.js'
import {
  CARD_PAYLOAD_MAX_LENGTH,
  createDeviceRef,
  formatCardPayload,
  parseCardPayload,
} from './card-payload.js'

const DEVICE_REF = '7ZK3M9Q2XW4HD8RT'

/** A fake random source that hands out 0, 1, 2, … so the output is predictable. */
const countingBytes = (length: number) => Uint8Array.from({ length }, (_, k) => k)

describe('createDeviceRef', () => {
  it('should encode 80 random bits as 16 Crockford base32 characters', () => {
    // 00 01 02 … 09 in 5-bit groups: 00000 00000 00000 10000 00100 00000 11000 00100 …
    expect(createDeviceRef(countingBytes)).toBe('000G40R40M30E209')
  })

  it('should give the all-ones reference when every byte is 0xff', () => {
    expect(createDeviceRef((length) => new Uint8Array(length).fill(0xff))).toBe('ZZZZZZZZZZZZZZZZ')
  })

  it('should mint a reference formatCardPayload accepts', () => {
    const deviceRef = createDeviceRef(countingBytes)
    expect(formatCardPayload({ deviceRef, code: '123456' })).toBe(`TSR1.${deviceRef}.123456`)
  })

  it('should throw InternalError when the random source returns too few bytes', () => {
    expect(() => createDeviceRef(() => new Uint8Array(4))).toThrow(InternalError)
    expect(() => createDeviceRef(() => new Uint8Array(4))).toThrow(/returned 4 bytes/)
  })
})

describe('formatCardPayload', () => {
  it('should join prefix, device reference and code with dots', () => {
    expect(formatCardPayload({ deviceRef: DEVICE_REF, code: '287082' })).toBe(
      'TSR1.7ZK3M9Q2XW4HD8RT.287082',
    )
  })

  it('should stay in the QR alphanumeric set and the length limit when the code has 8 digits', () => {
    const text = formatCardPayload({ deviceRef: DEVICE_REF, code: '94287082' })
    expect(text).toMatch(/^[0-9A-Z.]+$/)
    expect(text).toHaveLength(CARD_PAYLOAD_MAX_LENGTH)
  })

  it('should throw InputError listing both fields when reference and code are bad', () => {
    const format = () => formatCardPayload({ deviceRef: 'dev_01J9Z8', code: '12345' })
    expect(format).toThrow(InputError)
    expect(format).toThrow(
      expect.objectContaining({
        code: 'ERR_CARD_PAYLOAD_INVALID',
        issues: [
          expect.objectContaining({ path: ['deviceRef'] }),
          expect.objectContaining({ path: ['code'] }),
        ],
      }),
    )
  })

  it('should reject a reference with letters Crockford base32 leaves out', () => {
    expect(() => formatCardPayload({ deviceRef: 'ILOU000000000000', code: '123456' })).toThrow(
      InputError,
    )
  })
})

describe('parseCardPayload', () => {
  it('should read what formatCardPayload wrote', () => {
    const payload = { deviceRef: DEVICE_REF, code: '07081804' }
    expect(parseCardPayload(formatCardPayload(payload))).toEqual({ ok: true, value: payload })
  })

  it('should ignore the newline a keyboard-wedge scanner adds', () => {
    expect(parseCardPayload('TSR1.7ZK3M9Q2XW4HD8RT.287082\r\n')).toEqual({
      ok: true,
      value: { deviceRef: DEVICE_REF, code: '287082' },
    })
  })

  it('should report too_long when the text is longer than any payload', () => {
    const result = parseCardPayload(`TSR1.${DEVICE_REF}.${'1'.repeat(20)}`)
    expect(result).toMatchObject({ ok: false, reason: 'too_long' })
  })

  it('should report too_long without scanning a huge text', () => {
    expect(parseCardPayload('A'.repeat(1_000_000))).toMatchObject({ ok: false, reason: 'too_long' })
  })

  it.each([
    ['another format', 'https://example.com/x'],
    ['a newer version', `TSR2.${DEVICE_REF}.287082`],
    ['lower case', `tsr1.${DEVICE_REF}.287082`],
    ['nothing', ''],
  ])('should report wrong_prefix when the text is %s', (_label, text) => {
    expect(parseCardPayload(text)).toMatchObject({ ok: false, reason: 'wrong_prefix' })
  })

  it.each([
    ['no code', `TSR1.${DEVICE_REF}`],
    ['an extra part', `TSR1.${DEVICE_REF}.287082.1`],
  ])('should report wrong_shape when the text has %s', (_label, text) => {
    expect(parseCardPayload(text)).toMatchObject({ ok: false, reason: 'wrong_shape' })
  })

  it('should report wrong_shape when given something that is not a string', () => {
    expect(parseCardPayload(42 as unknown as string)).toMatchObject({
      ok: false,
      reason: 'wrong_shape',
    })
  })

  it.each([
    ['empty', 'TSR1..287082'],
    ['too short', 'TSR1.7ZK3M9Q2XW4HD8R.287082'],
    ['lower case', 'TSR1.7zk3m9q2xw4hd8rt.287082'],
    ['a letter Crockford leaves out', 'TSR1.7ZK3M9Q2XW4HD8RU.287082'],
  ])('should report bad_device_ref when the reference is %s', (_label, text) => {
    expect(parseCardPayload(text)).toMatchObject({ ok: false, reason: 'bad_device_ref' })
  })

  it.each([
    ['5 digits', `TSR1.${DEVICE_REF}.28708`],
    ['7 digits', `TSR1.${DEVICE_REF}.2870821`],
    ['a letter', `TSR1.${DEVICE_REF}.28708A`],
    ['empty', `TSR1.${DEVICE_REF}.`],
  ])('should report bad_code when the code is %s', (_label, text) => {
    expect(parseCardPayload(text)).toMatchObject({ ok: false, reason: 'bad_code' })
  })

  it('should not repeat the scanned text in its message', () => {
    const result = parseCardPayload(`TSR1.${DEVICE_REF}.28708`)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.message).not.toContain(DEVICE_REF)
    expect(result.message).not.toContain('28708')
    expect(result.message).toMatchInlineSnapshot(
      `"card payload: the code must be 6 or 8 digits, received 5 characters; scan the card again"`,
    )
  })
})
