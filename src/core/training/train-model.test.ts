import { describe, expect, it } from 'vitest'
import { generateDataset } from '../../synthetic/index.js'
import { defaultBlockingRules } from '../blocking/blocking-rule.js'
import { generateCandidatePairs } from '../blocking/candidate-pairs.js'
import { defaultComparisons } from '../model/comparison-library.js'
import { createFeatureTable } from '../model/feature-table.js'
import { createUntrainedModel, levelMatchWeight } from '../model/model.js'
import { normaliseRecord } from '../normalise/normalise-record.js'
import { mulberry32 } from '../random.js'
import { modelComparisons } from '../model/model.js'
import { collectPatterns, mergePatterns } from './comparison-patterns.js'
import {
  DEFAULT_TRAINING_OPTIONS,
  defaultEmBlockingRules,
  drawTrainingSamples,
  emRoundIsUsed,
  trainModel,
  trainModelFromPatterns,
  type PairSample,
} from './train-model.js'

describe('trainModel', () => {
  const dataset = generateDataset({ persons: 1_500, seed: 5 })
  const table = createFeatureTable(dataset.records.map((record) => normaliseRecord(record)))
  const candidates = generateCandidatePairs(table, defaultBlockingRules())
  const train = (seed: number) =>
    trainModel(createUntrainedModel(defaultComparisons()), table, {
      ...DEFAULT_TRAINING_OPTIONS,
      uSamplePairs: 100_000,
      random: mulberry32(seed),
      seed,
      emBlockingRules: defaultEmBlockingRules(),
      candidatePairs: candidates,
    })

  it('should be deterministic for a seed', () => {
    expect(train(3)).toEqual(train(3))
  })

  it('should give the same model when the samples are compared in slices and merged', () => {
    const untrained = createUntrainedModel(defaultComparisons())
    const options = {
      ...DEFAULT_TRAINING_OPTIONS,
      uSamplePairs: 100_000,
      random: mulberry32(3),
      seed: 3,
      emBlockingRules: defaultEmBlockingRules(),
      candidatePairs: candidates,
    }
    const samples = drawTrainingSamples(table, options)
    const comparators = modelComparisons(untrained).map((c) => c.bind(table))
    // Slices of 7,777 pairs, as the engine's workers would compare them.
    const inSlices = (pairs: PairSample) => {
      const parts = []
      for (let start = 0; start < pairs.count; start += 7_777) {
        const end = Math.min(pairs.count, start + 7_777)
        parts.push(
          collectPatterns(
            comparators,
            pairs.left.subarray(start, end),
            pairs.right.subarray(start, end),
            end - start,
          ),
        )
      }
      return mergePatterns(parts)
    }
    const model = trainModelFromPatterns(untrained, table, options, samples, {
      u: inSlices(samples.u),
      em: samples.em.map(({ pairs }) =>
        emRoundIsUsed(pairs, options) ? inSlices(pairs) : undefined,
      ),
      prior: samples.prior === undefined ? undefined : inSlices(samples.prior),
    })
    expect(model).toEqual(train(3))
  })

  it('should learn that agreement is evidence for a match and disagreement against', () => {
    const model = train(3)
    for (const comparison of model.comparisons) {
      const exact = comparison.levels[1]
      const otherwise = comparison.levels[comparison.levels.length - 1]
      expect(levelMatchWeight(exact)).toBeGreaterThan(0)
      expect(levelMatchWeight(otherwise)).toBeLessThan(0)
    }
  })

  it('should estimate a prior near the true share of matching pairs', () => {
    const model = train(3)
    const persons = new Map<string, number>()
    for (const row of dataset.truth)
      persons.set(row.person_id, (persons.get(row.person_id) ?? 0) + 1)
    const truePairs = [...persons.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0)
    const share = truePairs / ((table.size * (table.size - 1)) / 2)
    expect(model.probabilityTwoRandomRecordsMatch / share).toBeGreaterThan(0.5)
    expect(model.probabilityTwoRandomRecordsMatch / share).toBeLessThan(2)
  })
})

describe('trainModel from labelled pairs', () => {
  it('should estimate m from the labelled matches', () => {
    const records = [
      { first_name: 'Ana', last_name: 'Ruiz', email: 'ana@x.es' },
      { first_name: 'Ana', last_name: 'Ruiz', email: 'ana@x.es' },
      { first_name: 'Ana', last_name: 'Ruiz', email: 'ana.r@y.es' },
      { first_name: 'Luis', last_name: 'Vega', email: 'luis@x.es' },
      { first_name: 'Lucho', last_name: 'Vega', email: 'luis@x.es' },
    ].map((record, k) => normaliseRecord({ record_id: `r${k}`, source: 't', country: 'ES', ...record }))
    const table = createFeatureTable(records)
    const model = trainModel(createUntrainedModel(defaultComparisons()), table, {
      ...DEFAULT_TRAINING_OPTIONS,
      uSamplePairs: 1_000,
      random: mulberry32(1),
      seed: 1,
      emBlockingRules: defaultEmBlockingRules(),
      labelledPairs: [
        { i: 0, j: 1, isMatch: true },
        { i: 0, j: 2, isMatch: true },
        { i: 3, j: 4, isMatch: true },
        { i: 0, j: 3, isMatch: false },
      ],
    })
    const email = model.comparisons.find((c) => c.definition.type === 'email')!
    const exact = email.levels.find((level) => level.label === 'exact')!
    // Two of the three labelled matches share their email exactly: the exact level leads,
    // and no level is 0 (each gets half a pseudo-count).
    for (const level of email.levels) {
      if (level !== exact && !level.isNull) expect(exact.mProbability).toBeGreaterThan(level.mProbability)
      expect(level.mProbability).toBeGreaterThan(0)
    }
    expect(model.training?.labelledPairs).toBe(4)
    expect(model.training?.emRounds).toEqual([])
  })
})
