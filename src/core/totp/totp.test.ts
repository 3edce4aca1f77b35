import { createHmac } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { InputError } from '../errors.js'
import { TOTP_STEP_MS, totpCode, totpStepAt, verifyTotp } from './totp.js'

/** RFC 6238 Appendix B: the SHA1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = new TextEncoder().encode('12345678901234567890')

/** RFC 6238 Appendix B, SHA1 rows: time in seconds → 8-digit TOTP. */
const RFC_SHA1_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

/** A time in the middle of a step, so ±1 step is unambiguous. */
const NOW_MS = 1_700_000_015_000
const NOW_STEP = totpStepAt(NOW_MS)
const codeAtStep = (step: number) => totpCode(RFC_SECRET, step * TOTP_STEP_MS)

describe('totpCode', () => {
  it.each(RFC_SHA1_VECTORS)(
    'should match RFC 6238 Appendix B (SHA1) at %i seconds',
    async (seconds, code) => {
      expect(await totpCode(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code)
    },
  )

  it('should give the last 6 digits of the 8-digit code by default', async () => {
    expect(await totpCode(RFC_SECRET, 59_000)).toBe('287082')
  })

  it('should keep the code for a whole 30-second step and change it at the next', async () => {
    const first = await totpCode(RFC_SECRET, 30_000)
    expect(await totpCode(RFC_SECRET, 59_999)).toBe(first)
    expect(await totpCode(RFC_SECRET, 60_000)).not.toBe(first)
  })

  it('should agree with node:crypto HMAC-SHA1 when the secret is random-looking', async () => {
    const secret = Uint8Array.from({ length: 20 }, (_, k) => (k * 37 + 11) % 256)
    const counter = Buffer.alloc(8)
    counter.writeBigUInt64BE(BigInt(NOW_STEP))
    const mac = createHmac('sha1', secret).update(counter).digest()
    const offset = mac[19] & 0x0f
    const expected = String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
    expect(await totpCode(secret, NOW_MS)).toBe(expected)
  })

  it('should throw InputError when the secret is shorter than 16 bytes', async () => {
    await expect(totpCode(new Uint8Array(10), NOW_MS)).rejects.toThrow(InputError)
    await expect(totpCode(new Uint8Array(10), NOW_MS)).rejects.toMatchObject({
      code: 'ERR_TOTP_INPUT_INVALID',
      issues: [{ path: ['secret'], code: 'too_small' }],
    })
  })

  it('should report every bad argument at once when several are wrong', async () => {
    const error: unknown = await totpCode(new Uint8Array(0), Number.NaN, {
      digits: 7 as 6,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).issues.map((issue) => issue.path[0])).toEqual([
      'secret',
      'timeMs',
      'digits',
    ])
    expect((error as InputError).message).toMatchInlineSnapshot(
      `"TOTP called with bad arguments: secret expected at least 16 bytes, received 0 bytes; timeMs expected milliseconds since the epoch, a finite number from 0; digits expected 6 or 8; mint device secrets of 20 random bytes and pass the clock's time"`,
    )
  })

  it('should throw InputError when the time is negative', async () => {
    await expect(totpCode(RFC_SECRET, -1)).rejects.toMatchObject({
      code: 'ERR_TOTP_INPUT_INVALID',
    })
  })
})

describe('totpStepAt', () => {
  it('should count whole 30-second steps since the epoch', () => {
    expect(totpStepAt(0)).toBe(0)
    expect(totpStepAt(29_999)).toBe(0)
    expect(totpStepAt(30_000)).toBe(1)
    expect(totpStepAt(1_111_111_109_000)).toBe(0x23523ec)
  })
})

describe('verifyTotp', () => {
  it('should accept the current code and return its step', async () => {
    const code = await totpCode(RFC_SECRET, NOW_MS)
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS)).toEqual({ ok: true, step: NOW_STEP })
  })

  it.each([-1, 1])('should accept the code of step %i relative to now', async (offset) => {
    const code = await codeAtStep(NOW_STEP + offset)
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS)).toEqual({
      ok: true,
      step: NOW_STEP + offset,
    })
  })

  it.each([-2, 2])('should reject the code of step %i relative to now', async (offset) => {
    const code = await codeAtStep(NOW_STEP + offset)
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('should accept ±2 steps when the window is 2', async () => {
    const code = await codeAtStep(NOW_STEP - 2)
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS, { window: 2 })).toEqual({
      ok: true,
      step: NOW_STEP - 2,
    })
  })

  it('should accept only the current step when the window is 0', async () => {
    const previous = await codeAtStep(NOW_STEP - 1)
    expect(await verifyTotp(RFC_SECRET, previous, NOW_MS, { window: 0 })).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  it('should accept an RFC 6238 8-digit code when digits is 8', async () => {
    expect(await verifyTotp(RFC_SECRET, '07081804', 1_111_111_109_000, { digits: 8 })).toEqual({
      ok: true,
      step: totpStepAt(1_111_111_109_000),
    })
  })

  it('should reject a wrong code as invalid', async () => {
    const code = await totpCode(RFC_SECRET, NOW_MS)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect(await verifyTotp(RFC_SECRET, wrong, NOW_MS)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('should reject the same code again as replayed when its step was accepted', async () => {
    const code = await totpCode(RFC_SECRET, NOW_MS)
    const first = await verifyTotp(RFC_SECRET, code, NOW_MS)
    expect(first.ok).toBe(true)
    const lastAcceptedStep = first.ok ? first.step : undefined
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS + 1_000, { lastAcceptedStep })).toEqual({
      ok: false,
      reason: 'replayed',
    })
  })

  it('should reject an older code as replayed when a newer step was accepted', async () => {
    const older = await codeAtStep(NOW_STEP - 1)
    expect(
      await verifyTotp(RFC_SECRET, older, NOW_MS, { lastAcceptedStep: NOW_STEP }),
    ).toEqual({ ok: false, reason: 'replayed' })
  })

  it('should accept the next step when the previous one was accepted', async () => {
    const next = await codeAtStep(NOW_STEP + 1)
    expect(await verifyTotp(RFC_SECRET, next, NOW_MS, { lastAcceptedStep: NOW_STEP })).toEqual({
      ok: true,
      step: NOW_STEP + 1,
    })
  })

  it('should call a wrong code invalid, not replayed, when a step was accepted', async () => {
    expect(
      await verifyTotp(RFC_SECRET, '000000', NOW_MS, { lastAcceptedStep: NOW_STEP + 1 }),
    ).toEqual({ ok: false, reason: 'invalid' })
  })

  it('should not look before step 0 when the time is near the epoch', async () => {
    const code = await totpCode(RFC_SECRET, 0)
    expect(await verifyTotp(RFC_SECRET, code, 10_000)).toEqual({ ok: true, step: 0 })
  })

  it.each([
    ['too short', '12345'],
    ['too long', '1234567'],
    ['letters', '12a456'],
    ['spaces', ' 123456'],
    ['non-ASCII digits', '١٢٣٤٥٦'],
    ['empty', ''],
  ])('should reject a code as malformed when it is %s', async (_label, code) => {
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('should reject a 6-digit code as malformed when digits is 8', async () => {
    const code = await totpCode(RFC_SECRET, NOW_MS)
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS, { digits: 8 })).toEqual({
      ok: false,
      reason: 'malformed',
    })
  })

  it('should reject a code that is not a string as malformed', async () => {
    const code = 123456 as unknown as string
    expect(await verifyTotp(RFC_SECRET, code, NOW_MS)).toEqual({ ok: false, reason: 'malformed' })
  })

  it.each([-1, 1.5, 11])('should throw InputError when the window is %s', async (window) => {
    await expect(verifyTotp(RFC_SECRET, '123456', NOW_MS, { window })).rejects.toMatchObject({
      code: 'ERR_TOTP_INPUT_INVALID',
      issues: [{ path: ['window'] }],
    })
  })

  it('should throw InputError when lastAcceptedStep is not a whole number', async () => {
    await expect(
      verifyTotp(RFC_SECRET, '123456', NOW_MS, { lastAcceptedStep: Number.NaN }),
    ).rejects.toMatchObject({
      code: 'ERR_TOTP_INPUT_INVALID',
      issues: [{ path: ['lastAcceptedStep'] }],
    })
  })

  it('should throw InputError when the secret is too short', async () => {
    await expect(verifyTotp(new Uint8Array(8), '123456', NOW_MS)).rejects.toBeInstanceOf(InputError)
  })
})
