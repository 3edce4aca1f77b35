/**
 * A 53-bit hash of a string: FNV-1a over its UTF-16 code units for the low 32 bits, a second
 * FNV-1a pass with another offset, mixed with the first, for the high 21. A safe integer, so it
 * round-trips through JavaScript numbers and SQLite INTEGER columns exactly.
 *
 * Persisted: the SQLite store indexes blocking keys by it (store/sqlite/key-hash.ts), so it must
 * never change with a release, a library or a runtime; that is why it is our own. With a million
 * distinct strings the chance that any two share a hash is about 1 in 10^4.
 */
export function stringHash53(text: string): number {
  let low = 0x811c9dc5
  let high = 0x050c5d1f
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    low = Math.imul(low ^ unit, 0x01000193)
    high = Math.imul(high ^ unit, 0x01000193) ^ (low >>> 15)
  }
  return (high >>> 11) * 0x1_0000_0000 + (low >>> 0)
}
