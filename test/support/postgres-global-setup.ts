/**
 * vitest globalSetup: gives the run a PostgreSQL server (STYLE T4), once, before any test file.
 *
 * - TESSERA_TEST_PG_URL set: that server is used as it is; nothing is started.
 * - Otherwise a throwaway server is started (postgres-server.ts) and stopped after the run.
 * - No server can be had: with CI=true the run fails; elsewhere PostgreSQL tests skip and say why.
 */
import type { TestProject } from 'vitest/node'

import { startPostgresServer } from './postgres-server.js'

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const externalUrl = process.env.TESSERA_TEST_PG_URL
  if (externalUrl !== undefined && externalUrl !== '') {
    project.provide('pgUrl', externalUrl)
    project.provide('pgUnavailableReason', undefined)
    return async () => undefined
  }

  try {
    const server = await startPostgresServer()
    project.provide('pgUrl', server.url)
    project.provide('pgUnavailableReason', undefined)
    return () => server.stop()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required when CI=true, and none could be started: ${reason}`, { cause: error })
    }
    process.stderr.write(`\n[postgres] PostgreSQL tests will be skipped: ${reason}\n\n`)
    project.provide('pgUrl', undefined)
    project.provide('pgUnavailableReason', reason)
    return async () => undefined
  }
}
