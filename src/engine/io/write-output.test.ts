import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { IdentityError } from '../../core/errors.js'
import { readPredictionFile } from './read-clustering-file.js'
import {
  assertWritablePath,
  formatCsvLine,
  writeCsvAtomically,
  writeResolutionCsv,
  writeTextAtomically,
} from './write-output.js'

let root: string
let folder: string
let testNumber = 0
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-write-output-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})
beforeEach(async () => {
  // A folder per test, so that "no file is left behind" can look at the whole folder.
  folder = join(root, `t${++testNumber}`)
  await import('node:fs/promises').then(({ mkdir }) => mkdir(folder))
})

async function writeError(run: () => Promise<unknown>): Promise<IdentityError> {
  try {
    await run()
  } catch (error) {
    return error as IdentityError
  }
  throw new Error('expected an error')
}

describe('formatCsvLine', () => {
  it('should leave plain values bare and end with LF', () => {
    expect(formatCsvLine(['web-000123', 'cus_01J9Z8'])).toBe('web-000123,cus_01J9Z8\n')
  })

  it('should quote commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(formatCsvLine(['a,b', 'say "hi"', 'x\ny', 'cr\r', ' lead', 'trail ', ''])).toBe(
      '"a,b","say ""hi""","x\ny","cr\r"," lead","trail ",\n',
    )
  })
})

describe('writeResolutionCsv', () => {
  it('should write the contract header and one row per record', async () => {
    const path = join(folder, 'resolution.csv')
    const result = await writeResolutionCsv(
      path,
      new Map([
        ['web-000123', 'cus_01J9Z8A'],
        ['store:MAD-01/000045', 'cus_01J9Z8A'],
      ]),
    )
    expect(result).toEqual({ rows: 2 })
    expect(await readFile(path, 'utf8')).toBe(
      'record_id,customer_id\nweb-000123,cus_01J9Z8A\nstore:MAD-01/000045,cus_01J9Z8A\n',
    )
    expect(await readdir(folder)).toEqual(['resolution.csv'])
  })

  it('should round-trip through readPredictionFile, quoting included', async () => {
    const path = join(folder, 'resolution.csv')
    const rows = new Map([
      ['id,with comma', 'cus_1'],
      ['id "quoted"', 'cus_2'],
    ])
    await writeResolutionCsv(path, rows)
    expect(await readPredictionFile(path)).toEqual(rows)
  })
})

describe('writeCsvAtomically', () => {
  it('should write rows from an async iterable', async () => {
    const path = join(folder, 'pairs.csv')
    async function* pairs() {
      yield ['a', 'b', '0.97']
      yield ['a', 'c', '0.12']
    }
    await writeCsvAtomically(path, ['record_id_l', 'record_id_r', 'match_probability'], pairs())
    expect(await readFile(path, 'utf8')).toBe(
      'record_id_l,record_id_r,match_probability\na,b,0.97\na,c,0.12\n',
    )
  })

  it('should write more rows than fit in one write buffer', async () => {
    const path = join(folder, 'large.csv')
    const rows = Array.from({ length: 100_000 }, (_, index) => [`r-${index}`, `cus_${index}`])
    expect(await writeResolutionCsv(path, rows as [string, string][])).toEqual({ rows: 100_000 })
    const text = await readFile(path, 'utf8')
    expect(text.split('\n')).toHaveLength(100_002)
    expect(text.endsWith('r-99999,cus_99999\n')).toBe(true)
  })

  it('should leave no file behind when the rows throw', async () => {
    const path = join(folder, 'out.csv')
    function* rows() {
      for (let index = 0; index < 200_000; index++) yield [`r-${index}`, 'cus_1'] as const
      throw new Error('scoring failed')
    }
    await expect(writeResolutionCsv(path, rows())).rejects.toThrow('scoring failed')
    expect(await readdir(folder)).toEqual([])
  })

  it('should keep an existing file as it was when the rows throw', async () => {
    const path = join(folder, 'out.csv')
    await writeFile(path, 'record_id,customer_id\nold,cus_old\n')
    function* rows(): Generator<[string, string]> {
      yield ['new', 'cus_new']
      throw new Error('scoring failed')
    }
    await expect(writeResolutionCsv(path, rows())).rejects.toThrow('scoring failed')
    expect(await readFile(path, 'utf8')).toBe('record_id,customer_id\nold,cus_old\n')
    expect(await readdir(folder)).toEqual(['out.csv'])
  })

  it('should replace an existing file on success', async () => {
    const path = join(folder, 'out.csv')
    await writeFile(path, 'old content\n')
    await writeResolutionCsv(path, [['new', 'cus_new']])
    expect(await readFile(path, 'utf8')).toBe('record_id,customer_id\nnew,cus_new\n')
  })

  it('should fail with ERR_OUTPUT_UNWRITABLE when the folder does not exist', async () => {
    const path = join(folder, 'missing', 'out.csv')
    const error = await writeError(() => writeResolutionCsv(path, []))
    expect(error.code).toBe('ERR_OUTPUT_UNWRITABLE')
    expect(error.kind).toBe('invalid_input')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"cannot write <tmp>/missing/out.csv: the folder does not exist; choose a path in an existing, writable folder"`,
    )
  })

  it('should fail with ERR_OUTPUT_ROW_WIDTH and write nothing when a row is too short', async () => {
    const path = join(folder, 'out.csv')
    const error = await writeError(() => writeCsvAtomically(path, ['a', 'b'], [['1', '2'], ['3']]))
    expect(error.code).toBe('ERR_OUTPUT_ROW_WIDTH')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"<tmp>/out.csv: row 2 has 1 of the 2 values the header (a,b) has; nothing was written"`,
    )
    expect(await readdir(folder)).toEqual([])
  })
})

describe('writeTextAtomically', () => {
  it('should write the text and leave no temporary file', async () => {
    const path = join(folder, 'model.json')
    await writeTextAtomically(path, '{"version":1}\n')
    expect(await readFile(path, 'utf8')).toBe('{"version":1}\n')
    expect(await readdir(folder)).toEqual(['model.json'])
  })

  it('should fail with ERR_OUTPUT_UNWRITABLE when the folder does not exist', async () => {
    const path = join(folder, 'missing', 'model.json')
    const error = await writeError(() => writeTextAtomically(path, '{}'))
    expect(error.code).toBe('ERR_OUTPUT_UNWRITABLE')
    expect(await readdir(folder)).toEqual([])
  })
})

describe('assertWritablePath', () => {
  it('should accept a new file in an existing folder and create nothing', async () => {
    await assertWritablePath(join(folder, 'out.csv'))
    expect(await readdir(folder)).toEqual([])
  })

  it('should fail with ERR_OUTPUT_UNWRITABLE when the folder does not exist', async () => {
    const error = await writeError(() => assertWritablePath(join(folder, 'missing', 'out.csv')))
    expect(error.code).toBe('ERR_OUTPUT_UNWRITABLE')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"cannot write <tmp>/missing/out.csv: the folder does not exist; choose a path in an existing, writable folder"`,
    )
  })

  it('should fail with ERR_OUTPUT_UNWRITABLE when a part of the path is a file', async () => {
    await writeFile(join(folder, 'plain'), '')
    const error = await writeError(() => assertWritablePath(join(folder, 'plain', 'out.csv')))
    expect(error.code).toBe('ERR_OUTPUT_UNWRITABLE')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"cannot write <tmp>/plain/out.csv: a part of the path is not a folder; choose a path in an existing, writable folder"`,
    )
  })

  it('should fail with ERR_OUTPUT_UNWRITABLE when the path is a folder', async () => {
    const error = await writeError(() => assertWritablePath(folder))
    expect(error.code).toBe('ERR_OUTPUT_UNWRITABLE')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"cannot write <tmp>: the path is a folder; choose a path in an existing, writable folder"`,
    )
  })
})
