// Match flags for strings longer than 32 code units, reused across calls: the batch scores tens
// of millions of pairs, so a call must not allocate. Grown (never shrunk) on demand.
let matchedA = new Uint8Array(64)
let matchedB = new Uint8Array(64)

const ensureCapacity = (length: number): void => {
  if (matchedA.length >= length) return
  let size = matchedA.length
  while (size < length) size *= 2
  matchedA = new Uint8Array(size)
  matchedB = new Uint8Array(size)
}

// Jaro (1989): characters match when equal and no further apart than
// floor(max(|a|, |b|) / 2) - 1 positions, each character matching at most once. Transpositions
// count matched characters that are out of order when both matched sequences are read left to
// right, halved and floored as in Winkler's strcmp.c, jellyfish and DuckDB. Then
//   jaro = (m / |a| + m / |b| + (m - t) / m) / 3   (Jaro 1989; Winkler 1990)
// Identical inputs need no shortcut: they give m = |a| = |b| and t = 0, hence exactly 1.

/** Both lengths are at most 32: the match flags live in two int32 bit sets. */
const jaroShort = (
  a: string,
  aStart: number,
  lengthA: number,
  b: string,
  bStart: number,
  lengthB: number,
  window: number,
): number => {
  let flagsA = 0
  let flagsB = 0
  let matches = 0
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(aStart + i)
    const low = i > window ? i - window : 0
    const high = i + window + 1 < lengthB ? i + window + 1 : lengthB
    for (let j = low; j < high; j++) {
      if ((flagsB & (1 << j)) === 0 && b.charCodeAt(bStart + j) === code) {
        flagsA |= 1 << i
        flagsB |= 1 << j
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let halfTranspositions = 0
  while (flagsA !== 0) {
    const i = 31 - Math.clz32(flagsA & -flagsA)
    const j = 31 - Math.clz32(flagsB & -flagsB)
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + j)) halfTranspositions++
    flagsA &= flagsA - 1
    flagsB &= flagsB - 1
  }
  const transpositions = halfTranspositions >> 1
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3
}

/** Either length exceeds 32: the match flags live in the shared byte buffers. */
const jaroLong = (
  a: string,
  aStart: number,
  lengthA: number,
  b: string,
  bStart: number,
  lengthB: number,
  window: number,
): number => {
  ensureCapacity(lengthA > lengthB ? lengthA : lengthB)
  const flagsA = matchedA
  const flagsB = matchedB
  flagsA.fill(0, 0, lengthA)
  flagsB.fill(0, 0, lengthB)
  let matches = 0
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(aStart + i)
    const low = i > window ? i - window : 0
    const high = i + window + 1 < lengthB ? i + window + 1 : lengthB
    for (let j = low; j < high; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(bStart + j) === code) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let halfTranspositions = 0
  let k = 0
  for (let i = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + k)) halfTranspositions++
    k++
  }
  const transpositions = halfTranspositions >> 1
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3
}

/**
 * Jaro similarity of a[aStart, aEnd) and b[bStart, bEnd), compared by UTF-16 code unit.
 *
 * In [0, 1]; 0 when either range is empty.
 */
export const jaroRange = (
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
): number => {
  const lengthA = aEnd - aStart
  const lengthB = bEnd - bStart
  if (lengthA <= 0 || lengthB <= 0) return 0
  const longer = lengthA > lengthB ? lengthA : lengthB
  const window = longer < 4 ? 0 : (longer >> 1) - 1
  return longer <= 32
    ? jaroShort(a, aStart, lengthA, b, bStart, lengthB, window)
    : jaroLong(a, aStart, lengthA, b, bStart, lengthB, window)
}

/**
 * Jaro-Winkler similarity of a[aStart, aEnd) and b[bStart, bEnd), for comparing tokens inside
 * longer strings without slicing them.
 *
 * Same parameters and range as {@link jaroWinkler}.
 */
export const jaroWinklerRange = (
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
  prefixScale = 0.1,
  maxPrefix = 4,
  boostThreshold = 0.7,
): number => {
  const similarity = jaroRange(a, aStart, aEnd, b, bStart, bEnd)
  if (similarity <= boostThreshold || similarity === 1) return similarity

  let limit = aEnd - aStart
  if (bEnd - bStart < limit) limit = bEnd - bStart
  if (maxPrefix < limit) limit = maxPrefix
  let prefix = 0
  while (prefix < limit && a.charCodeAt(aStart + prefix) === b.charCodeAt(bStart + prefix)) {
    prefix++
  }
  // jw = jaro + l * p * (1 - jaro)   (Winkler 1990), l = common prefix length capped at maxPrefix
  return similarity + prefix * prefixScale * (1 - similarity)
}

/**
 * Jaro similarity (Jaro 1989) of two strings, compared by UTF-16 code unit.
 *
 * In [0, 1]: 1 for identical non-empty strings, 0 when either is empty (two missing values are
 * not evidence of agreement) or no character matches.
 */
export const jaro = (a: string, b: string): number => {
  if (a === b) return a.length === 0 ? 0 : 1
  return jaroRange(a, 0, a.length, b, 0, b.length)
}

/**
 * Jaro-Winkler similarity (Winkler 1990): Jaro boosted by the length of the common prefix.
 *
 * In [0, 1] as long as prefixScale * maxPrefix <= 1; 1 for identical non-empty strings, 0 when
 * either is empty. The boost is applied only when jaro > boostThreshold (default 0.7), as in
 * Winkler's reference strcmp.c, jellyfish and DuckDB's jaro_winkler_similarity (which Splink
 * uses); pass boostThreshold = 0 to boost every pair.
 */
export const jaroWinkler = (
  a: string,
  b: string,
  prefixScale = 0.1,
  maxPrefix = 4,
  boostThreshold = 0.7,
): number => {
  if (a === b) return a.length === 0 ? 0 : 1
  return jaroWinklerRange(a, 0, a.length, b, 0, b.length, prefixScale, maxPrefix, boostThreshold)
}
