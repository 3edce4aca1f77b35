import { InputError } from '../core/errors.js'
import { mulberry32 } from '../core/random.js'
import type { CustomerRecord } from '../core/record/customer-record.js'
import {
  resolveNoiseSettings,
  type NoiseSettings,
  type PartialNoiseSettings,
  type ProfileName,
} from './noise-settings.js'
import { createHouseholds, createPopulationState } from './population.js'
import { renderRecord } from './records.js'
import { deriveSeed } from './sampling.js'

export interface GenerateOptions {
  /** Number of real people (each has at least one record). */
  persons: number
  /** Any integer (used modulo 2^32); the same options always give the same output. */
  seed: number
  /** Base settings; default 'standard'. */
  profile?: ProfileName
  /** Overrides of the profile's settings. */
  noise?: PartialNoiseSettings
}

/** One generated record and the person it belongs to. */
export interface GeneratedRecord {
  record: CustomerRecord
  person_id: string
}

export interface GeneratedDataset {
  records: CustomerRecord[]
  /** One row per record, in the same order: the ground truth. */
  truth: { record_id: string; person_id: string }[]
}

/**
 * Persons generated and rendered together. Within a block records are sorted by created_at and
 * numbered per source in that order, as source systems number them, so a dataset of up to this
 * many persons is fully in time order; memory stays bounded by the block, not the dataset. The
 * block size is part of the output: changing it changes larger datasets.
 */
const BLOCK_PERSONS = 25_000

function validateOptions(options: GenerateOptions): void {
  const issues = []
  if (!Number.isInteger(options.persons) || options.persons < 1) {
    issues.push({ path: ['persons'], code: 'out_of_range', message: 'must be a positive integer' })
  }
  if (!Number.isInteger(options.seed)) {
    issues.push({ path: ['seed'], code: 'not_integer', message: 'must be an integer' })
  }
  if (issues.length > 0) {
    throw new InputError({
      code: 'ERR_SYNTHETIC_OPTIONS_INVALID',
      message: `invalid synthetic dataset options: ${issues
        .map((issue) => `${issue.path[0]} ${issue.message}`)
        .join('; ')}`,
      issues,
    })
  }
}

function recordIdFor(source: string, number: number): string {
  const digits = String(number).padStart(6, '0')
  return source.startsWith('store:') ? `${source}/${digits}` : `${source}-${digits}`
}

/**
 * Streams the records of a synthetic dataset with their true person, block by block, so a
 * caller can write a million-record CSV without holding it. Yields exactly what
 * `generateDataset` returns, in the same order. Throws InputError (ERR_SYNTHETIC_OPTIONS_INVALID)
 * for a non-positive or fractional `persons`, a fractional `seed` or an out-of-range rate.
 */
export function* generateRecords(options: GenerateOptions): Generator<GeneratedRecord> {
  validateOptions(options)
  const settings: NoiseSettings = resolveNoiseSettings(
    options.profile ?? 'standard',
    options.noise ?? {},
  )
  // who exists and what happens to them is drawn apart from how records are written, so the
  // same seed keeps the same people under different noise settings
  const populationRandom = mulberry32(deriveSeed(options.seed, 1))
  const renderRandom = mulberry32(deriveSeed(options.seed, 2))
  const state = createPopulationState()
  const counters = new Map<string, number>()
  let generated = 0
  while (generated < options.persons) {
    const remaining = options.persons - generated
    const target = Math.min(BLOCK_PERSONS, remaining)
    const records: CustomerRecord[] = []
    const owners: string[] = []
    const times: number[] = []
    // each household is written out as soon as it exists, so persons die young and only the
    // block's records are kept until the block is sorted
    for (const household of createHouseholds(
      populationRandom,
      settings,
      state,
      target,
      remaining,
    )) {
      generated += household.length
      for (const person of household) {
        for (let index = 0; index < person.recordCount; index++) {
          const { record, createdAtMs } = renderRecord(renderRandom, person, index, settings)
          record.source = person.recordSources[index]
          records.push(record)
          owners.push(person.personId)
          times.push(createdAtMs)
        }
      }
    }
    const order = new Uint32Array(records.length)
    for (let i = 0; i < order.length; i++) order[i] = i
    order.sort((a, b) => times[a] - times[b] || a - b)
    for (const i of order) {
      const record = records[i]
      const number = (counters.get(record.source) ?? 0) + 1
      counters.set(record.source, number)
      record.record_id = recordIdFor(record.source, number)
      yield { record, person_id: owners[i] }
    }
  }
}

/**
 * A synthetic omnichannel customer dataset with ground truth: `persons` people across Spain,
 * Italy and the UK, each with 1..n records from web, app, stores and CRM, written with the
 * profile's noise. Pure: the same options always give the same records.
 */
export function generateDataset(options: GenerateOptions): GeneratedDataset {
  const records: CustomerRecord[] = []
  const truth: { record_id: string; person_id: string }[] = []
  for (const { record, person_id } of generateRecords(options)) {
    records.push(record)
    truth.push({ record_id: record.record_id, person_id })
  }
  return { records, truth }
}
