import {
  connectedComponents,
  evaluateClustering,
  type ClusteringEvaluation,
  type CustomerRecord,
} from '../core/index.js'
import { resolveBatch, selectLinks, type BatchOptions, type BatchResult } from '../engine/index.js'
import { generateDataset, type ProfileName } from '../synthetic/index.js'
import { loadDataset } from './load-public-dataset.js'
import type { PublicDatasetName } from './public-datasets.js'

export interface QualityRow {
  readonly dataset: string
  readonly records: number
  readonly candidatePairs: number
  readonly seconds: number
  /** Tessera's clustering (with safeguards). */
  readonly evaluation: ClusteringEvaluation
  /** Thresholded connected components on the same links: the baseline the safeguards beat. */
  readonly connectedComponents: ClusteringEvaluation
}

async function* once(records: readonly CustomerRecord[]): AsyncIterable<readonly CustomerRecord[]> {
  yield records
}

function clusterMap(recordIds: readonly string[], clusterOf: Int32Array): Map<string, string> {
  return new Map(recordIds.map((id, i) => [id, String(clusterOf[i])]))
}

/** Resolves a labelled dataset and scores the result against its truth. */
export async function measureQuality(
  dataset: string,
  records: readonly CustomerRecord[],
  truth: ReadonlyMap<string, string>,
  options: BatchOptions = {},
): Promise<QualityRow & { result: BatchResult }> {
  const started = performance.now()
  const result = await resolveBatch(once(records), options)
  const seconds = (performance.now() - started) / 1000
  const evaluation = evaluateClustering(truth, clusterMap(result.recordIds, result.clustering.clusterOf))
  const components = connectedComponents(result.table.size, selectLinks(result.model, result.candidates, result.scores))
  return {
    dataset,
    records: records.length,
    candidatePairs: result.candidates.count,
    seconds,
    evaluation,
    connectedComponents: evaluateClustering(truth, clusterMap(result.recordIds, components.clusterOf)),
    result,
  }
}

/** A public benchmark dataset, resolved and scored. */
export async function measurePublicDataset(name: PublicDatasetName, options: BatchOptions = {}) {
  const { records, truth } = await loadDataset(name)
  return measureQuality(name, records, truth, options)
}

/** A generated omnichannel dataset, resolved and scored. */
export async function measureGenerated(persons: number, seed: number, profile: ProfileName, options: BatchOptions = {}) {
  const dataset = generateDataset({ persons, seed, profile })
  const truth = new Map(dataset.truth.map((row) => [row.record_id, row.person_id]))
  return measureQuality(`generated ${profile} (${persons.toLocaleString('en-US')} persons, seed ${seed})`, dataset.records, truth, options)
}
