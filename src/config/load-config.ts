import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { InputError, type Issue } from '../core/index.js'
import { configSchema, type Config } from './config-schema.js'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

function toIssues(error: z.ZodError, where: string): Issue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    code: issue.code,
    message: issue.message,
  }))
}

/**
 * Loads the configuration: defaults, then the JSON file (if any), then flags. Validated once,
 * then frozen. The only code that reads config files.
 */
export function loadConfig(
  sources: { file?: string; flags?: Record<string, unknown>; env?: Readonly<Record<string, string | undefined>> } = {},
): Config {
  let fromFile: Record<string, unknown> = {}
  if (sources.file !== undefined) {
    let text: string
    try {
      text = readFileSync(sources.file, 'utf8')
    } catch (error) {
      throw new InputError({ code: 'ERR_CONFIG_UNREADABLE', message: `cannot read the config file ${sources.file}; check the path`, cause: error })
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>
    } catch {
      throw new InputError({
        code: 'ERR_CONFIG_INVALID',
        message: `config file ${sources.file} is not valid JSON; expected one JSON object of settings (see docs/config.md)`,
      })
    }
  }
  const flags = Object.fromEntries(Object.entries(sources.flags ?? {}).filter(([, v]) => v !== undefined))
  const merged: Record<string, unknown> = { ...fromFile, ...flags }
  // TESSERA_DATABASE_URL picks PostgreSQL unless the file or a flag chose a store.
  const databaseUrl = (sources.env ?? process.env).TESSERA_DATABASE_URL
  if (merged.store === undefined && databaseUrl !== undefined && databaseUrl !== '') {
    merged.store = { kind: 'postgres', url: databaseUrl }
  }
  for (const section of ['matching', 'blocking', 'service', 'counter'] as const) {
    if (typeof fromFile[section] === 'object' && typeof flags[section] === 'object') {
      merged[section] = { ...(fromFile[section] as object), ...(flags[section] as object) }
    }
  }
  const parsed = configSchema.safeParse(merged)
  if (!parsed.success) {
    const issues = toIssues(parsed.error, sources.file ?? 'flags')
    throw new InputError({
      code: 'ERR_CONFIG_INVALID',
      message: `the configuration${sources.file === undefined ? '' : ` in ${sources.file}`} is not valid: fix the settings below (see docs/config.md)`,
      issues,
    })
  }
  return deepFreeze(parsed.data)
}
