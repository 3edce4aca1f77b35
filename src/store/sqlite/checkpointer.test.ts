import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startCheckpointer, type Checkpointer } from './checkpointer.js'

/** Rows in the database file alone, as if the write-ahead log were lost. */
function rowsInDatabaseFile(path: string, scratch: string): number {
  const copy = join(scratch, `copy-${Math.random().toString(36).slice(2)}.db`)
  copyFileSync(path, copy)
  const db = new Database(copy)
  try {
    return (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('WAL checkpointer thread', () => {
  let dir: string | undefined
  let checkpointer: Checkpointer | undefined
  let writer: Database.Database | undefined

  afterEach(async () => {
    await checkpointer?.stop()
    writer?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    checkpointer = undefined
    writer = undefined
    dir = undefined
  })

  function openWriter(): { path: string; scratch: string; db: Database.Database } {
    dir = mkdtempSync(join(tmpdir(), 'tessera-checkpointer-'))
    const path = join(dir, 'store.db')
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // The writer never checkpoints itself here: whatever reaches the file, the thread copied.
    db.pragma('wal_autocheckpoint = 0')
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    writer = db
    return { path, scratch: dir, db }
  }

  it('copies committed transactions from the log into the database file while the writer goes on', async () => {
    const { path, scratch, db } = openWriter()
    const insert = db.prepare('INSERT INTO items (body) VALUES (?)')
    for (let i = 0; i < 50; i++) insert.run('x'.repeat(500))
    // Without the thread the file holds none of them (the table itself is in the log too).
    expect(() => rowsInDatabaseFile(path, scratch)).toThrow(/no such table/)

    checkpointer = startCheckpointer(path, { busyIntervalMs: 5, idleIntervalMs: 50 })
    const deadline = Date.now() + 10_000
    let seen = -1
    // Commits keep coming while the thread works; each one it copies shows up in the file.
    for (let i = 0; Date.now() < deadline; i++) {
      insert.run('y'.repeat(500))
      await new Promise((resolve) => setTimeout(resolve, 2))
      try {
        seen = rowsInDatabaseFile(path, scratch)
      } catch {
        seen = -1
      }
      if (seen >= 50) break
    }
    expect(seen).toBeGreaterThanOrEqual(50)
  })

  it('stop() copies what is left, after an idle spell that slowed the thread down', async () => {
    const { path, scratch, db } = openWriter()
    checkpointer = startCheckpointer(path, { busyIntervalMs: 5, idleIntervalMs: 1_000 })
    // Idle long enough for the thread to back off towards its longest interval.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const insert = db.prepare('INSERT INTO items (body) VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run('z'.repeat(300))
    })()
    await checkpointer.stop()
    checkpointer = undefined
    expect(rowsInDatabaseFile(path, scratch)).toBe(200)
  })
})
