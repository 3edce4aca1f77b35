/** A list of record pairs scored against the true entities. */
export interface PairsEvaluation {
  /** Distinct pairs of two different records that both appear in the truth. */
  pairsEvaluated: number
  /** Pairs given more than once, in either order; each counted once. */
  duplicatePairs: number
  /** Pairs of a record with itself; ignored. */
  selfPairs: number
  /** Pairs naming a record_id the truth lacks; ignored. */
  unknownRecordPairs: number
  /** Unordered record pairs in the same true entity, over the whole truth. */
  truePairs: number
  /** Evaluated pairs whose records share a true entity. */
  truePositivePairs: number
  /** Evaluated pairs whose records belong to different true entities. */
  falsePositivePairs: number
  /** truePositivePairs / pairsEvaluated; 1 when no pair was evaluated. */
  precision: number
  /** truePositivePairs / truePairs; 1 when the truth has no pairs. */
  recall: number
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number
}

/**
 * Scores a list of record pairs (a baseline's links, or blocking's candidate pairs, where recall
 * is the "pairs completeness") against true entities keyed by record_id. Pairs are deduplicated
 * whichever way round they are given; self-pairs and pairs naming unknown records are counted
 * and left out. Edge cases follow evaluateClustering: precision is 1 with no pairs, recall is 1
 * when the truth has no pairs.
 */
export function evaluatePairs(
  truth: ReadonlyMap<string, string>,
  pairs: Iterable<readonly [string, string]>,
): PairsEvaluation {
  const recordIndex = new Map<string, number>()
  const entitySizes = new Map<string, number>()
  for (const [recordId, entityId] of truth) {
    recordIndex.set(recordId, recordIndex.size)
    entitySizes.set(entityId, (entitySizes.get(entityId) ?? 0) + 1)
  }
  const recordCount = recordIndex.size

  // A pair of record indexes i < j is the number i * recordCount + j, which stays below 2^53
  // for any record count that fits in memory, so a Set of numbers dedupes without string keys.
  const seen = new Set<number>()
  let duplicatePairs = 0
  let selfPairs = 0
  let unknownRecordPairs = 0
  let truePositivePairs = 0
  for (const [left, right] of pairs) {
    if (left === right) {
      selfPairs++
      continue
    }
    const leftIndex = recordIndex.get(left)
    const rightIndex = recordIndex.get(right)
    if (leftIndex === undefined || rightIndex === undefined) {
      unknownRecordPairs++
      continue
    }
    const key =
      leftIndex < rightIndex
        ? leftIndex * recordCount + rightIndex
        : rightIndex * recordCount + leftIndex
    if (seen.has(key)) {
      duplicatePairs++
      continue
    }
    seen.add(key)
    if (truth.get(left) === truth.get(right)) truePositivePairs++
  }

  let truePairs = 0
  for (const size of entitySizes.values()) truePairs += (size * (size - 1)) / 2
  const pairsEvaluated = seen.size
  const precision = pairsEvaluated === 0 ? 1 : truePositivePairs / pairsEvaluated
  const recall = truePairs === 0 ? 1 : truePositivePairs / truePairs
  return {
    pairsEvaluated,
    duplicatePairs,
    selfPairs,
    unknownRecordPairs,
    truePairs,
    truePositivePairs,
    falsePositivePairs: pairsEvaluated - truePositivePairs,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  }
}
