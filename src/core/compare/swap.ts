import { tokenSetJaroWinkler } from './token-set.js'

/**
 * Whether record B looks like record A with first and last name entered in each other's field:
 * A's first name matches B's last name, A's last name matches B's first name, and that crossed
 * reading agrees better than the straight one.
 *
 * Names are compared with {@link tokenSetJaroWinkler}, so a first name matching one token of a
 * two-surname Spanish last name counts as a match. threshold (default 0.9) applies to each
 * crossed comparison; false when any of the four names is ''.
 */
export const namesLookSwapped = (
  firstA: string,
  lastA: string,
  firstB: string,
  lastB: string,
  threshold = 0.9,
): boolean => {
  if (firstA === '' || lastA === '' || firstB === '' || lastB === '') return false
  // Most pairs fail the first crossed comparison, so the other three are rarely computed.
  const crossedFirst = tokenSetJaroWinkler(firstA, lastB)
  if (crossedFirst < threshold) return false
  const crossedLast = tokenSetJaroWinkler(lastA, firstB)
  if (crossedLast < threshold) return false
  const straight = tokenSetJaroWinkler(firstA, firstB) + tokenSetJaroWinkler(lastA, lastB)
  return crossedFirst + crossedLast > straight
}
