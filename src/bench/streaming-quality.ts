import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { loadConfig } from '../config/index.js'
import { evaluateClustering, FEATURE_NAMES, mulberry32, type ClusteringEvaluation, type CustomerRecord } from '../core/index.js'
import { createIdentityEngine, dominantCountries, resolveBatch } from '../engine/index.js'
import { openSqliteStore } from '../store/index.js'
import { generateDataset, type ProfileName } from '../synthetic/index.js'

export interface StreamingComparison {
  readonly records: number
  readonly batch: ClusteringEvaluation
  readonly streaming: ClusteringEvaluation
  /** Median and p99 of one resolve through the engine, milliseconds. */
  readonly resolveMs: { readonly p50: number; readonly p99: number }
  readonly decisions: Readonly<Record<string, number>>
}

async function* once(records: readonly CustomerRecord[]): AsyncIterable<readonly CustomerRecord[]> {
  yield records
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/**
 * Batch resolution of a generated dataset against streaming the same records one by one through
 * the real-time engine on SQLite, with the model batch training produced and its term-frequency
 * snapshot: the two paths of one model.
 */
export async function compareStreamingWithBatch(persons: number, seed: number, profile: ProfileName): Promise<StreamingComparison> {
  const { records, truth } = generateDataset({ persons, seed, profile })
  const truthMap = new Map(truth.map((t) => [t.record_id, t.person_id]))
  const batch = await resolveBatch(once(records), { seed: 42, workers: 0 })
  const batchEvaluation = evaluateClustering(truthMap, new Map(batch.recordIds.map((id, i) => [id, batch.customerIds[i]])))

  const dir = mkdtempSync(join(tmpdir(), 'tessera-streaming-'))
  const store = await openSqliteStore({ path: join(dir, 'tessera.db') })
  try {
    await store.migrate()
    await store.transaction(async (tx) => {
      for (const name of FEATURE_NAMES) {
        const column = batch.table.columns[name]
        const counts = new Map<string, number>()
        for (let v = 1; v < column.values.length; v++) if (column.counts[v] >= 2) counts.set(column.values[v], column.counts[v])
        await tx.replaceTermFrequencies(name, counts, batch.table.size - column.counts[0])
      }
    })
    const config = loadConfig({ env: {} })
    // The engine reads phones typed without a country in the file's countries, as batch does.
    const engine = createIdentityEngine({
      store,
      model: batch.model,
      settings: config.service,
      random: mulberry32(seed),
      fallbackCountries: dominantCountries(records),
    })
    const predicted = new Map<string, string>()
    const durations: number[] = []
    const decisions: Record<string, number> = {}
    for (const record of records) {
      const started = performance.now()
      const outcome = await engine.records.resolve(record, { id: 'bench' })
      durations.push(performance.now() - started)
      decisions[outcome.decision] = (decisions[outcome.decision] ?? 0) + 1
    }
    // Merges move records after they were resolved: read the final assignment from the store.
    let after = 0
    for (;;) {
      const page = await store.listRecordCustomerIds(after, 10_000)
      if (page.length === 0) break
      for (const row of page) predicted.set(row.record_id, row.customerId)
      after = page[page.length - 1].recordKey
    }
    durations.sort((a, b) => a - b)
    return {
      records: records.length,
      batch: batchEvaluation,
      streaming: evaluateClustering(truthMap, predicted),
      resolveMs: { p50: quantile(durations, 0.5), p99: quantile(durations, 0.99) },
      decisions,
    }
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
