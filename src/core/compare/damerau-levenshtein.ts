// Bit mask of the positions where each UTF-16 code unit occurs in the pattern; entries are set
// for the pattern's characters and cleared again before returning, so the table stays all-zero
// between calls and no call allocates.
const positionMasks = new Int32Array(0x10000)

// Three DP rows (i - 2, i - 1, i) for patterns longer than a machine word, grown on demand and
// rotated by reference.
let rowA = new Int32Array(64)
let rowB = new Int32Array(64)
let rowC = new Int32Array(64)

const ensureRows = (length: number): void => {
  if (rowA.length >= length) return
  let size = rowA.length
  while (size < length) size *= 2
  rowA = new Int32Array(size)
  rowB = new Int32Array(size)
  rowC = new Int32Array(size)
}

/**
 * Bit-parallel optimal string alignment distance for a pattern of at most 32 code units
 * (Hyyrö 2003, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances",
 * Nordic J. Computing 10): the Levenshtein recurrence plus a transposition vector
 * TR = (((~D0) & Eq) << 1) & Eq_previous folded into the diagonal-zero vector D0.
 */
const bitParallel = (
  pattern: string,
  patternStart: number,
  patternLength: number,
  text: string,
  textStart: number,
  textLength: number,
  limit: number,
): number => {
  for (let i = 0; i < patternLength; i++) {
    positionMasks[pattern.charCodeAt(patternStart + i)] |= 1 << i
  }
  const last = 1 << (patternLength - 1)
  let positive = -1
  let negative = 0
  let diagonalZero = 0
  let previousMatch = 0
  let score = patternLength
  let exceeded = false
  for (let j = 0; j < textLength; j++) {
    const match = positionMasks[text.charCodeAt(textStart + j)]
    const transposition = ((~diagonalZero & match) << 1) & previousMatch
    diagonalZero = (((match & positive) + positive) ^ positive) | match | negative | transposition
    let horizontalPositive = negative | ~(diagonalZero | positive)
    let horizontalNegative = positive & diagonalZero
    if ((horizontalPositive & last) !== 0) score++
    else if ((horizontalNegative & last) !== 0) score--
    // Each remaining text character can lower D[m][j] by at most one.
    if (score - (textLength - j - 1) > limit) {
      exceeded = true
      break
    }
    horizontalPositive = (horizontalPositive << 1) | 1
    horizontalNegative <<= 1
    positive = horizontalNegative | ~(diagonalZero | horizontalPositive)
    negative = horizontalPositive & diagonalZero
    previousMatch = match
  }
  for (let i = 0; i < patternLength; i++) positionMasks[pattern.charCodeAt(patternStart + i)] = 0
  return exceeded || score > limit ? limit + 1 : score
}

/**
 * OSA DP restricted to the diagonal band |i - j| <= limit (Ukkonen 1985): cells outside the band
 * cost more than limit. Out-of-band neighbours read either limit + 1 or a stale value that is
 * also > limit, which keeps every in-band cell exact whenever its true value is <= limit.
 */
const banded = (
  pattern: string,
  patternStart: number,
  patternLength: number,
  text: string,
  textStart: number,
  textLength: number,
  limit: number,
): number => {
  const band = limit < textLength ? limit : textLength
  const outside = band + 1
  ensureRows(textLength + 1)
  let beforePrevious = rowA
  let previous = rowB
  let current = rowC
  for (let j = 0; j <= textLength; j++) {
    previous[j] = j
    beforePrevious[j] = outside + j
    current[j] = outside + j
  }
  let previousMinimum = 0
  for (let i = 1; i <= patternLength; i++) {
    const low = i - band > 1 ? i - band : 1
    const high = i + band < textLength ? i + band : textLength
    let left: number
    if (low === 1) {
      current[0] = i
      left = i
    } else {
      left = outside
    }
    let rowMinimum = left
    const code = pattern.charCodeAt(patternStart + i - 1)
    const codeBefore = i > 1 ? pattern.charCodeAt(patternStart + i - 2) : -1
    for (let j = low; j <= high; j++) {
      const textCode = text.charCodeAt(textStart + j - 1)
      const diagonal = previous[j - 1]
      let value = code === textCode ? diagonal : diagonal + 1
      const above = previous[j] + 1
      if (above < value) value = above
      if (left + 1 < value) value = left + 1
      if (
        j > 1 &&
        code === text.charCodeAt(textStart + j - 2) &&
        codeBefore === textCode &&
        code !== textCode
      ) {
        const swapped = beforePrevious[j - 2] + 1
        if (swapped < value) value = swapped
      }
      current[j] = value
      left = value
      if (value < rowMinimum) rowMinimum = value
    }
    // Row i + 1 can come from row i at no cost or from row i - 1 at cost one (a transposition),
    // so once both bounds pass the limit every later row does too.
    if (rowMinimum > limit && previousMinimum >= limit) return limit + 1
    previousMinimum = rowMinimum
    const recycled = beforePrevious
    beforePrevious = previous
    previous = current
    current = recycled
  }
  const distance = previous[textLength]
  return distance > limit ? limit + 1 : distance
}

/** Words shorter than this take no slip: 'diaz' / 'diez' are two families. */
export const MIN_SLIP_WORD_LENGTH = 5

/**
 * Whether two words of at least `minLength` characters are equal or one slip apart (a wrong,
 * missing, extra or swapped letter).
 */
export function oneSlipApart(a: string, b: string, minLength = MIN_SLIP_WORD_LENGTH): boolean {
  return a.length >= minLength && b.length >= minLength && damerauLevenshtein(a, b, 1) <= 1
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein restricted so that no substring is
 * edited twice): insertions, deletions, substitutions and adjacent transpositions cost 1, by
 * UTF-16 code unit.
 *
 * With maxDistance (a non-negative integer) the result is exact when it is <= maxDistance and
 * is maxDistance + 1 otherwise, returned as soon as that is known.
 */
export const damerauLevenshtein = (a: string, b: string, maxDistance = Infinity): number => {
  const limit = maxDistance < 0 ? 0 : maxDistance
  // The shorter string is the bit-vector pattern and the DP column.
  let pattern = a
  let text = b
  if (a.length > b.length) {
    pattern = b
    text = a
  }
  let patternEnd = pattern.length
  let textEnd = text.length
  if (textEnd - patternEnd > limit) return limit + 1

  // A transposition never straddles a common prefix or suffix (it would need the two swapped
  // characters to be equal), so trimming them leaves the distance unchanged.
  let start = 0
  while (start < patternEnd && pattern.charCodeAt(start) === text.charCodeAt(start)) start++
  while (
    start < patternEnd &&
    pattern.charCodeAt(patternEnd - 1) === text.charCodeAt(textEnd - 1)
  ) {
    patternEnd--
    textEnd--
  }
  const patternLength = patternEnd - start
  const textLength = textEnd - start
  if (patternLength === 0) return textLength > limit ? limit + 1 : textLength
  if (patternLength <= 32) {
    return bitParallel(pattern, start, patternLength, text, start, textLength, limit)
  }
  return banded(pattern, start, patternLength, text, start, textLength, limit)
}
