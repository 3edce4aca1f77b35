import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'

import { evaluateClustering } from '../core/index.js'
import { evaluatePairs } from '../core/index.js'
import { PUBLIC_DATASET_NAMES, PUBLIC_DATASETS } from './public-datasets.js'
import { loadDataset, REPO_ROOT } from './load-public-dataset.js'

describe('loadDataset', () => {
  it.each(PUBLIC_DATASET_NAMES)(
    'should load %s with the records, entities and true pairs of its README',
    async (name) => {
      const { records, truth } = await loadDataset(name)
      const { expected } = PUBLIC_DATASETS[name]
      expect(records).toHaveLength(expected.records)
      // The truth scored against itself counts entities and true pairs without enumerating pairs.
      const self = evaluateClustering(truth, truth)
      expect(self.trueEntities).toBe(expected.entities)
      expect(self.truePairs).toBe(expected.truePairs)
      expect(self.pairwiseF1).toBe(1)
    },
  )

  it('should map FEBRL columns to contract fields, trimmed, with country AU', async () => {
    const { records } = await loadDataset('febrl3')
    expect(records[0]).toEqual({
      record_id: 'rec-1496-org',
      source: 'febrl3',
      first_name: 'mitchell',
      last_name: 'green',
      address_line1: '7 wallaby place',
      address_line2: 'delmar',
      city: 'cleveland',
      postcode: '2119',
      region: 'sa',
      birth_date: '19560409',
      tax_id: '1804974',
      country: 'AU',
    })
  })

  it('should read FEBRL4 as one input of both files, with a source per file', async () => {
    const { records, truth } = await loadDataset('febrl4')
    expect(records[0]).toMatchObject({ record_id: 'rec-1070-org', source: 'febrl4a' })
    expect(records[5_000]).toMatchObject({ source: 'febrl4b' })
    expect(truth.get('rec-1070-org')).toBe('1070')
  })

  it('should map historical_50k columns, leaving non-contract columns out', async () => {
    const { records } = await loadDataset('historical_50k')
    expect(records[0]).toEqual({
      record_id: 'Q2296770-1',
      source: 'historical_50k',
      full_name: 'thomas clifford, 1st baron clifford of chudleigh',
      first_name: 'thomas',
      last_name: 'chudleigh',
      birth_date: '1630-08-01',
      city: 'devon',
      postcode: 'tq13 8df',
    })
  })

  it('should agree with the clerical labels of fake_1000', async () => {
    const { truth } = await loadDataset('fake_1000')
    const labels = parse(
      await readFile(join(REPO_ROOT, 'test/fixtures/datasets/splink/fake_1000_labels.csv')),
      { columns: true },
    ) as Record<string, string>[]
    const matches = labels
      .filter((label) => label.clerical_match_score === '1.0')
      .map((label) => [label.unique_id_l, label.unique_id_r] as const)
    const result = evaluatePairs(truth, matches)
    expect(result).toMatchObject({ pairsEvaluated: 2_031, precision: 1, recall: 1 })
  })
})
