import { measureGenerated, measurePublicDataset, type QualityRow } from './quality.js'
import { PUBLIC_DATASET_NAMES, type PublicDatasetName } from './public-datasets.js'

/**
 * `npm run quality [-- febrl1 febrl2 febrl3 febrl4 fake_1000 historical_50k standard hard]`: one line of quality
 * figures per dataset, for tuning. SEED picks the generated seed; SETTINGS and BLOCKING take JSON
 * overrides of the model settings and blocking options, e.g. SETTINGS='{"matchThreshold":0.99}'.
 */
const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : [...PUBLIC_DATASET_NAMES, 'standard', 'hard']
const f = (x: number) => x.toFixed(4)
const options = {
  ...(process.env.SETTINGS ? { settings: JSON.parse(process.env.SETTINGS) } : {}),
  ...(process.env.BLOCKING ? { blocking: JSON.parse(process.env.BLOCKING) } : {}),
}
for (const name of names) {
  const row: QualityRow & { result: { model: { settings: unknown }; clusteringStats: unknown } } = (PUBLIC_DATASET_NAMES as readonly string[]).includes(name)
    ? await measurePublicDataset(name as PublicDatasetName, options)
    : await measureGenerated(10_000, Number(process.env.SEED ?? 7), name as 'standard' | 'hard', options)
  const e = row.evaluation
  const c = row.connectedComponents
  process.stdout.write(
    `${row.dataset}: P ${f(e.pairwisePrecision)} R ${f(e.pairwiseRecall)} F1 ${f(e.pairwiseF1)} | over-merged ${e.overMergedClusters} split ${e.splitEntities} largest ${e.largestPredictedCluster} | CC F1 ${f(c.pairwiseF1)} P ${f(c.pairwisePrecision)} over-merged ${c.overMergedClusters} largest ${c.largestPredictedCluster} | pairs ${row.candidatePairs} ${row.seconds.toFixed(1)}s\n`,
  )
  if (process.env.VERBOSE) process.stdout.write(`${JSON.stringify(row.result.clusteringStats)}\n`)
}
