import { canonicalGivenName, diminutiveCanStandFor } from '../normalise/nicknames.js'
import { jaroWinkler } from './jaro-winkler.js'
import { tokenSetJaroWinkler } from './token-set.js'

/**
 * Whether two given names share a canonical token ('lele' and 'gabriele', 'mikey' and 'michael'),
 * or one is a diminutive that can stand for the other ('max' for Massimo as for Maximiliano).
 */
function sameGivenName(a: string, b: string): boolean {
  const tokensA = a.split(' ')
  const tokensB = b.split(' ')
  const canonicalA = tokensA.map(canonicalGivenName).join(' ')
  const canonicalB = tokensB.map(canonicalGivenName).join(' ')
  const canonicalTokensA = canonicalA.split(' ')
  if (canonicalB.split(' ').some((c) => canonicalTokensA.includes(c))) return true
  return tokensA.some((token) => diminutiveCanStandFor(token, canonicalB)) || tokensB.some((token) => diminutiveCanStandFor(token, canonicalA))
}

/**
 * Whether record B looks like record A with first and last name entered in each other's field:
 * A's first name matches B's last name, A's last name matches B's first name, and that crossed
 * reading agrees better than the straight one.
 *
 * Names are compared with {@link tokenSetJaroWinkler}, so a first name matching one token of a
 * two-surname Spanish last name counts as a match. threshold (default 0.9) applies to each
 * crossed comparison; false when any of the four names is ''. The given name that landed in
 * the surname field also matches a nickname of it ('Rosucci, Gabriele' and 'Lele Rosucci'):
 * one record typed the wrong way round is no reason to see two people.
 */
export const namesLookSwapped = (
  firstA: string,
  lastA: string,
  firstB: string,
  lastB: string,
  threshold = 0.9,
): boolean => {
  if (firstA === '' || lastA === '' || firstB === '' || lastB === '') return false
  // Most pairs fail both crossed comparisons, so the nickname lookups are rarely made. Either
  // crossed comparison may be the one between given names (whichever record is the swapped
  // one), so either may pass through a nickname; the other must then be the surname.
  let crossedFirst = tokenSetJaroWinkler(firstA, lastB)
  let crossedLast = tokenSetJaroWinkler(lastA, firstB)
  if (crossedFirst < threshold && crossedLast < threshold) return false
  if (crossedFirst < threshold) {
    if (!sameGivenName(firstA, lastB)) return false
    crossedFirst = 1
  } else if (crossedLast < threshold) {
    if (!sameGivenName(lastA, firstB)) return false
    crossedLast = 1
  }
  const straight = tokenSetJaroWinkler(firstA, firstB) + tokenSetJaroWinkler(lastA, lastB)
  return crossedFirst + crossedLast > straight
}

/**
 * Whether one record put a surname among the given names ('Lidia Toronillo' / 'Zamora' for Lidia
 * Toronillo Zamora, against 'Lidia' / 'Toronillo'): the other side's first surname is one of the
 * given-name tokens after the first. Web forms and tills split two Spanish surnames, or a
 * compound name, at different places; the given-name comparison still sees the first names.
 */
export function namesSplitDifferently(firstA: string, lastA: string, firstB: string, lastB: string, threshold = 0.92): boolean {
  return splitInto(firstA, lastB, threshold) || splitInto(firstB, lastA, threshold)
}

function splitInto(first: string, otherLast: string, threshold: number): boolean {
  if (first === '' || otherLast === '') return false
  const tail = first.split(' ').slice(1)
  if (tail.length === 0) return false
  const surname = otherLast.split(' ')[0]
  return tail.some((token) => token.length >= 3 && (token === surname || jaroWinkler(token, surname) >= threshold))
}
