/**
 * The public benchmark datasets in this folder (see README.md for source, licence and quirks),
 * described for tests and benchmarks: where the files are, how their columns map to the data
 * contract, and how to tell the true entity of a row.
 */

export const PUBLIC_DATASET_NAMES = ['febrl1', 'febrl2', 'febrl3', 'febrl4', 'fake_1000', 'historical_50k'] as const
export type PublicDatasetName = (typeof PUBLIC_DATASET_NAMES)[number]

/** A raw row keyed by the file's own (trimmed) column names. */
export type RawRow = Readonly<Record<string, string>>

export interface PublicDatasetFile {
  /** Relative to the repository root. */
  path: string
  /** Source name given to the file's records. */
  source: string
}

export interface PublicDataset {
  name: PublicDatasetName
  /** Read together as one input; record ids are distinct across them. */
  files: readonly PublicDatasetFile[]
  /** `from=to` pairs for parseColumnMapping; columns named like contract fields are read as is. */
  mapping: readonly string[]
  /** The file's column that becomes record_id. */
  idColumn: string
  /** ISO 3166-1 alpha-2 country of records that have none. */
  country?: string
  /** The true entity of a raw row. */
  entityId: (row: RawRow) => string
  /** Figures computed from the files (README.md), for checks that the loading is right. */
  expected: { records: number; entities: number; truePairs: number }
}

const FEBRL_MAPPING = [
  'rec_id=record_id',
  'given_name=first_name',
  'surname=last_name',
  'street_number+address_1=address_line1',
  'address_2=address_line2',
  'suburb=city',
  'postcode=postcode',
  'state=region',
  'date_of_birth=birth_date',
  'soc_sec_id=tax_id',
] as const

const FEBRL_ENTITY = /^rec-(\d+)-/

function febrlEntityId(row: RawRow): string {
  const match = FEBRL_ENTITY.exec(row.rec_id ?? '')
  if (match === null) throw new Error(`FEBRL rec_id does not match ${FEBRL_ENTITY.source}`)
  return match[1]
}

function clusterColumn(row: RawRow): string {
  const cluster = row.cluster ?? ''
  if (cluster === '') throw new Error('row has no cluster')
  return cluster
}

/** A Febrl file read as one input, by the Febrl conventions (rec_id, Australian people and addresses). */
function febrl(name: PublicDatasetName, files: readonly PublicDatasetFile[], expected: PublicDataset['expected']): PublicDataset {
  return { name, files, mapping: FEBRL_MAPPING, idColumn: 'rec_id', country: 'AU', entityId: febrlEntityId, expected }
}

export const PUBLIC_DATASETS: Readonly<Record<PublicDatasetName, PublicDataset>> = {
  febrl1: febrl('febrl1', [{ path: 'test/fixtures/datasets/febrl/dataset1.csv', source: 'febrl1' }], { records: 1_000, entities: 500, truePairs: 500 }),
  febrl2: febrl('febrl2', [{ path: 'test/fixtures/datasets/febrl/dataset2.csv', source: 'febrl2' }], { records: 5_000, entities: 4_000, truePairs: 1_934 }),
  febrl3: febrl('febrl3', [{ path: 'test/fixtures/datasets/febrl/dataset3.csv', source: 'febrl3' }], { records: 5_000, entities: 2_000, truePairs: 6_538 }),
  febrl4: febrl(
    'febrl4',
    [
      { path: 'test/fixtures/datasets/febrl/dataset4a.csv', source: 'febrl4a' },
      { path: 'test/fixtures/datasets/febrl/dataset4b.csv', source: 'febrl4b' },
    ],
    { records: 10_000, entities: 5_000, truePairs: 5_000 },
  ),
  fake_1000: {
    name: 'fake_1000',
    files: [{ path: 'test/fixtures/datasets/splink/fake_1000.csv', source: 'fake_1000' }],
    // first_name, city and email are contract names already.
    mapping: ['unique_id=record_id', 'surname=last_name', 'dob=birth_date'],
    idColumn: 'unique_id',
    entityId: clusterColumn,
    expected: { records: 1_000, entities: 251, truePairs: 2_031 },
  },
  historical_50k: {
    name: 'historical_50k',
    files: [{ path: 'test/fixtures/datasets/splink/historical_50k.csv', source: 'historical_50k' }],
    // full_name and first_name are contract names already; cluster, first_and_surname,
    // gender and occupation are not contract fields and are left out.
    mapping: [
      'unique_id=record_id',
      'surname=last_name',
      'dob=birth_date',
      'birth_place=city',
      'postcode_fake=postcode',
    ],
    idColumn: 'unique_id',
    entityId: clusterColumn,
    expected: { records: 50_578, entities: 5_156, truePairs: 303_961 },
  },
}
