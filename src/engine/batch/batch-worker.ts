import { parentPort } from 'node:worker_threads'
import type { FeatureTable, Model } from '../../core/index.js'
import { normaliseChunk, scoreChunk } from './batch-tasks.js'

/** Messages the pool sends; every task answers with { id, result } or { id, error }. */
export type WorkerTask =
  | {
      kind: 'normalise'
      records: Parameters<typeof normaliseChunk>[0]
      defaultCountry: string | undefined
      fallbackCountries: readonly string[]
    }
  | { kind: 'load'; model: Model; table: FeatureTable }
  | { kind: 'score'; left: Int32Array; right: Int32Array }

let loaded: { model: Model; table: FeatureTable } | undefined

function run(task: WorkerTask): { result: unknown; transfer: ArrayBuffer[] } {
  switch (task.kind) {
    case 'normalise': {
      const table = normaliseChunk(task.records, task.defaultCountry, task.fallbackCountries)
      const transfer = Object.values(table.columns).flatMap((c) => [c.ids.buffer as ArrayBuffer, c.counts.buffer as ArrayBuffer])
      return { result: table, transfer }
    }
    case 'load':
      loaded = { model: task.model, table: task.table }
      return { result: true, transfer: [] }
    case 'score': {
      if (loaded === undefined) throw new Error('score before load')
      const scored = scoreChunk(loaded.model, loaded.table, task.left, task.right)
      return { result: scored, transfer: [scored.weights.buffer as ArrayBuffer, scored.conflicts.buffer as ArrayBuffer] }
    }
  }
}

parentPort?.on('message', (message: { id: number; task: WorkerTask }) => {
  try {
    const { result, transfer } = run(message.task)
    parentPort!.postMessage({ id: message.id, result }, transfer)
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) })
  }
})
