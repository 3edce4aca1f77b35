import { availableParallelism } from 'node:os'
import {
  clusterRecords,
  concatFeatureTables,
  createIdFactory,
  createPairScorer,
  createUntrainedModel,
  DEFAULT_BLOCKING_OPTIONS,
  DEFAULT_MAX_CLUSTER_SIZE,
  DEFAULT_MODEL_SETTINGS,
  DEFAULT_TRAINING_OPTIONS,
  defaultBlockingRules,
  defaultComparisons,
  defaultEmBlockingRules,
  drawTrainingSamples,
  emRoundIsUsed,
  samplePriorPairs,
  FEATURE_NAMES,
  generateCandidatePairs,
  collectPatterns,
  CONFLICT_HARDNESS,
  isGivenNameConflict,
  provesDifferentPeople,
  ID_PREFIXES,
  InputError,
  mergePatterns,
  modelComparisons,
  mulberry32,
  probabilityToMatchWeight,
  trainModelFromPatterns,
  type BlockingOptions,
  type BlockingReport,
  type BlockingRule,
  type CandidatePairs,
  type Clustering,
  type ComparisonPatterns,
  type FeatureColumn,
  type FeatureName,
  type Links,
  type ClusteringStats,
  type PairDecisions,
  type CustomerRecord,
  type FeatureTable,
  type Model,
  type ModelSettings,
  type PairSample,
  type Random,
  type TrainingOptions,
  type TrainingPatterns,
} from '../../core/index.js'
import {
  createChunkScorer,
  dominantCountries,
  normaliseChunk,
  type ScoredChunk,
} from './batch-tasks.js'
import { cachedPairEvidence } from './cached-pair-evidence.js'
import { WorkerPool, workersAvailable } from './worker-pool.js'

export const BATCH_STAGES = ['read', 'normalise', 'block', 'train', 'score', 'cluster'] as const
export type BatchStage = (typeof BATCH_STAGES)[number]

export interface ProgressEvent {
  readonly stage: BatchStage
  readonly done: number
  /** Unknown while reading a stream. */
  readonly total?: number
}

export interface LabelledRecordPair {
  readonly left: string
  readonly right: string
  readonly isMatch: boolean
}

export interface BatchOptions {
  /** Use this trained model; without one, the model is trained on the input. */
  readonly model?: Model
  readonly settings?: Partial<ModelSettings>
  readonly blockingRules?: readonly BlockingRule[]
  readonly blocking?: Partial<BlockingOptions>
  readonly seed?: number
  readonly labelledPairs?: readonly LabelledRecordPair[]
  readonly defaultCountry?: string
  /** Countries tried for phones of records without a country; default: the file's own. */
  readonly fallbackCountries?: readonly string[]
  /** Worker threads for normalising and scoring; 0 runs everything in this thread. */
  readonly workers?: number
  readonly maxClusterSize?: number
  readonly clock?: () => number
  /** Randomness for the ids minted (not for training, which uses the seed). */
  readonly idRandom?: Random
  /**
   * Match probability below which a candidate pair need not be scored exactly: its weight in
   * `scores` may then be only an upper bound below this floor, and its cannot-link code is not
   * evaluated (0). Links do not change (the floor is capped at the match threshold); only
   * consumers of low scores (a pairs file with a lower cut-off) need a lower floor. Default 0:
   * every pair is scored exactly. A floor at the threshold makes scoring about three times faster.
   */
  readonly scoreFloor?: number
  /**
   * Decisions people took (exported by `tessera export --labels`): must-links (isMatch) join
   * their records, cannot-links keep them apart, whatever the model says. Pairs naming a record
   * that is not in the input are skipped and counted in `decisionsSkipped`.
   */
  readonly decisions?: readonly LabelledRecordPair[]
  readonly onProgress?: (event: ProgressEvent) => void
}

export interface StageTiming {
  readonly stage: BatchStage
  readonly seconds: number
}

export interface BatchResult {
  readonly recordIds: readonly string[]
  /** customerIds[i] is the customer of record i. */
  readonly customerIds: readonly string[]
  readonly clustering: Clustering
  readonly model: Model
  readonly table: FeatureTable
  readonly candidates: CandidatePairs
  readonly scores: ScoredChunk
  readonly blocking: BlockingReport
  readonly clusteringStats: ClusteringStats
  /** Decisions given that named a record not in the input (skipped). */
  readonly decisionsSkipped: number
  readonly timings: readonly StageTiming[]
}

export const DEFAULT_SEED = 42
const NORMALISE_CHUNK_RECORDS = 20_000
const SCORE_CHUNK_PAIRS = 250_000
/** Training samples are compared on the workers in slices of this many pairs. */
const TRAINING_CHUNK_PAIRS = 100_000

function defaultWorkerCount(): number {
  return workersAvailable() ? Math.min(4, availableParallelism()) : 0
}

interface Stages {
  readonly pool: WorkerPool | undefined
  /** Settles once every worker holds the feature table. */
  tableLoaded: Promise<unknown>
  readonly progress: (event: ProgressEvent) => void
  readonly timings: StageTiming[]
  /** Records the time since the previous stage ended, less `alreadyCounted` seconds. */
  endStage(stage: BatchStage, alreadyCounted?: number): void
}

function openStages(options: BatchOptions): Stages {
  const workers = options.workers ?? defaultWorkerCount()
  const pool = workers > 0 && workersAvailable() ? new WorkerPool(workers) : undefined
  const timings: StageTiming[] = []
  let stageStart = performance.now()
  return {
    pool,
    tableLoaded: Promise.resolve(),
    progress: options.onProgress ?? (() => undefined),
    timings,
    endStage(stage, alreadyCounted = 0) {
      const now = performance.now()
      timings.push({ stage, seconds: Math.max(0, (now - stageStart) / 1000 - alreadyCounted) })
      stageStart = now
    },
  }
}

/** Reads the input and normalises it into a feature table; normalising overlaps with reading. */
async function readAndNormalise(
  input: AsyncIterable<readonly CustomerRecord[]>,
  options: BatchOptions,
  stages: Stages,
): Promise<{ recordIds: string[]; table: FeatureTable }> {
  const { pool, progress } = stages
  const recordIds: string[] = []
  const pendingTables: Promise<FeatureTable>[] = []
  let chunk: CustomerRecord[] = []
  let readStart = performance.now()
  let readSeconds = 0
  // Phones of records without a country are read with the file's own countries, taken from
  // the first chunk so that every later chunk uses the same list (deterministic).
  let fallbackCountries: readonly string[] | undefined = options.fallbackCountries
  const flush = () => {
    if (chunk.length === 0) return
    const records = chunk
    chunk = []
    fallbackCountries ??= dominantCountries(records)
    pendingTables.push(
      pool === undefined
        ? Promise.resolve(normaliseChunk(records, options.defaultCountry, fallbackCountries))
        : pool.run<FeatureTable>({
            kind: 'normalise',
            records,
            defaultCountry: options.defaultCountry,
            fallbackCountries,
          }),
    )
  }
  for await (const batch of input) {
    readSeconds += (performance.now() - readStart) / 1000
    for (const record of batch) {
      recordIds.push(record.record_id)
      chunk.push(record)
      if (chunk.length >= NORMALISE_CHUNK_RECORDS) flush()
    }
    progress({ stage: 'read', done: recordIds.length })
    readStart = performance.now()
  }
  flush()
  if (recordIds.length === 0) {
    throw new InputError({
      code: 'ERR_INPUT_EMPTY',
      message: 'the input holds no records; expected at least one data row',
    })
  }
  const tables = await Promise.all(pendingTables)
  const concatenated = tables.length === 1 ? tables[0] : concatFeatureTables(tables)
  const table = pool === undefined ? concatenated : shareFeatureTable(concatenated)
  // The workers keep the table for training and scoring; they take it in while blocking runs here.
  if (pool !== undefined) {
    stages.tableLoaded = pool.broadcast({ kind: 'load', table })
    // Awaited before the first pair task; this only keeps a failure from going unhandled if
    // blocking throws first.
    stages.tableLoaded.catch(() => undefined)
  }
  // Reading and normalising overlap: the time spent waiting for input is 'read', the rest
  // 'normalise'.
  stages.timings.push({ stage: 'read', seconds: readSeconds })
  stages.endStage('normalise', readSeconds)
  progress({ stage: 'normalise', done: table.size, total: table.size })
  return { recordIds, table }
}

/**
 * The table with its id arrays copied into SharedArrayBuffers, so that every worker reads the
 * one copy in place instead of receiving its own (21 columns × 4 bytes × records: 84 MB at a
 * million records). Only the dictionaries of values are cloned per worker.
 */
function shareFeatureTable(table: FeatureTable): FeatureTable {
  const columns = {} as Record<FeatureName, FeatureColumn>
  for (const name of FEATURE_NAMES) {
    const column = table.columns[name]
    const ids = new Int32Array(new SharedArrayBuffer(column.ids.byteLength))
    ids.set(column.ids)
    columns[name] = { ...column, ids }
  }
  return { size: table.size, columns }
}

function block(table: FeatureTable, options: BatchOptions, stages: Stages): CandidatePairs {
  const candidates = generateCandidatePairs(
    table,
    options.blockingRules ?? defaultBlockingRules(),
    {
      ...DEFAULT_BLOCKING_OPTIONS,
      ...options.blocking,
    },
  )
  stages.endStage('block')
  stages.progress({ stage: 'block', done: candidates.count, total: candidates.count })
  return candidates
}

interface PendingTraining {
  /** Draws the prior's sample from the candidate pairs and returns the trained model. */
  finish(candidates: CandidatePairs): Promise<Model>
}

/**
 * Starts training before blocking: the random pairs (for u) and the EM samples do not depend
 * on the candidate pairs, so the workers compare them while this thread blocks. The result is
 * trainModel's: samples are drawn in its order (u, EM rounds, then the prior once the candidates
 * exist), and only comparing them, most of the training time, is spread over the workers.
 */
function startTraining(
  table: FeatureTable,
  recordIds: readonly string[],
  options: BatchOptions,
  stages: Stages,
): PendingTraining {
  const seed = options.seed ?? DEFAULT_SEED
  const untrained = createUntrainedModel(defaultComparisons(), {
    ...DEFAULT_MODEL_SETTINGS,
    ...options.settings,
  })
  const trainingOptions: TrainingOptions = {
    ...DEFAULT_TRAINING_OPTIONS,
    maxBlockSize: options.blocking?.maxBlockSize ?? DEFAULT_BLOCKING_OPTIONS.maxBlockSize,
    random: mulberry32(seed),
    seed,
    emBlockingRules: defaultEmBlockingRules(),
    ...(options.labelledPairs === undefined
      ? {}
      : { labelledPairs: resolveLabels(options.labelledPairs, recordIds) }),
  }
  // Without candidate pairs, drawTrainingSamples draws u and the EM rounds only.
  const early = drawTrainingSamples(table, trainingOptions)
  const collector = patternCollector(untrained, table, stages.pool)
  const u = collector.collect(early.u)
  const em = early.em.map(({ pairs }) =>
    emRoundIsUsed(pairs, trainingOptions) ? collector.collect(pairs) : undefined,
  )
  // Awaited in finish; this only keeps a failure from going unhandled if blocking throws first.
  for (const pending of [u, ...em]) pending?.catch(() => undefined)
  return {
    async finish(candidates) {
      const withCandidates: TrainingOptions = { ...trainingOptions, candidatePairs: candidates }
      const prior =
        candidates.count > 0
          ? samplePriorPairs(candidates, trainingOptions.priorSamplePairs, trainingOptions.random)
          : undefined
      const patterns: TrainingPatterns = {
        u: await u,
        em: await Promise.all(em),
        prior: prior === undefined ? undefined : await collector.collect(prior),
      }
      await collector.ready
      const model = trainModelFromPatterns(
        untrained,
        table,
        withCandidates,
        { ...early, prior },
        patterns,
      )
      stages.endStage('train')
      stages.progress({ stage: 'train', done: 1, total: 1 })
      return model
    },
  }
}

/** Compares pair samples into patterns: on the workers in slices, or here without workers. */
function patternCollector(
  model: Model,
  table: FeatureTable,
  pool: WorkerPool | undefined,
): { collect(pairs: PairSample): Promise<ComparisonPatterns>; ready: Promise<unknown> } {
  if (pool === undefined) {
    const comparators = modelComparisons(model).map((comparison) => comparison.bind(table))
    // Compared at this thread's next await, after blocking: without workers nothing overlaps.
    return {
      collect: (pairs) =>
        Promise.resolve().then(() =>
          collectPatterns(comparators, pairs.left, pairs.right, pairs.count),
        ),
      ready: Promise.resolve(),
    }
  }
  // Each worker takes its messages in order, so the model is set before any slice is compared.
  const ready = pool.broadcast({ kind: 'model', model, floorWeight: -Infinity })
  ready.catch(() => undefined)
  return {
    ready,
    async collect(pairs) {
      const parts: Promise<ComparisonPatterns>[] = []
      for (let start = 0; start < pairs.count; start += TRAINING_CHUNK_PAIRS) {
        const end = Math.min(pairs.count, start + TRAINING_CHUNK_PAIRS)
        const left = pairs.left.slice(start, end)
        const right = pairs.right.slice(start, end)
        parts.push(
          pool.run({ kind: 'patterns', left, right }, [
            left.buffer as ArrayBuffer,
            right.buffer as ArrayBuffer,
          ]),
        )
      }
      // Merged in sample order: the patterns of one pass over the whole sample.
      if (parts.length === 0) return collectPatterns([], pairs.left, pairs.right, 0)
      return mergePatterns(await Promise.all(parts))
    },
  }
}

export interface TrainResult {
  readonly model: Model
  readonly records: number
  readonly blocking: BlockingReport
  readonly timings: readonly StageTiming[]
}

/** Trains a model on a whole file (read → normalise → block → train). */
export async function trainBatch(
  input: AsyncIterable<readonly CustomerRecord[]>,
  options: BatchOptions = {},
): Promise<TrainResult> {
  const stages = openStages(options)
  try {
    const { recordIds, table } = await readAndNormalise(input, options, stages)
    const training = startTraining(table, recordIds, options, stages)
    const candidates = block(table, options, stages)
    await stages.tableLoaded
    const model = await training.finish(candidates)
    return { model, records: table.size, blocking: candidates.report, timings: stages.timings }
  } finally {
    await stages.pool?.close()
  }
}

/**
 * Resolves a whole file: normalise → block → train (unless a model is given) → score →
 * cluster → mint one customer id per cluster. Record order is kept. Deterministic for a
 * given seed (ids aside, which come from the clock and idRandom).
 */
export async function resolveBatch(
  input: AsyncIterable<readonly CustomerRecord[]>,
  options: BatchOptions = {},
): Promise<BatchResult> {
  const stages = openStages(options)
  try {
    const { recordIds, table } = await readAndNormalise(input, options, stages)
    const training =
      options.model === undefined ? startTraining(table, recordIds, options, stages) : undefined
    const candidates = block(table, options, stages)
    await stages.tableLoaded
    let model: Model
    if (training !== undefined) model = await training.finish(candidates)
    else {
      model = options.model!
      if (options.settings !== undefined)
        model = { ...model, settings: { ...model.settings, ...options.settings } }
      stages.endStage('train')
    }
    const floor = Math.min(options.scoreFloor ?? 0, model.settings.matchThreshold)
    const floorWeight = floor <= 0 ? -Infinity : probabilityToMatchWeight(floor)
    const scores = await scoreAll(model, table, candidates, floorWeight, stages.pool, (done) =>
      stages.progress({ stage: 'score', done, total: candidates.count }),
    )
    stages.endStage('score')
    const decisions = indexDecisions(options.decisions ?? [], recordIds)
    const clustering = clusterScoredPairs(
      model,
      table,
      candidates,
      scores,
      options.maxClusterSize ?? DEFAULT_MAX_CLUSTER_SIZE,
      decisions.pairs,
    )
    const seed = options.seed ?? DEFAULT_SEED
    const mint = createIdFactory(
      options.clock ?? Date.now,
      options.idRandom ?? mulberry32(seed ^ 0x5eed),
    )
    const clusterIds = Array.from({ length: clustering.clusterCount }, () =>
      mint(ID_PREFIXES.customer),
    )
    const customerIds = Array.from(clustering.clusterOf, (cluster) => clusterIds[cluster])
    stages.endStage('cluster')
    stages.progress({
      stage: 'cluster',
      done: clustering.clusterCount,
      total: clustering.clusterCount,
    })
    return {
      recordIds,
      customerIds,
      clustering,
      model,
      table,
      candidates,
      scores,
      blocking: candidates.report,
      clusteringStats: clustering.stats,
      decisionsSkipped: decisions.skipped,
      timings: stages.timings,
    }
  } finally {
    await stages.pool?.close()
  }
}

/** Links = candidate pairs at or above the match threshold that break no cannot-link rule. */
export function selectLinks(model: Model, candidates: CandidatePairs, scores: ScoredChunk): Links {
  const threshold = probabilityToMatchWeight(model.settings.matchThreshold)
  let count = 0
  for (let p = 0; p < candidates.count; p++) {
    if (scores.conflicts[p] === 0 && scores.weights[p] >= threshold) count += 1
  }
  const left = new Int32Array(count)
  const right = new Int32Array(count)
  const weight = new Float32Array(count)
  for (let p = 0, k = 0; p < candidates.count; p++) {
    if (scores.conflicts[p] === 0 && scores.weights[p] >= threshold) {
      left[k] = candidates.left[p]
      right[k] = candidates.right[p]
      weight[k] = scores.weights[p]
      k += 1
    }
  }
  return { left, right, weight, count }
}

/** Clusters scored candidate pairs with the model's safeguards. */
export function clusterScoredPairs(
  model: Model,
  table: FeatureTable,
  candidates: CandidatePairs,
  scores: ScoredChunk,
  maxClusterSize: number,
  decisions?: PairDecisions,
): Clustering {
  const scorer = createPairScorer(model, table)
  return clusterRecords(
    table.size,
    selectLinks(model, candidates, scores),
    cachedPairEvidence(
      {
        evidence: (i, j) => scorer.matchWeight(i, j) - scorer.priorWeight,
        cannotLink: (i, j) => CONFLICT_HARDNESS[scorer.conflict(i, j)],
        provesDifferentPeople: (i, j) => provesDifferentPeople(scorer.conflict(i, j)),
        // Only pairs that conflict get here, so the conflict is worked out again for them alone.
        conflictBridged: (i, j, members) => isGivenNameConflict(scorer.conflict(i, j)) && scorer.givenNamesBridged(i, j, members),
        ...(model.settings.guards.contactSetsDiffer ? { contacts: (i: number, j: number) => scorer.contactRelation(i, j) } : {}),
      },
      table.size,
    ),
    {
      minMeanEvidence: model.settings.clusterMinMeanWeight,
      maxConflictShare: model.settings.clusterMaxConflictShare,
      maxHardConflictShare: model.settings.clusterMaxHardConflictShare,
      maxClusterSize,
      ...(model.settings.clusterAmbiguityMargin === null ? {} : { ambiguityMargin: model.settings.clusterAmbiguityMargin }),
    },
    decisions,
  )
}

/** Record-id decisions as record-index pairs; those naming a record not in the input are counted. */
function indexDecisions(
  decisions: readonly LabelledRecordPair[],
  recordIds: readonly string[],
): { pairs: PairDecisions; skipped: number } {
  const mustLink: [number, number][] = []
  const cannotLink: [number, number][] = []
  if (decisions.length === 0) return { pairs: { mustLink, cannotLink }, skipped: 0 }
  const index = new Map(recordIds.map((id, i) => [id, i]))
  let skipped = 0
  for (const decision of decisions) {
    const i = index.get(decision.left)
    const j = index.get(decision.right)
    if (i === undefined || j === undefined || i === j) {
      skipped += 1
      continue
    }
    ;(decision.isMatch ? mustLink : cannotLink).push([i, j])
  }
  return { pairs: { mustLink, cannotLink }, skipped }
}

function resolveLabels(
  labels: readonly LabelledRecordPair[],
  recordIds: readonly string[],
): { i: number; j: number; isMatch: boolean }[] {
  const index = new Map(recordIds.map((id, i) => [id, i]))
  const resolved: { i: number; j: number; isMatch: boolean }[] = []
  labels.forEach((label, k) => {
    const i = index.get(label.left)
    const j = index.get(label.right)
    if (i === undefined || j === undefined) {
      throw new InputError({
        code: 'ERR_LABEL_UNKNOWN_RECORD',
        message: `labelled pair ${k + 1} names a record_id that is not in the input; expected ids of input records`,
        issues: [
          {
            path: ['labels', k + 1],
            code: 'unknown_record',
            message: 'record_id not in the input',
          },
        ],
      })
    }
    resolved.push({ i, j, isMatch: label.isMatch })
  })
  return resolved
}

async function scoreAll(
  model: Model,
  table: FeatureTable,
  candidates: CandidatePairs,
  floorWeight: number,
  pool: WorkerPool | undefined,
  onProgress: (done: number) => void,
): Promise<ScoredChunk> {
  if (pool === undefined) {
    const scored = createChunkScorer(model, table, floorWeight)(candidates.left, candidates.right)
    onProgress(candidates.count)
    return scored
  }
  await pool.broadcast({ kind: 'model', model, floorWeight })
  const weights = new Float32Array(candidates.count)
  const conflicts = new Uint8Array(candidates.count)
  let done = 0
  const jobs: Promise<void>[] = []
  for (let start = 0; start < candidates.count; start += SCORE_CHUNK_PAIRS) {
    const end = Math.min(candidates.count, start + SCORE_CHUNK_PAIRS)
    const left = candidates.left.slice(start, end)
    const right = candidates.right.slice(start, end)
    jobs.push(
      pool
        .run<ScoredChunk>({ kind: 'score', left, right }, [
          left.buffer as ArrayBuffer,
          right.buffer as ArrayBuffer,
        ])
        .then((scored) => {
          weights.set(scored.weights, start)
          conflicts.set(scored.conflicts, start)
          done += end - start
          onProgress(done)
        }),
    )
  }
  await Promise.all(jobs)
  return { weights, conflicts }
}
