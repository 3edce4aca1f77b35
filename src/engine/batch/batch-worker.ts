import { parentPort } from 'node:worker_threads'
import {
  collectPatterns,
  modelComparisons,
  type FeatureTable,
  type Model,
  type PairComparator,
} from '../../core/index.js'
import { createChunkScorer, normaliseChunk, type ScoredChunk } from './batch-tasks.js'

/** Messages the pool sends; every task answers with { id, result } or { id, error }. */
export type WorkerTask =
  | {
      kind: 'normalise'
      records: Parameters<typeof normaliseChunk>[0]
      defaultCountry: string | undefined
      fallbackCountries: readonly string[]
    }
  /** The whole feature table; its id arrays should live in SharedArrayBuffers (see shareFeatureTable). */
  | { kind: 'load'; table: FeatureTable }
  /** The model later 'patterns' and 'score' tasks use; floorWeight as in createChunkScorer. */
  | { kind: 'model'; model: Model; floorWeight: number }
  | { kind: 'patterns'; left: Int32Array; right: Int32Array }
  | { kind: 'score'; left: Int32Array; right: Int32Array }

let table: FeatureTable | undefined
let current: { model: Model; floorWeight: number } | undefined
// Built on first use and kept for every later chunk: building a pair scorer reads the whole table.
let comparators: PairComparator[] | undefined
let scoreChunk: ((left: Int32Array, right: Int32Array) => ScoredChunk) | undefined

function loaded(): { table: FeatureTable; model: Model; floorWeight: number } {
  if (table === undefined || current === undefined)
    throw new Error('a pair task came before load and model')
  return { table, ...current }
}

function run(task: WorkerTask): { result: unknown; transfer: ArrayBuffer[] } {
  switch (task.kind) {
    case 'normalise': {
      const chunk = normaliseChunk(task.records, task.defaultCountry, task.fallbackCountries)
      const transfer = Object.values(chunk.columns).flatMap((c) => [
        c.ids.buffer as ArrayBuffer,
        c.counts.buffer as ArrayBuffer,
      ])
      return { result: chunk, transfer }
    }
    case 'load':
      table = task.table
      current = undefined
      comparators = undefined
      scoreChunk = undefined
      return { result: true, transfer: [] }
    case 'model':
      current = { model: task.model, floorWeight: task.floorWeight }
      comparators = undefined
      scoreChunk = undefined
      return { result: true, transfer: [] }
    case 'patterns': {
      const state = loaded()
      comparators ??= modelComparisons(state.model).map((comparison) =>
        comparison.bind(state.table),
      )
      const patterns = collectPatterns(comparators, task.left, task.right, task.left.length)
      return {
        result: patterns,
        transfer: [patterns.levels.buffer as ArrayBuffer, patterns.counts.buffer as ArrayBuffer],
      }
    }
    case 'score': {
      const state = loaded()
      scoreChunk ??= createChunkScorer(state.model, state.table, state.floorWeight)
      const scored = scoreChunk(task.left, task.right)
      return {
        result: scored,
        transfer: [scored.weights.buffer as ArrayBuffer, scored.conflicts.buffer as ArrayBuffer],
      }
    }
  }
}

parentPort?.on('message', (message: { id: number; task: WorkerTask }) => {
  try {
    const { result, transfer } = run(message.task)
    parentPort!.postMessage({ id: message.id, result }, transfer)
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      // Never the message: it may quote the record that failed. The type and the place are enough to report.
      error:
        error instanceof Error
          ? `${error.name} ${error.stack?.split('\n')[1]?.trim() ?? ''}`
          : typeof error,
    })
  }
})
