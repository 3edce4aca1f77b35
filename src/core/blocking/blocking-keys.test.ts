import { describe, expect, it } from 'vitest'
import { deriveFeatures } from '../model/feature-table.js'
import { normaliseRecord } from '../normalise/normalise-record.js'
import { blockOn, defaultBlockingRules, loose } from './blocking-rule.js'
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

  it('should, with the default rules, share a key between a till record whose surname is garbled and a web record of the same given name and postcode', () => {
    // Typed at a till: the surname mistyped past its phonetic code, no email, no phone.
    const till = blockingKeysOf(features({ first_name: 'Javier', last_name: 'Rdoirguez', postcode: '28013', country: 'ES' }), defaultBlockingRules())
    const web = blockingKeysOf(features({ first_name: 'Javi', last_name: 'Rodriguez Sanz', postcode: '28013', email: 'jrs@gmail.com', country: 'ES' }), defaultBlockingRules())
    expect(till.filter((key) => web.includes(key)).map(blockingKeyRule)).toEqual(['first_name_canonical&postcode'])
  })

  it('should give no key when a feature of the rule is missing', () => {
    expect(blockingKeysOf(features({ first_name: 'Ana' }), rules)).toEqual([])
  })

  it('should keep keys of different rules apart when values coincide', () => {
    expect(blockingKeyOf(blockOn('city'), ['x'])).not.toBe(blockingKeyOf(blockOn('region'), ['x']))
  })
})
