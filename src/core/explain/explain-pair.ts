import { matchWeightToProbability, type Model } from '../model/model.js'
import { CONFLICT_KINDS, type ConflictKind, type PairScorer } from '../model/score.js'

export interface ComparisonExplanation {
  readonly comparison: string
  readonly level: string
  readonly levelIndex: number
  /** Bits this comparison adds (negative: evidence against). */
  readonly matchWeight: number
  readonly mProbability: number
  readonly uProbability: number
  /** True when the weight was adjusted for how common the shared value is. */
  readonly termFrequencyAdjusted: boolean
  /** True when agreeing names were scaled down to ModelSettings.maxNameEvidence together. */
  readonly namesCapped: boolean
}

/** Why a pair scored what it did: the prior plus one weight per comparison adds up to the total. */
export interface PairExplanation {
  readonly priorWeight: number
  readonly comparisons: readonly ComparisonExplanation[]
  readonly matchWeight: number
  readonly matchProbability: number
  readonly conflict: ConflictKind
}

/** Explains the score of the pair (i, j). */
export function explainPair(model: Model, scorer: PairScorer, i: number, j: number): PairExplanation {
  const levels = new Uint8Array(scorer.comparisonCount)
  scorer.levels(i, j, levels)
  const weights = new Float64Array(scorer.comparisonCount)
  const total = scorer.comparisonWeights(levels, i, weights)
  const parts = model.comparisons.map((trained, c) => {
    const level = trained.levels[levels[c]]
    const weight = weights[c]
    return {
      comparison: trained.definition.name,
      level: level.label,
      levelIndex: levels[c],
      matchWeight: weight,
      mProbability: level.mProbability,
      uProbability: level.uProbability,
      termFrequencyAdjusted: scorer.termFrequencies && level.tfFeature !== undefined && !level.isNull,
      namesCapped: weight !== scorer.levelWeight(c, levels[c], i),
    }
  })
  return {
    priorWeight: scorer.priorWeight,
    comparisons: parts,
    matchWeight: total,
    matchProbability: matchWeightToProbability(total),
    conflict: CONFLICT_KINDS[scorer.conflict(i, j)],
  }
}

/** A readable, aligned table of an explanation. */
export function formatExplanation(explanation: PairExplanation): string {
  const rows = [
    ['prior', '', explanation.priorWeight],
    ...explanation.comparisons.map((part) => [
      part.comparison,
      part.level + (part.termFrequencyAdjusted ? ' (tf)' : '') + (part.namesCapped ? ' (names capped)' : ''),
      part.matchWeight,
    ]),
  ] as [string, string, number][]
  const width = Math.max(...rows.map((r) => r[0].length))
  const levelWidth = Math.max(...rows.map((r) => r[1].length))
  const lines = rows.map(
    ([name, level, weight]) =>
      `  ${name.padEnd(width)}  ${level.padEnd(levelWidth)}  ${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`,
  )
  lines.push(`  ${'total'.padEnd(width)}  ${''.padEnd(levelWidth)}  ${explanation.matchWeight >= 0 ? '+' : ''}${explanation.matchWeight.toFixed(2)} bits → probability ${explanation.matchProbability.toFixed(4)}`)
  if (explanation.conflict !== 'none') lines.push(`  cannot-link: conflicting ${explanation.conflict.replace('_', ' ')}`)
  return lines.join('\n')
}
