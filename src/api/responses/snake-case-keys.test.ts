import { describe, expect, it } from 'vitest'

import { snakeCaseKeys, toSnakeCase } from './snake-case-keys.js'

describe('snakeCaseKeys', () => {
  it('renames the keys of objects at every depth, arrays and values untouched', () => {
    const value = { matchWeight: 3.5, perComparison: [{ levelName: 'exact', mProbability: 0.9 }], note: 'keepThisValue', nothing: null }
    expect(snakeCaseKeys(value)).toEqual({ match_weight: 3.5, per_comparison: [{ level_name: 'exact', m_probability: 0.9 }], note: 'keepThisValue', nothing: null })
    expect(value.perComparison[0]).toEqual({ levelName: 'exact', mProbability: 0.9 })
    expect(toSnakeCase('matchWeight')).toBe('match_weight')
    expect(toSnakeCase('matchWeight')).toBe('match_weight')
  })

  it("keeps a '__proto__' key of parsed data as a key, without changing the copy's prototype", () => {
    const copy = snakeCaseKeys(JSON.parse('{"__proto__": {"polluted": true}, "aB": 1}')) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined()
    expect(Object.keys(copy)).toEqual(['__proto__', 'a_b'])
  })
})
