/** The till end to end on the embedded default store: a SQLite file in the suite's temp dir. */
import { join } from 'node:path'

import { defineTillSuite } from './till-suite.js'

defineTillSuite('the till on SQLite', {
  open: async (dir) => ({ kind: 'sqlite', path: join(dir, 'tessera.db') }),
  drop: async () => undefined,
})
