/**
 * Keeps docs/errors.md and the code in step (STYLE.md E3): every ERR_ code that src/ uses is
 * documented once, nothing documented is gone from src/, and the kind the doc states is the
 * kind the code is thrown with.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOC = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8')

const CODE = /\bERR_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g
const KIND_OF_CLASS: Readonly<Record<string, string>> = {
  InputError: 'invalid_input',
  NotFoundError: 'not_found',
  ConflictError: 'conflict',
  RateLimitedError: 'rate_limited',
  UnavailableError: 'unavailable',
  InternalError: 'internal',
}
// `new InputError({ code: 'ERR_X'`, on one line or several.
const THROWN = /new (\w+Error)\(\{\s*code: '(ERR_[A-Z0-9_]+)'/g

/** Source files of src/, tests left out: a test may name a code only to check it is absent. */
function sources(): { path: string; text: string }[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .map((path) => ({ path: `src/${path}`, text: readFileSync(join(ROOT, 'src', path), 'utf8') }))
}

const SOURCES = sources()
const USED = new Set(SOURCES.flatMap(({ text }) => text.match(CODE) ?? []))

/** The `## ERR_…` sections of the doc, in order, with their text. */
const SECTIONS = [...DOC.matchAll(/^## (\S+)\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)].map(
  ([, heading, body]) => ({ heading, body }),
)
const DOCUMENTED = SECTIONS.map(({ heading }) => heading)

describe('docs/errors.md', () => {
  it('should document every error code used in src', () => {
    const missing = [...USED].filter((code) => !DOCUMENTED.includes(code)).sort()
    expect(missing).toEqual([])
  })

  it('should document no code that src no longer uses', () => {
    expect(DOCUMENTED.filter((code) => !USED.has(code))).toEqual([])
  })

  it('should list each code once, in alphabetical order', () => {
    expect(DOCUMENTED).toEqual([...new Set(DOCUMENTED)].sort())
  })

  it('should give each code a paragraph that starts with its kind', () => {
    const kinds = Object.values(KIND_OF_CLASS)
    const without = SECTIONS.filter(({ body }) => {
      const kind = /^Kind `(\w+)`/.exec(body.trim())?.[1]
      return kind === undefined || !kinds.includes(kind)
    })
    expect(without.map(({ heading }) => heading)).toEqual([])
  })

  it('should state the kind each code is thrown with', () => {
    const wrong: string[] = []
    for (const { path, text } of SOURCES) {
      for (const [, errorClass, code] of text.matchAll(THROWN)) {
        const kind = KIND_OF_CLASS[errorClass]
        const body = SECTIONS.find(({ heading }) => heading === code)?.body
        if (kind === undefined || body === undefined) continue
        if (!body.trim().startsWith(`Kind \`${kind}\``)) {
          wrong.push(`${code} (${errorClass} in ${path})`)
        }
      }
    }
    expect(wrong).toEqual([])
  })
})
