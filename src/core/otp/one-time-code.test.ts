import { createHmac } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { InputError, InternalError } from '../errors.js'
import {
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_TTL_MS,
  assessConfirmation,
  createOneTimeCodeChallenge,
  generateOneTimeCode,
  hashOneTimeCode,
  isWellFormedOneTimeCode,
  reissueChallenge,
  sameCodeHash,
  type OneTimeCodeChallenge,
} from './one-time-code.js'

const PEPPER = Uint8Array.from({ length: 32 }, (_, k) => k + 1)
const NOW_MS = 1_700_000_000_000

/** A random source that hands out the given 32-bit words, big-endian, one per call. */
function wordsSource(...words: number[]) {
  let next = 0
  return (length: number) => {
    const bytes = new Uint8Array(length)
    new DataView(bytes.buffer).setUint32(0, words[next++])
    return bytes
  }
}

/** A challenge for code '123456', created at NOW_MS. */
async function freshChallenge(): Promise<OneTimeCodeChallenge> {
  const codeHash = await hashOneTimeCode('123456', 'chl_1', PEPPER)
  return createOneTimeCodeChallenge({ codeHash, nowMs: NOW_MS })
}

const hashOf = (code: string) => hashOneTimeCode(code, 'chl_1', PEPPER)

describe('generateOneTimeCode', () => {
  it('should give six digits, zero-padded, when the draw is small', () => {
    expect(generateOneTimeCode(wordsSource(42))).toBe('000042')
  })

  it('should accept the last draw below the limit, so every code has 4294 draws', () => {
    expect(generateOneTimeCode(wordsSource(4_293_999_999))).toBe('999999')
  })

  it('should reject a draw at or above the unbiased limit and draw again', () => {
    // 4_294_000_000 and up would wrap onto codes 0–967295 a second time.
    const source = wordsSource(4_294_000_000, 0xffffffff, 7)
    expect(generateOneTimeCode(source)).toBe('000007')
  })

  it('should throw InternalError when the random source returns too few bytes', () => {
    expect(() => generateOneTimeCode(() => new Uint8Array(2))).toThrow(InternalError)
    expect(() => generateOneTimeCode(() => new Uint8Array(2))).toThrow(
      expect.objectContaining({ code: 'ERR_RANDOM_SOURCE_INVALID' }),
    )
  })

  it('should throw InternalError when the random source never gives a usable draw', () => {
    expect(() => generateOneTimeCode((length) => new Uint8Array(length).fill(0xff))).toThrow(
      InternalError,
    )
  })
})

describe('isWellFormedOneTimeCode', () => {
  it('should accept six ASCII digits', () => {
    expect(isWellFormedOneTimeCode('012345')).toBe(true)
  })

  it.each(['12345', '1234567', '12 456', '١٢٣٤٥٦', ''])('should reject %j', (text) => {
    expect(isWellFormedOneTimeCode(text)).toBe(false)
  })
})

describe('hashOneTimeCode', () => {
  it('should give the hex HMAC-SHA256 of the context, challenge and code', async () => {
    const expected = createHmac('sha256', PEPPER)
      .update(JSON.stringify(['tessera/one-time-code/v1', 'chl_1', '123456']))
      .digest('hex')
    expect(await hashOneTimeCode('123456', 'chl_1', PEPPER)).toBe(expected)
  })

  it('should give another hash when the challenge differs', async () => {
    expect(await hashOneTimeCode('123456', 'chl_2', PEPPER)).not.toBe(await hashOf('123456'))
  })

  it('should give another hash when the pepper differs', async () => {
    const otherPepper = new Uint8Array(32).fill(9)
    expect(await hashOneTimeCode('123456', 'chl_1', otherPepper)).not.toBe(await hashOf('123456'))
  })

  it('should keep challenge and code apart when they contain separators', async () => {
    expect(await hashOneTimeCode('c', 'a","b', PEPPER)).not.toBe(
      await hashOneTimeCode('b","c', 'a', PEPPER),
    )
  })

  it('should throw InputError listing every bad argument', async () => {
    await expect(hashOneTimeCode('123456', '', new Uint8Array(8))).rejects.toMatchObject({
      code: 'ERR_ONE_TIME_CODE_INPUT_INVALID',
      issues: [{ path: ['challengeId'] }, { path: ['pepper'] }],
    })
    await expect(hashOneTimeCode('123456', '', new Uint8Array(8))).rejects.toBeInstanceOf(
      InputError,
    )
  })
})

describe('sameCodeHash', () => {
  it('should be true for equal hashes', async () => {
    expect(sameCodeHash(await hashOf('123456'), await hashOf('123456'))).toBe(true)
  })

  it('should be false when one character differs', async () => {
    const hash = await hashOf('123456')
    const last = hash.endsWith('0') ? '1' : '0'
    expect(sameCodeHash(hash, hash.slice(0, -1) + last)).toBe(false)
  })

  it('should be false when the lengths differ', async () => {
    const hash = await hashOf('123456')
    expect(sameCodeHash(hash, hash.slice(0, -1))).toBe(false)
  })
})

describe('createOneTimeCodeChallenge', () => {
  it('should expire after 10 minutes and allow 5 attempts by default', async () => {
    const challenge = await freshChallenge()
    expect(challenge).toEqual({
      codeHash: await hashOf('123456'),
      expiresAtMs: NOW_MS + ONE_TIME_CODE_TTL_MS,
      failedAttempts: 0,
      maxAttempts: ONE_TIME_CODE_MAX_ATTEMPTS,
    })
    expect(ONE_TIME_CODE_TTL_MS).toBe(600_000)
    expect(ONE_TIME_CODE_MAX_ATTEMPTS).toBe(5)
  })

  it('should throw InputError when the ttl is not positive', () => {
    expect(() => createOneTimeCodeChallenge({ codeHash: 'x', nowMs: NOW_MS, ttlMs: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_ONE_TIME_CODE_INPUT_INVALID' }),
    )
  })
})

describe('assessConfirmation', () => {
  it('should confirm the right code before expiry', async () => {
    const challenge = await freshChallenge()
    expect(assessConfirmation(challenge, await hashOf('123456'), NOW_MS + 1_000)).toEqual({
      outcome: 'confirmed',
      failedAttempts: 0,
    })
  })

  it('should count a wrong code as one failed attempt', async () => {
    const challenge = await freshChallenge()
    expect(assessConfirmation(challenge, await hashOf('654321'), NOW_MS + 1_000)).toEqual({
      outcome: 'wrong_code',
      failedAttempts: 1,
    })
  })

  it('should answer locked on the fifth wrong code and on every attempt after', async () => {
    let challenge = await freshChallenge()
    const wrong = await hashOf('000000')
    const outcomes: string[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      const assessment = assessConfirmation(challenge, wrong, NOW_MS + 1_000)
      outcomes.push(assessment.outcome)
      challenge = { ...challenge, failedAttempts: assessment.failedAttempts }
    }
    expect(outcomes).toEqual(['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'locked'])
    expect(challenge.failedAttempts).toBe(5)
    expect(assessConfirmation(challenge, await hashOf('123456'), NOW_MS + 2_000)).toEqual({
      outcome: 'locked',
      failedAttempts: 5,
    })
  })

  it('should answer expired at the expiry time without counting an attempt', async () => {
    const challenge = await freshChallenge()
    expect(assessConfirmation(challenge, await hashOf('000000'), challenge.expiresAtMs)).toEqual({
      outcome: 'expired',
      failedAttempts: 0,
    })
  })

  it('should answer expired when the right code comes too late', async () => {
    const challenge = await freshChallenge()
    const late = NOW_MS + ONE_TIME_CODE_TTL_MS + 1
    expect(assessConfirmation(challenge, await hashOf('123456'), late).outcome).toBe('expired')
  })

  it('should answer already_used when the challenge was confirmed', async () => {
    const challenge = { ...(await freshChallenge()), consumedAtMs: NOW_MS + 500 }
    expect(assessConfirmation(challenge, await hashOf('123456'), NOW_MS + 1_000)).toEqual({
      outcome: 'already_used',
      failedAttempts: 0,
    })
  })

  it('should answer locked rather than expired when a locked challenge also expired', async () => {
    const challenge = { ...(await freshChallenge()), failedAttempts: 5 }
    const late = NOW_MS + ONE_TIME_CODE_TTL_MS + 1
    expect(assessConfirmation(challenge, await hashOf('123456'), late).outcome).toBe('locked')
  })

  it('should fail closed when the time is not a number', async () => {
    const challenge = await freshChallenge()
    expect(assessConfirmation(challenge, await hashOf('123456'), Number.NaN).outcome).toBe(
      'expired',
    )
  })

  it('should not change the challenge it is given', async () => {
    const challenge = Object.freeze(await freshChallenge())
    expect(() => assessConfirmation(challenge, 'wrong', NOW_MS)).not.toThrow()
    expect(challenge.failedAttempts).toBe(0)
  })
})

describe('reissueChallenge', () => {
  it('should take the new hash and a fresh expiry and keep the failure count', async () => {
    const challenge = { ...(await freshChallenge()), failedAttempts: 3 }
    const later = NOW_MS + 20 * 60_000
    const newHash = await hashOf('777777')
    const reissued = reissueChallenge(challenge, newHash, later, ONE_TIME_CODE_TTL_MS)
    expect(reissued).toEqual({
      ...challenge,
      codeHash: await hashOf('777777'),
      expiresAtMs: later + ONE_TIME_CODE_TTL_MS,
      failedAttempts: 3,
    })
    expect(assessConfirmation(reissued, await hashOf('777777'), later + 1_000).outcome).toBe(
      'confirmed',
    )
  })

  it('should lock after the attempts left when failures came before the new code', async () => {
    const challenge = { ...(await freshChallenge()), failedAttempts: 4 }
    const reissued = reissueChallenge(challenge, await hashOf('777777'), NOW_MS + 60_000)
    expect(assessConfirmation(reissued, await hashOf('000000'), NOW_MS + 61_000)).toEqual({
      outcome: 'locked',
      failedAttempts: 5,
    })
  })

  it('should keep a locked challenge locked', async () => {
    const challenge = { ...(await freshChallenge()), failedAttempts: 5 }
    const reissued = reissueChallenge(challenge, await hashOf('777777'), NOW_MS + 60_000)
    expect(assessConfirmation(reissued, await hashOf('777777'), NOW_MS + 61_000).outcome).toBe(
      'locked',
    )
  })

  it('should keep a consumed challenge consumed', async () => {
    const challenge = { ...(await freshChallenge()), consumedAtMs: NOW_MS + 1 }
    const reissued = reissueChallenge(challenge, await hashOf('777777'), NOW_MS + 60_000)
    expect(assessConfirmation(reissued, await hashOf('777777'), NOW_MS + 61_000).outcome).toBe(
      'already_used',
    )
  })

  it('should not change the challenge it is given', async () => {
    const challenge = Object.freeze(await freshChallenge())
    reissueChallenge(challenge, 'new', NOW_MS + 60_000)
    expect(challenge.codeHash).toBe(await hashOf('123456'))
  })

  it('should throw InputError when the ttl is negative', async () => {
    const challenge = await freshChallenge()
    expect(() => reissueChallenge(challenge, 'new', NOW_MS, -1)).toThrow(InputError)
  })
})
