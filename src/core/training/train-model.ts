import { blockingRuleName, blockOn, type BlockingRule } from '../blocking/blocking-rule.js'
import { sampleRulePairs } from '../blocking/candidate-pairs.js'
import type { FeatureName, FeatureTable } from '../model/feature-table.js'
import { comparisonRole } from '../model/comparison.js'
import { modelComparisons, type Model, type TrainedComparison } from '../model/model.js'
import type { Random } from '../random.js'
import { collectPatterns, type ComparisonPatterns } from './comparison-patterns.js'
import { sampleRandomPairs, uFromPatterns } from './estimate-u.js'
import {
  MIN_PROBABILITY,
  normaliseLevels,
  runExpectationMaximisation,
} from './expectation-maximisation.js'

export interface TrainingOptions {
  readonly random: Random
  /** Recorded in the model for reproducibility. */
  readonly seed: number
  readonly uSamplePairs: number
  /** One EM round per rule; each round leaves out the comparisons that read the rule's features. */
  readonly emBlockingRules: readonly BlockingRule[]
  readonly emMaxPairsPerRound: number
  /** Rounds with fewer pairs than this are skipped: too few to estimate anything. */
  readonly emMinPairsPerRound: number
  readonly maxBlockSize: number
  /** Candidate pairs used to estimate the prior (a sample is drawn from them). */
  readonly candidatePairs?: { left: Int32Array; right: Int32Array; count: number }
  readonly priorSamplePairs: number
  /** Optional clerical labels: m is then estimated from the labelled matches directly. */
  readonly labelledPairs?: readonly { i: number; j: number; isMatch: boolean }[]
}

const CONTACT_FEATURES = new Set<FeatureName>([
  'email',
  'email_local',
  'email_domain',
  'phone',
  'street',
  'house_number',
  'postcode',
  'city',
  'loyalty_card',
])

export const DEFAULT_TRAINING_OPTIONS = {
  uSamplePairs: 1_000_000,
  emMaxPairsPerRound: 400_000,
  emMinPairsPerRound: 200,
  priorSamplePairs: 1_000_000,
  maxBlockSize: 500,
} as const

/** Rules for the EM rounds: each must carry many true pairs and leave other comparisons free. */
export function defaultEmBlockingRules(): BlockingRule[] {
  return [
    blockOn('email'),
    blockOn('phone'),
    blockOn('birth_date'),
    blockOn('name_key'),
    blockOn('postcode', 'last_name_first_token'),
  ]
}

/** Record pairs as two parallel arrays of record indexes. */
export interface PairSample {
  readonly left: Int32Array
  readonly right: Int32Array
  readonly count: number
}

/**
 * The pairs training compares, drawn before any is compared, in the order one pass would draw
 * them. Why split drawing from comparing: comparing the few million sampled pairs is most of
 * the training time, and needs no randomness, so the engine can spread it over threads while
 * the result stays the same as trainModel's.
 */
export interface TrainingSamples {
  /** Random pairs, for u. */
  readonly u: PairSample
  /** One sample per EM blocking rule, in order; none when labelled pairs are given. */
  readonly em: readonly { readonly rule: BlockingRule; readonly pairs: PairSample }[]
  /** Candidate pairs for the prior, when candidate pairs were given. */
  readonly prior: PairSample | undefined
}

/** The comparison patterns of TrainingSamples, sample by sample. */
export interface TrainingPatterns {
  readonly u: ComparisonPatterns
  /** undefined for a round with fewer pairs than emMinPairsPerRound: it is skipped. */
  readonly em: readonly (ComparisonPatterns | undefined)[]
  readonly prior: ComparisonPatterns | undefined
}

const hasLabels = (options: TrainingOptions): boolean =>
  options.labelledPairs !== undefined && options.labelledPairs.length > 0

/** Draws every pair sample training needs; consumes options.random as trainModel does. */
export function drawTrainingSamples(
  table: FeatureTable,
  options: TrainingOptions,
): TrainingSamples {
  const u = sampleRandomPairs(table.size, options.uSamplePairs, options.random)
  const em = hasLabels(options)
    ? []
    : options.emBlockingRules.map((rule) => ({
        rule,
        pairs: sampleRulePairs(
          table,
          rule,
          options.emMaxPairsPerRound,
          options.maxBlockSize,
          options.random,
        ),
      }))
  const prior =
    options.candidatePairs !== undefined && options.candidatePairs.count > 0
      ? samplePriorPairs(options.candidatePairs, options.priorSamplePairs, options.random)
      : undefined
  return { u, em, prior }
}

/** True when an EM round has enough pairs to be run (its patterns are then needed). */
export function emRoundIsUsed(
  pairs: PairSample,
  options: Pick<TrainingOptions, 'emMinPairsPerRound'>,
): boolean {
  return pairs.count >= options.emMinPairsPerRound
}

/**
 * Trains a model on a feature table, unsupervised: u by random sampling, m by EM on blocked
 * pairs (rounds averaged), then the prior. Deterministic for a given random. Returns a new model.
 */
export function trainModel(model: Model, table: FeatureTable, options: TrainingOptions): Model {
  const samples = drawTrainingSamples(table, options)
  const comparators = modelComparisons(model).map((c) => c.bind(table))
  const collect = (pairs: PairSample) =>
    collectPatterns(comparators, pairs.left, pairs.right, pairs.count)
  return trainModelFromPatterns(model, table, options, samples, {
    u: collect(samples.u),
    em: samples.em.map(({ pairs }) => (emRoundIsUsed(pairs, options) ? collect(pairs) : undefined)),
    prior: samples.prior === undefined ? undefined : collect(samples.prior),
  })
}

/**
 * The second half of trainModel: the model trained from the comparison patterns of samples
 * drawn by drawTrainingSamples with the same options. Returns a new model.
 */
export function trainModelFromPatterns(
  model: Model,
  table: FeatureTable,
  options: TrainingOptions,
  samples: TrainingSamples,
  patterns: TrainingPatterns,
): Model {
  const comparisons = modelComparisons(model)
  const levelCounts = comparisons.map((c) => c.levels.length)
  const u = uFromPatterns(patterns.u, levelCounts)
  const sampledPairs = samples.u.count

  const startM = model.comparisons.map((c) => c.levels.map((level) => level.mProbability))
  const sums = startM.map((levels) => new Array<number>(levels.length).fill(0))
  const rounds = new Array<number>(comparisons.length).fill(0)
  const emRounds: { blockingRule: string; pairs: number; iterations: number; lambda: number }[] = []

  if (hasLabels(options)) {
    const comparators = comparisons.map((c) => c.bind(table))
    const matches = options.labelledPairs!.filter((pair) => pair.isMatch)
    const counts = startM.map((levels) => new Array<number>(levels.length).fill(0))
    for (const pair of matches) {
      for (let c = 0; c < comparators.length; c++) counts[c][comparators[c](pair.i, pair.j)] += 1
    }
    for (let c = 0; c < comparators.length; c++) {
      const nonNull = counts[c].reduce((sum, v, l) => (l === 0 ? sum : sum + v), 0)
      if (nonNull === 0) continue
      sums[c] = normaliseLevels(counts[c].map((v, l) => (l === 0 ? 0 : (v + 0.5) / nonNull)))
      rounds[c] = 1
    }
  } else {
    samples.em.forEach(({ rule, pairs }, round) => {
      const roundPatterns = patterns.em[round]
      if (!emRoundIsUsed(pairs, options) || roundPatterns === undefined) {
        emRounds.push({
          blockingRule: blockingRuleName(rule),
          pairs: pairs.count,
          iterations: 0,
          lambda: 0,
        })
        return
      }
      // Households share contacts, so in pairs blocked on an email, phone or postcode the
      // 'match' class EM finds absorbs relatives: their given names and birth dates would
      // teach it that those often disagree within one person. Identity comparisons are
      // therefore estimated only in rounds blocked on identity fields.
      const blockedOnContact = rule.features.some((f) => CONTACT_FEATURES.has(f))
      const active = comparisons.map(
        (c) =>
          !c.features.some((f) => rule.features.includes(f)) &&
          !(blockedOnContact && comparisonRole(c.definition) === 'identity'),
      )
      const result = runExpectationMaximisation({
        patterns: roundPatterns,
        m: startM,
        u,
        active,
        lambda: 0.3,
      })
      emRounds.push({
        blockingRule: blockingRuleName(rule),
        pairs: pairs.count,
        iterations: result.iterations,
        lambda: result.lambda,
      })
      for (let c = 0; c < comparisons.length; c++) {
        if (!active[c]) continue
        for (let l = 0; l < sums[c].length; l++) sums[c][l] += result.m[c][l]
        rounds[c] += 1
      }
    })
  }

  const m = sums.map((levels, c) =>
    rounds[c] === 0 ? startM[c] : normaliseLevels(levels.map((v) => v / rounds[c])),
  )
  const trained: TrainedComparison[] = model.comparisons.map((comparison, c) => ({
    definition: comparison.definition,
    levels: comparison.levels.map((level, l) => ({
      ...level,
      mProbability: level.isNull ? 1 : m[c][l],
      uProbability: level.isNull ? 1 : u[c][l],
    })),
  }))

  let prior = model.probabilityTwoRandomRecordsMatch
  if (
    options.candidatePairs !== undefined &&
    options.candidatePairs.count > 0 &&
    patterns.prior !== undefined
  ) {
    prior = estimatePrior(patterns.prior, m, u, options.candidatePairs.count, table.size)
  }

  return {
    ...model,
    comparisons: trained,
    probabilityTwoRandomRecordsMatch: prior,
    training: {
      records: table.size,
      seed: options.seed,
      uSampledPairs: sampledPairs,
      emRounds,
      ...(options.labelledPairs === undefined
        ? {}
        : { labelledPairs: options.labelledPairs.length }),
    },
  }
}

/**
 * The candidate pairs the prior is estimated on: all of them, or maxPairs drawn at random (one
 * draw of `random` each) when there are more. drawTrainingSamples draws this sample last, so a
 * caller may draw the others before blocking and this one after, with the same result.
 */
export function samplePriorPairs(
  pairs: { left: Int32Array; right: Int32Array; count: number },
  maxPairs: number,
  random: Random,
): { left: Int32Array; right: Int32Array; count: number } {
  if (pairs.count <= maxPairs) return pairs
  const left = new Int32Array(maxPairs)
  const right = new Int32Array(maxPairs)
  for (let k = 0; k < maxPairs; k++) {
    const p = Math.floor(random() * pairs.count)
    left[k] = pairs.left[p]
    right[k] = pairs.right[p]
  }
  return { left, right, count: maxPairs }
}

/**
 * The prior λ = P(two random records match), as the fixed point of
 * λ = (candidate pairs / all pairs) · mean over candidates of P(match | γ, λ),
 * i.e. EM for λ alone with m and u held, assuming pairs outside the blocks do not match
 * (blocking recall close to 1). Why not EM's in-block λ: it describes the blocked pairs, not
 * the population, and the in-block non-matches agree far more often than random pairs.
 */
export function estimatePrior(
  patterns: ComparisonPatterns,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  candidatePairCount: number,
  recordCount: number,
): number {
  const totalPairs = (recordCount * (recordCount - 1)) / 2
  const share = candidatePairCount / totalPairs
  const c = patterns.comparisonCount
  const evidence = new Float64Array(patterns.patternCount)
  for (let p = 0; p < patterns.patternCount; p++) {
    let w = 0
    for (let k = 0; k < c; k++) {
      const level = patterns.levels[p * c + k]
      if (level !== 0) w += Math.log(m[k][level] / u[k][level])
    }
    evidence[p] = w
  }
  let lambda = Math.min(0.5, Math.max(MIN_PROBABILITY * MIN_PROBABILITY, share * 0.1))
  for (let iteration = 0; iteration < 100; iteration++) {
    const priorLog = Math.log(lambda / (1 - lambda))
    let mass = 0
    for (let p = 0; p < patterns.patternCount; p++) {
      const w = priorLog + evidence[p]
      const post = w > 700 ? 1 : w < -700 ? 0 : 1 / (1 + Math.exp(-w))
      mass += post * patterns.counts[p]
    }
    const next = Math.min(0.5, Math.max(1e-12, (share * mass) / patterns.pairCount))
    if (Math.abs(next - lambda) <= lambda * 1e-6) {
      lambda = next
      break
    }
    lambda = next
  }
  return lambda
}
