import { describe, expect, it } from 'vitest'
import { deriveFeatures } from '../model/feature-table.js'
import { normaliseRecord } from '../normalise/normalise-record.js'
import { blockOn, loose } from './blocking-rule.js'
import { blockingKeyOf, blockingKeyRule, blockingKeysOf } from './blocking-keys.js'

const features = (fields: Record<string, string>) =>
  deriveFeatures(normaliseRecord({ record_id: 'r', source: 's', ...fields }))

describe('blockingKeysOf', () => {
  const rules = [blockOn('email'), blockOn('phone'), loose(blockOn('first_name_canonical', 'birth_date'))]

  it('should give one key per rule whose features are all present', () => {
    const keys = blockingKeysOf(features({ email: 'Ana.Ruiz@Gmail.com', first_name: 'Ana', birth_date: '1980-02-03' }), rules)
    expect(keys).toHaveLength(2)
    expect(keys.map(blockingKeyRule)).toEqual(['email', 'first_name_canonical&birth_date'])
  })

  it('should give equal keys to records that batch blocking would pair', () => {
    const a = blockingKeysOf(features({ email: 'anaruiz@gmail.com' }), rules)
    const b = blockingKeysOf(features({ email: 'Ana.Ruiz+shop@googlemail.com' }), rules)
    expect(a).toEqual(b)
  })

  it('should give no key when a feature of the rule is missing', () => {
    expect(blockingKeysOf(features({ first_name: 'Ana' }), rules)).toEqual([])
  })

  it('should keep keys of different rules apart when values coincide', () => {
    expect(blockingKeyOf(blockOn('city'), ['x'])).not.toBe(blockingKeyOf(blockOn('region'), ['x']))
  })
})
