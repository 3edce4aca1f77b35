import { InputError } from '../errors.js'

/** How many missing record_ids an evaluation lists by name, so a user can see why they differ. */
const MISSING_SAMPLE_SIZE = 10

/**
 * A predicted clustering scored against the truth. Every figure is computed on the records
 * present in both maps; records on one side only are counted and sampled, never scored.
 */
export interface ClusteringEvaluation {
  /** Records present in both truth and predicted. */
  recordsEvaluated: number
  /** Records in the truth that the prediction lacks. */
  missingFromPredicted: number
  /** Records in the prediction that the truth lacks. */
  missingFromTruth: number
  /** The first record_ids (at most 10, in input order) missing from the prediction. */
  missingFromPredictedSample: string[]
  /** The first record_ids (at most 10, in input order) missing from the truth. */
  missingFromTruthSample: string[]
  /** Unordered record pairs in the same true entity. */
  truePairs: number
  /** Unordered record pairs in the same predicted cluster. */
  predictedPairs: number
  /** Pairs both predicted and true. */
  truePositivePairs: number
  /** truePositivePairs / predictedPairs; 1 when nothing was linked. */
  pairwisePrecision: number
  /** truePositivePairs / truePairs; 1 when no two records share an entity. */
  pairwiseRecall: number
  /** Harmonic mean of pairwise precision and recall; 0 when both are 0. */
  pairwiseF1: number
  /** Mean over records of |cluster ∩ entity| / |cluster|. */
  bCubedPrecision: number
  /** Mean over records of |cluster ∩ entity| / |entity|. */
  bCubedRecall: number
  /** Harmonic mean of B-cubed precision and recall. */
  bCubedF1: number
  /** Distinct true entities. */
  trueEntities: number
  /** Distinct predicted clusters. */
  predictedClusters: number
  /** Predicted clusters holding records of more than one true entity. */
  overMergedClusters: number
  /** True entities whose records are spread over more than one predicted cluster. */
  splitEntities: number
  /** Records in the largest true entity. */
  largestTrueCluster: number
  /** Records in the largest predicted cluster. */
  largestPredictedCluster: number
}

/**
 * Scores a predicted clustering against the truth with pairwise and B-cubed precision, recall
 * and F1, plus cluster-level counts. Both maps go from record_id to an entity (truth) or cluster
 * (predicted) id; only records in both are scored.
 *
 * Conventions (as in the `er-evaluation` package of Binette et al., which scores entity
 * resolution on the inner join of the two clusterings): pairwise precision is 1 when no pair was
 * predicted (no false links were made), pairwise recall is 1 when the truth has no pairs (there
 * was nothing to find), and F1 is 0 when precision and recall are both 0. B-cubed is always
 * defined because every record shares a cluster with itself. B-cubed averages over records
 * (Bagga & Baldwin, 1998; Amigó et al., 2009), not over entities.
 *
 * Runs in O(n log n) on a contingency table of (entity, cluster) counts, never enumerating
 * pairs; 1,000,000 records take about a second, most of it in map lookups.
 *
 * Throws InputError ERR_EVAL_NO_COMMON_RECORDS when the two maps share no record_id.
 */
export function evaluateClustering(
  truth: ReadonlyMap<string, string>,
  predicted: ReadonlyMap<string, string>,
): ClusteringEvaluation {
  const entityIndex = new Map<string, number>()
  const clusterIndex = new Map<string, number>()
  const capacity = Math.min(truth.size, predicted.size)
  const entityOf = new Int32Array(capacity)
  const clusterOf = new Int32Array(capacity)
  let recordsEvaluated = 0
  let missingFromPredicted = 0
  const missingFromPredictedSample: string[] = []

  for (const [recordId, entityId] of truth) {
    const clusterId = predicted.get(recordId)
    if (clusterId === undefined) {
      missingFromPredicted++
      if (missingFromPredictedSample.length < MISSING_SAMPLE_SIZE) {
        missingFromPredictedSample.push(recordId)
      }
      continue
    }
    let entity = entityIndex.get(entityId)
    if (entity === undefined) {
      entity = entityIndex.size
      entityIndex.set(entityId, entity)
    }
    let cluster = clusterIndex.get(clusterId)
    if (cluster === undefined) {
      cluster = clusterIndex.size
      clusterIndex.set(clusterId, cluster)
    }
    entityOf[recordsEvaluated] = entity
    clusterOf[recordsEvaluated] = cluster
    recordsEvaluated++
  }

  let missingFromTruth = 0
  const missingFromTruthSample: string[] = []
  for (const recordId of predicted.keys()) {
    if (truth.has(recordId)) continue
    missingFromTruth++
    if (missingFromTruthSample.length < MISSING_SAMPLE_SIZE) missingFromTruthSample.push(recordId)
  }

  if (recordsEvaluated === 0) {
    throw new InputError({
      code: 'ERR_EVAL_NO_COMMON_RECORDS',
      message:
        `the truth (size ${truth.size}) and the prediction (size ${predicted.size}) share no ` +
        'record_id; expected both to list the same records: check that both files come from ' +
        'the same input and use the same id column',
    })
  }

  const entityCount = entityIndex.size
  const clusterCount = clusterIndex.size
  const entitySize = new Float64Array(entityCount)
  const clusterSize = new Float64Array(clusterCount)
  // One number per record encodes its contingency cell; it stays below 2^53 because both
  // factors are at most the record count, so sorting groups equal cells exactly.
  const cells = new Float64Array(recordsEvaluated)
  for (let i = 0; i < recordsEvaluated; i++) {
    const entity = entityOf[i]
    const cluster = clusterOf[i]
    entitySize[entity]++
    clusterSize[cluster]++
    cells[i] = entity * clusterCount + cluster
  }
  cells.sort()

  const cellsPerEntity = new Int32Array(entityCount)
  const cellsPerCluster = new Int32Array(clusterCount)
  let truePositivePairs = 0
  let bCubedPrecisionSum = 0
  let bCubedRecallSum = 0
  for (let start = 0; start < recordsEvaluated;) {
    const cell = cells[start]
    let end = start + 1
    while (end < recordsEvaluated && cells[end] === cell) end++
    const count = end - start
    const entity = Math.floor(cell / clusterCount)
    const cluster = cell - entity * clusterCount
    truePositivePairs += pairsIn(count)
    cellsPerEntity[entity]++
    cellsPerCluster[cluster]++
    // Each of the `count` records in this cell has precision count / |cluster| and recall
    // count / |entity|, so the cell adds count² / size to the per-record sums.
    bCubedPrecisionSum += (count * count) / clusterSize[cluster]
    bCubedRecallSum += (count * count) / entitySize[entity]
    start = end
  }

  let truePairs = 0
  let largestTrueCluster = 0
  let splitEntities = 0
  for (let entity = 0; entity < entityCount; entity++) {
    truePairs += pairsIn(entitySize[entity])
    largestTrueCluster = Math.max(largestTrueCluster, entitySize[entity])
    if (cellsPerEntity[entity] > 1) splitEntities++
  }
  let predictedPairs = 0
  let largestPredictedCluster = 0
  let overMergedClusters = 0
  for (let cluster = 0; cluster < clusterCount; cluster++) {
    predictedPairs += pairsIn(clusterSize[cluster])
    largestPredictedCluster = Math.max(largestPredictedCluster, clusterSize[cluster])
    if (cellsPerCluster[cluster] > 1) overMergedClusters++
  }

  const pairwisePrecision = predictedPairs === 0 ? 1 : truePositivePairs / predictedPairs
  const pairwiseRecall = truePairs === 0 ? 1 : truePositivePairs / truePairs
  const bCubedPrecision = bCubedPrecisionSum / recordsEvaluated
  const bCubedRecall = bCubedRecallSum / recordsEvaluated

  return {
    recordsEvaluated,
    missingFromPredicted,
    missingFromTruth,
    missingFromPredictedSample,
    missingFromTruthSample,
    truePairs,
    predictedPairs,
    truePositivePairs,
    pairwisePrecision,
    pairwiseRecall,
    pairwiseF1: f1(pairwisePrecision, pairwiseRecall),
    bCubedPrecision,
    bCubedRecall,
    bCubedF1: f1(bCubedPrecision, bCubedRecall),
    trueEntities: entityCount,
    predictedClusters: clusterCount,
    overMergedClusters,
    splitEntities,
    largestTrueCluster,
    largestPredictedCluster,
  }
}

// C(n, 2): unordered pairs among n records.
const pairsIn = (n: number): number => (n * (n - 1)) / 2

const f1 = (precision: number, recall: number): number =>
  precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
