import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IdentityError } from '../../core/errors.js'
import { firstInvalidUtf8Offset, readUtf8Chunks } from './utf8-chunks.js'

// The reader's chunk size; a character placed across it is split between two reads.
const CHUNK_BYTES = 1 << 20

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tessera-utf8-'))
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function readAll(path: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of readUtf8Chunks(path)) chunks.push(chunk)
  return Buffer.concat(chunks)
}

async function readError(path: string): Promise<IdentityError> {
  try {
    await readAll(path)
  } catch (error) {
    return error as IdentityError
  }
  throw new Error('expected an error')
}

describe('readUtf8Chunks', () => {
  it('should pass a character split across two reads', async () => {
    for (const character of ['é', '€', '𝄞']) {
      const text = 'a'.repeat(CHUNK_BYTES - 1) + character + '\nb'
      const path = join(folder, 'split.txt')
      await writeFile(path, text)
      expect((await readAll(path)).toString('utf8')).toBe(text)
    }
  })

  it('should name the line of invalid bytes after the first read', async () => {
    const lines = 'x\n'.repeat(CHUNK_BYTES / 2 + 10)
    const path = join(folder, 'late.txt')
    await writeFile(path, Buffer.concat([Buffer.from(lines + 'ab'), Buffer.from([0xff])]))
    const error = await readError(path)
    expect(error.code).toBe('ERR_INPUT_ENCODING')
    expect(error.issues[0].path).toEqual(['line', CHUNK_BYTES / 2 + 11])
    expect(error.issues[0].message).toBe('byte 3 is not valid UTF-8')
  })

  it('should reject a file that ends inside a character', async () => {
    const path = join(folder, 'cut.txt')
    await writeFile(path, Buffer.from([0x61, 0x0a, 0xe2, 0x82]))
    const error = await readError(path)
    expect(error.code).toBe('ERR_INPUT_ENCODING')
    expect(error.issues[0].path).toEqual(['line', 2])
  })
})

describe('firstInvalidUtf8Offset', () => {
  it('should accept valid text', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('José €𝄞'))).toBe(-1)
  })

  it.each([
    ['a stray continuation byte', [0x61, 0x80], 1],
    ['an overlong form', [0xc0, 0xaf], 0],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated character', [0x61, 0xe2, 0x82], 1],
  ])('should find %s', (_, bytes, offset) => {
    expect(firstInvalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset)
  })
})
