import { startServer } from '../../api/index.js'
import { UnavailableError } from '../../core/index.js'
import { openIdentityEngine } from '../../engine/index.js'
import { reportError } from '../output.js'
import { configFromFlags } from './shared.js'
import { storeFromFlags, type StoreFlags } from './store-flags.js'

export interface ServeFlags extends StoreFlags {
  config?: string
  host: string
  port: number
  /** False with --no-warm-up. */
  warmUp?: boolean
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** Resolves at the first SIGINT or SIGTERM; a second one ends the process at once. */
function firstShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, onSignal)
      const force = () => {
        process.stderr.write('second signal: stopping without waiting for requests in flight\n')
        process.exit(130)
      }
      for (const name of SHUTDOWN_SIGNALS) process.once(name, force)
      resolve(signal)
    }
    for (const name of SHUTDOWN_SIGNALS) process.on(name, onSignal)
  })
}

/**
 * `tessera serve`: the HTTP API over the identity store until SIGINT or SIGTERM; then it stops
 * accepting connections, finishes the requests in flight and closes the store.
 */
export async function runServe(flags: ServeFlags): Promise<number> {
  try {
    const config = configFromFlags({ map: [], onError: 'fail', ...(flags.config === undefined ? {} : { config: flags.config }) }, storeFromFlags(flags))
    const { engine, counter } = await openIdentityEngine(config, { env: process.env })
    if (flags.warmUp !== false) {
      try {
        const warmed = await engine.warmUp()
        if (warmed.store.bytes > 0) {
          const index = warmed.store.blockingIndex
          process.stderr.write(
            `store read into memory: ${(warmed.store.bytes / 1e6).toFixed(0)} MB in ${warmed.store.seconds.toFixed(1)} s` +
              (index === undefined ? '' : `; blocking index: ${index.entries.toLocaleString('en-US')} entries, ${(index.bytes / 1e6).toFixed(0)} MB`) +
              '\n',
          )
        }
        if (warmed.termFrequencyValues > 0) {
          process.stderr.write(
            `term frequencies read into memory: ${warmed.termFrequencyValues.toLocaleString('en-US')} values in ${warmed.termFrequencySeconds.toFixed(1)} s\n`,
          )
        }
      } catch (error) {
        await engine.close()
        throw error
      }
    }
    let server
    try {
      server = await startServer({ engine, counter, host: flags.host, port: flags.port })
    } catch (error) {
      await engine.close()
      const reason = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : ''
      throw new UnavailableError({
        code: 'ERR_SERVE_LISTEN_FAILED',
        message: `cannot listen on ${flags.host}:${flags.port}${reason}; choose another --port or --host, or stop what is using it`,
        cause: error,
      })
    }
    // The handlers go in before the announcement: the kernel delivers a signal at any moment,
    // and one sent by whoever read the announcement (a supervisor, a test) would otherwise end
    // the process before they are in place, without the graceful shutdown.
    const shutdown = firstShutdownSignal()
    process.stderr.write(`Tessera API listening on ${server.url}\n  docs:    ${server.url}/docs\n  OpenAPI: ${server.url}/openapi.json\n`)
    const signal = await shutdown
    process.stderr.write(`${signal}: finishing requests in flight, then closing the store\n`)
    await server.close()
    return 0
  } catch (error) {
    return reportError(error)
  }
}
