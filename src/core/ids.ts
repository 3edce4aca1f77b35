import type { Random } from './random.js'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Id prefixes: every id we mint says what it names. */
export const ID_PREFIXES = {
  customer: 'cus',
  model: 'mdl',
  review: 'rev',
  apiKey: 'key',
  job: 'job',
  device: 'dev',
  verification: 'ver',
  registration: 'reg',
} as const

/**
 * Mints time-ordered ids in the ULID layout (48-bit millisecond time, 80 random bits, Crockford
 * base32), prefixed: 'cus_01J9Z8…'. Ids minted in the same millisecond increment the random
 * part, so ids sort in minting order. Clock and randomness are injected (core is pure).
 */
export function createIdFactory(clock: () => number, random: Random): (prefix: string) => string {
  let lastTime = -1
  const randomPart = new Array<number>(16).fill(0)
  return (prefix) => {
    const now = Math.max(0, Math.floor(clock()))
    if (now === lastTime) {
      // Increment the 80-bit random part as a base-32 number.
      for (let k = 15; k >= 0; k--) {
        randomPart[k] += 1
        if (randomPart[k] < 32) break
        randomPart[k] = 0
      }
    } else {
      lastTime = now
      for (let k = 0; k < 16; k++) randomPart[k] = Math.floor(random() * 32)
      // Leave headroom so increments within one millisecond never wrap.
      randomPart[0] = Math.min(randomPart[0], 15)
    }
    let time = now
    let timeText = ''
    for (let k = 0; k < 10; k++) {
      timeText = CROCKFORD[time % 32] + timeText
      time = Math.floor(time / 32)
    }
    return `${prefix}_${timeText}${randomPart.map((d) => CROCKFORD[d]).join('')}`
  }
}
