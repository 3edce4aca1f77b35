import type { Config } from '../../config/index.js'
import { NotFoundError } from '../../core/index.js'
import { openIdentityEngine, type ApiKey, type ApiKeyRole, type IdentityEngine } from '../../engine/index.js'
import { reportError } from '../output.js'
import { configFromFlags } from './shared.js'
import { storeFromFlags, type StoreFlags } from './store-flags.js'

export interface KeysFlags extends StoreFlags {
  config?: string
}

export interface KeysCreateFlags extends KeysFlags {
  role: ApiKeyRole
  name?: string
  source?: string
}

function keysConfig(flags: KeysFlags): Config {
  return configFromFlags({ map: [], onError: 'fail', ...(flags.config === undefined ? {} : { config: flags.config }) }, storeFromFlags(flags))
}

/** Opens the engine for one key operation and closes it whatever happens. */
async function withEngine(flags: KeysFlags, work: (engine: IdentityEngine) => Promise<void>): Promise<number> {
  try {
    const { engine } = await openIdentityEngine(keysConfig(flags))
    try {
      await work(engine)
    } finally {
      await engine.close()
    }
    return 0
  } catch (error) {
    return reportError(error)
  }
}

/** `tessera keys create --role R`: the secret goes to stdout, once; only its hash is stored. */
export function runKeysCreate(flags: KeysCreateFlags): Promise<number> {
  return withEngine(flags, async (engine) => {
    const name = flags.name ?? (flags.source === undefined ? `${flags.role} key` : `${flags.role} key for ${flags.source}`)
    const { key, secret } = await engine.keys.create({
      name,
      role: flags.role,
      ...(flags.source === undefined ? {} : { source: flags.source }),
    })
    process.stderr.write(
      `created ${key.keyId} (role ${key.role}${key.source === undefined ? '' : `, source ${key.source}`}); ` +
        'the secret below is shown this once: store it now\n',
    )
    process.stdout.write(`${secret}\n`)
  })
}

function keyRow(key: ApiKey): string[] {
  return [key.keyId, key.role, key.source ?? '-', key.createdAt, key.revokedAt ?? '-', key.name]
}

/** `tessera keys list`: every key, revoked ones too; never a secret (none is stored). */
export function runKeysList(flags: KeysFlags): Promise<number> {
  return withEngine(flags, async (engine) => {
    const rows = [['key_id', 'role', 'source', 'created_at', 'revoked_at', 'name'], ...(await engine.keys.list()).map(keyRow)]
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
    for (const row of rows) {
      process.stdout.write(`${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}\n`)
    }
  })
}

/** `tessera keys revoke ID`: the key stops working at once. */
export function runKeysRevoke(keyId: string, flags: KeysFlags): Promise<number> {
  return withEngine(flags, async (engine) => {
    const key = (await engine.keys.list()).find((candidate) => candidate.keyId === keyId)
    if (key === undefined) {
      throw new NotFoundError({ code: 'ERR_KEY_NOT_FOUND', message: `no API key has the id ${keyId}; list them with \`tessera keys list\`` })
    }
    if (key.revokedAt !== undefined) {
      process.stderr.write(`${keyId} was already revoked at ${key.revokedAt}\n`)
      return
    }
    await engine.keys.revoke(keyId)
    process.stderr.write(`revoked ${keyId}\n`)
  })
}
