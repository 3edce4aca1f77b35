import { describe, expect, it } from 'vitest'
import { defaultComparisons } from './comparison-library.js'
import { createUntrainedModel } from './model.js'
import { loadModel, parseModelOrThrow, saveModel } from './model-json.js'

describe('model JSON', () => {
  const model = createUntrainedModel(defaultComparisons())

  it('should round-trip a model through JSON', () => {
    const loaded = loadModel(saveModel(model))
    expect(loaded.ok && loaded.value).toEqual(JSON.parse(saveModel(model)))
  })

  it('should still load a model saved before the birth-date levels gained "less than a year apart"', () => {
    const old = JSON.parse(saveModel(model))
    const dates = old.comparisons.find((c: { definition: { type: string } }) => c.definition.type === 'birth_date')
    delete dates.definition.revision
    dates.levels = dates.levels.filter((level: { label: string }) => level.label !== 'less than a year apart')
    const loaded = loadModel(JSON.stringify(old))
    expect(loaded.ok).toBe(true)
    // The new levels with the old definition are a mismatch, named as such.
    dates.levels = JSON.parse(saveModel(model)).comparisons.find((c: { definition: { type: string } }) => c.definition.type === 'birth_date').levels
    const mismatched = loadModel(JSON.stringify(old))
    expect(!mismatched.ok && mismatched.issues[0].message).toMatch(/expected 6 levels/)
  })

  it('should reject another version with a message saying what to do', () => {
    const result = loadModel(JSON.stringify({ ...model, version: 99 }))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.issues[0].message).toMatch(/retrain/)
  })

  it('should report every bad probability and unknown comparison at once', () => {
    const broken = JSON.parse(saveModel(model))
    broken.comparisons[0].levels[1].mProbability = 2
    broken.comparisons[1].definition.type = 'shoe_size'
    const result = loadModel(JSON.stringify(broken))
    expect(!result.ok && result.issues.map((issue) => issue.path.join('.'))).toEqual([
      'comparisons.0.levels.1',
      'comparisons.1.definition.type',
    ])
  })

  it('should throw an InputError naming the file for invalid JSON', () => {
    expect(() => parseModelOrThrow('{not json', 'model.json')).toThrow(/model\.json: not a valid Tessera model/)
  })
})
