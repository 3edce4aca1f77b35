import {
  assertWritablePath,
  resolveBatch,
  writePairsFile,
  writeResolutionCsv,
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
}

/** `tessera resolve`: one customer id per record, written atomically. */
export async function runResolve(input: string, flags: ResolveFlags): Promise<number> {
  const reporter = createProgressReporter()
  try {
    const started = performance.now()
    const config = configFromFlags(flags, flags.threshold === undefined ? {} : { matching: { matchThreshold: flags.threshold } })
    const model = flags.model === undefined ? undefined : loadModelFile(flags.model)
    // Checked before the run, so a wrong path fails in a second, not after the work, and a bad
    // --pairs path cannot leave the --out file written while the command fails.
    await assertWritablePath(flags.out)
    if (flags.pairs !== undefined) await assertWritablePath(flags.pairs)
    const reader = openInput(input, flags, config)
    const result = await resolveBatch(reader, { ...batchOptions(config, reporter), ...(model === undefined ? {} : { model }) })
    const writeStart = performance.now()
    await writeResolutionCsv(
      flags.out,
      result.recordIds.map((id, i) => [id, result.customerIds[i]] as const),
    )
    if (flags.pairs !== undefined) await writePairsFile(flags.pairs, result, flags.pairsMinProbability)
    const writeSeconds = (performance.now() - writeStart) / 1000
    reporter.finish()
    const total = (performance.now() - started) / 1000
    const lines = [
      `resolved ${formatCount(result.recordIds.length)} records into ${formatCount(result.clustering.clusterCount)} customers`,
      ...inputSummaryLines(reader.summary),
      `  candidate pairs ${formatCount(result.candidates.count)}, links ${formatCount(result.clusteringStats.links)}, merges rejected: ${result.clusteringStats.mergesRejectedByCannotLink} cannot-link, ${result.clusteringStats.mergesRejectedByEvidence} weak evidence, ${result.clusteringStats.mergesRejectedBySize} size`,
      `  seconds: ${[...result.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)}`), `write ${writeSeconds.toFixed(2)}`].join(', ')}`,
      `  total ${formatSeconds(total)}, ${formatCount(Math.round(result.recordIds.length / total))} records/s`,
    ]
    process.stderr.write(`${lines.join('\n')}\n`)
    return 0
  } catch (error) {
    reporter.finish()
    return reportError(error)
  }
}
