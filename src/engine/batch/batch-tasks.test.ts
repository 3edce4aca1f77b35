import { describe, expect, it } from 'vitest'
import { dominantCountries, normaliseChunk, scoreChunk } from './batch-tasks.js'
import { createUntrainedModel, defaultComparisons } from '../../core/index.js'

describe('dominantCountries', () => {
  it('should list the countries of the records, most common first, ignoring rare and malformed ones', () => {
    const records = [
      ...Array.from({ length: 60 }, (_, k) => ({ record_id: `es${k}`, source: 'web', country: 'es' })),
      ...Array.from({ length: 39 }, (_, k) => ({ record_id: `it${k}`, source: 'web', country: 'IT' })),
      { record_id: 'x', source: 'web', country: 'Spain' },
      { record_id: 'y', source: 'web' },
    ]
    expect(dominantCountries(records)).toEqual(['ES', 'IT'])
  })
})

describe('scoreChunk', () => {
  it('should score a pair of agreeing records above a pair of different people', () => {
    const table = normaliseChunk(
      [
        { record_id: 'a', source: 'web', first_name: 'Ana', last_name: 'Ruiz', email: 'ana.ruiz@gmail.com', country: 'ES' },
        { record_id: 'b', source: 'app', first_name: 'Ana', last_name: 'Ruiz', email: 'ana.ruiz@gmail.com', country: 'ES' },
        { record_id: 'c', source: 'app', first_name: 'Luis', last_name: 'Vega', email: 'lvega@yahoo.es', country: 'ES' },
      ],
      undefined,
    )
    const model = createUntrainedModel(defaultComparisons())
    const scored = scoreChunk(model, table, Int32Array.from([0, 0]), Int32Array.from([1, 2]))
    expect(scored.weights[0]).toBeGreaterThan(scored.weights[1])
    expect(scored.conflicts).toHaveLength(2)
  })
})
