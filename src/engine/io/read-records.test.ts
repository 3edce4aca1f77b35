import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IdentityError } from '../../core/errors.js'
import { parseColumnMapping } from './column-mapping.js'
import { readAllRecords, readRecords, type ReadRecordsOptions } from './read-records.js'

// Values that must never appear in an error message.
const SECRET = 'SECRET-VALUE'

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tessera-read-records-'))
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, content)
  return path
}

const FAIL: ReadRecordsOptions = { onError: 'fail' }
const SKIP: ReadRecordsOptions = { onError: 'skip' }

/** Reads a file expecting an IdentityError; the message is relative to the temp folder. */
async function readError(path: string, options: ReadRecordsOptions = FAIL) {
  try {
    await readAllRecords(path, options)
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError)
    const identityError = error as IdentityError
    expect(identityError.message).not.toContain(SECRET)
    return {
      code: identityError.code,
      kind: identityError.kind,
      message: identityError.message.replaceAll(folder, '<tmp>'),
      issues: identityError.issues,
    }
  }
  throw new Error('expected reading to fail')
}

describe('readRecords: CSV', () => {
  it('should read contract columns, leaving empty values out', async () => {
    const path = await fixture(
      'web.csv',
      'record_id,source,first_name,last_name,email\nw-1,web,Ana,García,ana@example.com\nw-2,web,,Pérez,\n',
    )
    const { records, summary } = await readAllRecords(path, FAIL)
    expect(records).toEqual([
      {
        record_id: 'w-1',
        source: 'web',
        first_name: 'Ana',
        last_name: 'García',
        email: 'ana@example.com',
      },
      { record_id: 'w-2', source: 'web', last_name: 'Pérez' },
    ])
    expect(summary).toMatchObject({ format: 'csv', rows: 2, records: 2, skipped: 0 })
  })

  it('should take the source from the file name when there is no source column', async () => {
    const path = await fixture('store-mad.csv', 'record_id,first_name\ns-1,Ana\n')
    const { records, summary } = await readAllRecords(path, FAIL)
    expect(records).toEqual([{ record_id: 's-1', source: 'store-mad', first_name: 'Ana' }])
    expect(summary.defaultSource).toBe('store-mad')
  })

  it('should take the source option for rows without a source', async () => {
    const path = await fixture('mixed.csv', 'record_id,source\na-1,app\nx-1,\n')
    const { records } = await readAllRecords(path, { ...FAIL, source: 'crm' })
    expect(records.map((record) => record.source)).toEqual(['app', 'crm'])
  })

  it('should read CRLF line ends without a final newline', async () => {
    const path = await fixture('crlf.csv', 'record_id,first_name\r\nr-1,Ana\r\nr-2,Luis')
    const { records } = await readAllRecords(path, FAIL)
    expect(records.map((record) => record.first_name)).toEqual(['Ana', 'Luis'])
  })

  it('should drop a byte order mark before the header', async () => {
    const path = await fixture('bom.csv', '\uFEFFrecord_id,first_name\nr-1,Ana\n')
    const { records } = await readAllRecords(path, FAIL)
    expect(records).toEqual([{ record_id: 'r-1', source: 'bom', first_name: 'Ana' }])
  })

  it('should read quoted commas, quotes and line breaks', async () => {
    const path = await fixture(
      'quoted.csv',
      'record_id,address_line1,full_name\n' +
        'q-1,"C/ Mayor 12, 3ºB","GARCIA ""PEPE"", JOSE"\n' +
        'q-2,"line one\nline two",x\n',
    )
    const { records } = await readAllRecords(path, FAIL)
    expect(records).toEqual([
      {
        record_id: 'q-1',
        source: 'quoted',
        address_line1: 'C/ Mayor 12, 3ºB',
        full_name: 'GARCIA "PEPE", JOSE',
      },
      { record_id: 'q-2', source: 'quoted', address_line1: 'line one\nline two', full_name: 'x' },
    ])
  })

  it('should count the lines inside quoted values when locating a later row', async () => {
    const path = await fixture(
      'multiline.csv',
      'record_id,address_line1\nm-1,"a\nb\r\nc"\n,no id\n',
    )
    const error = await readError(path)
    expect(error.issues[0].path).toEqual(['line', 5, 'record_id'])
  })

  it('should trim spaces after commas in the header and values, as FEBRL writes them', async () => {
    const path = await fixture(
      'febrl-like.csv',
      'rec_id, given_name, surname, postcode\nrec-1-org, mitchell , green, "2119 "\n',
    )
    const mapping = parseColumnMapping('rec_id=record_id, given_name=first_name, surname=last_name')
    const { records } = await readAllRecords(path, { ...FAIL, mapping })
    expect(records).toEqual([
      {
        record_id: 'rec-1-org',
        source: 'febrl-like',
        first_name: 'mitchell',
        last_name: 'green',
        postcode: '2119',
      },
    ])
  })

  it('should keep spaces when trimValues is false', async () => {
    const path = await fixture('untrimmed.csv', 'record_id,first_name\nu-1, Ana \n')
    const { records } = await readAllRecords(path, { ...FAIL, trimValues: false })
    expect(records[0].first_name).toBe(' Ana ')
  })

  it('should join columns mapped with + by one space, leaving empty ones out', async () => {
    const path = await fixture(
      'joined.csv',
      'id,street_number,address_1,suburb\nj-1,7,wallaby place,delmar\nj-2,,stanley street,\n',
    )
    const mapping = parseColumnMapping([
      'id=record_id',
      'street_number+address_1=address_line1',
      'suburb=city',
    ])
    const { records } = await readAllRecords(path, { ...FAIL, mapping })
    expect(records).toEqual([
      { record_id: 'j-1', source: 'joined', address_line1: '7 wallaby place', city: 'delmar' },
      { record_id: 'j-2', source: 'joined', address_line1: 'stanley street' },
    ])
  })

  it('should report columns that are neither contract fields nor mapped, by name', async () => {
    const path = await fixture(
      'extra.csv',
      'record_id,city,birth_place,gender,cluster\ne-1,x,Madrid,f,9\n',
    )
    const mapping = parseColumnMapping('birth_place=city')
    const reader = readRecords(path, { ...FAIL, mapping })
    const batches = []
    for await (const batch of reader) batches.push(batch)
    expect(batches).toEqual([[{ record_id: 'e-1', source: 'extra', city: 'Madrid' }]])
    // The city column is ignored because the mapping fills city from birth_place.
    expect(reader.summary.ignoredColumns).toEqual(['city', 'gender', 'cluster'])
  })

  it('should yield batches of at most batchSize records', async () => {
    const rows = Array.from({ length: 5 }, (_, index) => `b-${index}`).join('\n')
    const path = await fixture('batches.csv', `record_id\n${rows}\n`)
    const sizes: number[] = []
    for await (const batch of readRecords(path, { ...FAIL, batchSize: 2 })) sizes.push(batch.length)
    expect(sizes).toEqual([2, 2, 1])
  })

  it('should skip blank lines, keeping later line numbers right', async () => {
    const path = await fixture('blank.csv', 'record_id,first_name\n\nb-1,Ana\n   \n,Luis\n\n')
    const error = await readError(path)
    expect(error.issues[0].path).toEqual(['line', 5, 'record_id'])
  })

  it('should read a file again on a second iteration', async () => {
    const path = await fixture('twice.csv', 'record_id\nt-1\n')
    const reader = readRecords(path, FAIL)
    for await (const _ of reader) void _
    for await (const _ of reader) void _
    expect(reader.summary.records).toBe(1)
  })
})

describe('readRecords: JSON Lines', () => {
  it('should read objects, turning numbers into strings and leaving nulls out', async () => {
    const path = await fixture(
      'app.jsonl',
      '\uFEFF{"record_id": 17, "first_name": " Ana ", "email": null, "loyalty_card": 4000123456}\r\n' +
        '\n' +
        '{"record_id": "a-2", "source": "app", "extra": {"nested": true}}',
    )
    const reader = readRecords(path, FAIL)
    const { records, summary } = await readAllRecords(path, FAIL)
    expect(reader.format).toBe('jsonl')
    expect(records).toEqual([
      { record_id: '17', source: 'app', first_name: 'Ana', loyalty_card: '4000123456' },
      { record_id: 'a-2', source: 'app' },
    ])
    expect(summary).toMatchObject({ rows: 2, records: 2, ignoredColumns: ['extra'] })
  })

  it('should apply a mapping to keys, joining with +', async () => {
    const path = await fixture(
      'mapped.ndjson',
      '{"id": "m-1", "number": 12, "street": "Mayor", "given": "Ana"}\n',
    )
    const mapping = parseColumnMapping('id=record_id,number+street=address_line1,given=first_name')
    const { records } = await readAllRecords(path, { ...FAIL, mapping })
    expect(records).toEqual([
      { record_id: 'm-1', source: 'mapped', address_line1: '12 Mayor', first_name: 'Ana' },
    ])
  })

  it('should read a .txt file as JSON Lines when the format is given', async () => {
    const path = await fixture('export.txt', '{"record_id": "x-1"}\n')
    const { records } = await readAllRecords(path, { ...FAIL, format: 'jsonl' })
    expect(records).toEqual([{ record_id: 'x-1', source: 'export' }])
  })
})

describe('readRecords: errors', () => {
  it('should fail before reading rows when there is no record_id column', async () => {
    const path = await fixture('no-id.csv', 'rec_id,given_name\nSECRET-VALUE,SECRET-VALUE\n')
    expect(await readError(path)).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_COLUMN_MISSING",
        "issues": [
          {
            "code": "missing_column",
            "message": "no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id",
            "path": [
              "column",
              "record_id",
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/no-id.csv: no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id (the header has 2 columns; check that the first line is a header)",
      }
    `)
  })

  it('should not echo the first line of a file without a header', async () => {
    const path = await fixture('headless.csv', 'SECRET-VALUE,SECRET-VALUE\nr-1,Ana\n')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/headless.csv: no record_id column; expected a column named record_id, or a mapping such as rec_id=record_id (the header has 2 columns; check that the first line is a header)"`,
    )
  })

  it('should fail when a mapped column is missing', async () => {
    const path = await fixture('no-mapped.csv', 'rec_id,given_name\nr-1,SECRET-VALUE\n')
    const mapping = parseColumnMapping('rec_id=record_id,street_number+address_1=address_line1')
    expect((await readError(path, { ...FAIL, mapping })).message).toMatchInlineSnapshot(
      `"<tmp>/no-mapped.csv: no street_number column, which the mapping reads for address_line1; no address_1 column, which the mapping reads for address_line1 (the header has 2 columns; check that the first line is a header)"`,
    )
  })

  it('should fail on a header naming a used column twice', async () => {
    const path = await fixture('twice-named.csv', 'record_id,email,email\nr-1,a,b\n')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/twice-named.csv line 1: column email appears more than once in the header; expected each column used for a contract field to appear once: rename or remove the copies"`,
    )
  })

  it('should fail on an empty file', async () => {
    const path = await fixture('empty.csv', '')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/empty.csv: the file is empty; expected a header row such as record_id,source,first_name and one row per record"`,
    )
  })

  it('should name the line of a row with the wrong number of fields', async () => {
    const path = await fixture(
      'fields.csv',
      'record_id,first_name\nr-1,Ana\nr-2,SECRET-VALUE,SECRET-VALUE\n',
    )
    expect(await readError(path)).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_ROW_INVALID",
        "issues": [
          {
            "code": "field_count",
            "message": "expected 2 fields as in the header, found 3",
            "path": [
              "line",
              3,
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/fields.csv line 3: expected 2 fields as in the header, found 3; fix the row, or skip bad rows with --on-error skip",
      }
    `)
  })

  it('should name the line where a never-closed quote starts, even in skip mode', async () => {
    const path = await fixture(
      'unclosed.csv',
      'record_id,first_name\nr-1,Ana\nr-2,"SECRET-VALUE\nr-3,Luis\n',
    )
    const failed = await readError(path)
    expect(failed).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_ROW_INVALID",
        "issues": [
          {
            "code": "unclosed_quote",
            "message": "a quoted value starting in this row is never closed",
            "path": [
              "line",
              3,
              "first_name",
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/unclosed.csv line 3, first_name: a quoted value starting in this row is never closed; the rest of the file cannot be read reliably: quote values that contain commas, quotes or line breaks ("..."), doubling quotes inside them ("")",
      }
    `)
    expect(await readError(path, SKIP)).toEqual(failed)
  })

  it('should stop at a quoted value followed by other characters, even in skip mode', async () => {
    const path = await fixture(
      'closing.csv',
      'record_id,first_name\nr-1,Ana\nr-2,"SECRET"VALUE\nr-3,Luis\n',
    )
    const failed = await readError(path, SKIP)
    expect(failed.message).toMatchInlineSnapshot(
      `"<tmp>/closing.csv line 3, first_name: a quoted value is followed by other characters before the next comma; the rest of the file cannot be read reliably: quote values that contain commas, quotes or line breaks ("..."), doubling quotes inside them ("")"`,
    )
    expect(failed.issues[0].path).toEqual(['line', 3, 'first_name'])
  })

  it('should name the line and column of a stray quote', async () => {
    const path = await fixture('stray.csv', 'record_id,first_name\nr-1,SECRET"VALUE\n')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/stray.csv line 2, first_name: a quote inside a value that is not quoted; expected such a value in quotes, with each inner quote doubled ("a ""b"" c"); fix the row, or skip bad rows with --on-error skip"`,
    )
  })

  it('should name the line with bytes that are not UTF-8, even in skip mode', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('record_id,first_name\nr-1,Ana\nr-2,Jos'),
      Buffer.from([0xe9]), // é in Latin-1
      Buffer.from('\n'),
    ])
    const path = await fixture('latin1.csv', latin1)
    const failed = await readError(path)
    expect(failed).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_ENCODING",
        "issues": [
          {
            "code": "invalid_utf8",
            "message": "byte 8 is not valid UTF-8",
            "path": [
              "line",
              3,
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/latin1.csv line 3: byte 8 of the line is not valid UTF-8; expected UTF-8 text: export or save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
      }
    `)
    expect(await readError(path, SKIP)).toEqual(failed)
  })

  it('should name the line and field of an empty record_id', async () => {
    const path = await fixture('empty-id.csv', 'record_id,first_name\n r-1 ,Ana\n  ,SECRET-VALUE\n')
    expect(await readError(path)).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_ROW_INVALID",
        "issues": [
          {
            "code": "missing_value",
            "message": "empty; expected a record_id on every row",
            "path": [
              "line",
              3,
              "record_id",
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/empty-id.csv line 3, record_id: empty; expected a record_id on every row; fix the row, or skip bad rows with --on-error skip",
      }
    `)
  })

  it('should name both lines of a duplicate record_id', async () => {
    const path = await fixture('dup.csv', 'record_id\nSECRET-VALUE\nother\nSECRET-VALUE\n')
    expect(await readError(path)).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_DUPLICATE_ID",
        "issues": [
          {
            "code": "duplicate_id",
            "message": "same record_id as line 2; expected record_ids to be unique within a file",
            "path": [
              "line",
              4,
              "record_id",
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/dup.csv line 4, record_id: same record_id as line 2; expected record_ids to be unique within a file; fix the row, or skip bad rows with --on-error skip",
      }
    `)
  })

  it('should name the line of a JSON Lines line that is not JSON', async () => {
    const path = await fixture('bad.jsonl', '{"record_id": "j-1"}\n{"record_id": SECRET-VALUE}\n')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/bad.jsonl line 2: not valid JSON; expected one JSON object per line; fix the row, or skip bad rows with --on-error skip"`,
    )
  })

  it('should name the line of a JSON value that is not an object', async () => {
    const path = await fixture('array.jsonl', '["SECRET-VALUE"]\n')
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/array.jsonl line 1: expected a JSON object, received array; fix the row, or skip bad rows with --on-error skip"`,
    )
  })

  it('should name the line and key of a value that is not a string, number or null', async () => {
    const path = await fixture(
      'bool.jsonl',
      '{"record_id": "j-1", "email": {"v": "SECRET-VALUE"}}\n',
    )
    expect(await readError(path)).toMatchInlineSnapshot(`
      {
        "code": "ERR_INPUT_ROW_INVALID",
        "issues": [
          {
            "code": "invalid_type",
            "message": "expected a string, number or null, received object",
            "path": [
              "line",
              1,
              "email",
            ],
          },
        ],
        "kind": "invalid_input",
        "message": "<tmp>/bool.jsonl line 1, email: expected a string, number or null, received object; fix the row, or skip bad rows with --on-error skip",
      }
    `)
  })

  it('should refuse a whole number too large to keep exactly', async () => {
    const path = await fixture(
      'big-number.jsonl',
      '{"record_id": "j-1", "loyalty_card": 12345678901234567890}\n',
    )
    expect((await readError(path)).message).toMatchInlineSnapshot(
      `"<tmp>/big-number.jsonl line 1, loyalty_card: a whole number too large to keep exactly; expected it as a JSON string; fix the row, or skip bad rows with --on-error skip"`,
    )
  })

  it('should fail on a missing file', async () => {
    expect((await readError(join(folder, 'missing.csv'))).message).toMatchInlineSnapshot(
      `"cannot read <tmp>/missing.csv: no such file; check the path and that the file is readable"`,
    )
  })

  it('should throw at once for an extension it does not know', () => {
    expect(() => readRecords('customers.xlsx', FAIL)).toThrowErrorMatchingInlineSnapshot(
      `[InputError: customers.xlsx: cannot tell the format from the extension ".xlsx"; expected .csv, .jsonl or .ndjson, or give the format (csv or jsonl) explicitly]`,
    )
  })
})

describe('readRecords: skip mode', () => {
  it('should leave bad rows out, count them and keep their issues', async () => {
    const path = await fixture(
      'dirty.csv',
      [
        'record_id,first_name',
        'r-1,Ana',
        ',SECRET-VALUE',
        'r-2,SECRET"VALUE',
        'r-3,Luis,SECRET-VALUE',
        'r-1,SECRET-VALUE',
        'r-4,Eva',
      ].join('\n'),
    )
    const { records, summary } = await readAllRecords(path, SKIP)
    expect(records.map((record) => record.record_id)).toEqual(['r-1', 'r-4'])
    expect(summary).toMatchObject({ rows: 6, records: 2, skipped: 4 })
    expect(summary.issues.map((issue) => issue.path)).toEqual([
      ['line', 3, 'record_id'],
      ['line', 4, 'first_name'],
      ['line', 5],
      ['line', 6, 'record_id'],
    ])
    expect(JSON.stringify(summary)).not.toContain(SECRET)
  })

  it('should keep only the first 20 issues', async () => {
    const rows = Array.from({ length: 30 }, () => ',x').join('\n')
    const path = await fixture('many-bad.csv', `record_id,first_name\n${rows}\nok,x\n`)
    const { records, summary } = await readAllRecords(path, SKIP)
    expect(records).toHaveLength(1)
    expect(summary.skipped).toBe(30)
    expect(summary.issues).toHaveLength(20)
  })

  it('should skip bad JSON lines and read the rest', async () => {
    const path = await fixture(
      'dirty.jsonl',
      '{"record_id": "a"}\nnot json\n[1]\n{"record_id": true}\n{"record_id": "b"}\n',
    )
    const { records, summary } = await readAllRecords(path, SKIP)
    expect(records.map((record) => record.record_id)).toEqual(['a', 'b'])
    expect(summary.skipped).toBe(3)
  })
})
