import { saveModel } from '../../core/index.js'
import {
  assertWritablePath,
  readLabelledPairs,
  trainBatch,
  writeTextAtomically,
  type LabelledRecordPair,
} from '../../engine/index.js'
import { reportError } from '../output.js'
import { createProgressReporter } from '../progress.js'
import {
  batchOptions,
  configFromFlags,
  formatCount,
  inputSummaryLines,
  openInput,
  type InputFlags,
} from './shared.js'

export interface TrainFlags extends InputFlags {
  out: string
  labels?: string
}

/** `tessera train`: a model JSON trained on the file (EM, or labelled pairs when given). */
export async function runTrain(input: string, flags: TrainFlags): Promise<number> {
  const reporter = createProgressReporter()
  try {
    const config = configFromFlags(flags)
    // Checked before training, so a wrong path fails at once rather than after the work.
    await assertWritablePath(flags.out)
    const labelledPairs: LabelledRecordPair[] | undefined =
      flags.labels === undefined ? undefined : await readLabelledPairs(flags.labels)
    const reader = openInput(input, flags, config)
    const result = await trainBatch(reader, {
      ...batchOptions(config, reporter),
      ...(labelledPairs === undefined ? {} : { labelledPairs }),
    })
    // All or nothing: a half-written model would fail to load later with a confusing message.
    await writeTextAtomically(flags.out, saveModel(result.model))
    reporter.finish()
    const rounds = result.model.training?.emRounds ?? []
    process.stderr.write(
      [
        `trained on ${formatCount(result.records)} records → ${flags.out}`,
        ...inputSummaryLines(reader.summary),
        `  prior P(two random records match) = ${result.model.probabilityTwoRandomRecordsMatch.toExponential(3)}`,
        ...rounds.map((r) => `  EM round on ${r.blockingRule}: ${formatCount(r.pairs)} pairs, ${r.iterations} iterations, λ ${r.lambda.toFixed(3)}`),
        ...(labelledPairs === undefined ? [] : [`  m estimated from ${formatCount(labelledPairs.length)} labelled pairs`]),
      ].join('\n') + '\n',
    )
    return 0
  } catch (error) {
    reporter.finish()
    return reportError(error)
  }
}
