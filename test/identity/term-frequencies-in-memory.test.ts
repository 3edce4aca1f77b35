/**
 * The term-frequency snapshot read into the engine by warmUp(): the same decisions and
 * probabilities as reading counts from the store resolve by resolve, and no such reads.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { loadConfig } from '../../src/config/index.js'
import { deriveFeatures, mulberry32, normaliseRecord, type CustomerRecord, type FeatureName } from '../../src/core/index.js'
import { createIdentityEngine, loadDefaultModel } from '../../src/engine/index.js'
import { TermFrequencyTable } from '../../src/engine/identity/term-frequency-table.js'
import { openSqliteStore, type Store } from '../../src/store/index.js'
import { generateDataset } from '../../src/synthetic/index.js'

const ACTOR = { id: 'test' }
const dirs: string[] = []
const stores: Store[] = []

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A store holding a snapshot of every feature's values over `records` (as an import takes it). */
async function storeWithSnapshot(records: readonly CustomerRecord[]): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tf-'))
  dirs.push(dir)
  const store = await openSqliteStore({ path: join(dir, 'tessera.db') })
  stores.push(store)
  await store.migrate()
  const counts = new Map<FeatureName, Map<string, number>>()
  const present = new Map<FeatureName, number>()
  for (const record of records) {
    const features = deriveFeatures(normaliseRecord(record, { defaultCountry: 'ES' }))
    for (const [feature, value] of Object.entries(features) as [FeatureName, string][]) {
      if (value === '') continue
      present.set(feature, (present.get(feature) ?? 0) + 1)
      const table = counts.get(feature) ?? new Map<string, number>()
      table.set(value, (table.get(value) ?? 0) + 1)
      counts.set(feature, table)
    }
  }
  await store.transaction(async (tx) => {
    for (const [feature, table] of counts) await tx.replaceTermFrequencies(feature, table, present.get(feature)!)
  })
  return store
}

function engineOver(store: Store) {
  const config = loadConfig({ flags: {}, env: {} })
  let time = Date.parse('2026-01-01T00:00:00Z')
  return createIdentityEngine({ store, model: loadDefaultModel(), settings: config.service, clock: () => (time += 1000), random: mulberry32(7) })
}

describe('term frequencies held in memory', () => {
  it('loads every value of the features asked for, with its count, and nothing of the others', async () => {
    const store = await storeWithSnapshot([])
    const names = new Map(Array.from({ length: 1_234 }, (_, i) => [`surname ${i}`, 1 + (i % 17)]))
    await store.transaction(async (tx) => {
      await tx.replaceTermFrequencies('last_name', names, 50_000)
      await tx.replaceTermFrequencies('city', new Map([['madrid', 70]]), 900)
    })
    const table = (await TermFrequencyTable.load(store, ['last_name', 'email'], 10_000))!
    expect(table.size).toBe(1_234)
    for (const [value, count] of names) expect(table.count('last_name', value)).toBe(count)
    expect(table.count('last_name', 'nobody')).toBe(0)
    expect(table.count('city', 'madrid')).toBe(0)
    expect(table.present.get('last_name')).toBe(50_000)
    expect(table.present.get('email')).toBe(0)
    // Too many values to hold: the caller is told, and reads counts as it goes.
    expect(await TermFrequencyTable.load(store, ['last_name'], 1_000)).toBeUndefined()
  })

  it('resolves as reading counts from the store does, without asking the store for any', async () => {
    const { records } = generateDataset({ persons: 400, seed: 31 })
    const stored = records.slice(0, 600)
    const incoming = records.slice(600)
    expect(incoming.length).toBeGreaterThan(200)

    const readThrough = await storeWithSnapshot(stored)
    const inMemory = await storeWithSnapshot(stored)
    const plain = engineOver(readThrough)
    const warmed = engineOver(inMemory)
    const report = await warmed.warmUp()
    expect(report.termFrequencyValues).toBeGreaterThan(1_000)

    let reads = 0
    const getTermFrequencies = inMemory.getTermFrequencies.bind(inMemory)
    inMemory.getTermFrequencies = (wanted) => {
      reads += 1
      return getTermFrequencies(wanted)
    }
    const transaction = inMemory.transaction.bind(inMemory)
    inMemory.transaction = (work, options) =>
      transaction((tx) => {
        const txRead = tx.getTermFrequencies.bind(tx)
        tx.getTermFrequencies = (wanted) => {
          reads += 1
          return txRead(wanted)
        }
        return work(tx)
      }, options)

    const decisions = new Map<string, number>()
    for (const record of [...stored, ...incoming]) {
      const a = await plain.records.resolve(record, ACTOR)
      const b = await warmed.records.resolve(record, ACTOR)
      expect({ decision: b.decision, p: b.matchProbability, merged: b.mergedCustomerIds.length }).toEqual({
        decision: a.decision,
        p: a.matchProbability,
        merged: a.mergedCustomerIds.length,
      })
      decisions.set(a.decision, (decisions.get(a.decision) ?? 0) + 1)
    }
    // Both paths decided something worth comparing: links as well as new customers.
    expect(decisions.get('matched') ?? 0).toBeGreaterThan(50)
    expect(decisions.get('created') ?? 0).toBeGreaterThan(50)
    expect(reads).toBe(0)
  })
})
