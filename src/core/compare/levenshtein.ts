// Bit mask of the positions where each UTF-16 code unit occurs in the pattern; entries are set
// for the pattern's characters and cleared again before returning, so the table stays all-zero
// between calls and no call allocates.
const positionMasks = new Int32Array(0x10000)

// One DP row for patterns longer than a machine word, grown on demand.
let row = new Int32Array(64)

const ensureRow = (length: number): void => {
  if (row.length >= length) return
  let size = row.length
  while (size < length) size *= 2
  row = new Int32Array(size)
}

/**
 * Bit-parallel edit distance for a pattern of at most 32 code units (Myers 1999, in the
 * formulation of Hyyrö 2003, "A bit-vector algorithm for computing Levenshtein and Damerau edit
 * distances", Nordic J. Computing 10). Vertical deltas of the DP column for each text position
 * are kept as bit vectors; the score tracks the bottom cell D[m][j].
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
  let score = patternLength
  let exceeded = false
  for (let j = 0; j < textLength; j++) {
    const match = positionMasks[text.charCodeAt(textStart + j)]
    const diagonalZero = (((match & positive) + positive) ^ positive) | match | negative
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
  }
  for (let i = 0; i < patternLength; i++) positionMasks[pattern.charCodeAt(patternStart + i)] = 0
  return exceeded || score > limit ? limit + 1 : score
}

/**
 * Wagner-Fischer DP restricted to the diagonal band |i - j| <= limit (Ukkonen 1985): a cell
 * outside the band costs more than limit, so it is never computed. Out-of-band neighbours read
 * either limit + 1 or a stale value that is also > limit, which keeps every in-band cell exact
 * whenever its true value is <= limit.
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
  ensureRow(textLength + 1)
  const cells = row
  for (let j = 0; j <= textLength; j++) cells[j] = j
  for (let i = 1; i <= patternLength; i++) {
    const low = i - band > 1 ? i - band : 1
    const high = i + band < textLength ? i + band : textLength
    let diagonal: number
    let left: number
    if (low === 1) {
      diagonal = cells[0]
      cells[0] = i
      left = i
    } else {
      diagonal = cells[low - 1]
      left = outside
    }
    let rowMinimum = left
    const code = pattern.charCodeAt(patternStart + i - 1)
    for (let j = low; j <= high; j++) {
      const above = cells[j]
      let value = code === text.charCodeAt(textStart + j - 1) ? diagonal : diagonal + 1
      if (above + 1 < value) value = above + 1
      if (left + 1 < value) value = left + 1
      diagonal = above
      cells[j] = value
      left = value
      if (value < rowMinimum) rowMinimum = value
    }
    // Every alignment crosses this row, so the distance is at least its minimum.
    if (rowMinimum > limit) return limit + 1
  }
  const distance = cells[textLength]
  return distance > limit ? limit + 1 : distance
}

/**
 * Levenshtein distance (insertions, deletions and substitutions cost 1), by UTF-16 code unit.
 *
 * With maxDistance (a non-negative integer) the result is exact when it is <= maxDistance and
 * is maxDistance + 1 otherwise, returned as soon as that is known.
 */
export const levenshtein = (a: string, b: string, maxDistance = Infinity): number => {
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

  // A common prefix or suffix never changes the distance, and trimming it lets most name pairs
  // fit the 32-bit fast path.
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
