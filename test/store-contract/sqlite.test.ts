import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { openSqliteStore } from '../../src/store/index.js'
import { describeStoreContract } from './store-contract.js'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tessera-sqlite-'))
}

describeStoreContract('SQLite', async () => {
  const dir = tempDir()
  const store = await openSqliteStore({ path: join(dir, 'tessera.db') })
  await store.migrate()
  return {
    store,
    cleanup: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('SQLite store specifics', () => {
  it('migrations applied by one process are seen by the next, and data survives a reopen', async () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'tessera.db')
      const first = await openSqliteStore({ path })
      expect((await first.migrate()).applied).toEqual(['0001_initial', '0002_counter'])
      await first.transaction((tx) => tx.insertCustomer('cus_a', '2026-01-01T00:00:00.000Z'))
      await first.close()
      const second = await openSqliteStore({ path })
      expect((await second.migrate()).applied).toEqual([])
      expect(await second.getCustomer('cus_a')).toBeDefined()
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a database in a missing directory fails with a clear, typed error', async () => {
    await expect(openSqliteStore({ path: join(tempDir(), 'no', 'such', 'dir', 'x.db') })).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      kind: 'unavailable',
    })
  })

  it('a closed store refuses work', async () => {
    const dir = tempDir()
    const store = await openSqliteStore({ path: join(dir, 'x.db') })
    await store.migrate()
    await store.close()
    await expect(store.transaction(async () => undefined)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
    rmSync(dir, { recursive: true, force: true })
  })

  it('checkpoints the write-ahead log on its own thread, not in commits', async () => {
    const dir = tempDir()
    const path = join(dir, 'x.db')
    const store = await openSqliteStore({ path })
    try {
      await store.migrate()
      await new Promise((resolve) => setTimeout(resolve, 600))
      const before = statSync(path).size
      const at = '2026-01-01T00:00:00.000Z'
      await store.transaction(async (tx) => {
        for (let i = 0; i < 3000; i++) await tx.insertCustomer(`cus_${String(i).padStart(6, '0')}`, at)
      })
      // The commit wrote to the log only; the database file grows once a checkpoint has run.
      const deadline = Date.now() + 5_000
      while (statSync(path).size === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(statSync(path).size).toBeGreaterThan(before)
      expect(await store.countCustomers()).toBe(3000)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
