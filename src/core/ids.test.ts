import { describe, expect, it } from 'vitest'
import { createIdFactory } from './ids.js'
import { mulberry32 } from './random.js'

describe('createIdFactory', () => {
  it('should mint prefixed 26-character ULID-layout ids', () => {
    const mint = createIdFactory(() => 1_700_000_000_000, mulberry32(1))
    expect(mint('cus')).toMatch(/^cus_[0-9A-HJKMNP-TV-Z]{26}$/)
  })

  it('should sort ids in minting order within and across milliseconds', () => {
    let time = 1_700_000_000_000
    const mint = createIdFactory(() => time, mulberry32(2))
    const ids = [mint('cus'), mint('cus'), mint('cus')]
    time += 1
    ids.push(mint('cus'))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(4)
  })
})
