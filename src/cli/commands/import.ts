import { importRecords } from '../../engine/index.js'
import { openConfiguredStore } from '../../engine/index.js'
import { reportError } from '../output.js'
import { createProgressReporter } from '../progress.js'
import { batchOptions, formatCount, formatSeconds, inputSummaryLines, openInput, type InputFlags } from './shared.js'
import { storeConfigFromFlags, type StoreFlags } from './store-flags.js'

export type ImportFlags = InputFlags & StoreFlags

/** `tessera import FILE`: bulk load of an existing export into the identity store (resumable). */
export async function runImport(input: string, flags: ImportFlags): Promise<number> {
  const reporter = createProgressReporter()
  try {
    const config = storeConfigFromFlags(flags)
    const reader = openInput(input, flags, config)
    const store = await openConfiguredStore(config)
    try {
      const summary = await importRecords({
        store,
        config,
        reader,
        actor: { id: 'cli', user: 'import' },
        batch: batchOptions(config, reporter),
        onProgress: (event) => reporter.update(event),
      })
      reporter.finish()
      const lines =
        summary.mode === 'already-imported'
          ? [`${input} was already imported (job ${summary.jobId}, ${formatCount(summary.records)} records): nothing to do`]
          : [
              `imported ${formatCount(summary.records)} records from ${input} (${summary.mode === 'batch' ? 'batch resolution into an empty store' : 'real-time resolution into existing data'})`,
              ...inputSummaryLines(reader.summary),
              `  records written by this run: ${formatCount(summary.recordsWritten)}${summary.recordsWritten < summary.records ? ' (resumed: the rest was committed by an earlier run)' : ''}`,
              `  customers created: ${formatCount(summary.customersCreated)}`,
              ...(summary.modelId === undefined ? [] : [`  model: ${summary.modelId} (stored and active for real-time resolution)`]),
              `  total: ${formatSeconds(summary.seconds)}, ${formatCount(Math.round(summary.records / Math.max(summary.seconds, 1e-3)))} records/s`,
            ]
      process.stderr.write(lines.join('\n') + '\n')
      return 0
    } finally {
      await store.close()
    }
  } catch (error) {
    reporter.finish()
    return reportError(error)
  }
}
