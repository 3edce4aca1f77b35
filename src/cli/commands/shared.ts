import { readFileSync } from 'node:fs'
import { loadConfig, type Config } from '../../config/index.js'
import { InputError, parseBlockingRule, parseModelOrThrow, type BlockingRule, type Model } from '../../core/index.js'
import {
  parseColumnMapping,
  readRecords,
  type BatchOptions,
  type ReadRecordsSummary,
  type RecordReader,
} from '../../engine/index.js'
import { createProgressReporter } from '../progress.js'

/** Flags every command that reads a customer file accepts. */
export interface InputFlags {
  config?: string
  map: string[]
  source?: string
  format?: 'csv' | 'jsonl'
  onError: 'fail' | 'skip'
  country?: string
  seed?: number
  workers?: number
}

export function configFromFlags(flags: InputFlags, extra: Record<string, unknown> = {}): Config {
  return loadConfig({
    ...(flags.config === undefined ? {} : { file: flags.config }),
    flags: {
      seed: flags.seed,
      workers: flags.workers,
      defaultCountry: flags.country?.toUpperCase(),
      ...(flags.map.length > 0 ? { mapping: flags.map } : {}),
      ...extra,
    },
  })
}

export function openInput(path: string, flags: InputFlags, config: Config): RecordReader {
  return readRecords(path, {
    onError: flags.onError,
    mapping: parseColumnMapping(config.mapping),
    ...(flags.format === undefined ? {} : { format: flags.format }),
    ...(flags.source === undefined ? {} : { source: flags.source }),
  })
}

export function loadModelFile(path: string): Model {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError({ code: 'ERR_MODEL_UNREADABLE', message: `cannot read the model file ${path}; check the path`, cause: error })
  }
  return parseModelOrThrow(text, path)
}

/** Batch options from the validated config; the progress reporter goes to stderr. */
export function batchOptions(config: Config, reporter: ReturnType<typeof createProgressReporter>): BatchOptions {
  const rules: BlockingRule[] | undefined = config.blocking.rules?.map((rule) =>
    parseBlockingRule(rule.features.join(' & ') + (rule.loose ? ' (loose)' : '')),
  )
  const { maxClusterSize, guards, ...matching } = config.matching
  const settings = Object.fromEntries(Object.entries(matching).filter(([, v]) => v !== undefined))
  return {
    seed: config.seed,
    ...(config.workers === undefined ? {} : { workers: config.workers }),
    ...(config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }),
    ...(config.countries === undefined ? {} : { fallbackCountries: config.countries }),
    ...(rules === undefined ? {} : { blockingRules: rules }),
    blocking: {
      maxBlockSize: config.blocking.maxBlockSize,
      pairBudgetPerRecord: config.blocking.pairBudgetPerRecord,
      maxLooseBudgetPairs: config.blocking.maxLooseBudgetPairs,
    },
    settings: { ...settings, ...(guards === undefined ? {} : { guards }) },
    maxClusterSize,
    onProgress: (event) => reporter.update(event),
  }
}

export const formatSeconds = (seconds: number) => `${seconds.toFixed(2)} s`
export const formatCount = (n: number) => n.toLocaleString('en-US')

/** Skipped rows listed in a command's summary; the rest are counted. */
const SKIPPED_ROWS_LISTED = 5

/**
 * What reading the input found, for a command's summary on stderr: rows read and skipped,
 * ignored columns, and the first skipped rows with the reason (lines and fields, never values).
 */
export function inputSummaryLines(summary: ReadRecordsSummary): string[] {
  const { rows, skipped, ignoredColumns, issues } = summary
  const ignored = ignoredColumns.length > 0 ? `, ignored columns: ${ignoredColumns.join(', ')}` : ''
  const lines = [`  rows read ${formatCount(rows)}, skipped ${formatCount(skipped)}${ignored}`]
  const listed = issues.slice(0, SKIPPED_ROWS_LISTED)
  for (const issue of listed) lines.push(`  skipped ${issue.path.join(' ')}: ${issue.message}`)
  if (skipped > listed.length) {
    lines.push(`  … and ${formatCount(skipped - listed.length)} more skipped rows`)
  }
  return lines
}
