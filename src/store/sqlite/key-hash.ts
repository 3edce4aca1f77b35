import { stringHash53 } from '../../core/index.js'

/**
 * Blocking keys as the SQLite store indexes them: a 53-bit hash (core's stringHash53, which
 * must never change) instead of the key's text.
 *
 * Why: a million stored records hold some thirteen million blocking keys. Indexed as text (about
 * 30 bytes each), by key and again by record, they took about 1.4 GB of a 3.5 GB database, more
 * than the page cache kept of it, and a resolve's candidate lookups and key inserts became random
 * disk reads: the tail of its latency. As one integer (about 17 bytes an entry, one index) they
 * take 312 MB. A collision can only add a candidate, which scoring then rejects; it cannot hide
 * one.
 */
export const blockingKeyHash = (key: string): number => stringHash53(key)

/** A record's key hashes, packed for the records row (8 bytes each). */
export function packKeyHashes(hashes: readonly number[]): Buffer {
  const packed = Buffer.allocUnsafe(hashes.length * 8)
  for (let k = 0; k < hashes.length; k++) packed.writeDoubleLE(hashes[k], k * 8)
  return packed
}

export function unpackKeyHashes(packed: Uint8Array | null | undefined): number[] {
  if (packed === null || packed === undefined) return []
  const buffer = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength)
  const hashes: number[] = []
  for (let offset = 0; offset + 8 <= buffer.length; offset += 8) hashes.push(buffer.readDoubleLE(offset))
  return hashes
}
