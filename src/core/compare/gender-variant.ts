/**
 * Whether two given names are the masculine and feminine forms of one name (Mario/Maria,
 * Giovanni/Giovanna, Daniel/Daniela, Francisco/Francisca, Michele/Michela, Luis/Luisa).
 * Jaro–Winkler rates them as one-letter typos, but in Spanish and Italian households they are
 * a brother and sister, or a husband and wife, far more often than a slip at the till.
 * Rule: one name ends in 'a'; without it, it equals the other name, or the other name minus
 * its final o / e / i.
 */
export const isGenderVariant = (a: string, b: string): boolean => {
  if (a === b || a.length < 3 || b.length < 3) return false
  const aFeminine = a.charCodeAt(a.length - 1) === 97
  const bFeminine = b.charCodeAt(b.length - 1) === 97
  if (aFeminine === bFeminine) return false
  const feminine = aFeminine ? a : b
  const other = aFeminine ? b : a
  const stemLength = feminine.length - 1
  if (other.length === stemLength) return other === feminine.slice(0, stemLength)
  if (other.length !== stemLength + 1) return false
  const last = other.charCodeAt(other.length - 1)
  // o, e, i
  if (last !== 111 && last !== 101 && last !== 105) return false
  return feminine.startsWith(other.slice(0, stemLength))
}
