import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'

import type { Config } from '../../config/index.js'
import {
  FEATURE_NAMES,
  ID_PREFIXES,
  createIdFactory,
  mulberry32,
  normaliseRecord,
  saveModel,
  type CustomerRecord,
  type FeatureName,
  type Model,
} from '../../core/index.js'
import type { Actor, CustomerEventWrite, ImportJob, RecordWrite, Store } from '../../store/index.js'
import { resolveBatch, type BatchOptions, type ProgressEvent } from '../batch/resolve-batch.js'
import type { RecordReader } from '../io/read-records.js'
import { createIdentityEngine } from './create-identity-engine.js'
import type { IdentityEngine } from './identity-engine.js'
import { activeModel, applyConfiguredSettings, configuredBlockingRules } from './open-identity-engine.js'
import { storedKeysForRecord } from './record-keys.js'

/** Records written per transaction: big enough to be fast, small enough that a kill loses little. */
const PERSIST_CHUNK_RECORDS = 5_000

export type ImportProgressEvent = ProgressEvent | { readonly stage: 'persist' | 'resolve' | 'optimise'; readonly done: number; readonly total?: number }

export interface ImportSummary {
  readonly mode: 'batch' | 'real-time' | 'already-imported'
  readonly jobId?: string
  readonly records: number
  /** Records written by this run (a resumed run skips what an earlier run committed). */
  readonly recordsWritten: number
  readonly customersCreated: number
  readonly modelId?: string
  readonly seconds: number
}

export interface ImportOptions {
  readonly store: Store
  readonly config: Config
  readonly reader: RecordReader
  readonly actor: Actor
  /** Batch options for resolving the file (workers, blocking, settings) from the CLI. */
  readonly batch: BatchOptions
  readonly clock?: () => number
  readonly onProgress?: (event: ImportProgressEvent) => void
}

/** A fingerprint of the file: its size and SHA-256, so a rerun on the same file finds its job. */
async function fingerprintOf(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `${(await stat(path)).size}:${hash.digest('hex')}`
}

/** A seed for the job's ids, from its id: a rerun mints the same customer ids. */
function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0)
}

/**
 * `tessera import`: bulk load of an existing export. Into an empty store, the file is resolved
 * with the batch core (train, block, score, cluster) and persisted in chunks, each one
 * transaction that also advances the job's progress; killed and run again, the import finds its
 * job by the file's fingerprint, recomputes the same clustering with the stored model and the
 * same ids, and continues after the last committed chunk: nothing lost, nothing twice. The
 * model and a term-frequency snapshot are stored so real-time resolution continues with them.
 * Into a store that already holds other data, records go one by one through real-time
 * resolution instead (idempotent by source and record_id, so a rerun duplicates nothing).
 */
export async function importRecords(options: ImportOptions): Promise<ImportSummary> {
  const { store, config, reader, actor } = options
  const clock = options.clock ?? Date.now
  const started = clock()
  const fingerprint = await fingerprintOf(reader.path)
  const existing = await store.getImportJob(fingerprint)
  if (existing?.status === 'done') {
    return { mode: 'already-imported', jobId: existing.jobId, records: existing.committedRecords, recordsWritten: 0, customersCreated: 0, ...(existing.modelId === undefined ? {} : { modelId: existing.modelId }), seconds: 0 }
  }
  if (existing === undefined && (await store.countRecords()) > 0) return importRealTime(options, started)

  const records: CustomerRecord[] = []
  for await (const batch of reader) for (const record of batch) records.push(record)

  const mintJobIds = createIdFactory(clock, mulberry32(seedOf(fingerprint)))
  let model: Model | undefined
  let job: ImportJob = existing ?? {
    jobId: mintJobIds(ID_PREFIXES.job),
    fingerprint,
    status: 'running',
    committedRecords: 0,
    createdAt: new Date(clock()).toISOString(),
    updatedAt: new Date(clock()).toISOString(),
  }
  if (job.modelId !== undefined) {
    const stored = await activeModel(store)
    if (stored.modelId === job.modelId) model = stored.model
  }
  const jobTime = Date.parse(job.createdAt)
  const result = await resolveBatch(
    (async function* () {
      yield records
    })(),
    {
      ...options.batch,
      ...(model === undefined ? {} : { model }),
      // The job's own time and seed: a resumed run mints exactly the ids of the first run.
      clock: () => jobTime,
      idRandom: mulberry32(seedOf(job.jobId)),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  )

  if (job.modelId === undefined) {
    const modelId = mintJobIds(ID_PREFIXES.model)
    const at = new Date(clock()).toISOString()
    job = { ...job, modelId, updatedAt: at }
    const saved = job
    await store.transaction(async (tx) => {
      await tx.insertModel({ modelId, json: saveModel(result.model), createdAt: at, active: true })
      await writeTermFrequencySnapshot(tx, result.table)
      await tx.upsertImportJob(saved)
    })
  }

  // Records grouped by customer, customers in order of their first record: chunks hold whole
  // customers, so a committed chunk never leaves a customer half-written.
  const order = Array.from({ length: records.length }, (_, i) => i)
  const firstIndex = new Map<string, number>()
  result.customerIds.forEach((id, i) => {
    if (!firstIndex.has(id)) firstIndex.set(id, i)
  })
  order.sort((a, b) => firstIndex.get(result.customerIds[a])! - firstIndex.get(result.customerIds[b])! || a - b)
  const rules = configuredBlockingRules(config)
  const defaultCountry = config.defaultCountry
  let position = 0
  let written = 0
  let customersCreated = 0
  const total = records.length
  while (position < total) {
    let end = Math.min(total, position + PERSIST_CHUNK_RECORDS)
    while (end < total && result.customerIds[order[end]] === result.customerIds[order[end - 1]]) end += 1
    if (end <= job.committedRecords) {
      position = end
      continue
    }
    const chunk = order.slice(position, end)
    const at = new Date(clock()).toISOString()
    const writes: RecordWrite[] = chunk.map((i) => {
      const raw = records[i]
      const normalised = normaliseRecord(raw, defaultCountry === undefined ? {} : { defaultCountry })
      const features = featuresOf(result.table, i)
      return {
        source: raw.source,
        record_id: raw.record_id,
        customerId: result.customerIds[i],
        raw,
        normalised,
        features,
        blockingKeys: storedKeysForRecord(features, normalised, rules),
      }
    })
    const newCustomers = [...new Set(chunk.map((i) => result.customerIds[i]))]
    const events: CustomerEventWrite[] = newCustomers.map((customerId) => ({
      customerId,
      kind: 'created',
      at,
      actor,
      details: { rule: 'batch_import', jobId: job.jobId, modelId: job.modelId, records: chunk.filter((i) => result.customerIds[i] === customerId).map((i) => ({ source: records[i].source, record_id: records[i].record_id })) },
    }))
    const progressed: ImportJob = { ...job, committedRecords: end, updatedAt: at }
    await store.transaction(async (tx) => {
      await tx.insertCustomers(newCustomers, at)
      await tx.upsertRecords(writes, at)
      await tx.insertEvents(events)
      await tx.refreshCustomers(newCustomers, at)
      await tx.upsertImportJob(progressed)
    })
    job = progressed
    written += chunk.length
    customersCreated += newCustomers.length
    position = end
    options.onProgress?.({ stage: 'persist', done: end, total })
  }
  const finished: ImportJob = { ...job, status: 'done', updatedAt: new Date(clock()).toISOString() }
  await store.transaction((tx) => tx.upsertImportJob(finished))
  // After the job is done: a kill here loses nothing, and autovacuum would get there anyway.
  options.onProgress?.({ stage: 'optimise', done: 0, total: 1 })
  await store.optimiseAfterBulkLoad()
  options.onProgress?.({ stage: 'optimise', done: 1, total: 1 })
  return {
    mode: 'batch',
    jobId: job.jobId,
    records: total,
    recordsWritten: written,
    customersCreated,
    ...(job.modelId === undefined ? {} : { modelId: job.modelId }),
    seconds: (clock() - started) / 1000,
  }
}

function featuresOf(table: import('../../core/index.js').FeatureTable, i: number): Record<FeatureName, string> {
  const features = {} as Record<FeatureName, string>
  for (const name of FEATURE_NAMES) {
    const column = table.columns[name]
    features[name] = column.values[column.ids[i]]
  }
  return features
}

/**
 * Value counts of the features term-frequency adjustments read. Values seen once are left out
 * (a missing value reads as seen once), which keeps the snapshot small: most emails and phones
 * are unique.
 */
async function writeTermFrequencySnapshot(
  tx: import('../../store/index.js').StoreTransaction,
  table: import('../../core/index.js').FeatureTable,
): Promise<void> {
  for (const name of FEATURE_NAMES) {
    const column = table.columns[name]
    const counts = new Map<string, number>()
    for (let v = 1; v < column.values.length; v++) if (column.counts[v] >= 2) counts.set(column.values[v], column.counts[v])
    await tx.replaceTermFrequencies(name, counts, table.size - column.counts[0])
  }
}

async function importRealTime(options: ImportOptions, started: number): Promise<ImportSummary> {
  const { store, config, reader, actor } = options
  const clock = options.clock ?? Date.now
  const { model } = await activeModel(store)
  const rules = configuredBlockingRules(config)
  const engine: IdentityEngine = createIdentityEngine({
    store,
    model: applyConfiguredSettings(model, config),
    settings: config.service,
    ...(rules === undefined ? {} : { blockingRules: rules }),
    ...(config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }),
    clock,
  })
  let done = 0
  let created = 0
  for await (const batch of reader) {
    for (const record of batch) {
      const outcome = await engine.records.resolve(record, actor)
      if (outcome.decision !== 'matched') created += 1
      done += 1
      options.onProgress?.({ stage: 'resolve', done })
    }
  }
  return { mode: 'real-time', records: done, recordsWritten: done, customersCreated: created, seconds: (clock() - started) / 1000 }
}
