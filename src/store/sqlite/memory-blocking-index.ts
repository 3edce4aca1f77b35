import type Database from 'better-sqlite3'

import { BlockingPostings } from './blocking-postings.js'
import { unpackKeyHashes } from './key-hash.js'

type Db = Database.Database

/**
 * The SQLite store's candidate index (blocking-key hash → records), held in this process's
 * memory and kept equal to what the records table says. Why memory: blocking-postings.ts. The
 * table stays the truth: every record row holds its key hashes (`key_hashes`) and the order in
 * which they were last written (`key_seq`, increasing), so the index is built from the rows on
 * first use and can follow what other connections write.
 *
 * How it stays right:
 * - Our own writes change it as they happen (`replace`), and a rollback undoes them.
 * - Another connection's commits (another process on the same file, say `tessera import` while
 *   `tessera serve` runs) show in the writer's `PRAGMA data_version`; the rows they wrote are
 *   those with a `key_seq` above the last one seen, and their keys are added. The keys such a
 *   write took away cannot be known any more, so a lookup checks each record it reads against
 *   the keys its row holds now (`carriesAny`) and drops the ones that no longer match.
 * - The check runs when a write transaction starts (nothing can commit while it holds the write
 *   lock) and before a read outside one.
 */
export class MemoryBlockingIndex {
  private postings: BlockingPostings | undefined
  private lastSeq = 0
  private dataVersion = -1
  private readonly dataVersionStatement: Database.Statement
  /** Prepared on first use: the column exists only once migrations ran. */
  private highestSeqStatement: Database.Statement | undefined
  private inTransaction = false
  /** Inverse of each change made in the open transaction, newest last. */
  private undo: { readonly add: boolean; readonly keyHash: number; readonly recordKey: number }[] = []
  private builtInTransaction = false
  private transactionSeq = 0

  constructor(private readonly writer: Db) {
    this.dataVersionStatement = writer.prepare('PRAGMA data_version').pluck()
  }

  /** Whether the index is in memory (it is built by the first lookup, or by warmUp). */
  get built(): boolean {
    return this.postings !== undefined
  }

  get report(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.postings?.size ?? 0, bytes: this.postings?.bytes ?? 0 }
  }

  /** The index, built if it was not and brought up to date with other connections' commits. */
  current(): BlockingPostings {
    if (this.postings === undefined) return this.build()
    // Inside our own transaction, beginTransaction() already caught up, and nobody else can
    // have committed since: we hold the write lock.
    if (!this.inTransaction && !this.writer.inTransaction) this.catchUp()
    return this.postings
  }

  beginTransaction(): void {
    this.inTransaction = true
    this.undo = []
    this.builtInTransaction = false
    this.transactionSeq = 0
    if (this.postings !== undefined) this.catchUp()
  }

  commitTransaction(): void {
    this.lastSeq = Math.max(this.lastSeq, this.transactionSeq)
    this.endTransaction()
  }

  rollbackTransaction(): void {
    if (this.builtInTransaction) {
      // Built from rows that are now gone: build again when next needed.
      this.postings = undefined
    } else if (this.postings !== undefined) {
      for (let k = this.undo.length - 1; k >= 0; k--) {
        const { add, keyHash, recordKey } = this.undo[k]
        if (add) this.postings.add(keyHash, recordKey)
        else this.postings.remove(keyHash, recordKey)
      }
    }
    this.endTransaction()
  }

  /** The first `key_seq` for the rows an upsert is about to write (inside a write transaction). */
  nextSeq(): number {
    this.highestSeqStatement ??= this.writer.prepare('SELECT max(key_seq) FROM records').pluck()
    const highest = this.highestSeqStatement.get() as number | null
    return Math.max(highest ?? 0, this.lastSeq, this.transactionSeq) + 1
  }

  /** A record row now holds `after` where it held `before`, written with `seq`. */
  replace(recordKey: number, before: readonly number[], after: readonly number[], seq: number): void {
    this.transactionSeq = Math.max(this.transactionSeq, seq)
    const postings = this.postings
    // Not built yet: the build will read this row.
    if (postings === undefined) return
    const kept = new Set(after)
    for (const keyHash of before) {
      if (!kept.has(keyHash) && postings.remove(keyHash, recordKey)) this.undo.push({ add: true, keyHash, recordKey })
    }
    const held = new Set(before)
    for (const keyHash of kept) {
      if (held.has(keyHash)) continue
      postings.add(keyHash, recordKey)
      this.undo.push({ add: false, keyHash, recordKey })
    }
  }

  close(): void {
    this.postings = undefined
  }

  private endTransaction(): void {
    this.inTransaction = false
    this.undo = []
    this.builtInTransaction = false
    this.transactionSeq = 0
  }

  private build(): BlockingPostings {
    const records = this.writer.prepare('SELECT count(*) FROM records').pluck().get() as number
    // Sized for what a generated million-record store holds: about 8 distinct keys and 16.4
    // entries a record (blocking and counter search keys).
    const postings = new BlockingPostings(records * 8, records * 17)
    this.dataVersion = this.dataVersionStatement.get() as number
    let highest = 0
    const rows = this.writer.prepare('SELECT record_key, key_hashes, key_seq FROM records').raw().iterate() as IterableIterator<
      [number, Uint8Array | null, number | null]
    >
    for (const [recordKey, packed, seq] of rows) {
      for (const keyHash of new Set(unpackKeyHashes(packed))) postings.add(keyHash, recordKey)
      if (seq !== null && seq > highest) highest = seq
    }
    postings.trim()
    this.postings = postings
    this.lastSeq = highest
    this.builtInTransaction = this.inTransaction
    return postings
  }

  /** Adds the keys of rows other connections wrote since we last looked. */
  private catchUp(): void {
    const version = this.dataVersionStatement.get() as number
    if (version === this.dataVersion) return
    this.dataVersion = version
    const postings = this.postings!
    const rows = this.writer
      .prepare('SELECT record_key, key_hashes, key_seq FROM records WHERE key_seq > ? ORDER BY key_seq')
      .raw()
      .iterate(this.lastSeq) as IterableIterator<[number, Uint8Array | null, number]>
    for (const [recordKey, packed, seq] of rows) {
      for (const keyHash of new Set(unpackKeyHashes(packed))) {
        // A key held by thousands of records is past any candidate limit; one entry twice in it
        // changes nothing, and looking for it would cost a walk of the whole list.
        if (postings.has(keyHash, recordKey, CATCH_UP_SCAN_LIMIT) !== true) postings.add(keyHash, recordKey)
      }
      this.lastSeq = Math.max(this.lastSeq, seq)
    }
  }
}

const CATCH_UP_SCAN_LIMIT = 4096

/** Whether a record row's packed key hashes include any of `wanted`. */
export function carriesAny(packed: Uint8Array | null | undefined, wanted: ReadonlySet<number>): boolean {
  if (packed === null || packed === undefined) return false
  const buffer = Buffer.isBuffer(packed) ? packed : Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength)
  for (let offset = 0; offset + 8 <= buffer.length; offset += 8) if (wanted.has(buffer.readDoubleLE(offset))) return true
  return false
}
