import { beforeAll, describe, expect, it } from 'vitest'
import { createFeatureTable, normaliseRecord, type CustomerRecord } from '../core/index.js'
import { resolveBatch, type BatchResult } from '../engine/index.js'
import { generateDataset } from '../synthetic/index.js'
import {
  channelKind,
  formatRecordLines,
  naiveContactClustering,
  pickShowcaseCustomers,
  writtenDifferently,
} from './demo-showcase.js'

async function* once(records: readonly CustomerRecord[]): AsyncIterable<readonly CustomerRecord[]> {
  yield records
}

describe('pickShowcaseCustomers', () => {
  let records: CustomerRecord[]
  let truth: Map<string, string>
  let result: BatchResult

  beforeAll(async () => {
    const dataset = generateDataset({ persons: 1_500, seed: 7 })
    records = dataset.records
    truth = new Map(dataset.truth.map((row) => [row.record_id, row.person_id]))
    // workers: 0 because vitest runs the TypeScript sources, which worker threads cannot load.
    result = await resolveBatch(once(records), { workers: 0 })
  })

  it('picks a customer spanning several kinds of channel that is exactly one person', () => {
    const { multiChannel } = pickShowcaseCustomers(result, records, { truth })
    expect(multiChannel).toBeDefined()
    const customer = multiChannel!
    expect(new Set(customer.sources.map(channelKind)).size).toBeGreaterThanOrEqual(3)
    const clusterOf = result.clustering.clusterOf
    expect(customer.records.every((i) => clusterOf[i] === customer.cluster)).toBe(true)
    expect(clusterOf.filter((cluster) => cluster === customer.cluster).length).toBe(
      customer.records.length,
    )
    const persons = new Set(customer.records.map((i) => truth.get(records[i].record_id)))
    expect(persons.size).toBe(1)
    expect(customer.customerId).toBe(result.customerIds[customer.records[0]])
    expect(customer.pairs.length).toBeGreaterThanOrEqual(1)
    expect(customer.pairs.length).toBeLessThanOrEqual(2)
    for (const pair of customer.pairs) {
      expect(customer.records).toContain(pair.left)
      expect(customer.records).toContain(pair.right)
      expect(records[pair.left].source).not.toBe(records[pair.right].source)
      expect(pair.writtenDifferently).toEqual(
        writtenDifferently(records[pair.left], records[pair.right]),
      )
    }
  })

  it('picks a household pair: a shared email or phone, two people, two customers', () => {
    const { trap } = pickShowcaseCustomers(result, records, { truth })
    expect(trap).toBeDefined()
    const { left, right, shared } = trap!
    const column = result.table.columns[shared].ids
    expect(column[left]).not.toBe(0)
    expect(column[left]).toBe(column[right])
    expect(result.clustering.clusterOf[left]).not.toBe(result.clustering.clusterOf[right])
    expect(truth.get(records[left].record_id)).not.toBe(truth.get(records[right].record_id))
  })

  it('picks the same customers every time, with or without a truth to check against', () => {
    const first = pickShowcaseCustomers(result, records, { truth })
    expect(pickShowcaseCustomers(result, records, { truth })).toEqual(first)
    const unchecked = pickShowcaseCustomers(result, records)
    expect(unchecked.multiChannel).toBeDefined()
    expect(unchecked.trap).toBeDefined()
  })

  it('rejects records that are not the resolved ones', () => {
    expect(() => pickShowcaseCustomers(result, records.slice(1))).toThrow(RangeError)
  })
})

describe('naiveContactClustering', () => {
  it('puts records sharing a normalised email or phone together, transitively', () => {
    // Gmail addresses because example.com counts as a placeholder; Gmail ignores dots and case.
    const records: CustomerRecord[] = [
      { record_id: 'a', source: 'web', first_name: 'Ana', email: 'Ana.Lopez@Gmail.com' },
      {
        record_id: 'b',
        source: 'app',
        first_name: 'Ana',
        email: 'analopez@gmail.com',
        phone: '+34 612 345 678',
      },
      {
        record_id: 'c',
        source: 'store:MAD-01',
        first_name: 'Luis',
        phone: '612345678',
        country: 'ES',
      },
      { record_id: 'd', source: 'web', first_name: 'Ana', email: 'ana.garcia@gmail.com' },
      { record_id: 'e', source: 'web', first_name: 'Eva' },
    ]
    const table = createFeatureTable(
      records.map((record) => normaliseRecord(record, { defaultCountry: 'ES' })),
    )
    const { clusterOf, clusterCount } = naiveContactClustering(table)
    expect(clusterOf[0]).toBe(clusterOf[1])
    expect(clusterOf[1]).toBe(clusterOf[2])
    expect(clusterOf[3]).not.toBe(clusterOf[0])
    expect(clusterOf[4]).not.toBe(clusterOf[3])
    expect(clusterCount).toBe(3)
  })
})

describe('writtenDifferently', () => {
  it('lists the fields both records fill in but spell differently', () => {
    const left: CustomerRecord = {
      record_id: 'a',
      source: 'web',
      first_name: 'Cristóbal',
      email: 'c@gmail.com',
      phone: '612345678',
    }
    const right: CustomerRecord = {
      record_id: 'b',
      source: 'app',
      first_name: 'CRISTOBAL',
      email: 'c@gmail.com',
      city: 'Sevilla',
    }
    expect(writtenDifferently(left, right)).toEqual(['first_name'])
  })
})

describe('formatRecordLines', () => {
  it('aligns record_id, name, email and phone, marking empty values', () => {
    const lines = formatRecordLines([
      {
        record_id: 'web-000001',
        source: 'web',
        first_name: 'Ana',
        last_name: 'López',
        email: 'ana@example.com',
      },
      {
        record_id: 'store:MAD-01/000002',
        source: 'store:MAD-01',
        full_name: 'LOPEZ, ANA',
        phone: '612345678',
      },
    ])
    expect(lines).toEqual([
      '  web-000001           Ana López   ana@example.com  ·',
      '  store:MAD-01/000002  LOPEZ, ANA  ·                612345678',
    ])
  })

  it('cuts the widest of name and email until a line fits the width', () => {
    const record: CustomerRecord = {
      record_id: 'web-000001',
      source: 'web',
      full_name: 'Cristóbal Pacheco Zarzanillo de la Fuente',
      email: 'cristobal.pacheco.zarzanillo@protonmail.com',
      phone: '+34 652 09 81 24',
    }
    const [line] = formatRecordLines([record], { width: 80 })
    expect(line).toHaveLength(80)
    expect(line).toContain('…')
    expect(line.endsWith('+34 652 09 81 24')).toBe(true)
  })
})
