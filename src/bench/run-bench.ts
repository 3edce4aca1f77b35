/**
 * `npm run bench`: speed and quality figures, written to bench/results.md.
 *
 * Speed: generated files of about 100k, 300k and 1M records, each resolved end to end by the
 * real CLI in a child process (`tessera resolve FILE --out OUT --stats-json STATS`), so that the
 * figures are what a user gets: process start, reading, worker threads and writing included.
 * Inputs are generated beforehand and not timed. Quality: the public datasets and generated
 * 10k-person files, resolved in this process through src/bench/quality.ts. Streaming vs batch:
 * the generated 10k-person files resolved in batch and record by record through the real-time
 * engine with the same model (src/bench/streaming-quality.ts).
 *
 * Options: --sizes 100000,300000 (records, approximate), --skip-speed, --skip-quality,
 * --skip-streaming, --skip-service, --service-stores sqlite,postgres, --service-customers N
 * (the service store: N people, one record each and a second of every tenth; default
 * 1,000,000), --service-sqlite-db FILE (measure that existing SQLite store, written to, instead
 * of importing one: to compare code on the same data), --out FILE (default bench/results.md).
 * Progress goes to stderr.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { CONTRACT_FIELDS, evaluateClustering, type ClusteringEvaluation } from '../core/index.js'
import { formatCsvLine, readPredictionFile, readRecords, readTruthFile } from '../engine/index.js'
import { PUBLIC_DATASET_NAMES } from './public-datasets.js'
import { measureGenerated, measurePublicDataset, type QualityRow } from './quality.js'
import { measureService, serviceSection } from './service-bench.js'
import { compareStreamingWithBatch, type StreamingComparison } from './streaming-quality.js'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))
/** Generated inputs and outputs; git-ignored. */
const WORK_DIR = join(REPO_ROOT, 'bench', 'work')
const DEFAULT_OUT = join(REPO_ROOT, 'bench', 'results.md')
const DEFAULT_SIZES = [100_000, 300_000, 1_000_000]
/** The generator's standard profile makes about 2.4 records per person (measured: 2.40). */
const RECORDS_PER_PERSON = 2.4
const SPEED_SEED = 11
const SERVICE_SEED = 23
const QUALITY_PERSONS = 10_000
const QUALITY_SEEDS = [7, 11]
/** Streaming must end within this pairwise F1 of batch resolution of the same records. */
const STREAMING_MAX_F1_GAP = 0.01

interface BenchOptions {
  sizes: number[]
  speed: boolean
  quality: boolean
  /** Batch against record-by-record resolution through the real-time engine. */
  streaming: boolean
  /** Stores the identity-service benchmark runs on; empty skips it. */
  serviceStores: ('sqlite' | 'postgres')[]
  /** Records loaded into the store for the service benchmark (approximate). */
  serviceCustomers: number
  /** Measure this existing SQLite store instead of importing a new one. */
  serviceSqliteDb?: string
  out: string
}

/** The summary `tessera resolve --stats-json` writes (the fields used here). */
interface ResolveStats {
  records: number
  candidatePairs: number
  links: number
  seconds: Record<string, number>
  totalSeconds: number
  peakRssBytes: number
  cpuSeconds: { user: number; system: number }
  blockingRules: { rule: string; pairs: number; skipped?: string }[]
}

interface SpeedRow {
  persons: number
  stats: ResolveStats
  /** Wall seconds of the child process, start to exit. */
  wallSeconds: number
  evaluation: ClusteringEvaluation
}

const SPEED_STAGES = ['read', 'normalise', 'block', 'train', 'score', 'cluster', 'write'] as const

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    sizes: DEFAULT_SIZES,
    speed: true,
    quality: true,
    streaming: true,
    serviceStores: ['sqlite', 'postgres'],
    serviceCustomers: 1_000_000,
    out: DEFAULT_OUT,
  }
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]
    if (arg === '--skip-speed') options.speed = false
    else if (arg === '--skip-quality') options.quality = false
    else if (arg === '--skip-streaming') options.streaming = false
    else if (arg === '--skip-service') options.serviceStores = []
    else if (arg === '--service-stores') {
      const value = argv[++k] ?? ''
      const stores = value.split(',').map((part) => part.trim())
      if (stores.some((store) => store !== 'sqlite' && store !== 'postgres')) throw new Error('--service-stores expects sqlite, postgres or both')
      options.serviceStores = stores as ('sqlite' | 'postgres')[]
    } else if (arg === '--service-sqlite-db') {
      options.serviceSqliteDb = argv[++k]
      if (options.serviceSqliteDb === undefined) throw new Error('--service-sqlite-db needs the path of an existing store')
    } else if (arg === '--service-customers') {
      options.serviceCustomers = Number(argv[++k])
      if (!Number.isInteger(options.serviceCustomers) || options.serviceCustomers < 1000) throw new Error('--service-customers expects a whole number of customers, at least 1000')
    } else if (arg === '--sizes' || arg === '--out') {
      const value = argv[++k]
      if (value === undefined) throw new Error(`${arg} needs a value`)
      if (arg === '--out') options.out = value
      else {
        options.sizes = value.split(',').map((part) => Number(part.trim()))
        if (options.sizes.some((size) => !Number.isInteger(size) || size < 1000)) {
          throw new Error(
            '--sizes expects whole numbers of records, at least 1000, e.g. --sizes 100000,300000',
          )
        }
      }
    } else
      throw new Error(
        `unknown option ${arg}; expected --sizes, --skip-speed, --skip-quality, --skip-streaming, --skip-service, --service-stores, --service-customers, --service-sqlite-db or --out`,
      )
  }
  return options
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`)

/** Runs the CLI in a child process; rejects with its stderr when it fails. */
function runCli(args: readonly string[]): Promise<{ wallSeconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the end only: the progress lines of a long run are many.
      stderr = (stderr + chunk.toString('utf8')).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve({ wallSeconds: (performance.now() - started) / 1000 })
      else reject(new Error(`tessera ${args[0]} exited with ${code}:\n${stderr}`))
    })
  })
}

/** The generated file of about `targetRecords` records and its truth (generated when missing). */
async function generatedInput(targetRecords: number): Promise<{ persons: number; name: string; input: string; truth: string }> {
  const persons = Math.round(targetRecords / RECORDS_PER_PERSON)
  const name = `generated-${persons}-s${SPEED_SEED}`
  const input = join(WORK_DIR, `${name}.csv`)
  const truth = join(WORK_DIR, `${name}-truth.csv`)
  if (existsSync(input) && existsSync(truth)) return { persons, name, input, truth }
  progress(
    `generating ${persons.toLocaleString('en-US')} persons (about ${targetRecords.toLocaleString('en-US')} records; not timed)`,
  )
  await runCli(['generate', '--persons', String(persons), '--seed', String(SPEED_SEED), '--out', input, '--truth', truth])
  return { persons, name, input, truth }
}

/**
 * The identity service's store: one record of each of `customers` generated people, and a
 * second record of every tenth. The till is measured with 1,000,000 customers, the engine with
 * at least 1,000,000 stored records, and real-time resolution still finds duplicates to attach.
 */
async function serviceInput(customers: number): Promise<string> {
  const name = `service-${customers}-s${SERVICE_SEED}`
  const input = join(WORK_DIR, `${name}.csv`)
  if (existsSync(input)) return input
  const all = join(WORK_DIR, `${name}-all.csv`)
  const allTruth = join(WORK_DIR, `${name}-all-truth.csv`)
  progress(`generating ${customers.toLocaleString('en-US')} persons for the service store (not timed)`)
  await runCli(['generate', '--persons', String(customers), '--seed', String(SERVICE_SEED), '--out', all, '--truth', allTruth])
  const personOf = await readTruthFile(allTruth)
  const seen = new Map<string, { order: number; records: number }>()
  const lines = [formatCsvLine(CONTRACT_FIELDS)]
  for await (const batch of readRecords(all, { onError: 'fail' })) {
    for (const record of batch) {
      const person = personOf.get(record.record_id)!
      const entry = seen.get(person) ?? { order: seen.size, records: 0 }
      seen.set(person, entry)
      entry.records += 1
      if (entry.records === 1 || (entry.records === 2 && entry.order % 10 === 0)) {
        lines.push(formatCsvLine(CONTRACT_FIELDS.map((field) => record[field] ?? '')))
      }
    }
  }
  await writeFile(`${input}.partial`, `${lines.join('\n')}\n`)
  await rename(`${input}.partial`, input)
  await Promise.all([all, allTruth].map((path) => rm(path, { force: true })))
  return input
}

async function measureSpeed(targetRecords: number): Promise<SpeedRow> {
  const { persons, name, input, truth } = await generatedInput(targetRecords)
  const output = join(WORK_DIR, `${name}-resolved.csv`)
  const statsPath = join(WORK_DIR, `${name}-stats.json`)
  progress(`resolving ${name}.csv`)
  const { wallSeconds } = await runCli([
    'resolve',
    input,
    '--out',
    output,
    '--stats-json',
    statsPath,
  ])
  const stats = JSON.parse(await readFile(statsPath, 'utf8')) as ResolveStats
  progress(
    `  ${stats.records.toLocaleString('en-US')} records in ${wallSeconds.toFixed(1)} s; evaluating against the truth`,
  )
  const [truthMap, predicted] = await Promise.all([
    readTruthFile(truth),
    readPredictionFile(output),
  ])
  return { persons, stats, wallSeconds, evaluation: evaluateClustering(truthMap, predicted) }
}

async function measureQualityRows(): Promise<QualityRow[]> {
  const rows: QualityRow[] = []
  for (const name of PUBLIC_DATASET_NAMES) {
    progress(`quality: ${name}`)
    rows.push(await measurePublicDataset(name))
  }
  for (const profile of ['standard', 'hard'] as const) {
    for (const seed of QUALITY_SEEDS) {
      progress(`quality: generated ${profile}, seed ${seed}`)
      rows.push(await measureGenerated(QUALITY_PERSONS, seed, profile))
    }
  }
  return rows
}

interface StreamingRow {
  profile: 'standard' | 'hard'
  seed: number
  comparison: StreamingComparison
}

async function measureStreamingRows(): Promise<StreamingRow[]> {
  const rows: StreamingRow[] = []
  for (const profile of ['standard', 'hard'] as const) {
    for (const seed of QUALITY_SEEDS) {
      progress(`streaming vs batch: generated ${profile}, seed ${seed}`)
      const started = performance.now()
      const comparison = await compareStreamingWithBatch(QUALITY_PERSONS, seed, profile)
      progress(
        `  ${comparison.records.toLocaleString('en-US')} records in ${((performance.now() - started) / 1000).toFixed(0)} s; F1 batch ${comparison.batch.pairwiseF1.toFixed(4)}, streaming ${comparison.streaming.pairwiseF1.toFixed(4)}`,
      )
      rows.push({ profile, seed, comparison })
    }
  }
  return rows
}

const count = (n: number) => n.toLocaleString('en-US')
const fixed = (n: number, digits: number) => n.toFixed(digits)
const megabytes = (bytes: number) => `${count(Math.round(bytes / 2 ** 20))} MB`

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, k) => (k === 0 ? '---' : '---:'))
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

function machineLine(): string {
  const cpu = cpus()
  const date = new Date().toISOString().slice(0, 10)
  return `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${fixed(totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, ${date}.`
}

function speedSection(rows: readonly SpeedRow[]): string {
  const lines = [
    '## Speed',
    '',
    `Generated records (standard profile, seed ${SPEED_SEED}), each resolved end to end by \`tessera resolve FILE --out OUT --stats-json STATS\` in a child process; the input is generated beforehand and not timed. Stage seconds come from the CLI's summary (training overlaps blocking: its random and EM samples are compared on the worker threads while blocking runs, so "train" is what remains after blocking). Total is the child's wall time, process start to exit. Peak RSS is the child's maxRSS, worker threads included. Quality is pairwise precision / recall / F1 against the generator's truth.`,
    '',
    table(
      [
        'records',
        'candidate pairs',
        ...SPEED_STAGES.map((stage) => `${stage} s`),
        'total s',
        'records/s',
        'CPU s',
        'peak RSS',
        'P / R / F1',
      ],
      rows.map(({ stats, wallSeconds, evaluation }) => [
        count(stats.records),
        count(stats.candidatePairs),
        ...SPEED_STAGES.map((stage) => fixed(stats.seconds[stage] ?? 0, 1)),
        fixed(wallSeconds, 1),
        count(Math.round(stats.records / wallSeconds)),
        fixed(stats.cpuSeconds.user + stats.cpuSeconds.system, 0),
        megabytes(stats.peakRssBytes),
        `${fixed(evaluation.pairwisePrecision, 3)} / ${fixed(evaluation.pairwiseRecall, 3)} / ${fixed(evaluation.pairwiseF1, 3)}`,
      ]),
    ),
  ]
  if (rows.length >= 2) {
    const first = rows[0]
    const last = rows[rows.length - 1]
    const perRecord = (row: SpeedRow) => row.wallSeconds / row.stats.records
    const ratio = perRecord(last) / perRecord(first)
    // Training compares a fixed sample (about four million pairs) whatever the file's size.
    const untrained = (row: SpeedRow) =>
      (row.wallSeconds - (row.stats.seconds.train ?? 0)) / row.stats.records
    lines.push(
      '',
      `Growth: seconds per record at ${count(last.stats.records)} records are ${fixed(ratio, 2)} × those at ${count(first.stats.records)} (1.00 would be exactly linear; ${fixed(last.stats.records / first.stats.records, 1)} × the records took ${fixed(last.wallSeconds / first.wallSeconds, 1)} × the time); without the train stage, whose samples have a fixed size, ${fixed(untrained(last) / untrained(first), 2)} ×. Candidate pairs per record: ${rows.map((row) => fixed(row.stats.candidatePairs / row.stats.records, 1)).join(', ')}.`,
    )
  }
  const largest = rows[rows.length - 1]
  if (largest !== undefined) {
    lines.push(
      '',
      `Candidate pairs per blocking rule at ${count(largest.stats.records)} records (pairs a rule adds beyond earlier rules; loose rules are skipped once they would exceed the pair budget):`,
      '',
      table(
        ['rule', 'pairs'],
        largest.stats.blockingRules.map((rule) => [
          rule.rule,
          rule.skipped === undefined ? count(rule.pairs) : 'skipped (budget)',
        ]),
      ),
    )
  }
  return lines.join('\n')
}

function qualitySection(rows: readonly QualityRow[]): string {
  return [
    '## Quality',
    '',
    `Resolved in process with the default settings (src/bench/quality.ts); generated rows are ${count(QUALITY_PERSONS)} persons. "CC" is the baseline: thresholded connected components on the same links, without Tessera's clustering safeguards.`,
    '',
    table(
      [
        'dataset',
        'records',
        'pairwise P',
        'pairwise R',
        'pairwise F1',
        'B-cubed F1',
        'over-merged',
        'largest',
        'CC F1',
        'CC over-merged',
        'CC largest',
      ],
      rows.map((row) => [
        row.dataset,
        count(row.records),
        fixed(row.evaluation.pairwisePrecision, 4),
        fixed(row.evaluation.pairwiseRecall, 4),
        fixed(row.evaluation.pairwiseF1, 4),
        fixed(row.evaluation.bCubedF1, 4),
        count(row.evaluation.overMergedClusters),
        count(row.evaluation.largestPredictedCluster),
        fixed(row.connectedComponents.pairwiseF1, 4),
        count(row.connectedComponents.overMergedClusters),
        count(row.connectedComponents.largestPredictedCluster),
      ]),
    ),
  ].join('\n')
}

/** Batch F1 minus streaming F1: positive when streaming is worse. */
const streamingGap = (row: StreamingRow) => row.comparison.batch.pairwiseF1 - row.comparison.streaming.pairwiseF1

function streamingSection(rows: readonly StreamingRow[]): string {
  const prf = (evaluation: ClusteringEvaluation) =>
    `${fixed(evaluation.pairwisePrecision, 4)} / ${fixed(evaluation.pairwiseRecall, 4)} / ${fixed(evaluation.pairwiseF1, 4)}`
  const outside = rows.filter((row) => Math.abs(streamingGap(row)) > STREAMING_MAX_F1_GAP)
  const verdict =
    outside.length === 0
      ? `Every F1 gap is within ${STREAMING_MAX_F1_GAP} (largest absolute gap ${fixed(Math.max(...rows.map((row) => Math.abs(streamingGap(row)))), 4)}).`
      : `${outside.length} of ${rows.length} F1 gaps exceed ${STREAMING_MAX_F1_GAP}: ${outside.map((row) => `${row.profile} seed ${row.seed} (${fixed(streamingGap(row), 4)})`).join(', ')}.`
  return [
    '## Streaming vs batch',
    '',
    `Each generated file (${count(QUALITY_PERSONS)} persons) is resolved twice with one model: in batch (\`resolveBatch\` in this process, no worker threads, default settings otherwise), and record by record in file order through the real-time identity engine (\`engine.records.resolve\`) on a fresh SQLite store, with the model batch training produced and its term-frequency snapshot loaded into the store (src/bench/streaming-quality.ts). Streaming P / R / F1 are pairwise against the generator's truth, read from each record's final customer in the store (merges move records after they were resolved). The F1 gap is batch − streaming; streaming must end within ${STREAMING_MAX_F1_GAP} of batch. ${verdict} Decisions count the engine's outcome per resolve; resolve p50 / p99 is one engine resolve in this process, in milliseconds.`,
    '',
    table(
      [
        'dataset',
        'records',
        'batch P / R / F1',
        'streaming P / R / F1',
        'F1 gap',
        'matched / created / review',
        'resolve p50 ms',
        'resolve p99 ms',
      ],
      rows.map((row) => {
        const { comparison } = row
        return [
          `generated ${row.profile}, seed ${row.seed}`,
          count(comparison.records),
          prf(comparison.batch),
          prf(comparison.streaming),
          fixed(streamingGap(row), 4),
          ['matched', 'created', 'review'].map((decision) => count(comparison.decisions[decision] ?? 0)).join(' / '),
          fixed(comparison.resolveMs.p50, 2),
          fixed(comparison.resolveMs.p99, 2),
        ]
      }),
    ),
  ].join('\n')
}

const README = join(REPO_ROOT, 'README.md')
const README_START = '<!-- bench:start -->'
const README_END = '<!-- bench:end -->'

/** The README's short version of the results: quality per dataset, then speed per size. */
function readmeSummary(speedRows: readonly SpeedRow[], qualityRows: readonly QualityRow[]): string {
  return [
    machineLine(),
    '',
    table(
      ['dataset', 'records', 'pairwise P', 'pairwise R', 'pairwise F1', 'largest cluster', 'connected components: F1 / largest'],
      qualityRows.map((row) => [
        row.dataset,
        count(row.records),
        fixed(row.evaluation.pairwisePrecision, 4),
        fixed(row.evaluation.pairwiseRecall, 4),
        fixed(row.evaluation.pairwiseF1, 4),
        count(row.evaluation.largestPredictedCluster),
        `${fixed(row.connectedComponents.pairwiseF1, 4)} / ${count(row.connectedComponents.largestPredictedCluster)}`,
      ]),
    ),
    '',
    table(
      ['generated records', 'candidate pairs', 'end to end', 'records/s', 'peak RSS', 'P / R / F1'],
      speedRows.map(({ stats, wallSeconds, evaluation }) => [
        count(stats.records),
        count(stats.candidatePairs),
        `${fixed(wallSeconds, 1)} s`,
        count(Math.round(stats.records / wallSeconds)),
        megabytes(stats.peakRssBytes),
        `${fixed(evaluation.pairwisePrecision, 3)} / ${fixed(evaluation.pairwiseRecall, 3)} / ${fixed(evaluation.pairwiseF1, 3)}`,
      ]),
    ),
  ].join('\n')
}

/** Replaces the README's results between its bench markers. */
async function updateReadme(summary: string): Promise<void> {
  const text = await readFile(README, 'utf8')
  const start = text.indexOf(README_START)
  const end = text.indexOf(README_END)
  if (start === -1 || end < start) throw new Error(`${README} has no ${README_START} … ${README_END} section`)
  await writeFile(README, `${text.slice(0, start + README_START.length)}\n${summary}\n${text.slice(end)}`)
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2))
  const started = performance.now()
  await mkdir(WORK_DIR, { recursive: true })
  const sections = [
    '# Tessera benchmark',
    '',
    machineLine(),
    '',
    'Written by `npm run bench` (src/bench/run-bench.ts).',
  ]
  const speedRows: SpeedRow[] = []
  if (options.speed) {
    for (const size of options.sizes) speedRows.push(await measureSpeed(size))
    sections.push('', speedSection(speedRows))
  }
  if (options.serviceStores.length > 0) {
    const input = await serviceInput(options.serviceCustomers)
    sections.push('', serviceSection(await measureService(input, WORK_DIR, options.serviceStores, options.serviceSqliteDb)))
  }
  const qualityRows = options.quality ? await measureQualityRows() : []
  if (options.quality) sections.push('', qualitySection(qualityRows))
  if (options.streaming) sections.push('', streamingSection(await measureStreamingRows()))
  await writeFile(options.out, `${sections.join('\n')}\n`)
  if (options.speed && options.quality && options.out === DEFAULT_OUT) {
    await updateReadme(readmeSummary(speedRows, qualityRows))
    progress(`updated the results in ${README}`)
  }
  progress(`wrote ${options.out} in ${fixed((performance.now() - started) / 1000, 0)} s`)
}

try {
  await main()
} catch (error) {
  process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
