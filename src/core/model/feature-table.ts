import type { NormalisedRecord } from '../normalise/normalised-record.js'
import { phoneticKey } from '../compare/phonetic.js'

/**
 * The features comparisons and blocking rules read. Most are normalised fields as they are;
 * the rest are derived here once per record so that the pair loop never recomputes them.
 */
export const FEATURE_NAMES = [
  'first_name',
  'first_name_canonical',
  'first_name_phonetic',
  'last_name',
  'last_name_phonetic',
  'last_name_first_token',
  'name_key',
  'email',
  'email_local',
  'email_domain',
  'phone',
  'birth_date',
  'birth_year',
  'street',
  'house_number',
  'postcode',
  'city',
  'region',
  'country',
  'loyalty_card',
  'tax_id',
] as const

export type FeatureName = (typeof FEATURE_NAMES)[number]

/**
 * One dictionary-encoded column: `ids[i]` indexes `values`; id 0 is always the missing value ''.
 * Why dictionary encoding: a million records share few distinct values per field, exact
 * comparisons become integer comparisons, term frequencies are a count per id, and the id
 * arrays can be shared with worker threads without copying.
 */
export interface FeatureColumn {
  readonly ids: Int32Array
  readonly values: readonly string[]
  /** counts[id] = records holding that value; counts[0] = records missing it. */
  readonly counts: Int32Array
}

export interface FeatureTable {
  readonly size: number
  readonly columns: Readonly<Record<FeatureName, FeatureColumn>>
}

/** A FeatureTable in a form that survives structured cloning (for worker threads). */
export interface SerialisedFeatureTable {
  size: number
  columns: Record<string, { ids: Int32Array; values: string[]; counts: Int32Array }>
}

const MISSING = ''

function firstToken(value: string): string {
  const space = value.indexOf(' ')
  return space === -1 ? value : value.slice(0, space)
}

/** Derives every feature of one normalised record. */
export function deriveFeatures(record: NormalisedRecord): Record<FeatureName, string> {
  const firstCanonical = firstToken(record.first_name_canonical)
  const firstSurname = firstToken(record.last_name)
  const firstPhonetic = record.first_name === MISSING ? MISSING : phoneticKey(record.first_name)
  const lastPhonetic = record.last_name === MISSING ? MISSING : phoneticKey(record.last_name)
  const canonicalPhonetic = firstCanonical === MISSING ? MISSING : phoneticKey(firstCanonical)
  const surnamePhonetic = firstSurname === MISSING ? MISSING : phoneticKey(firstSurname)
  // Order-insensitive, so swapped first/last names still share the key.
  let nameKey = MISSING
  if (canonicalPhonetic !== MISSING && surnamePhonetic !== MISSING) {
    nameKey =
      canonicalPhonetic < surnamePhonetic
        ? `${canonicalPhonetic}|${surnamePhonetic}`
        : `${surnamePhonetic}|${canonicalPhonetic}`
  }
  return {
    first_name: record.first_name,
    first_name_canonical: record.first_name_canonical,
    first_name_phonetic: firstPhonetic,
    last_name: record.last_name,
    last_name_phonetic: lastPhonetic,
    last_name_first_token: firstSurname,
    name_key: nameKey,
    email: record.email,
    email_local: record.email_local,
    email_domain: record.email_domain,
    phone: record.phone,
    birth_date: record.birth_date,
    birth_year: record.birth_date.slice(0, 4),
    street: record.street,
    house_number: record.house_number,
    postcode: record.postcode,
    city: record.city,
    region: record.region,
    country: record.country,
    loyalty_card: record.loyalty_card,
    tax_id: record.tax_id,
  }
}

/** Builds feature tables incrementally; `add` records in order, then `build`. */
export class FeatureTableBuilder {
  // Indexed by the position in FEATURE_NAMES rather than keyed by name: the builder runs once per
  // record and feature (21 million times for a million records), and a Map look-up by name per
  // field cost as much as encoding the value.
  readonly #dictionaries: Map<string, number>[] = FEATURE_NAMES.map(() => new Map([[MISSING, 0]]))
  readonly #values: string[][] = FEATURE_NAMES.map(() => [MISSING])
  #ids: Int32Array[] = FEATURE_NAMES.map(() => new Int32Array(1024))
  #size = 0

  get size(): number {
    return this.#size
  }

  add(record: NormalisedRecord): void {
    this.addFeatures(deriveFeatures(record))
  }

  addFeatures(features: Record<FeatureName, string>): void {
    const row = this.#size
    if (row === this.#ids[0].length) this.#grow()
    for (let f = 0; f < FEATURE_NAMES.length; f++) {
      const value = features[FEATURE_NAMES[f]]
      let id = 0
      if (value !== MISSING) {
        const dictionary = this.#dictionaries[f]
        const known = dictionary.get(value)
        if (known === undefined) {
          id = dictionary.size
          dictionary.set(value, id)
          this.#values[f].push(value)
        } else id = known
      }
      this.#ids[f][row] = id
    }
    this.#size += 1
  }

  #grow(): void {
    this.#ids = this.#ids.map((ids) => {
      const grown = new Int32Array(ids.length * 2)
      grown.set(ids)
      return grown
    })
  }

  build(): FeatureTable {
    const columns = {} as Record<FeatureName, FeatureColumn>
    FEATURE_NAMES.forEach((name, f) => {
      const values = this.#values[f]
      const ids = this.#ids[f].slice(0, this.#size)
      const counts = new Int32Array(values.length)
      for (let i = 0; i < ids.length; i++) counts[ids[i]] += 1
      columns[name] = { ids, values, counts }
    })
    return { size: this.#size, columns }
  }
}

/** Encodes normalised records into a feature table. */
export function createFeatureTable(records: readonly NormalisedRecord[]): FeatureTable {
  const builder = new FeatureTableBuilder()
  for (const record of records) builder.add(record)
  return builder.build()
}

/** Concatenates tables built in parallel (e.g. by worker threads) into one, re-keying ids. */
export function concatFeatureTables(tables: readonly FeatureTable[]): FeatureTable {
  const size = tables.reduce((total, table) => total + table.size, 0)
  const columns = {} as Record<FeatureName, FeatureColumn>
  for (const name of FEATURE_NAMES) {
    const dictionary = new Map<string, number>([[MISSING, 0]])
    const values: string[] = [MISSING]
    const ids = new Int32Array(size)
    let offset = 0
    for (const table of tables) {
      const column = table.columns[name]
      const remap = new Int32Array(column.values.length)
      for (let local = 0; local < column.values.length; local++) {
        const value = column.values[local]
        let id = dictionary.get(value)
        if (id === undefined) {
          id = values.length
          dictionary.set(value, id)
          values.push(value)
        }
        remap[local] = id
      }
      for (let i = 0; i < table.size; i++) ids[offset + i] = remap[column.ids[i]]
      offset += table.size
    }
    const counts = new Int32Array(values.length)
    for (let i = 0; i < size; i++) counts[ids[i]] += 1
    columns[name] = { ids, values, counts }
  }
  return { size, columns }
}

/** Number of records with a non-missing value in a column. */
export function presentCount(column: FeatureColumn): number {
  return column.ids.length - column.counts[0]
}
