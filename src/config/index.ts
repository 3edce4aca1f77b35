/** @module config — the one zod schema and the one loader: files + flags → validated, frozen Config. */
export { configSchema, type Config } from './config-schema.js'
export { loadConfig } from './load-config.js'
