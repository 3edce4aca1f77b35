import { describe, expect, it } from 'vitest'

import { decodeBase32, encodeBase32 } from './base32.js'

describe('base32 (RFC 4648)', () => {
  it('encodes the RFC test vectors without padding', () => {
    const text = (s: string) => new TextEncoder().encode(s)
    expect(encodeBase32(text(''))).toBe('')
    expect(encodeBase32(text('f'))).toBe('MY')
    expect(encodeBase32(text('foob'))).toBe('MZXW6YQ')
    expect(encodeBase32(text('foobar'))).toBe('MZXW6YTBOI')
  })

  it('decodes what it encodes, ignoring padding and case', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, k) => (k * 37 + 11) % 256)
    expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes)
    expect(new TextDecoder().decode(decodeBase32('mzxw6ytboi======'))).toBe('foobar')
  })
})
