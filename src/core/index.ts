/**
 * @module core — pure matching logic: normalise, compare, score, block, train, cluster, explain,
 * evaluate. No I/O, no clock, no randomness unless injected: same input and seed, same output.
 * (libphonenumber-js is the one runtime dependency: phone numbering plans are not ours to keep.)
 */
export * from './errors.js'
export * from './result.js'
export * from './random.js'
export * from './ids.js'
export * from './record/customer-record.js'
export * from './normalise/normalised-record.js'
export { normaliseRecord } from './normalise/normalise-record.js'
export * from './model/feature-table.js'
export * from './model/comparison.js'
export * from './model/comparison-library.js'
export * from './model/model.js'
export * from './model/model-json.js'
export { createPairScorer, scorePairProbability, type PairScorer, type PairScorerOptions } from './model/score.js'
export * from './blocking/blocking-rule.js'
export * from './blocking/candidate-pairs.js'
export * from './training/expectation-maximisation.js'
export * from './training/estimate-u.js'
export * from './training/comparison-patterns.js'
export * from './training/train-model.js'
export * from './cluster/cluster.js'
export * from './explain/explain-pair.js'
export * from './evaluate/evaluate-clustering.js'
export * from './evaluate/evaluate-pairs.js'
export * from './model/guards.js'
