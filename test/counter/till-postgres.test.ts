/** The till end to end on PostgreSQL: a fresh database on the throwaway server of the test setup. */
import { describe } from 'vitest'

import { createTestDatabase, pgTestUrl, pgUnavailableReason } from '../support/postgres-test-database.js'
import { defineTillSuite } from './till-suite.js'

const baseUrl = pgTestUrl()

if (baseUrl === undefined) {
  describe.skip(`the till on PostgreSQL (skipped: ${pgUnavailableReason()})`, () => undefined)
} else {
  let drop: () => Promise<void> = async () => undefined
  defineTillSuite('the till on PostgreSQL', {
    open: async () => {
      const database = await createTestDatabase(baseUrl)
      drop = database.drop
      return { kind: 'postgres', url: database.url }
    },
    drop: () => drop(),
  })
}
