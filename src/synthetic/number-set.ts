/**
 * A set of positive numbers in one Float64Array (open addressing, linear probing). A million
 * emails, phones and tax ids in a Set<string> cost the garbage collector more time than the
 * whole generator; in a typed array they cost it nothing.
 */
export class NumberSet {
  #slots: Float64Array
  #size = 0

  constructor(initialCapacity = 1 << 16) {
    let capacity = 16
    while (capacity < initialCapacity) capacity <<= 1
    this.#slots = new Float64Array(capacity)
  }

  get size(): number {
    return this.#size
  }

  has(key: number): boolean {
    const slots = this.#slots
    const mask = slots.length - 1
    for (let i = mix(key) & mask; ; i = (i + 1) & mask) {
      const slot = slots[i]
      if (slot === key) return true
      if (slot === 0) return false
    }
  }

  /** Adds `key` (a positive number); returns false when it was already there. */
  add(key: number): boolean {
    if (!(key > 0)) throw new RangeError('NumberSet keys must be positive numbers')
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow()
    const slots = this.#slots
    const mask = slots.length - 1
    for (let i = mix(key) & mask; ; i = (i + 1) & mask) {
      const slot = slots[i]
      if (slot === key) return false
      if (slot === 0) {
        slots[i] = key
        this.#size++
        return true
      }
    }
  }

  #grow(): void {
    const old = this.#slots
    this.#slots = new Float64Array(old.length * 2)
    this.#size = 0
    for (const key of old) if (key !== 0) this.add(key)
  }
}

function mix(key: number): number {
  const low = key >>> 0
  const high = (key / 4294967296) >>> 0
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * A 53-bit hash of a string (two 32-bit FNV-1a variants), positive. With a million keys the
 * chance that two different strings share a hash is about 1 in 10^4; a clash only makes the
 * generator draw another value, deterministically.
 */
export function hashString(text: string): number {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ code, 0x01000193)
    h2 = Math.imul(h2 ^ code, 0x5bd1e995) ^ (h2 >>> 15)
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff) + 1
}
