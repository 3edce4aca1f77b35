import { jaroWinklerRange } from './jaro-winkler.js'

// Token boundaries of the two inputs, reused across calls so that no call allocates; grown on
// demand. Tokens are found by scanning for spaces instead of split().
let startsA = new Int32Array(16)
let endsA = new Int32Array(16)
let startsB = new Int32Array(16)
let endsB = new Int32Array(16)
// Best score of each B token against any A token.
let bestB = new Float64Array(16)
// Token counts of the last tokenised pair.
let tokenCountA = 0
let tokenCountB = 0

const SPACE = 32

const grow = (): void => {
  const size = startsA.length * 2
  const nextStartsA = new Int32Array(size)
  const nextEndsA = new Int32Array(size)
  const nextStartsB = new Int32Array(size)
  const nextEndsB = new Int32Array(size)
  nextStartsA.set(startsA)
  nextEndsA.set(endsA)
  nextStartsB.set(startsB)
  nextEndsB.set(endsB)
  startsA = nextStartsA
  endsA = nextEndsA
  startsB = nextStartsB
  endsB = nextEndsB
  bestB = new Float64Array(size)
}

/** Records the token boundaries of s in the A (side 0) or B (side 1) buffers. */
const scan = (s: string, side: number): number => {
  let count = 0
  let i = 0
  const length = s.length
  while (i < length) {
    while (i < length && s.charCodeAt(i) === SPACE) i++
    if (i === length) break
    const start = i
    while (i < length && s.charCodeAt(i) !== SPACE) i++
    if (count === startsA.length) grow()
    if (side === 0) {
      startsA[count] = start
      endsA[count] = i
    } else {
      startsB[count] = start
      endsB[count] = i
    }
    count++
  }
  return count
}

/** Fills the token buffers for both inputs; returns false when either has no token. */
const tokenise = (a: string, b: string): boolean => {
  tokenCountA = scan(a, 0)
  if (tokenCountA === 0) return false
  tokenCountB = scan(b, 1)
  return tokenCountB !== 0
}

const sameToken = (
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
): boolean => {
  const length = aEnd - aStart
  if (length !== bEnd - bStart) return false
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false
  }
  return true
}

const isRepeat = (s: string, starts: Int32Array, ends: Int32Array, index: number): boolean => {
  for (let k = 0; k < index; k++) {
    if (sameToken(s, starts[k], ends[k], s, starts[index], ends[index])) return true
  }
  return false
}

// Distinct-token counts of the last tokenised pair, written by countShared.
let distinctA = 0
let distinctB = 0

/** Number of distinct tokens present in both inputs; also sets distinctA and distinctB. */
const countShared = (a: string, b: string): number => {
  distinctB = 0
  for (let j = 0; j < tokenCountB; j++) {
    if (!isRepeat(b, startsB, endsB, j)) distinctB++
  }
  distinctA = 0
  let shared = 0
  for (let i = 0; i < tokenCountA; i++) {
    if (isRepeat(a, startsA, endsA, i)) continue
    distinctA++
    for (let j = 0; j < tokenCountB; j++) {
      if (sameToken(a, startsA[i], endsA[i], b, startsB[j], endsB[j])) {
        shared++
        break
      }
    }
  }
  return shared
}

/**
 * Jaccard similarity of the two sets of space-separated tokens: |A ∩ B| / |A ∪ B|.
 *
 * In [0, 1]; 0 when either input has no token. Repeated tokens count once.
 */
export const tokenJaccard = (a: string, b: string): number => {
  if (!tokenise(a, b)) return 0
  const shared = countShared(a, b)
  return shared / (distinctA + distinctB - shared)
}

/**
 * Overlap coefficient of the two token sets: |A ∩ B| / min(|A|, |B|), so one surname shared with
 * a one-surname record scores 1 ('garcia lopez' vs 'garcia').
 *
 * In [0, 1]; 0 when either input has no token. Repeated tokens count once.
 */
export const tokenOverlap = (a: string, b: string): number => {
  if (!tokenise(a, b)) return 0
  const shared = countShared(a, b)
  return shared / (distinctA < distinctB ? distinctA : distinctB)
}

/**
 * Best-match average Jaro-Winkler over tokens (Monge-Elkan 1996 with Jaro-Winkler inside): each
 * token of the side with fewer tokens takes its best score against the other side's tokens, and
 * those bests are averaged, so token order, swapped tokens and dropped tokens cost nothing.
 *
 * In [0, 1]; 0 when either input has no token. With equal token counts both directions are
 * averaged, which keeps the score symmetric.
 */
export const tokenSetJaroWinkler = (a: string, b: string): number => {
  if (a === b) return scan(a, 0) === 0 ? 0 : 1
  if (!tokenise(a, b)) return 0
  const countA = tokenCountA
  const countB = tokenCountB
  for (let j = 0; j < countB; j++) bestB[j] = 0
  let sumA = 0
  for (let i = 0; i < countA; i++) {
    let bestA = 0
    for (let j = 0; j < countB; j++) {
      const score = jaroWinklerRange(a, startsA[i], endsA[i], b, startsB[j], endsB[j])
      if (score > bestA) bestA = score
      if (score > bestB[j]) bestB[j] = score
    }
    sumA += bestA
  }
  const averageA = sumA / countA
  if (countA < countB) return averageA
  let sumB = 0
  for (let j = 0; j < countB; j++) sumB += bestB[j]
  const averageB = sumB / countB
  return countB < countA ? averageB : (averageA + averageB) / 2
}

/**
 * The tokens of a sorted by code unit and joined by single spaces, as a per-record key for
 * order-insensitive equality ('lopez garcia' and 'garcia lopez' share one).
 *
 * Allocates: compute once per record, not per pair. Repeated tokens are kept.
 */
export const sortedTokens = (a: string): string => {
  const tokens = a.split(' ').filter((token) => token !== '')
  tokens.sort()
  return tokens.join(' ')
}
