import {
  assertWritablePath,
  readLabelledPairs,
  resolveBatch,
  writePairsFile,
  writeResolutionCsv,
  writeTextAtomically,
  type BatchResult,
  type ReadRecordsSummary,
} from '../../engine/index.js'
import { reportError } from '../output.js'
import { createProgressReporter } from '../progress.js'
import {
  batchOptions,
  configFromFlags,
  formatCount,
  formatSeconds,
  inputSummaryLines,
  loadModelFile,
  openInput,
  type InputFlags,
} from './shared.js'

export interface ResolveFlags extends InputFlags {
  out: string
  model?: string
  pairs?: string
  pairsMinProbability: number
  threshold?: number
  decisions?: string
  statsJson?: string
}

/** What `--stats-json` writes: the run's summary, for benchmarks and monitoring. */
export interface ResolveStats {
  readonly records: number
  readonly rowsRead: number
  readonly rowsSkipped: number
  readonly customers: number
  readonly candidatePairs: number
  readonly links: number
  /** Wall seconds per stage, write included. */
  readonly seconds: Readonly<Record<string, number>>
  readonly totalSeconds: number
  readonly recordsPerSecond: number
  /** Peak resident set size of the process in bytes; worker threads share the process, so it covers them. */
  readonly peakRssBytes: number
  /** CPU seconds of the process (all threads). */
  readonly cpuSeconds: { readonly user: number; readonly system: number }
  readonly blockingRules: readonly {
    rule: string
    pairs: number
    pairsBeforeDeduplication: number
    skipped?: string
  }[]
  readonly clustering: BatchResult['clusteringStats']
}

/** `tessera resolve`: one customer id per record, written atomically. */
export async function runResolve(input: string, flags: ResolveFlags): Promise<number> {
  const reporter = createProgressReporter()
  try {
    const started = performance.now()
    const config = configFromFlags(
      flags,
      flags.threshold === undefined ? {} : { matching: { matchThreshold: flags.threshold } },
    )
    const model = flags.model === undefined ? undefined : loadModelFile(flags.model)
    // Checked before the run, so a wrong path fails in a second, not after the work, and a bad
    // --pairs path cannot leave the --out file written while the command fails.
    await assertWritablePath(flags.out)
    if (flags.pairs !== undefined) await assertWritablePath(flags.pairs)
    if (flags.statsJson !== undefined) await assertWritablePath(flags.statsJson)
    const decisions = flags.decisions === undefined ? undefined : await readLabelledPairs(flags.decisions)
    const reader = openInput(input, flags, config)
    const result = await resolveBatch(reader, {
      ...batchOptions(config, reporter),
      ...(model === undefined ? {} : { model }),
      ...(decisions === undefined ? {} : { decisions }),
      // Only links need exact scores, unless a pairs file asks for lower ones: the rest are
      // left as soon as they cannot reach the threshold.
      scoreFloor: flags.pairs === undefined ? 1 : flags.pairsMinProbability,
    })
    const writeStart = performance.now()
    await writeResolutionCsv(
      flags.out,
      result.recordIds.map((id, i) => [id, result.customerIds[i]] as const),
    )
    if (flags.pairs !== undefined)
      await writePairsFile(flags.pairs, result, flags.pairsMinProbability)
    const writeSeconds = (performance.now() - writeStart) / 1000
    reporter.finish()
    const total = (performance.now() - started) / 1000
    const lines = [
      `resolved ${formatCount(result.recordIds.length)} records into ${formatCount(result.clustering.clusterCount)} customers`,
      ...inputSummaryLines(reader.summary),
      `  candidate pairs ${formatCount(result.candidates.count)}, links ${formatCount(result.clusteringStats.links)}, merges rejected: ${result.clusteringStats.mergesRejectedByCannotLink} cannot-link, ${result.clusteringStats.mergesRejectedByEvidence} weak evidence, ${result.clusteringStats.mergesRejectedBySize} size, ${result.clusteringStats.mergesRejectedByContacts} contacts; ${result.clusteringStats.ambiguousRecords} records left alone (fit two people), ${result.clusteringStats.contactSetSplits} clusters split (two people's contacts)`,
      ...(decisions === undefined
        ? []
        : [
            `  decisions: ${formatCount(result.clusteringStats.mustLinksApplied)} must-links applied, ${formatCount(result.clusteringStats.mustLinksRefused)} refused by a cannot-link, ${formatCount(decisions.filter((d) => !d.isMatch).length)} cannot-links, ${formatCount(result.decisionsSkipped)} naming records not in the input (skipped)`,
          ]),
      ...blockingReportLines(result),
      `  seconds: ${[...result.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)}`), `write ${writeSeconds.toFixed(2)}`].join(', ')}`,
      `  total ${formatSeconds(total)}, ${formatCount(Math.round(result.recordIds.length / total))} records/s`,
    ]
    process.stderr.write(`${lines.join('\n')}\n`)
    if (flags.statsJson !== undefined) {
      const stats = resolveStats(result, reader.summary, writeSeconds, total)
      await writeTextAtomically(flags.statsJson, `${JSON.stringify(stats, null, 2)}\n`)
    }
    return 0
  } catch (error) {
    reporter.finish()
    return reportError(error)
  }
}

/** The blocking report: pairs each rule adds, rules skipped for the budget, blocks capped. */
function blockingReportLines(result: BatchResult): string[] {
  const rules = result.blocking.rules
  const used = rules.filter((rule) => rule.skipped === undefined)
  const skipped = rules.filter((rule) => rule.skipped !== undefined)
  const capped = rules.filter((rule) => rule.oversizedBlocks > 0)
  return [
    `  blocking, pairs each rule adds: ${used.map((rule) => `${rule.rule} ${formatCount(rule.pairs)}`).join(' · ')}`,
    ...(skipped.length > 0 ? [`  loose rules skipped (pair budget): ${skipped.map((rule) => rule.rule).join(' · ')}`] : []),
    ...(capped.length > 0
      ? [
          `  oversized blocks skipped: ${capped.map((rule) => `${rule.rule} ${formatCount(rule.oversizedBlocks)} (${formatCount(rule.recordsInOversizedBlocks)} records)`).join(' · ')}`,
        ]
      : []),
  ]
}

function resolveStats(
  result: BatchResult,
  summary: ReadRecordsSummary,
  writeSeconds: number,
  totalSeconds: number,
): ResolveStats {
  const usage = process.resourceUsage()
  return {
    records: result.recordIds.length,
    rowsRead: summary.rows,
    rowsSkipped: summary.skipped,
    customers: result.clustering.clusterCount,
    candidatePairs: result.candidates.count,
    links: result.clusteringStats.links,
    seconds: {
      ...Object.fromEntries(result.timings.map((t) => [t.stage, t.seconds])),
      write: writeSeconds,
    },
    totalSeconds,
    recordsPerSecond: result.recordIds.length / totalSeconds,
    // maxRSS is in kilobytes.
    peakRssBytes: usage.maxRSS * 1024,
    cpuSeconds: { user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6 },
    blockingRules: result.blocking.rules.map(
      ({ rule, pairs, pairsBeforeDeduplication, skipped }) => ({
        rule,
        pairs,
        pairsBeforeDeduplication,
        ...(skipped === undefined ? {} : { skipped }),
      }),
    ),
    clustering: result.clusteringStats,
  }
}
