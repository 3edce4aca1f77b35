import type { NormalisedRecord } from '../normalise/normalised-record.js'
import { phoneticKey } from '../compare/phonetic.js'
import { firstToken } from '../normalise/text.js'
import { birthDateInCodiceFiscale } from '../normalise/recognised-tax-id.js'
import { CENTURY_UNKNOWN } from '../compare/date-difference.js'
import { genderOfEnding, givenNameGender } from '../normalise/gender.js'
import { isKnownGivenName } from '../normalise/given-names.js'

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
  'gender',
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

const phoneticOrMissing = (value: string): string =>
  value === MISSING ? MISSING : phoneticKey(value)
const phoneticOfFirstToken = (value: string): string => phoneticOrMissing(firstToken(value))

/** Order-insensitive, so swapped first/last names still share the key. */
function nameKeyOf(canonicalPhonetic: string, surnamePhonetic: string): string {
  if (canonicalPhonetic === MISSING || surnamePhonetic === MISSING) return MISSING
  return canonicalPhonetic < surnamePhonetic
    ? `${canonicalPhonetic}|${surnamePhonetic}`
    : `${surnamePhonetic}|${canonicalPhonetic}`
}

/**
 * The birth date compared: the one given, else the one a codice fiscale encodes (without its
 * century, see birthDateInCodiceFiscale). A feature, not a field of the normalised record: the
 * customer never wrote it, so it is not theirs to show.
 */
function birthDateOf(record: NormalisedRecord): string {
  return record.birth_date !== MISSING ? record.birth_date : birthDateInCodiceFiscale(record.tax_id)
}

/**
 * The gender compared (see guards): the one the record states, upper-case ('M', 'F'), else the
 * one its first given name as typed implies, lower-case ('m', 'f'), else ''. The case keeps the two
 * apart: two given names of two genders are two names, which the given-name comparison already
 * weighs; a title against a name is what the gender adds.
 */
function genderOf(record: NormalisedRecord): string {
  const stated = record.gender
  if (stated === 'm') return 'M'
  if (stated === 'f') return 'F'
  // The name as typed, not its canonical form: 'Ale' and 'Dani' are Alessandra and Daniela as
  // often as Alessandro and Daniel, whichever the nickname table files them under. And only
  // where the split into given name and surname is beyond doubt: 'BRUNO SARA' is Sara Bruno as
  // often as Bruno Sara, and 'I. Martin' loses its initial to the Catalan particle 'i'. A
  // surname that reads as a name of the other gender ('GIORGIA FRANCO', a name the dictionary
  // lacks read surname first) leaves the gender unknown.
  const surname = firstToken(record.last_name)
  if (surname.length < 2 || isKnownGivenName(surname)) return MISSING
  const gender = givenNameGender(firstToken(record.first_name))
  const surnameGender = genderOfEnding(surname)
  return surnameGender !== '' && surnameGender !== gender ? MISSING : gender
}

/** The year of a birth date feature; missing when its century is not known. */
const birthYearOf = (date: string): string => (date.startsWith(CENTURY_UNKNOWN) ? MISSING : date.slice(0, 4))

/** Derives every feature of one normalised record. */
export function deriveFeatures(record: NormalisedRecord): Record<FeatureName, string> {
  const birthDate = birthDateOf(record)
  const firstSurname = firstToken(record.last_name)
  const firstPhonetic = phoneticOrMissing(record.first_name)
  const lastPhonetic = phoneticOrMissing(record.last_name)
  const nameKey = nameKeyOf(
    phoneticOfFirstToken(record.first_name_canonical),
    phoneticOfFirstToken(record.last_name),
  )
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
    birth_date: birthDate,
    birth_year: birthYearOf(birthDate),
    street: record.street,
    house_number: record.house_number,
    postcode: record.postcode,
    city: record.city,
    region: record.region,
    country: record.country,
    loyalty_card: record.loyalty_card,
    tax_id: record.tax_id,
    gender: genderOf(record),
  }
}

/**
 * Features computed from one other feature's value alone. The builder derives them once per
 * distinct value of that feature, not once per record: names and birth dates repeat, and the
 * phonetic keys and the dictionary look-up of the result were a third of encoding a record.
 */
const DERIVED_FEATURES: readonly {
  feature: FeatureName
  from: FeatureName
  derive: (value: string) => string
}[] = [
  { feature: 'first_name_phonetic', from: 'first_name', derive: phoneticOrMissing },
  { feature: 'last_name_phonetic', from: 'last_name', derive: phoneticOrMissing },
  { feature: 'last_name_first_token', from: 'last_name', derive: firstToken },
  { feature: 'birth_year', from: 'birth_date', derive: birthYearOf },
]
/** Features read from the normalised record as they are. */
const RECORD_FEATURES = FEATURE_NAMES.filter(
  (name): name is FeatureName & keyof NormalisedRecord =>
    name !== 'name_key' && name !== 'birth_date' && name !== 'gender' && !DERIVED_FEATURES.some((derived) => derived.feature === name),
)
const featureIndex = (name: FeatureName): number => FEATURE_NAMES.indexOf(name)
const RECORD_COLUMNS = RECORD_FEATURES.map((name) => ({ name, f: featureIndex(name) }))
const DERIVED_COLUMNS = DERIVED_FEATURES.map(({ feature, from, derive }) => ({
  f: featureIndex(feature),
  from: featureIndex(from),
  derive,
}))
const CANONICAL_COLUMN = featureIndex('first_name_canonical')
const SURNAME_COLUMN = featureIndex('last_name')
const NAME_KEY_COLUMN = featureIndex('name_key')
const BIRTH_DATE_COLUMN = featureIndex('birth_date')
const GENDER_COLUMN = featureIndex('gender')

/** Builds feature tables incrementally; `add` records in order, then `build`. */
export class FeatureTableBuilder {
  // Indexed by the position in FEATURE_NAMES rather than keyed by name: the builder runs once per
  // record and feature (21 million times for a million records), and a Map look-up by name per
  // field cost as much as encoding the value.
  readonly #dictionaries: Map<string, number>[] = FEATURE_NAMES.map(() => new Map([[MISSING, 0]]))
  readonly #values: string[][] = FEATURE_NAMES.map(() => [MISSING])
  #ids: Int32Array[]
  #size = 0
  // derivedIds[k][id of the source value] = id of DERIVED_FEATURES[k]'s value, or -1 if not seen.
  readonly #derivedIds: Int32Array[]
  // The phonetic key of the first token, by id of first_name_canonical and of last_name (for name_key).
  readonly #canonicalPhonetic: (string | undefined)[] = [MISSING]
  readonly #surnamePhonetic: (string | undefined)[] = [MISSING]
  readonly #recordColumns = RECORD_COLUMNS
  readonly #derivedColumns = DERIVED_COLUMNS
  readonly #canonicalColumn = CANONICAL_COLUMN
  readonly #surnameColumn = SURNAME_COLUMN
  readonly #nameKeyColumn = NAME_KEY_COLUMN

  /**
   * `capacity`: how many records to make room for at first (it grows past that). The real-time
   * path builds two tables of a few dozen records per resolve, where zeroing room for a
   * thousand in 25 columns cost as much as filling them.
   */
  constructor(capacity = 1024) {
    const room = Math.max(1, capacity)
    this.#ids = FEATURE_NAMES.map(() => new Int32Array(room))
    this.#derivedIds = DERIVED_FEATURES.map(() => new Int32Array(room).fill(-1))
  }

  get size(): number {
    return this.#size
  }

  /** Adds a record; the same table as addFeatures(deriveFeatures(record)), built faster. */
  add(record: NormalisedRecord): void {
    const row = this.#startRow()
    for (const { name, f } of this.#recordColumns) this.#ids[f][row] = this.#encode(f, record[name])
    this.#ids[BIRTH_DATE_COLUMN][row] = this.#encode(BIRTH_DATE_COLUMN, birthDateOf(record))
    this.#ids[GENDER_COLUMN][row] = this.#encode(GENDER_COLUMN, genderOf(record))
    for (let k = 0; k < this.#derivedColumns.length; k++) {
      const { f, from, derive } = this.#derivedColumns[k]
      const source = this.#ids[from][row]
      let derivedIds = this.#derivedIds[k]
      if (source >= derivedIds.length) {
        const grown = new Int32Array(Math.max(source + 1, derivedIds.length * 2)).fill(-1)
        grown.set(derivedIds)
        derivedIds = this.#derivedIds[k] = grown
      }
      let id = derivedIds[source]
      if (id === -1) id = derivedIds[source] = this.#encode(f, derive(this.#values[from][source]))
      this.#ids[f][row] = id
    }
    const canonical = this.#ids[this.#canonicalColumn][row]
    const surname = this.#ids[this.#surnameColumn][row]
    const canonicalPhonetic = (this.#canonicalPhonetic[canonical] ??= phoneticOfFirstToken(
      this.#values[this.#canonicalColumn][canonical],
    ))
    const surnamePhonetic = (this.#surnamePhonetic[surname] ??= phoneticOfFirstToken(
      this.#values[this.#surnameColumn][surname],
    ))
    this.#ids[this.#nameKeyColumn][row] = this.#encode(
      this.#nameKeyColumn,
      nameKeyOf(canonicalPhonetic, surnamePhonetic),
    )
    this.#size += 1
  }

  /** Adds a record's features as given (they may be any strings; see deriveFeatures). */
  addFeatures(features: Record<FeatureName, string>): void {
    const row = this.#startRow()
    for (let f = 0; f < FEATURE_NAMES.length; f++)
      // Features stored before a feature existed lack it: missing.
      this.#ids[f][row] = this.#encode(f, features[FEATURE_NAMES[f]] ?? MISSING)
    this.#size += 1
  }

  #startRow(): number {
    const row = this.#size
    if (row === this.#ids[0].length) {
      this.#ids = this.#ids.map((ids) => {
        const grown = new Int32Array(ids.length * 2)
        grown.set(ids)
        return grown
      })
    }
    return row
  }

  #encode(f: number, value: string): number {
    if (value === MISSING) return 0
    const dictionary = this.#dictionaries[f]
    const known = dictionary.get(value)
    if (known !== undefined) return known
    const id = dictionary.size
    dictionary.set(value, id)
    this.#values[f].push(value)
    return id
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
