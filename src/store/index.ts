/**
 * The store layer's public face: the contract (types) and the two implementations. Only the
 * composition root (engine/identity/open-identity-engine.ts) picks an implementation.
 */
export * from './store.js'
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js'
export { openPostgresStore } from './postgres/postgres-store.js'
