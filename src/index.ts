/**
 * @module tessera — the programmatic API: a short, chosen list. Resolve a file of customer
 * records in batch, train and explain the match model, evaluate against a truth, and generate
 * synthetic omnichannel data for tests and demos.
 */
export {
  resolveBatch,
  trainBatch,
  readRecords,
  writeResolutionCsv,
  type BatchOptions,
  type BatchResult,
  type TrainResult,
} from './engine/index.js'
export {
  createPairScorer,
  explainPair,
  formatExplanation,
  defaultComparisons,
  defaultBlockingRules,
  blockOn,
  loadModel,
  saveModel,
  evaluateClustering,
  normaliseRecord,
  IdentityError,
  type CustomerRecord,
  type Model,
  type ClusteringEvaluation,
} from './core/index.js'
export { loadConfig, type Config } from './config/index.js'
export { generateDataset, type GenerateOptions } from './synthetic/index.js'
