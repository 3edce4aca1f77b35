/**
 * The test-file side of the PostgreSQL harness: the server URL the globalSetup provided, and a
 * database of one's own on it, so test files running in parallel never see each other's data.
 */
import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the test server (its `postgres` database), or undefined when there is none. */
    pgUrl: string | undefined
    /** Why there is no server, for the skip message. */
    pgUnavailableReason: string | undefined
  }
}

let databaseCounter = 0

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A new, empty database on the server at `baseUrl`; `drop()` removes it (closing what still uses it). */
export async function createTestDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  databaseCounter += 1
  // Only [a-z0-9_]: safe to splice into the statement unquoted.
  const name = `tessera_test_${process.pid}_${databaseCounter}_${randomBytes(4).toString('hex')}`
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

/** The test server's base URL in a test file, or undefined when PostgreSQL tests must skip. */
export function pgTestUrl(): string | undefined {
  return inject('pgUrl')
}

/** Why PostgreSQL tests skip, when pgTestUrl() is undefined. */
export function pgUnavailableReason(): string {
  return inject('pgUnavailableReason') ?? 'no PostgreSQL server was provided to this run'
}
