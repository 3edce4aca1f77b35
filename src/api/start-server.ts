/**
 * Running the app: listen, and close gracefully — stop accepting connections, let the requests
 * in flight finish, then close the engine (and with it the store). Building is create-server.ts.
 */
import type { AddressInfo } from 'node:net'

import type { FastifyInstance } from 'fastify'

import { createServer, type CreateServerOptions } from './create-server.js'

export const DEFAULT_PORT = 8080
export const DEFAULT_HOST = '127.0.0.1'

export interface StartServerOptions extends CreateServerOptions {
  /** Default 127.0.0.1: reachable from this machine only, until someone chooses otherwise. */
  readonly host?: string
  /** Default 8080; 0 picks a free port (see `url`). */
  readonly port?: number
}

export interface RunningServer {
  readonly app: FastifyInstance
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly url: string
  /**
   * Stops accepting connections, waits for the requests in flight, then closes the engine.
   * Idempotent: a second call (a second signal) waits for the first.
   */
  close(): Promise<void>
}

/** Builds the app over the engine and listens. The server owns the engine from here: close() closes it. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createServer(options)
  const host = options.host ?? DEFAULT_HOST
  await app.listen({ host, port: options.port ?? DEFAULT_PORT })
  const { port } = app.server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  let closing: Promise<void> | undefined
  return {
    app,
    url,
    close() {
      closing ??= (async () => {
        try {
          await app.close()
        } finally {
          await options.engine.close()
        }
      })()
      return closing
    },
  }
}
