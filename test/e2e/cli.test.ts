/**
 * End-to-end tests of the `tessera` command: each test spawns the built CLI (dist/, made by
 * `npm test` before vitest runs) in a temporary folder and checks exit codes, files and
 * stdout/stderr. Relative paths and a per-case working folder keep the messages free of
 * temporary paths, so they can be pinned with inline snapshots.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
const FEBRL_LIKE = fileURLToPath(new URL('../fixtures/febrl-like.csv', import.meta.url))

/** The contract fields, in the order `generate` writes them (shared/CONTRACT.md). */
const CONTRACT_COLUMNS = [
  'record_id',
  'source',
  'first_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'birth_date',
  'address_line1',
  'address_line2',
  'city',
  'postcode',
  'region',
  'country',
  'loyalty_card',
  'tax_id',
  'created_at',
]

/** The FEBRL column mapping of shared/CONTRACT.md, with two columns joined by `+`. */
const FEBRL_MAP = [
  'rec_id=record_id',
  'given_name=first_name',
  'surname=last_name',
  'street_number+address_1=address_line1',
  'address_2=address_line2',
  'suburb=city',
  'state=region',
  'date_of_birth=birth_date',
  'soc_sec_id=tax_id',
].flatMap((pair) => ['--map', pair])

/** Values that stand in for customer data in bad files: none may appear in a message. */
const FAKE_CUSTOMER_VALUES = ['zebulon', 'quixotic', '612 99 88 77']

const PERSONS = 300
const SEED = '7'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function tessera(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function readCsv(path: string): Promise<Record<string, string>[]> {
  return parse(await readFile(path), { columns: true }) as Record<string, string>[]
}

async function readHeader(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8')
  return text.slice(0, text.indexOf('\n')).split(',')
}

/** The parts of a saved model these tests look at. */
interface SavedModel {
  version: number
  probabilityTwoRandomRecordsMatch: number
  comparisons: { definition: { name: string } }[]
}

async function readModel(path: string): Promise<SavedModel> {
  return JSON.parse(await readFile(path, 'utf8')) as SavedModel
}

/** Lines joined into the text of a file. */
const lines = (...rows: string[]) => `${rows.join('\n')}\n`

/** Record ids with their clusters renamed 0, 1, 2… in order of first appearance. */
function partition(rows: readonly Record<string, string>[]): string[] {
  const names = new Map<string, number>()
  return rows.map((row) => {
    if (!names.has(row.customer_id)) names.set(row.customer_id, names.size)
    return `${row.record_id}:${names.get(row.customer_id)}`
  })
}

let root: string
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build)`)
  root = await mkdtemp(join(tmpdir(), 'tessera-e2e-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A fresh folder under the run's root, holding the given files. */
async function folderWith(name: string, files: Record<string, string | Buffer> = {}) {
  const folder = join(root, name)
  await mkdir(folder)
  for (const [file, content] of Object.entries(files)) await writeFile(join(folder, file), content)
  return folder
}

describe('tessera on a generated file', () => {
  let folder: string
  let generated: Run
  let resolved: Run
  let trained: Run
  let records: Record<string, string>[]
  let truth: Record<string, string>[]
  let resolution: Record<string, string>[]

  beforeAll(async () => {
    folder = await folderWith('generated')
    const generate = (suffix: string) =>
      tessera(
        [
          'generate',
          ...['--persons', String(PERSONS), '--seed', SEED],
          ...['--out', `records${suffix}.csv`, '--truth', `truth${suffix}.csv`],
        ],
        folder,
      )
    ;[generated] = await Promise.all([generate(''), generate('-again')])
    expect(generated.code).toBe(0)
    ;[resolved, trained] = await Promise.all([
      tessera(['resolve', 'records.csv', '--out', 'resolved.csv', '--pairs', 'pairs.csv'], folder),
      tessera(['train', 'records.csv', '--out', 'model.json'], folder),
    ])
    records = await readCsv(join(folder, 'records.csv'))
    truth = await readCsv(join(folder, 'truth.csv'))
    resolution = await readCsv(join(folder, 'resolved.csv'))
  })

  describe('tessera generate', () => {
    it('should write records with the contract columns', async () => {
      expect(await readHeader(join(folder, 'records.csv'))).toEqual(CONTRACT_COLUMNS)
      expect(records.length).toBeGreaterThan(PERSONS)
    })

    it('should write the truth as record_id,person_id for every record, in order', async () => {
      expect(await readHeader(join(folder, 'truth.csv'))).toEqual(['record_id', 'person_id'])
      expect(truth.map((row) => row.record_id)).toEqual(records.map((row) => row.record_id))
      expect(new Set(truth.map((row) => row.person_id)).size).toBe(PERSONS)
    })

    it('should write identical files when run twice with the same seed', async () => {
      expect(await readFile(join(folder, 'records-again.csv'))).toEqual(
        await readFile(join(folder, 'records.csv')),
      )
      expect(await readFile(join(folder, 'truth-again.csv'))).toEqual(
        await readFile(join(folder, 'truth.csv')),
      )
    })
  })

  describe('tessera resolve', () => {
    it('should exit with code 0 and leave stdout empty', () => {
      expect(resolved.code).toBe(0)
      expect(resolved.stdout).toBe('')
    })

    it('should write record_id,customer_id for every input record in input order', async () => {
      expect(await readHeader(join(folder, 'resolved.csv'))).toEqual(['record_id', 'customer_id'])
      expect(resolution.map((row) => row.record_id)).toEqual(records.map((row) => row.record_id))
    })

    it('should mint customer ids of the form cus_ and 26 base-32 characters', () => {
      for (const row of resolution) expect(row.customer_id).toMatch(/^cus_[0-9A-Z]{26}$/)
    })

    it('should give most records of one person the same customer id', () => {
      const customerOf = new Map(resolution.map((row) => [row.record_id, row.customer_id]))
      const customersOfPerson = new Map<string, string[]>()
      for (const { record_id, person_id } of truth) {
        const list = customersOfPerson.get(person_id) ?? []
        list.push(customerOf.get(record_id) as string)
        customersOfPerson.set(person_id, list)
      }
      // Records carrying their person's most common customer id: 1 would be a perfect split.
      let agreeing = 0
      for (const ids of customersOfPerson.values()) {
        const counts = new Map<string, number>()
        for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
        agreeing += Math.max(...counts.values())
      }
      expect(agreeing / truth.length).toBeGreaterThanOrEqual(0.85)
      expect(new Set(customerOf.values()).size).toBeLessThan(records.length * 0.6)
    })

    it('should print records, pairs, customers, stage seconds and records/s on stderr', () => {
      const { stderr } = resolved
      const count = records.length.toLocaleString('en-US')
      expect(stderr).toMatch(new RegExp(`^resolved ${count} records into \\d+ customers$`, 'm'))
      expect(stderr).toMatch(new RegExp(`^ {2}rows read ${count}, skipped 0$`, 'm'))
      expect(stderr).toMatch(/^ {2}candidate pairs [\d,]+, links [\d,]+/m)
      for (const stage of ['read', 'normalise', 'block', 'train', 'score', 'cluster', 'write']) {
        expect(stderr).toMatch(new RegExp(`^ {2}seconds: .*\\b${stage} \\d+\\.\\d\\d\\b`, 'm'))
      }
      expect(stderr).toMatch(/^ {2}total \d+\.\d\d s, [\d,]+ records\/s$/m)
    })

    it('should print a progress line per stage on stderr when it is not a terminal', () => {
      const { stderr } = resolved
      expect(stderr).toMatch(/^read: [\d,]+ records read$/m)
      expect(stderr).toMatch(/^normalise: [\d,]+ \/ [\d,]+ records normalised \(100%\)$/m)
      expect(stderr).toMatch(/^block: [\d,]+ \/ [\d,]+ candidate pairs \(100%\)$/m)
      expect(stderr).toMatch(/^score: [\d,]+ \/ [\d,]+ pairs scored \(100%\)$/m)
      expect(stderr).toMatch(/^cluster: [\d,]+ \/ [\d,]+ customers \(100%\)$/m)
      // Bars are redrawn with a carriage return on a terminal only.
      expect(stderr).not.toContain('\r')
    })
  })

  describe('tessera resolve --pairs', () => {
    it('should write a level and a weight column per comparison', async () => {
      const header = await readHeader(join(folder, 'pairs.csv'))
      const model = await readModel(join(folder, 'model.json'))
      expect(header.slice(0, 8)).toEqual([
        'record_id_left',
        'record_id_right',
        'blocking_rule',
        'match_weight',
        'match_probability',
        'cannot_link',
        'same_customer',
        'prior_weight',
      ])
      expect(header.slice(8)).toEqual(
        model.comparisons.flatMap(({ definition }) => [
          `${definition.name}_level`,
          `${definition.name}_weight`,
        ]),
      )
    })

    it('should make prior_weight and the comparison weights add up to match_weight', async () => {
      const pairs = await readCsv(join(folder, 'pairs.csv'))
      expect(pairs.length).toBeGreaterThan(100)
      for (const pair of pairs) {
        let sum = Number(pair.prior_weight)
        for (const [column, value] of Object.entries(pair)) {
          const isComparison = column !== 'prior_weight' && column !== 'match_weight'
          if (isComparison && column.endsWith('_weight')) sum += Number(value)
        }
        // Every value is rounded to 3 decimals, so a dozen of them may drift by about 0.006.
        expect(Math.abs(sum - Number(pair.match_weight))).toBeLessThan(0.01)
      }
    })
  })

  describe('tessera resolve --stats-json', () => {
    it('should write the run summary as JSON: stage seconds, pairs, links and peak memory', async () => {
      const run = await tessera(
        ['resolve', 'records.csv', '--out', 'stats-resolved.csv', '--stats-json', 'stats.json'],
        folder,
      )
      expect(run.code).toBe(0)
      const stats = JSON.parse(await readFile(join(folder, 'stats.json'), 'utf8')) as {
        records: number
        candidatePairs: number
        links: number
        seconds: Record<string, number>
        peakRssBytes: number
        blockingRules: unknown[]
      }
      expect(stats.records).toBe(records.length)
      expect(Object.keys(stats.seconds)).toEqual(['read', 'normalise', 'block', 'train', 'score', 'cluster', 'write'])
      const count = (n: number) => n.toLocaleString('en-US')
      expect(run.stderr).toContain(`candidate pairs ${count(stats.candidatePairs)}, links ${count(stats.links)}`)
      expect(stats.peakRssBytes).toBeGreaterThan(10 * 2 ** 20)
      expect(stats.blockingRules.length).toBeGreaterThan(0)
    })

    it('should write nothing when the --stats-json folder does not exist', async () => {
      const run = await tessera(
        ['resolve', 'records.csv', '--out', 'no-stats.csv', '--stats-json', 'missing/stats.json'],
        folder,
      )
      expect(run.code).toBe(2)
      expect(existsSync(join(folder, 'no-stats.csv'))).toBe(false)
    })
  })

  describe('tessera eval', () => {
    it('should print pairwise and B-cubed precision, recall and F1', async () => {
      const run = await tessera(['eval', '--truth', 'truth.csv', '--pred', 'resolved.csv'], folder)
      expect(run.code).toBe(0)
      for (const measure of ['pairwise', 'B-cubed']) {
        for (const figure of ['precision', 'recall', 'F1']) {
          expect(run.stdout).toMatch(new RegExp(`^${measure} ${figure}\\s+[01]\\.\\d{4}$`, 'm'))
        }
      }
      const count = records.length.toLocaleString('en-US')
      expect(run.stdout).toMatch(new RegExp(`^records evaluated\\s+${count}$`, 'm'))
    })

    it('should print the figures as parseable JSON with --json', async () => {
      const run = await tessera(
        ['eval', '--truth', 'truth.csv', '--pred', 'resolved.csv', '--json'],
        folder,
      )
      expect(run.code).toBe(0)
      const result = JSON.parse(run.stdout) as Record<string, unknown>
      expect(result.recordsEvaluated).toBe(records.length)
      for (const measure of ['pairwise', 'bCubed']) {
        for (const figure of ['Precision', 'Recall', 'F1']) {
          expect(result[`${measure}${figure}`]).toBeGreaterThanOrEqual(0)
          expect(result[`${measure}${figure}`]).toBeLessThanOrEqual(1)
        }
      }
    })
  })

  describe('tessera train and resolve --model', () => {
    it('should write a model JSON and report the training on stderr', async () => {
      expect(trained.code).toBe(0)
      const count = records.length.toLocaleString('en-US')
      expect(trained.stderr).toMatch(
        new RegExp(`^trained on ${count} records → model\\.json$`, 'm'),
      )
      const model = await readModel(join(folder, 'model.json'))
      expect(model.version).toBe(1)
      expect(model.probabilityTwoRandomRecordsMatch).toBeGreaterThan(0)
      expect(await readdir(folder)).not.toContainEqual(expect.stringMatching(/\.tmp$/))
    })

    it('should score with the saved model instead of training when given --model', async () => {
      // A prior of one half is log2(1) = 0 bits, which training on this file never yields.
      const model = await readModel(join(folder, 'model.json'))
      const evenPrior = { ...model, probabilityTwoRandomRecordsMatch: 0.5 }
      await writeFile(join(folder, 'even-prior.json'), JSON.stringify(evenPrior))
      const run = await tessera(
        [
          ...['resolve', 'records.csv', '--model', 'even-prior.json'],
          ...['--out', 'with-model.csv', '--pairs', 'with-model-pairs.csv'],
        ],
        folder,
      )
      expect(run.code).toBe(0)
      expect(run.stderr).not.toMatch(/^train:/m)
      const pairs = await readCsv(join(folder, 'with-model-pairs.csv'))
      expect(new Set(pairs.map((pair) => pair.prior_weight))).toEqual(new Set(['0.000']))
    })
  })

  describe('tessera explain', () => {
    const shared = { first_name: 'Ana', email: 'ana.garcia@example.com', birth_date: '1984-03-07' }
    const pairArgs = [
      ...['explain', '--model', 'model.json'],
      ...['--left', JSON.stringify({ ...shared, last_name: 'García López' })],
      ...['--right', JSON.stringify({ ...shared, last_name: 'Garcia' })],
    ]
    let names: string[]

    beforeAll(async () => {
      const model = await readModel(join(folder, 'model.json'))
      names = model.comparisons.map(({ definition }) => definition.name)
    })

    it('should print the prior, each comparison and the total for --left and --right', async () => {
      const run = await tessera(pairArgs, folder)
      expect(run.code).toBe(0)
      const output = run.stdout.split('\n')
      expect(output[0]).toBe('left ~ right')
      expect(output[1]).toMatch(/^ {2}prior\s+[+-]?\d+\.\d\d$/)
      for (const name of names) {
        expect(run.stdout).toMatch(new RegExp(`^ {2}${name}\\s+\\S.*\\s[+-]\\d+\\.\\d\\d$`, 'm'))
      }
      expect(run.stdout).toMatch(/^ {2}total\s+[+-]\d+\.\d\d bits → probability [01]\.\d{4}$/m)
    })

    it('should make the prior and comparison lines add up to the total', async () => {
      const run = await tessera(pairArgs, folder)
      const weights = [...run.stdout.matchAll(/^ {2}(\S+)\s.*?([+-]?\d+\.\d\d)(?: bits.*)?$/gm)]
      const total = weights.find((match) => match[1] === 'total')
      const parts = weights.filter((match) => match[1] !== 'total')
      expect(parts).toHaveLength(names.length + 1)
      const sum = parts.reduce((acc, match) => acc + Number(match[2]), 0)
      expect(Math.abs(sum - Number(total?.[2]))).toBeLessThanOrEqual(0.01 * parts.length)
    })

    it('should explain two records of a file named with --input and --ids', async () => {
      const byPerson = new Map<string, string[]>()
      for (const { record_id, person_id } of truth) {
        byPerson.set(person_id, [...(byPerson.get(person_id) ?? []), record_id])
      }
      const [a, b] = [...byPerson.values()].find((ids) => ids.length >= 2) as string[]
      const run = await tessera(
        ['explain', '--model', 'model.json', '--input', 'records.csv', '--ids', `${a},${b}`],
        folder,
      )
      expect(run.code).toBe(0)
      expect(run.stdout.split('\n')[0]).toBe(`${a} ~ ${b}`)
      expect(run.stdout).toMatch(/^ {2}total\s+[+-]\d+\.\d\d bits → probability [01]\.\d{4}$/m)
      expect(run.stdout).not.toContain('no term-frequency adjustment')
    })
  })

  describe('input formats and column mapping', () => {
    it('should resolve JSON Lines input as it resolves the same records in CSV', async () => {
      const objects = records.map((row) =>
        JSON.stringify(Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''))),
      )
      await writeFile(join(folder, 'records.jsonl'), lines(...objects))
      // Both run side by side, so that they compare the same build of the CLI.
      const runs = await Promise.all([
        tessera(['resolve', 'records.jsonl', '--out', 'from-jsonl.csv'], folder),
        tessera(['resolve', 'records.csv', '--out', 'from-csv.csv'], folder),
      ])
      expect(runs.map((run) => run.code)).toEqual([0, 0])
      const fromJsonLines = await readCsv(join(folder, 'from-jsonl.csv'))
      const fromCsv = await readCsv(join(folder, 'from-csv.csv'))
      expect(partition(fromJsonLines)).toEqual(partition(fromCsv))
    })

    it('should read FEBRL-like columns with --map and link each original to its copy', async () => {
      const febrl = await folderWith('febrl', { 'people.csv': await readFile(FEBRL_LIKE) })
      await writeFile(join(febrl, 'model.json'), await readFile(join(folder, 'model.json')))
      const run = await tessera(
        [
          ...['resolve', 'people.csv', ...FEBRL_MAP, '--source', 'febrl', '--country', 'AU'],
          ...['--model', 'model.json', '--out', 'out.csv'],
        ],
        febrl,
      )
      expect(run.code).toBe(0)
      expect(run.stderr).not.toContain('ignored columns')
      const rows = await readCsv(join(febrl, 'out.csv'))
      const customerOf = new Map(rows.map((row) => [row.record_id, row.customer_id]))
      expect(rows.map((row) => row.record_id)).toEqual([
        'rec-1-org',
        'rec-1-dup-0',
        'rec-2-org',
        'rec-2-dup-0',
        'rec-3-org',
        'rec-3-dup-0',
        'rec-4-org',
        'rec-5-org',
      ])
      for (const n of [1, 2, 3]) {
        expect(customerOf.get(`rec-${n}-dup-0`)).toBe(customerOf.get(`rec-${n}-org`))
      }
      expect(new Set(customerOf.values()).size).toBe(5)
    })

    it('should join the columns named with + into one field', async () => {
      // Street and house number agree only if street_number and address_1 were joined.
      const run = await tessera(
        [
          ...['explain', '--model', 'model.json', '--input', FEBRL_LIKE, ...FEBRL_MAP],
          ...['--source', 'febrl', '--ids', 'rec-1-org,rec-1-dup-0'],
        ],
        folder,
      )
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^ {2}location\s+same street and number\s/m)
    })
  })
})

describe('tessera resolve on bad input', () => {
  const HEADER = 'record_id,source,first_name,last_name'
  const CASES: Record<string, { files: Record<string, string | Buffer>; args?: string[] }> = {
    'a missing record_id column': {
      files: { 'input.csv': lines('source,first_name,last_name', 'web,Zebulon,Quixotic') },
    },
    'an unclosed quote': {
      files: {
        'input.csv': lines(HEADER, 'r1,web,Ana,Lopez', 'r2,web,"Zebulon,Quixotic', 'r3,web,Eva'),
      },
    },
    'a row with too many fields': {
      files: {
        'input.csv': lines(HEADER, 'r1,web,Ana,Lopez', 'r2,web,Zebulon,Quixotic,612 99 88 77'),
      },
    },
    'bytes that are not UTF-8': {
      files: {
        'input.csv': Buffer.concat([
          Buffer.from(`${lines(HEADER, 'r1,web,Ana,Lopez')}r2,web,Zeb`),
          Buffer.from([0xfc]),
          Buffer.from('lon,Quixotic\n'),
        ]),
      },
    },
    'a duplicate record_id': {
      files: {
        'input.csv': lines(HEADER, 'r1,web,Ana,Sol', 'r2,web,Eva,Ruiz', 'r1,web,Zebulon,Quixotic'),
      },
    },
    'a config file with an unknown key': {
      files: {
        'input.csv': lines(HEADER, 'r1,web,Zebulon,Quixotic', 'r2,app,Ana,Lopez'),
        'tessera.json': '{ "matching": { "matchTreshold": 0.9 } }\n',
      },
      args: ['--config', 'tessera.json'],
    },
  }
  const runs = new Map<string, Run>()
  const files = new Map<string, string[]>()

  beforeAll(async () => {
    await Promise.all(
      Object.entries(CASES).map(async ([name, { files: content, args = [] }], index) => {
        const folder = await folderWith(`bad-${index}`, content)
        runs.set(name, await tessera(['resolve', 'input.csv', '--out', 'out.csv', ...args], folder))
        files.set(name, (await readdir(folder)).sort())
      }),
    )
  })

  describe.each(Object.keys(CASES))('with %s', (name) => {
    it('should exit with code 2', () => {
      expect(runs.get(name)?.code).toBe(2)
    })

    it('should not echo any customer value on stderr', () => {
      const stderr = runs.get(name)?.stderr.toLowerCase() ?? ''
      for (const value of FAKE_CUSTOMER_VALUES) expect(stderr).not.toContain(value)
    })

    it('should leave no output file and no temporary file', () => {
      expect(files.get(name)).toEqual(Object.keys(CASES[name].files).sort())
    })
  })

  it('should say that the record_id column is missing and how to map one', () => {
    expect(runs.get('a missing record_id column')?.stderr).toMatchInlineSnapshot(`
      "✖ input.csv: no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id (the header has 3 columns; check that the first line is a header)
        → at column record_id: no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id
        (ERR_INPUT_COLUMN_MISSING)
      "
    `)
  })

  it('should name the line and column of an unclosed quote', () => {
    expect(runs.get('an unclosed quote')?.stderr).toMatchInlineSnapshot(`
      "✖ input.csv line 3, first_name: a quoted value starting in this row is never closed; the rest of the file cannot be read reliably: quote values that contain commas, quotes or line breaks ("..."), doubling quotes inside them ("")
        → at line 3 first_name: a quoted value starting in this row is never closed
        (ERR_INPUT_ROW_INVALID)
      "
    `)
  })

  it('should name the line of a row with too many fields and the count expected', () => {
    expect(runs.get('a row with too many fields')?.stderr).toMatchInlineSnapshot(`
      "✖ input.csv line 3: expected 4 fields as in the header, found 5; fix the row, or skip bad rows with --on-error skip
        → at line 3: expected 4 fields as in the header, found 5
        (ERR_INPUT_ROW_INVALID)
      "
    `)
  })

  it('should name the line and byte that are not UTF-8', () => {
    expect(runs.get('bytes that are not UTF-8')?.stderr).toMatchInlineSnapshot(`
      "✖ input.csv line 3: byte 11 of the line is not valid UTF-8; expected UTF-8 text: export or save the file as UTF-8 (it may be Latin-1 or Windows-1252)
        → at line 3: byte 11 is not valid UTF-8
        (ERR_INPUT_ENCODING)
      "
    `)
  })

  it('should name both lines of a duplicate record_id', () => {
    expect(runs.get('a duplicate record_id')?.stderr).toMatchInlineSnapshot(`
      "✖ input.csv line 4, record_id: same record_id as line 2; expected record_ids to be unique within a file; fix the row, or skip bad rows with --on-error skip
        → at line 4 record_id: same record_id as line 2; expected record_ids to be unique within a file
        (ERR_INPUT_DUPLICATE_ID)
      "
    `)
  })

  it('should name the config file and the unknown key', () => {
    expect(runs.get('a config file with an unknown key')?.stderr).toMatchInlineSnapshot(`
      "✖ the configuration in tessera.json is not valid: fix the settings below (see docs/config.md)
        → at tessera.json matching: Unrecognized key: "matchTreshold"
        (ERR_CONFIG_INVALID)
      "
    `)
  })
})

describe('tessera resolve --on-error skip', () => {
  let folder: string
  let run: Run

  beforeAll(async () => {
    folder = await folderWith('skip', {
      'input.csv': lines(
        'record_id,source,first_name,last_name,email',
        'r1,web,Ana,Lopez,ana.lopez@example.com',
        'r2,web,Zebulon,Quixotic,zebulon@example.com,612 99 88 77',
        ',web,Zebulon,Quixotic,zq@example.com',
        'r4,web,Eva,Ruiz,eva.ruiz@example.com',
        'r1,app,Zebulon,Quixotic,zq@example.com',
        'r6,app,Ana,Lopez,ana.lopez@example.com',
      ),
    })
    run = await tessera(['resolve', 'input.csv', '--out', 'out.csv', '--on-error', 'skip'], folder)
  })

  it('should exit with code 0', () => {
    expect(run.code).toBe(0)
  })

  it('should write the good rows only, in input order', async () => {
    const rows = await readCsv(join(folder, 'out.csv'))
    expect(rows.map((row) => row.record_id)).toEqual(['r1', 'r4', 'r6'])
  })

  it('should report how many rows it skipped and why, without their values', () => {
    const report = run.stderr.split('\n').filter((line) => line.includes('skipped'))
    expect(report).toMatchInlineSnapshot(`
      [
        "  rows read 6, skipped 3",
        "  skipped line 3: expected 5 fields as in the header, found 6",
        "  skipped line 4 record_id: empty; expected a record_id on every row",
        "  skipped line 6 record_id: same record_id as line 2; expected record_ids to be unique within a file",
      ]
    `)
    for (const value of FAKE_CUSTOMER_VALUES) expect(run.stderr.toLowerCase()).not.toContain(value)
  })

  it('should report the skipped rows when training too', async () => {
    const trained = await tessera(
      ['train', 'input.csv', '--out', 'model.json', '--on-error', 'skip'],
      folder,
    )
    expect(trained.code).toBe(0)
    expect(trained.stderr).toMatch(/^ {2}rows read 6, skipped 3$/m)
  })
})

describe('tessera usage', () => {
  let folder: string

  beforeAll(async () => {
    const input = lines('record_id,source,first_name', 'r1,web,Ana')
    folder = await folderWith('usage', { 'input.csv': input })
  })

  it('should exit with code 2 and name the option when --out is missing', async () => {
    const run = await tessera(['resolve', 'input.csv'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatchInlineSnapshot(`
      "error: required option '--out <file>' not specified
      (run the command with --help for its options)
      "
    `)
    expect(await readdir(folder)).toEqual(['input.csv'])
  })

  it('should exit with code 2 when --pairs-min-probability is not a probability', async () => {
    const run = await tessera(
      ['resolve', 'input.csv', '--out', 'out.csv', '--pairs-min-probability', 'most'],
      folder,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatchInlineSnapshot(`
      "error: option '--pairs-min-probability <p>' argument 'most' is invalid. expected a probability from 0 to 1, e.g. 0.5.
      (run the command with --help for its options)
      "
    `)
  })

  it('should exit with code 2 on an unknown command', async () => {
    const run = await tessera(['frobnicate'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown command 'frobnicate'")
  })

  it('should print the commands on stdout and exit with code 0 for --help', async () => {
    const run = await tessera(['--help'], folder)
    expect(run.code).toBe(0)
    for (const command of ['resolve', 'train', 'explain', 'eval', 'generate']) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'))
    }
  })

  it('should print the options of a command and exit with code 0 for resolve --help', async () => {
    const run = await tessera(['resolve', '--help'], folder)
    expect(run.code).toBe(0)
    for (const option of ['--out', '--model', '--pairs', '--map', '--on-error', '--config']) {
      expect(run.stdout).toContain(option)
    }
  })

  it('should fail before reading the input when the output folder does not exist', async () => {
    const run = await tessera(['resolve', 'input.csv', '--out', 'missing/out.csv'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatchInlineSnapshot(`
      "✖ cannot write missing/out.csv: the folder does not exist; choose a path in an existing, writable folder
        (ERR_OUTPUT_UNWRITABLE)
      "
    `)
  })

  it('should write no output when the --pairs folder does not exist', async () => {
    const run = await tessera(
      ['resolve', 'input.csv', '--out', 'out.csv', '--pairs', 'missing/pairs.csv'],
      folder,
    )
    expect(run.code).toBe(2)
    expect(await readdir(folder)).toEqual(['input.csv'])
  })
})

describe('tessera train --labels on clerically labelled pairs', () => {
  const fake = fileURLToPath(new URL('../fixtures/datasets/splink/fake_1000.csv', import.meta.url))
  const labels = fileURLToPath(new URL('../fixtures/datasets/splink/fake_1000_labels.csv', import.meta.url))
  const map = ['--map', 'unique_id=record_id', '--map', 'surname=last_name', '--map', 'dob=birth_date']

  it('should train m from the labels and resolve well with that model', async () => {
    const folder = await folderWith('labels')
    const trained = await tessera(['train', fake, '--out', 'model.json', '--labels', labels, ...map], folder)
    expect(trained.code).toBe(0)
    expect(trained.stderr).toMatch(/m estimated from 3,176 labelled pairs/)
    const model = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as { training: { labelledPairs: number; emRounds: unknown[] } }
    expect(model.training.labelledPairs).toBe(3176)
    expect(model.training.emRounds).toEqual([])
    const resolved = await tessera(['resolve', fake, '--out', 'out.csv', '--model', 'model.json', ...map], folder)
    expect(resolved.code).toBe(0)
    await writeFile(
      join(folder, 'truth.csv'),
      lines('record_id,person_id', ...(await readCsv(fake)).map((row) => `${row.unique_id},${row.cluster}`)),
    )
    const evaluation = await tessera(['eval', '--truth', 'truth.csv', '--pred', 'out.csv', '--json'], folder)
    const figures = JSON.parse(evaluation.stdout) as { pairwisePrecision: number; pairwiseF1: number }
    expect(figures.pairwisePrecision).toBeGreaterThanOrEqual(0.95)
    expect(figures.pairwiseF1).toBeGreaterThanOrEqual(0.85)
  })

  it('should name the line of a label that is not a number', async () => {
    const folder = await folderWith('bad-labels', {
      'labels.csv': lines('record_id_l,record_id_r,is_match', '0,1,yes'),
    })
    const run = await tessera(['train', fake, '--out', 'model.json', '--labels', 'labels.csv', ...map], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/labels\.csv line 2: column is_match must be 1\/0, true\/false or a score/)
    expect(existsSync(join(folder, 'model.json'))).toBe(false)
  })
})
