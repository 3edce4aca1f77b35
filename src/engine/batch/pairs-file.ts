import { CONFLICT_KINDS, createPairScorer, matchWeightToProbability, probabilityToMatchWeight } from '../../core/index.js'
import { writeCsvAtomically } from '../io/write-output.js'
import type { BatchResult } from './resolve-batch.js'

/**
 * Writes the scored candidate pairs at or above a probability, each with its explanation:
 * the level and weight of every comparison, which add up (with the prior) to match_weight.
 */
export async function writePairsFile(path: string, result: BatchResult, minProbability: number): Promise<{ rows: number }> {
  const { model, table, candidates, scores, recordIds, clustering } = result
  const scorer = createPairScorer(model, table)
  const header = [
    'record_id_left',
    'record_id_right',
    'blocking_rule',
    'match_weight',
    'match_probability',
    'cannot_link',
    'same_customer',
    'prior_weight',
    ...model.comparisons.flatMap((c) => [`${c.definition.name}_level`, `${c.definition.name}_weight`]),
  ]
  const minWeight = minProbability <= 0 ? -Infinity : probabilityToMatchWeight(minProbability)
  const usedRules = result.blocking.rules.filter((r) => r.skipped === undefined).map((r) => r.rule)
  const levels = new Uint8Array(scorer.comparisonCount)
  const weights = new Float64Array(scorer.comparisonCount)
  function* rows(): Generator<string[]> {
    for (let p = 0; p < candidates.count; p++) {
      const weight = scores.weights[p]
      if (weight < minWeight) continue
      const i = candidates.left[p]
      const j = candidates.right[p]
      scorer.levels(i, j, levels)
      scorer.comparisonWeights(levels, i, weights)
      const parts: string[] = []
      for (let c = 0; c < scorer.comparisonCount; c++) {
        parts.push(model.comparisons[c].levels[levels[c]].label, weights[c].toFixed(3))
      }
      yield [
        recordIds[i],
        recordIds[j],
        usedRules[candidates.rule[p]] ?? '',
        weight.toFixed(3),
        matchWeightToProbability(weight).toFixed(6),
        CONFLICT_KINDS[scores.conflicts[p]] === 'none' ? '' : CONFLICT_KINDS[scores.conflicts[p]],
        clustering.clusterOf[i] === clustering.clusterOf[j] ? '1' : '0',
        scorer.priorWeight.toFixed(3),
        ...parts,
      ]
    }
  }
  return writeCsvAtomically(path, header, rows())
}
