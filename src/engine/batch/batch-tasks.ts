import {
  createFeatureTable,
  createPairScorer,
  normaliseRecord,
  type CustomerRecord,
  type FeatureTable,
  type Model,
} from '../../core/index.js'

/** Normalises a chunk of records and encodes them as a feature table. */
export function normaliseChunk(records: readonly CustomerRecord[], defaultCountry: string | undefined): FeatureTable {
  const options = defaultCountry === undefined ? {} : { defaultCountry }
  return createFeatureTable(records.map((record) => normaliseRecord(record, options)))
}

export interface ScoredChunk {
  /** Match weight of each pair, prior included. */
  readonly weights: Float32Array
  /** Cannot-link code of each pair (0 = none). */
  readonly conflicts: Uint8Array
}

/** Scores a slice of candidate pairs. */
export function scoreChunk(model: Model, table: FeatureTable, left: Int32Array, right: Int32Array): ScoredChunk {
  const scorer = createPairScorer(model, table)
  const count = left.length
  const weights = new Float32Array(count)
  const conflicts = new Uint8Array(count)
  for (let p = 0; p < count; p++) {
    const i = left[p]
    const j = right[p]
    weights[p] = scorer.matchWeight(i, j)
    conflicts[p] = scorer.conflict(i, j)
  }
  return { weights, conflicts }
}
