import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { isAbsolute, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  createPairScorer,
  evaluateClustering,
  explainPair,
  formatExplanation,
  InputError,
  matchWeightToProbability,
  saveModel,
  type ClusteringEvaluation,
  type ConflictKind,
  type CustomerRecord,
  type PairScorer,
} from '../core/index.js'
import {
  readTruthFile,
  resolveBatch,
  writeResolutionCsv,
  type BatchResult,
} from '../engine/index.js'
import { CHANNEL_KINDS } from '../synthetic/index.js'
import { runGenerate } from './commands/generate.js'
import {
  batchOptions,
  configFromFlags,
  formatCount,
  openInput,
  type InputFlags,
} from './commands/shared.js'
import {
  channelKind,
  formatRecordLines,
  naiveContactClustering,
  pickShowcaseCustomers,
  type Showcase,
} from './demo-showcase.js'
import { serveDemo } from './demo-serve.js'
import { reportError } from './output.js'
import { createProgressReporter } from './progress.js'

/**
 * `npm run demo`: generates a synthetic omnichannel dataset, resolves it on the same path as
 * `tessera resolve`, scores the result against the truth and explains a few customers. The
 * first thing a new user runs, so it must finish quickly and read well.
 */

const USAGE = `Usage: node dist/cli/demo.js [--dir <folder>] [--persons <n>] [--seed <n>]

Generates synthetic customer records, resolves them and reports quality and speed.
  --dir <folder>   folder for records.csv, truth.csv, customers.csv and model.json
                   (default: tessera-demo)
  --persons <n>    people to generate (default: 20000)
  --seed <n>       seed of the generator (default: 1)
  --no-serve       stop after the batch report (default: also import the records into
                   <dir>/tessera.db and serve the HTTP API on them until Ctrl-C)
  --port <n>       port of the demo server (default: 8080, or a free one if taken)
`

interface DemoOptions {
  readonly dir: string
  readonly persons: number
  readonly seed: number
  readonly serve: boolean
  readonly port: number
}

function parseDemoArgs(argv: readonly string[]): DemoOptions | 'help' {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        dir: { type: 'string', default: 'tessera-demo' },
        persons: { type: 'string', default: '20000' },
        seed: { type: 'string', default: '1' },
        'no-serve': { type: 'boolean', default: false },
        port: { type: 'string', default: '8080' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    throw new InputError({
      code: 'ERR_USAGE',
      message: `${(error as Error).message}; run with --help for the options`,
      cause: error,
    })
  }
  if (values.help) return 'help'
  const integer = (name: string, text: string, min: number) => {
    const value = Number(text)
    if (!Number.isInteger(value) || value < min) {
      throw new InputError({
        code: 'ERR_USAGE',
        message: `--${name} must be an integer of at least ${min}, e.g. --${name} ${min === 1 ? 5000 : 7}`,
      })
    }
    return value
  }
  return {
    dir: values.dir,
    persons: integer('persons', values.persons, 1),
    seed: integer('seed', values.seed, 0),
    serve: !values['no-serve'],
    port: integer('port', values.port, 0),
  }
}

/** Collects the records as they stream to the resolver, for the showcase (one read of the file). */
async function* keepRecords(
  input: AsyncIterable<readonly CustomerRecord[]>,
  kept: CustomerRecord[],
): AsyncIterable<readonly CustomerRecord[]> {
  for await (const batch of input) {
    for (const record of batch) kept.push(record)
    yield batch
  }
}

interface Styles {
  heading(text: string): string
  dim(text: string): string
}

function stylesFor(stream: NodeJS.WriteStream): Styles {
  // Escape codes only where a person sees them: never in a pipe, a file or a CI log.
  const colour = stream.isTTY === true && process.env.NO_COLOR === undefined
  return colour
    ? { heading: (text) => `\x1b[1m${text}\x1b[22m`, dim: (text) => `\x1b[2m${text}\x1b[22m` }
    : { heading: (text) => text, dim: (text) => text }
}

/** A path as the user should type it: relative to the working folder when it lies inside it. */
function shown(path: string): string {
  const fromHere = relative(process.cwd(), path)
  return fromHere !== '' && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path
}

/** How to run the CLI from here: the built file of this checkout, else the installed bin. */
function cliCommand(): string {
  const main = shown(fileURLToPath(new URL('./main.js', import.meta.url)))
  return isAbsolute(main) ? 'npx tessera' : `node ${main}`
}

const MAX_LISTED_RECORDS = 8

const figure = (value: number) => value.toFixed(4)
const seconds = (value: number) => value.toFixed(2)

function sourcesLine(records: readonly CustomerRecord[]): string {
  const byKind = new Map<string, { records: number; sources: Set<string> }>()
  for (const record of records) {
    const kind = channelKind(record.source)
    const entry = byKind.get(kind) ?? { records: 0, sources: new Set<string>() }
    entry.records += 1
    entry.sources.add(record.source)
    byKind.set(kind, entry)
  }
  return [...byKind]
    .sort((a, b) => b[1].records - a[1].records)
    .map(
      ([kind, entry]) =>
        `${kind} ${formatCount(entry.records)}${entry.sources.size > 1 ? ` (${entry.sources.size} ${kind}s)` : ''}`,
    )
    .join(' · ')
}

function qualityTable(tessera: ClusteringEvaluation, naive: ClusteringEvaluation): string[] {
  const rows: [string, string, string][] = [
    ['', 'Tessera', 'same email or phone'],
    ['pairwise precision', figure(tessera.pairwisePrecision), figure(naive.pairwisePrecision)],
    ['pairwise recall', figure(tessera.pairwiseRecall), figure(naive.pairwiseRecall)],
    ['pairwise F1', figure(tessera.pairwiseF1), figure(naive.pairwiseF1)],
    ['B-cubed F1', figure(tessera.bCubedF1), figure(naive.bCubedF1)],
    [
      'over-merged customers',
      formatCount(tessera.overMergedClusters),
      formatCount(naive.overMergedClusters),
    ],
    ['split persons', formatCount(tessera.splitEntities), formatCount(naive.splitEntities)],
  ]
  const [oursWidth, theirsWidth] = [1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)))
  return rows.map(
    ([label, ours, theirs]) =>
      `  ${label.padEnd(22)}  ${ours.padStart(oursWidth)}   ${theirs.padStart(theirsWidth)}`,
  )
}

interface Timings {
  readonly generate: number
  readonly write: number
  readonly resolve: number
  readonly total: number
}

/** 'store:MAD-01', 'store:BCN-01', 'web' → 'web and 2 stores': kinds in the generator's order. */
function channelList(sources: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const source of new Set(sources)) {
    counts.set(channelKind(source), (counts.get(channelKind(source)) ?? 0) + 1)
  }
  const order = (kind: string) => {
    const index = (CHANNEL_KINDS as readonly string[]).indexOf(kind)
    return index === -1 ? CHANNEL_KINDS.length : index
  }
  const names = [...counts]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([kind, count]) => (count > 1 ? `${count} ${kind}s` : kind))
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

function describeConflict(conflict: ConflictKind): string {
  return `conflicting ${conflict.replaceAll('_', ' ')}`
}

function showcaseLines(
  showcase: Showcase,
  result: BatchResult,
  records: readonly CustomerRecord[],
  scorer: PairScorer,
  style: Styles,
): { lines: string[]; explainIds?: string } {
  const lines: string[] = []
  const explain = (i: number, j: number) =>
    formatExplanation(explainPair(result.model, scorer, i, j)).split('\n')
  const ids = (i: number, j: number) => `${records[i].record_id} ~ ${records[j].record_id}`
  const threshold = result.model.settings.matchThreshold
  let explainIds: string | undefined
  const customer = showcase.multiChannel
  if (customer !== undefined) {
    lines.push(
      style.heading(`One customer across ${channelList(customer.sources)}`) +
        style.dim(` (${customer.customerId})`),
    )
    // A customer rarely has more records than this; a cap keeps the report on one screen.
    const listed = customer.records.slice(0, MAX_LISTED_RECORDS)
    lines.push(...formatRecordLines(listed.map((i) => records[i])))
    if (customer.records.length > listed.length)
      lines.push(`  … and ${customer.records.length - listed.length} more`)
    const count = formatCount(customer.records.length)
    lines.push(`  All ${count} records are one person in truth.csv, who has no other records.`)
    for (const pair of customer.pairs) {
      lines.push('')
      const probability = matchWeightToProbability(pair.matchWeight).toFixed(4)
      const fields = pair.writtenDifferently.length
      const captions = {
        'written-differently': `${fields} fields written differently, probability ${probability}`,
        'joined-through-others': `probability ${probability} alone, under ${threshold}: the others join them`,
        'weakest-link': `the weakest direct link across channels, probability ${probability}`,
      }
      lines.push(`${ids(pair.left, pair.right)}: ${captions[pair.role]}`)
      lines.push(...explain(pair.left, pair.right))
      explainIds ??= `${records[pair.left].record_id},${records[pair.right].record_id}`
    }
  }
  const trap = showcase.trap
  if (trap !== undefined) {
    lines.push('')
    const shared = trap.shared === 'email' ? 'an email' : 'a phone'
    lines.push(style.heading(`A trap avoided: two people sharing ${shared}, kept apart`))
    lines.push(...formatRecordLines([records[trap.left], records[trap.right]]))
    const probability = matchWeightToProbability(trap.matchWeight).toFixed(4)
    lines.push(
      `  Different people in truth.csv; the same-email-or-phone matcher merges them.`,
      trap.conflict === 'none'
        ? `  Tessera's score stays below the threshold: probability ${probability} < ${threshold}.`
        : `  Tessera's score alone says ${probability}, but a cannot-link rule vetoes: ${describeConflict(trap.conflict)}.`,
    )
    lines.push(...explain(trap.left, trap.right))
    explainIds ??= `${records[trap.left].record_id},${records[trap.right].record_id}`
  }
  return { lines, ...(explainIds === undefined ? {} : { explainIds }) }
}

interface Report {
  readonly options: DemoOptions
  readonly files: Readonly<Record<'records' | 'truth' | 'customers' | 'model', string>>
  readonly records: readonly CustomerRecord[]
  readonly result: BatchResult
  readonly tessera: ClusteringEvaluation
  readonly naive: ClusteringEvaluation
  readonly timings: Timings
  readonly showcase: Showcase
  readonly scorer: PairScorer
}

/** The report on stdout: what was made, how good and how fast it is, a close look, what next. */
function formatReport(report: Report): string[] {
  const { options, files, records, result, timings } = report
  const style = stylesFor(process.stdout)
  const cli = cliCommand()
  const dir = shown(options.dir)
  const stages = [
    ...result.timings.map((t) => `${t.stage} ${seconds(t.seconds)}`),
    `write ${seconds(timings.write)}`,
  ]
  const recordsPerSecond = formatCount(Math.round(result.recordIds.length / timings.resolve))
  const customers = formatCount(result.clustering.clusterCount)
  const people = formatCount(report.tessera.trueEntities)
  const showcased = showcaseLines(report.showcase, result, records, report.scorer, style)
  const explain =
    showcased.explainIds === undefined
      ? []
      : [
          `  ${cli} explain --model ${shown(files.model)} \\`,
          `      --input ${shown(files.records)} --ids ${showcased.explainIds}`,
        ]
  return [
    style.heading(
      `Tessera demo: ${formatCount(options.persons)} synthetic people ` +
        `(standard profile, seed ${options.seed}) in ${dir}/`,
    ),
    '',
    `Records    ${formatCount(result.recordIds.length)}: ${sourcesLine(records)}`,
    `Customers  ${customers} found for ${people} real people`,
    '',
    style.heading('Quality against truth.csv'),
    ...qualityTable(report.tessera, report.naive),
    '',
    style.heading(`Speed on ${availableParallelism()} cores: ${seconds(timings.total)} s in all`),
    `  generate ${seconds(timings.generate)} s; ` +
      `resolve ${seconds(timings.resolve)} s = ${recordsPerSecond} records/s`,
    `  ${stages.join(' · ')}`,
    '',
    ...showcased.lines,
    '',
    style.heading('Try next'),
    ...explain,
    `  ${cli} eval --truth ${shown(files.truth)} --pred ${shown(files.customers)}`,
    `  ${cli} resolve ${shown(files.records)} --out ${shown(files.customers)} \\`,
    `      --pairs ${join(dir, 'pairs.csv')}`,
  ]
}

async function runDemo(argv: readonly string[]): Promise<number> {
  const reporter = createProgressReporter()
  try {
    const options = parseDemoArgs(argv)
    if (options === 'help') {
      process.stdout.write(USAGE)
      return 0
    }
    const started = performance.now()
    const files = {
      records: join(options.dir, 'records.csv'),
      truth: join(options.dir, 'truth.csv'),
      customers: join(options.dir, 'customers.csv'),
      model: join(options.dir, 'model.json'),
    }
    try {
      await mkdir(options.dir, { recursive: true })
    } catch (error) {
      throw new InputError({
        code: 'ERR_OUTPUT_UNWRITABLE',
        message: `cannot create the demo folder ${options.dir}; choose another with --dir`,
        cause: error,
      })
    }

    process.stderr.write(`generating ${formatCount(options.persons)} synthetic people…\n`)
    const generated = await runGenerate({
      persons: options.persons,
      seed: options.seed,
      profile: 'standard',
      out: files.records,
      truth: files.truth,
    })
    if (generated !== 0) return generated
    const generateSeconds = (performance.now() - started) / 1000

    // The same steps as `tessera resolve` with no flags: config from the environment, the
    // default workers, a model trained on the input.
    const resolveStart = performance.now()
    const flags: InputFlags = { map: [], onError: 'fail' }
    const config = configFromFlags(flags)
    const records: CustomerRecord[] = []
    const result = await resolveBatch(
      keepRecords(openInput(files.records, flags, config), records),
      batchOptions(config, reporter),
    )
    const writeStart = performance.now()
    await writeResolutionCsv(
      files.customers,
      result.recordIds.map((id, i) => [id, result.customerIds[i]] as const),
    )
    await writeFile(files.model, saveModel(result.model))
    reporter.finish()
    const end = performance.now()
    const timings: Timings = {
      generate: generateSeconds,
      write: (end - writeStart) / 1000,
      resolve: (end - resolveStart) / 1000,
      total: (end - started) / 1000,
    }

    const truth = await readTruthFile(files.truth)
    const predicted = new Map(result.recordIds.map((id, i) => [id, result.customerIds[i]]))
    const tessera = evaluateClustering(truth, predicted)
    const naiveClusters = naiveContactClustering(result.table).clusterOf
    const naive = evaluateClustering(
      truth,
      new Map(result.recordIds.map((id, i) => [id, String(naiveClusters[i])])),
    )
    const scorer = createPairScorer(result.model, result.table)
    const showcase = pickShowcaseCustomers(result, records, { truth, scorer })

    const report = formatReport({
      options,
      files,
      records,
      result,
      tessera,
      naive,
      timings,
      showcase,
      scorer,
    })
    process.stdout.write(`${report.join('\n')}\n`)
    if (options.serve) {
      const sample =
        records.find((r) => r.first_name !== undefined && r.last_name !== undefined && r.phone !== undefined && r.birth_date !== undefined) ??
        records[0]
      await serveDemo({ dir: options.dir, recordsFile: files.records, port: options.port, sample })
    }
    return 0
  } catch (error) {
    reporter.finish()
    return reportError(error)
  }
}

runDemo(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
