import { describe, expect, it } from 'vitest'

import { blockOn, deriveFeatures, loose, normaliseRecord } from '../../core/index.js'
import { blockingKeysForRecord, identifierKey, recordBlockingKeys } from './record-keys.js'

const features = deriveFeatures(
  normaliseRecord({ record_id: 'w1', source: 'web', first_name: 'Lucía', last_name: 'Pérez', email: 'lucia.perez@gmail.com', birth_date: '1980-02-03' }, { defaultCountry: 'ES' }),
)

describe('recordBlockingKeys', () => {
  it('gives every key once, in rule order then identifiers, and as loose only the keys no strict rule or identifier gives', () => {
    const rules = [loose(blockOn('birth_date')), blockOn('name_key'), loose(blockOn('name_key')), loose(blockOn('email')), blockOn('phone')]
    const { keys, looseKeys } = recordBlockingKeys(features, rules)
    const birthDate = recordBlockingKeys(features, [blockOn('birth_date')]).keys[0]
    const nameKey = recordBlockingKeys(features, [blockOn('name_key')]).keys[0]
    const email = identifierKey('email', features.email)
    expect(keys).toEqual([birthDate, nameKey, email])
    // name_key comes from a strict rule too; the email key is also an identifier's.
    expect(looseKeys).toEqual([birthDate])
    expect(blockingKeysForRecord(features, rules)).toEqual(keys)
  })
})
