import type { Config } from '../../config/index.js'
import { configFromFlags, type InputFlags } from './shared.js'

/** Flags of the commands that open the identity store. */
export interface StoreFlags {
  /** SQLite database file (the embedded default: ./tessera.db). */
  db?: string
  /** PostgreSQL URL (also TESSERA_DATABASE_URL). */
  databaseUrl?: string
}

/** The `store` section the flags ask for, if any (unset: the config file, the env, the default). */
export function storeFromFlags(flags: StoreFlags): Record<string, unknown> {
  if (flags.databaseUrl !== undefined) return { store: { kind: 'postgres', url: flags.databaseUrl } }
  if (flags.db !== undefined) return { store: { kind: 'sqlite', path: flags.db } }
  return {}
}

/** Config for a command that reads a file into the store. */
export function storeConfigFromFlags(flags: InputFlags & StoreFlags): Config {
  return configFromFlags(flags, storeFromFlags(flags))
}
