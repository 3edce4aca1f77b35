import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IdentityError } from '../../core/errors.js'
import { readPredictionFile, readTruthFile } from './read-clustering-file.js'

const SECRET = 'SECRET-VALUE'

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tessera-clustering-file-'))
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function fixture(name: string, content: string): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, content)
  return path
}

async function readError(run: () => Promise<unknown>): Promise<IdentityError> {
  try {
    await run()
  } catch (error) {
    expect((error as Error).message).not.toContain(SECRET)
    return error as IdentityError
  }
  throw new Error('expected an error')
}

describe('readTruthFile', () => {
  it('should read record_id and person_id, ignoring other columns', async () => {
    const path = await fixture('truth.csv', 'record_id,note,person_id\nr-1,x,p-1\nr-2,y,p-1\n')
    expect(await readTruthFile(path)).toEqual(
      new Map([
        ['r-1', 'p-1'],
        ['r-2', 'p-1'],
      ]),
    )
  })

  it('should prefer person_id over customer_id', async () => {
    const path = await fixture('both.csv', 'record_id,customer_id,person_id\nr-1,c-1,p-1\n')
    expect(await readTruthFile(path)).toEqual(new Map([['r-1', 'p-1']]))
  })

  it('should read the columns given, trimming spaces', async () => {
    const path = await fixture('named.csv', 'unique_id, cluster\n 0 , 7\n1,7\n')
    const truth = await readTruthFile(path, { idColumn: 'unique_id', clusterColumn: 'cluster' })
    expect(truth).toEqual(
      new Map([
        ['0', '7'],
        ['1', '7'],
      ]),
    )
  })

  it('should fail when no cluster column is found', async () => {
    const path = await fixture('no-cluster.csv', 'record_id,group\nr-1,SECRET-VALUE\n')
    const error = await readError(() => readTruthFile(path))
    expect(error.code).toBe('ERR_INPUT_COLUMN_MISSING')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"<tmp>/no-cluster.csv: no person_id or entity_id or cluster or customer_id column (the header has 2 columns); expected a header such as record_id,person_id, or name the columns to use"`,
    )
  })

  it('should fail on an empty entity id, naming line and column', async () => {
    const path = await fixture('empty.csv', 'record_id,entity_id\nSECRET-VALUE,\n')
    const error = await readError(() => readTruthFile(path))
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"<tmp>/empty.csv line 2, entity_id: empty; expected a entity_id on every row; fix the row and retry"`,
    )
  })

  it('should fail on a duplicate record_id, naming both lines', async () => {
    const path = await fixture('dup.csv', 'record_id,cluster\nSECRET-VALUE,1\nSECRET-VALUE,2\n')
    const error = await readError(() => readTruthFile(path))
    expect(error.code).toBe('ERR_INPUT_DUPLICATE_ID')
    expect(error.message.replaceAll(folder, '<tmp>')).toMatchInlineSnapshot(
      `"<tmp>/dup.csv line 3, record_id: same record_id as line 2; expected each record once; fix the row and retry"`,
    )
  })

  it('should fail on a row with the wrong number of fields', async () => {
    const path = await fixture('short.csv', 'record_id,cluster\nr-1\n')
    const error = await readError(() => readTruthFile(path))
    expect(error.code).toBe('ERR_INPUT_ROW_INVALID')
    expect(error.issues[0].path).toEqual(['line', 2])
  })
})

describe('readPredictionFile', () => {
  it('should read the resolution output', async () => {
    const path = await fixture(
      'resolution.csv',
      'record_id,customer_id\nweb-1,cus_A\nweb-2,cus_A\n',
    )
    expect(await readPredictionFile(path)).toEqual(
      new Map([
        ['web-1', 'cus_A'],
        ['web-2', 'cus_A'],
      ]),
    )
  })

  it('should prefer customer_id over person_id', async () => {
    const path = await fixture('both.csv', 'record_id,person_id,customer_id\nr-1,p-1,c-1\n')
    expect(await readPredictionFile(path)).toEqual(new Map([['r-1', 'c-1']]))
  })
})
