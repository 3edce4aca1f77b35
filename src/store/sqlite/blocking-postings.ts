/**
 * The SQLite store's candidate index in memory: for each blocking-key hash, the records that
 * carry it. Our own structure because speed is the point of it: a resolve looks up about a dozen
 * keys and adds a dozen entries. Held in SQLite (a b-tree of thirteen million entries at a
 * million records), those entries landed on a dozen random pages that every commit then wrote
 * to the log: three quarters of what a commit cost, and a commit was the largest single cost of
 * a resolve (bench/results.md has the figures). Kept in typed arrays rather than a Map of arrays
 * so that a million records take about 16 bytes per key and 8 per entry, not a hundred, and so
 * that the garbage collector has a handful of objects to trace instead of millions. (At a million
 * records: 8.6 million keys, 17.3 million entries.)
 *
 * Layout: an open-addressing table (linear probing) from key hash to the head of a singly
 * linked list of postings, each posting a record key and the index of the next. Newest first.
 * Keys are never removed from the table (a key whose last record left keeps an empty list), so
 * probing needs no tombstones; freed postings are reused. No count is kept per key: a lookup
 * needs to know only whether a block is within a limit of a few dozen, which reading at most
 * one more than that tells as fast, and counts would take 4 bytes of every slot.
 */
export class BlockingPostings {
  private capacity: number
  private mask: number
  private keys: Float64Array
  private heads: Int32Array
  private usedSlots = 0
  private postingRecord: Int32Array
  private postingNext: Int32Array
  private postingsUsed = 0
  private freePosting = NO_POSTING
  private liveEntries = 0

  /** `expectedKeys` / `expectedEntries` size the arrays up front (they grow as needed). */
  constructor(expectedKeys = 1024, expectedEntries = 4096) {
    this.capacity = tableCapacityFor(expectedKeys)
    this.mask = this.capacity - 1
    this.keys = new Float64Array(this.capacity).fill(EMPTY_KEY)
    this.heads = new Int32Array(this.capacity).fill(NO_POSTING)
    this.postingRecord = new Int32Array(Math.max(16, expectedEntries))
    this.postingNext = new Int32Array(Math.max(16, expectedEntries))
  }

  /** Entries (key, record) held. */
  get size(): number {
    return this.liveEntries
  }

  /** Bytes of the typed arrays, for reports. */
  get bytes(): number {
    return this.keys.byteLength + this.heads.byteLength + this.postingRecord.byteLength + this.postingNext.byteLength
  }

  /** The records that carry the key, newest first, at most `limit`. */
  records(keyHash: number, limit = Number.POSITIVE_INFINITY): number[] {
    const slot = this.find(keyHash)
    const found: number[] = []
    if (slot < 0) return found
    for (let posting = this.heads[slot]; posting !== NO_POSTING && found.length < limit; posting = this.postingNext[posting]) {
      found.push(this.postingRecord[posting])
    }
    return found
  }

  /**
   * Whether the record carries the key, looking at no more than `maxSteps` entries of it;
   * undefined when the key holds more than that and the record was not among them.
   */
  has(keyHash: number, recordKey: number, maxSteps = Number.POSITIVE_INFINITY): boolean | undefined {
    const slot = this.find(keyHash)
    if (slot < 0) return false
    let steps = 0
    for (let posting = this.heads[slot]; posting !== NO_POSTING; posting = this.postingNext[posting]) {
      if (this.postingRecord[posting] === recordKey) return true
      if (++steps >= maxSteps) return undefined
    }
    return false
  }

  /** Adds the entry (the caller knows it is not there yet: entries are not deduplicated). */
  add(keyHash: number, recordKey: number): void {
    if (!Number.isSafeInteger(keyHash) || keyHash < 0) throw new RangeError(`a key hash must be a non-negative safe integer (got ${keyHash})`)
    if (!Number.isInteger(recordKey) || recordKey < 0 || recordKey > MAX_RECORD_KEY) {
      throw new RangeError(`a record key must be an integer from 0 to ${MAX_RECORD_KEY} (got ${recordKey})`)
    }
    if ((this.usedSlots + 1) / this.capacity > MAX_LOAD) this.growTable()
    let slot = this.find(keyHash)
    if (slot < 0) {
      slot = ~slot
      this.keys[slot] = keyHash
      this.usedSlots++
    }
    const posting = this.allocatePosting()
    this.postingRecord[posting] = recordKey
    this.postingNext[posting] = this.heads[slot]
    this.heads[slot] = posting
    this.liveEntries++
  }

  /** Removes the entry; false when it was not there. */
  remove(keyHash: number, recordKey: number): boolean {
    const slot = this.find(keyHash)
    if (slot < 0) return false
    let previous = NO_POSTING
    for (let posting = this.heads[slot]; posting !== NO_POSTING; posting = this.postingNext[posting]) {
      if (this.postingRecord[posting] !== recordKey) {
        previous = posting
        continue
      }
      const next = this.postingNext[posting]
      if (previous === NO_POSTING) this.heads[slot] = next
      else this.postingNext[previous] = next
      this.postingNext[posting] = this.freePosting
      this.freePosting = posting
      this.liveEntries--
      return true
    }
    return false
  }

  /** The key's slot, or the bitwise complement of the empty slot where it would go. */
  private find(keyHash: number): number {
    let slot = slotOf(keyHash) & this.mask
    for (;;) {
      const held = this.keys[slot]
      if (held === keyHash) return slot
      if (held === EMPTY_KEY) return ~slot
      slot = (slot + 1) & this.mask
    }
  }

  private allocatePosting(): number {
    if (this.freePosting !== NO_POSTING) {
      const posting = this.freePosting
      this.freePosting = this.postingNext[posting]
      return posting
    }
    if (this.postingsUsed === this.postingRecord.length) {
      const larger = Math.ceil(this.postingRecord.length * GROWTH)
      this.postingRecord = grown(this.postingRecord, larger)
      this.postingNext = grown(this.postingNext, larger)
    }
    return this.postingsUsed++
  }

  /**
   * Gives back the room for entries beyond `headroom` times those held: the lists grow by half
   * at a time, so a build from a million rows can leave a quarter of them unused.
   */
  trim(headroom = 1.05): void {
    if (this.freePosting !== NO_POSTING) return
    const length = Math.max(16, Math.ceil(this.postingsUsed * headroom))
    if (length >= this.postingRecord.length) return
    this.postingRecord = this.postingRecord.slice(0, length)
    this.postingNext = this.postingNext.slice(0, length)
  }

  private growTable(): void {
    const { keys, heads } = this
    this.capacity *= 2
    this.mask = this.capacity - 1
    this.keys = new Float64Array(this.capacity).fill(EMPTY_KEY)
    this.heads = new Int32Array(this.capacity).fill(NO_POSTING)
    for (let old = 0; old < keys.length; old++) {
      if (keys[old] === EMPTY_KEY) continue
      const slot = ~this.find(keys[old])
      this.keys[slot] = keys[old]
      this.heads[slot] = heads[old]
    }
  }
}

const EMPTY_KEY = -1
const NO_POSTING = -1
const MAX_LOAD = 0.7
const GROWTH = 1.5
const MAX_RECORD_KEY = 0x7fff_ffff

function tableCapacityFor(keys: number): number {
  let capacity = 1024
  while (capacity * MAX_LOAD < keys) capacity *= 2
  return capacity
}

/**
 * Both halves of the 53-bit hash through MurmurHash3's finaliser, whose low bits (the ones the
 * mask keeps) depend on every input bit: no pattern in the hashes crowds one region of the table.
 */
function slotOf(keyHash: number): number {
  let h = (keyHash >>> 0) ^ Math.imul((keyHash / 0x1_0000_0000) >>> 0, 0x9e37_79b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85eb_ca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2_ae35)
  h ^= h >>> 16
  return h >>> 0
}

function grown(array: Int32Array, length: number): Int32Array {
  const larger = new Int32Array(length)
  larger.set(array)
  return larger
}
