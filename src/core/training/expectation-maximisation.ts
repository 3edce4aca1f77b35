import type { ComparisonPatterns } from './comparison-patterns.js'

export const DEFAULT_EM_MAX_ITERATIONS = 40
export const EM_CONVERGENCE_THRESHOLD = 1e-5
/** No probability is allowed to reach 0: a single unseen level would otherwise veto a pair. */
export const MIN_PROBABILITY = 1e-6

export interface EmInput {
  readonly patterns: ComparisonPatterns
  /** m[c][level], starting values. */
  readonly m: readonly (readonly number[])[]
  /** u[c][level], held fixed (estimated from random pairs, as Splink does). */
  readonly u: readonly (readonly number[])[]
  /** Comparisons to estimate; the others are ignored in this round (blocked on). */
  readonly active: readonly boolean[]
  /** λ inside the blocked pairs, starting value. */
  readonly lambda: number
  readonly maxIterations?: number
}

export interface EmResult {
  readonly m: number[][]
  readonly lambda: number
  readonly iterations: number
  readonly converged: boolean
}

/**
 * Expectation–maximisation for the m probabilities of a Fellegi–Sunter model with u fixed
 * (Winkler 1988; Splink's training.estimate_parameters_using_expectation_maximisation).
 * E-step: P(match | γ) = λ∏m / (λ∏m + (1−λ)∏u) over active comparisons.
 * M-step: m[c][l] = Σ P(match|γ)·[γc = l] / Σ P(match|γ)·[γc ≠ null]; λ = mean P(match|γ).
 * The null level (index 0) carries no evidence and is left out of both sums.
 */
export function runExpectationMaximisation(input: EmInput): EmResult {
  const { patterns, u, active } = input
  const c = patterns.comparisonCount
  const maxIterations = input.maxIterations ?? DEFAULT_EM_MAX_ITERATIONS
  let m = input.m.map((levels) => [...levels])
  let lambda = input.lambda
  const logRatio: Float64Array[] = []
  const posterior = new Float64Array(patterns.patternCount)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations += 1
    for (let k = 0; k < c; k++) {
      logRatio[k] = Float64Array.from(m[k].map((mk, l) => (l === 0 ? 0 : Math.log(mk / u[k][l]))))
    }
    const priorLog = Math.log(lambda / (1 - lambda))
    let matchMass = 0
    let totalMass = 0
    for (let p = 0; p < patterns.patternCount; p++) {
      let w = priorLog
      const row = p * c
      for (let k = 0; k < c; k++) if (active[k]) w += logRatio[k][patterns.levels[row + k]]
      const post = w > 700 ? 1 : w < -700 ? 0 : 1 / (1 + Math.exp(-w))
      posterior[p] = post
      matchMass += post * patterns.counts[p]
      totalMass += patterns.counts[p]
    }
    const next = m.map((levels) => new Array<number>(levels.length).fill(0))
    for (let p = 0; p < patterns.patternCount; p++) {
      const mass = posterior[p] * patterns.counts[p]
      const row = p * c
      for (let k = 0; k < c; k++) next[k][patterns.levels[row + k]] += mass
    }
    let change = 0
    for (let k = 0; k < c; k++) {
      if (!active[k]) {
        next[k] = [...m[k]]
        continue
      }
      const nonNull = next[k].reduce((sum, value, l) => (l === 0 ? sum : sum + value), 0)
      if (nonNull <= 0) {
        next[k] = [...m[k]]
        continue
      }
      next[k] = normaliseLevels(next[k].map((value, l) => (l === 0 ? 1 : value / nonNull)))
      for (let l = 1; l < next[k].length; l++) change = Math.max(change, Math.abs(next[k][l] - m[k][l]))
    }
    const nextLambda = Math.min(1 - MIN_PROBABILITY, Math.max(MIN_PROBABILITY, matchMass / totalMass))
    change = Math.max(change, Math.abs(nextLambda - lambda))
    m = next
    lambda = nextLambda
    if (change < EM_CONVERGENCE_THRESHOLD) {
      converged = true
      break
    }
  }
  return { m, lambda, iterations, converged }
}

/** Floors every non-null level at MIN_PROBABILITY and renormalises them to sum to 1 (null stays 1). */
export function normaliseLevels(levels: readonly number[]): number[] {
  const floored = levels.map((value, l) => (l === 0 ? 1 : Math.max(MIN_PROBABILITY, value)))
  const total = floored.reduce((sum, value, l) => (l === 0 ? sum : sum + value), 0)
  return floored.map((value, l) => (l === 0 ? 1 : value / total))
}
