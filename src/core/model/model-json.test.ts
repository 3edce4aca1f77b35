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
