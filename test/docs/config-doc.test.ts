/**
 * Keeps docs/config.md and the code in step: every setting of the zod schema is documented with
 * the default the schema gives it, and every flag of every command is documented under it.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import { createProgram } from '../../src/cli/program.js'
import { configSchema } from '../../src/config/index.js'
import { DEFAULT_MODEL_SETTINGS } from '../../src/core/model/model.js'

const DOC = readFileSync(fileURLToPath(new URL('../../docs/config.md', import.meta.url)), 'utf8')

interface Setting {
  /** Dotted path; `[]` stands for the items of a list, as in `blocking.rules[].loose`. */
  key: string
  /** The schema's default as JSON, for a setting whose own default is not an object. */
  defaultValue: string | undefined
}

/**
 * Every setting of the schema, depth first. Unknown wrapper types throw, so that a schema that
 * grows a new kind of node makes this walk (and so the doc check) be extended, not skipped.
 */
function settingsOf(schema: z.ZodType, key = '', defaultValue?: string): Setting[] {
  if (schema instanceof z.ZodDefault) {
    const value: unknown = schema._zod.def.defaultValue
    const leaf = typeof value !== 'object' || Array.isArray(value)
    return settingsOf(schema.unwrap() as z.ZodType, key, leaf ? JSON.stringify(value) : undefined)
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return settingsOf(schema.unwrap() as z.ZodType, key)
  const self: Setting[] = key === '' ? [] : [{ key, defaultValue }]
  if (schema instanceof z.ZodObject) {
    const children = Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(
      ([name, child]) => settingsOf(child, key === '' ? name : `${key}.${name}`),
    )
    return [...self, ...children]
  }
  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType
    // A list of objects has settings inside (`rules[].loose`); a list of values is one setting.
    if (!(element instanceof z.ZodObject)) return self
    return [...self, ...settingsOf(element, `${key}[]`).filter((item) => item.key !== `${key}[]`)]
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    // One set of settings per variant (store.kind = sqlite | postgres); a key shared by variants
    // is documented once.
    const children = (schema.options as z.ZodType[]).flatMap((option) =>
      settingsOf(option, key).filter((item) => item.key !== key),
    )
    const unique = [...new Map(children.map((item) => [item.key, item])).values()]
    return [...self, ...unique]
  }
  const leaves = [z.ZodNumber, z.ZodString, z.ZodBoolean, z.ZodEnum, z.ZodLiteral]
  if (leaves.some((type) => schema instanceof type)) return self
  throw new Error(`${key}: the walk does not know ${schema.constructor.name}; extend settingsOf`)
}

const SETTINGS = settingsOf(configSchema)

/** The table row of a setting: the doc line that starts with its name in backquotes. */
const rowOf = (key: string) => DOC.split('\n').find((line) => line.startsWith(`| \`${key}\` |`))

/** A section of settings, such as `matching`, may be documented by a heading instead of a row. */
const headingOf = (key: string) =>
  DOC.split('\n').find((line) => line.startsWith(`### \`${key}\``))

/** The text of a `### …` section whose heading contains `heading`, up to the next heading. */
function section(heading: string): string {
  const lines = DOC.split('\n')
  const start = lines.findIndex((line) => line.startsWith('### ') && line.includes(heading))
  if (start === -1) return ''
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((line) => line.startsWith('#'))
  return rest.slice(0, end === -1 ? undefined : end).join('\n')
}

describe('docs/config.md', () => {
  it('should find the settings of the schema', () => {
    expect(SETTINGS.map(({ key }) => key)).toEqual(
      expect.arrayContaining(['seed', 'matching.matchThreshold', 'blocking.rules[].features']),
    )
  })

  it('should have a table row for every setting of the schema', () => {
    const missing = SETTINGS.filter(
      ({ key }) => rowOf(key) === undefined && headingOf(key) === undefined,
    ).map(({ key }) => key)
    expect(missing).toEqual([])
  })

  it('should give each setting the default the schema gives it', () => {
    const wrong = SETTINGS.filter(({ key, defaultValue }) => {
      if (defaultValue === undefined) return false
      const defaultCell = rowOf(key)?.split('|')[2] ?? ''
      return !defaultCell.includes(`\`${defaultValue}\``)
    })
    expect(wrong.map(({ key, defaultValue }) => `${key} (default ${defaultValue})`)).toEqual([])
  })

  it('should give each matching setting left to the model the default a new model has', () => {
    const wrong: string[] = []
    for (const { key, defaultValue } of SETTINGS) {
      if (!key.startsWith('matching.') || defaultValue !== undefined) continue
      let value: unknown = DEFAULT_MODEL_SETTINGS
      for (const part of key.split('.').slice(1)) value = (value as Record<string, unknown>)?.[part]
      if (typeof value !== 'number') continue
      const defaultCell = rowOf(key)?.split('|')[2] ?? ''
      if (!defaultCell.includes(`*model* (${value})`)) wrong.push(`${key} (new models: ${value})`)
    }
    expect(wrong).toEqual([])
  })

  it('should document no setting that the schema does not have', () => {
    const keys = new Set(SETTINGS.map(({ key }) => key))
    const rows = DOC.split('\n')
      .map((line) => /^\| `([a-zA-Z[\].]+)` \|/.exec(line)?.[1])
      .filter((key): key is string => key !== undefined)
    expect(rows.filter((key) => !keys.has(key))).toEqual([])
  })

  it('should document every flag of every command under that command', () => {
    const inputFlags = section('Input flags')
    const missing: string[] = []
    for (const command of createProgram().commands) {
      const own = section(`\`tessera ${command.name()}`)
      expect(own, `a section for tessera ${command.name()}`).not.toBe('')
      // The shared input flags are documented once, for the commands that take an input file.
      const takesInput = command.options.some((option) => option.long === '--on-error')
      for (const option of command.options) {
        const flag = option.long
        if (flag === undefined || flag === '--help') continue
        const mention = `\`${flag}`
        const documented = own.includes(mention) || (takesInput && inputFlags.includes(mention))
        if (!documented) missing.push(`tessera ${command.name()} ${flag}`)
      }
    }
    expect(missing).toEqual([])
  })
})
