import { jaroWinkler } from '../compare/jaro-winkler.js'
import { damerauLevenshtein, MIN_SLIP_WORD_LENGTH, oneSlipApart } from '../compare/damerau-levenshtein.js'
import { tokenOverlap, tokenSetJaroWinkler } from '../compare/token-set.js'
import { namesLookSwapped, namesSplitDifferently } from '../compare/swap.js'
import { compareBirthDates } from '../compare/date-difference.js'
import { isGenderVariant } from '../compare/gender-variant.js'
import { correctedGivenName, isKnownGivenName } from '../normalise/given-names.js'
import { canonicalGivenName, diminutiveCanStandFor, servesBothGenders } from '../normalise/nicknames.js'
import { streetParts, type StreetParts } from '../normalise/address.js'
import { firstToken } from '../normalise/text.js'
import { InputError } from '../errors.js'
import { BIRTH_DATE_WITHIN_YEAR_LABEL, SURNAME_PARTIAL_LABEL } from './guards.js'
import type { FeatureName, FeatureTable } from './feature-table.js'
import type {
  Comparison,
  ComparisonDefinition,
  ComparisonLevelDefinition,
  PairComparator,
} from './comparison.js'

const NULL_LEVEL: ComparisonLevelDefinition = { label: 'missing on either side', isNull: true }

/**
 * Given names: exact, then nickname / extra given name ('Pepe' ~ 'José', 'José Luis' ~ 'José'),
 * then typo-level similarity, then swapped with the surname, then weak similarity (phonetic,
 * initial), else. Exact matches are adjusted for the name's frequency.
 */
export function givenNameComparison(name = 'first_name'): Comparison {
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact', tfFeature: 'first_name' },
    { label: 'nickname or one given name of two' },
    { label: 'jaro_winkler >= 0.92 (per token for compound names)' },
    { label: 'swapped with surname' },
    { label: 'jaro_winkler >= 0.8, phonetic or initial' },
    { label: 'else (incl. the other gender form: mario / maria)' },
  ]
  return {
    definition: { type: 'given_name', name },
    levels,
    features: ['first_name', 'first_name_canonical', 'first_name_phonetic', 'last_name', 'name_key'],
    bind(table: FeatureTable): PairComparator {
      const first = table.columns.first_name
      const canonical = table.columns.first_name_canonical
      const phonetic = table.columns.first_name_phonetic
      const last = table.columns.last_name
      return (i, j) => {
        const a = first.ids[i]
        const b = first.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        const ca = canonical.ids[i]
        const cb = canonical.ids[j]
        if (ca === cb) return 2
        const sa = first.values[a]
        const sb = first.values[b]
        const canonicalA = canonical.values[ca]
        const canonicalB = canonical.values[cb]
        if (tokenOverlap(canonicalA, canonicalB) === 1) return 2
        const firstA = firstToken(sa)
        const firstB = firstToken(sb)
        // Two real names of either gender (Mario, Maria) are two people; a truncated one
        // ('Giuli' for Giulia) is a typo and falls through to the similarity levels.
        if (isGenderVariant(firstA, firstB)) {
          if (isKnownGivenName(firstA) && isKnownGivenName(firstB)) return 6
        } else if (isGenderVariant(firstToken(canonicalA), firstToken(canonicalB))) {
          // 'Toni' stands for Antonio and Antonia alike: a short form both genders use matches
          // either form. Any other pair is one name's male and female forms ('Frank' and
          // 'Frances', 'John' and 'Jane'): two people, as Mario and Maria are.
          const neutralA = servesBothGenders(firstA)
          if (neutralA !== servesBothGenders(firstB)) return 2
          if (!neutralA && isKnownGivenName(firstA) && isKnownGivenName(firstB)) return 6
        }
        // Compound names compare token by token: 'maria dolores' and 'maria josefa' share only
        // the common first token and are different names.
        const multiToken = sa.includes(' ') || sb.includes(' ')
        const similarity = multiToken ? tokenSetJaroWinkler(sa, sb) : jaroWinkler(sa, sb)
        if (similarity >= 0.92) return 3
        const la = last.ids[i]
        const lb = last.ids[j]
        if (la !== 0 && lb !== 0 && namesLookSwapped(sa, last.values[la], sb, last.values[lb])) {
          return 4
        }
        // One record lost its surname and the other has the names the wrong way round:
        // ('Moore', 'Oscar') and ('Oscar', –).
        if ((lb === 0 && la !== 0 && jaroWinkler(last.values[la], sb) >= 0.92) || (la === 0 && lb !== 0 && jaroWinkler(last.values[lb], sa) >= 0.92)) {
          return 4
        }
        // Weakly alike but two different real names (María, Marta): two people, twins or
        // sisters, more often than a slip that happened to spell another name. (Typo-level
        // likeness above stays a typo: tried as different names too, it lost recall for nothing.)
        if (similarity >= 0.8 || phonetic.ids[i] === phonetic.ids[j]) return twoKnownNames(sa, sb) ? 6 : 5
        // Names the wrong way round on one side and an initial on the other ('Thomas | Karen'
        // and 'K | Thomas'): as weak as an initial, not a different given name.
        if (la !== 0 && lb !== 0 && swappedAgainstInitial(sa, last.values[la], sb, last.values[lb])) return 5
        // An initial stands for the name or any form of it ('G' for Jill, who is Gillian).
        if (isInitialOf(sa, sb) || isInitialOf(sb, sa) || isInitialOf(sa, canonicalB) || isInitialOf(sb, canonicalA)) return 5
        if (isTruncation(sa, sb) || isTruncation(sb, sa)) return 5
        // A diminutive of several names ('Tina': Cristina, Antonietta, Concetta…).
        if (diminutiveCanStandFor(sa, canonicalB) || diminutiveCanStandFor(sb, canonicalA)) return 2
        // A mistyped name read as the name it was meant to be, then through the nickname table
        // ('Kstherine' is Katherine, and so Kat): a weak match, not a different name. (Weak, not
        // typo-level: a slip and a nickname at once are less sure than either alone.)
        if (correctedCanonicalMatches(firstA, canonicalB) || correctedCanonicalMatches(firstB, canonicalA)) return 5
        return 6
      }
    },
  }
}

/** Two single given names, both known and neither a shortening of the other (María, Marta). */
function twoKnownNames(a: string, b: string): boolean {
  return a.length > 1 && b.length > 1 && !a.includes(' ') && !b.includes(' ') && isKnownGivenName(a) && isKnownGivenName(b) && !isTruncation(a, b) && !isTruncation(b, a)
}

/** Whether `token`, corrected to the known given name one slip away, shares a canonical token with `canonical`. */
function correctedCanonicalMatches(token: string, canonical: string): boolean {
  const corrected = correctedGivenName(token)
  if (corrected === '') return false
  const tokens = canonical.split(' ')
  return canonicalGivenName(corrected).split(' ').some((t) => tokens.includes(t))
}

function tokenCount(value: string): number {
  let count = 1
  for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === 32) count++
  return count
}

/** True when `short` (3+ letters) starts or ends `name`: truncated diminutives (Cesca, Fede, Nando). */
function isTruncation(short: string, name: string): boolean {
  return short.length >= 3 && short.length < name.length && !short.includes(' ') && (name.startsWith(short) || name.endsWith(short))
}

/** True when `initial` is a single letter that starts `name`. */
function isInitialOf(initial: string, name: string): boolean {
  return initial.length === 1 && name.charCodeAt(0) === initial.charCodeAt(0)
}

/** One record's given name is the other's surname, and its surname starts with the other's initial. */
function swappedAgainstInitial(firstA: string, lastA: string, firstB: string, lastB: string): boolean {
  return (isInitialOf(firstB, lastA) && jaroWinkler(firstA, lastB) >= 0.92) || (isInitialOf(firstA, lastB) && jaroWinkler(firstB, lastA) >= 0.92)
}

/**
 * Surnames, built for two Spanish surnames: exact; one side's surnames contained in the
 * other's (a dropped second surname); typo-level similarity; same surnames reordered; one
 * surname of two shared (relatives share one: a weak level); weak similarity; else. Names
 * swapped with the given names count as missing here: the given-name comparison counts the swap.
 */
export function surnameComparison(name = 'last_name'): Comparison {
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact', tfFeature: 'last_name' },
    { label: 'surnames of one side contained in the other' },
    { label: 'jaro_winkler >= 0.92 or reordered' },
    { label: SURNAME_PARTIAL_LABEL },
    { label: 'jaro_winkler >= 0.8 or phonetic' },
    { label: 'else' },
  ]
  return {
    definition: { type: 'surname', name },
    levels,
    features: ['last_name', 'last_name_phonetic', 'last_name_first_token', 'first_name', 'name_key'],
    bind(table: FeatureTable): PairComparator {
      const last = table.columns.last_name
      const phonetic = table.columns.last_name_phonetic
      const first = table.columns.first_name
      return (i, j) => {
        const a = last.ids[i]
        const b = last.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        const sa = last.values[a]
        const sb = last.values[b]
        const overlap = tokenOverlap(sa, sb)
        if (overlap === 1) return 2
        const setSimilarity = tokenSetJaroWinkler(sa, sb)
        const similarity = jaroWinkler(sa, sb)
        if (similarity >= 0.92 || setSimilarity >= 0.96) return 3
        // A dropped second surname and a typo in the one kept ('Rkivas Salanillo' / 'Rivas'):
        // with unequal counts the set similarity scores the shorter side's tokens only.
        if (setSimilarity >= 0.9 && tokenCount(sa) !== tokenCount(sb)) return 3
        if (surnamesOneSlipApart(sa, sb)) return 3
        const fa = first.ids[i]
        const fb = first.ids[j]
        // Names typed in each other's field are counted once, by the given-name comparison.
        if (fa !== 0 && fb !== 0 && namesLookSwapped(first.values[fa], sa, first.values[fb], sb)) {
          return 0
        }
        if (overlap > 0) return 4
        if (phonetic.ids[i] === phonetic.ids[j] || similarity >= 0.8) return 5
        // 'Lidia Toronillo' / 'Zamora' and 'Lidia' / 'Toronillo': the same surnames, split at
        // another place; as sure as a typo-level match, not a different family.
        if (fa !== 0 && fb !== 0 && namesSplitDifferently(first.values[fa], sa, first.values[fb], sb)) return 3
        return 6
      }
    },
  }
}

/**
 * Every surname of the side with fewer is one slip (a wrong, missing, extra or swapped letter)
 * from a surname of the other: 'nqvarro' / 'navarro diez'. Jaro–Winkler scores a slip near the
 * start of a word low (0.86 for 'nqvarro' / 'navarro'), though a key next to the right one is the
 * commonest typo at a till.
 */
function surnamesOneSlipApart(a: string, b: string): boolean {
  // Most pairs reaching this are two single surnames: no split, no allocation.
  if (!a.includes(' ') && !b.includes(' ')) {
    return oneSlipApart(a, b)
  }
  const tokensA = a.split(' ')
  const tokensB = b.split(' ')
  const [fewer, more] = tokensA.length <= tokensB.length ? [tokensA, tokensB] : [tokensB, tokensA]
  let slipped = false
  for (const token of fewer) {
    if (more.includes(token)) continue
    if (token.length < MIN_SLIP_WORD_LENGTH) return false
    const near = more.some((other) => oneSlipApart(token, other))
    if (!near) return false
    slipped = true
  }
  return slipped
}

/** The revision of the birth-date levels that defaultComparisons uses (see ComparisonDefinition.revision). */
export const BIRTH_DATE_REVISION = 2

/**
 * Birth dates: exact, partial agreement, one slip (day/month swapped, one digit), same month,
 * (revision 2) less than a year apart, else. The year level is for dates entered from memory
 * or shifted by a clerk: Splink's fake_1000 moves them by weeks; a sibling is rarely born
 * within a year, and training decides what the level is worth on each file.
 */
export function birthDateComparison(name = 'birth_date', revision = BIRTH_DATE_REVISION): Comparison {
  const withinYear = revision >= 2
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact' },
    { label: 'partial date agrees' },
    { label: 'day and month swapped or one digit wrong' },
    { label: 'same year and month' },
    ...(withinYear ? [{ label: BIRTH_DATE_WITHIN_YEAR_LABEL }] : []),
    { label: 'else' },
  ]
  const elseLevel = levels.length - 1
  return {
    definition: withinYear ? { type: 'birth_date', name, revision } : { type: 'birth_date', name },
    levels,
    features: ['birth_date', 'birth_year'],
    bind(table: FeatureTable): PairComparator {
      const dates = table.columns.birth_date
      return (i, j) => {
        const a = dates.ids[i]
        const b = dates.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return dates.values[a].length === 10 ? 1 : 2
        switch (compareBirthDates(dates.values[a], dates.values[b])) {
          case 'exact':
            return 1
          case 'partial_exact':
            return 2
          case 'day_month_swapped':
          case 'one_digit_typo':
            return 3
          case 'same_year_month':
            return 4
          case 'within_one_year':
            return withinYear ? 5 : elseLevel
          default:
            return elseLevel
        }
      }
    },
  }
}

/**
 * Most edits two local parts may be apart for the look-alike email level: typing slips, not
 * another address. In the candidate pairs of two generated hard files, pairs the look-alike
 * level took whose local parts were three or more edits apart were another person 359 times
 * out of 379 (those one or two apart: 166 of 312).
 */
const MAX_LOOKALIKE_LOCAL_EDITS = 2

/**
 * Emails: exact (frequency-adjusted: family emails are shared); one typo that keeps the digits
 * (jose.garcia84 / jose.gracia84); the same distinctive local part at another provider
 * (frequency-adjusted); a similar address with the same digits whose local parts are at most two
 * slips apart; else. The same local part made of the name alone ('jose.garcia' at two
 * providers) counts as missing: namesakes own it too. Local parts alone are never compared fuzzily: they are built from names, so namesakes' local parts look alike and
 * such a level would count the name a second time; digits (jgarcia1 / jgarcia2) tell them apart.
 */
export function emailComparison(name = 'email'): Comparison {
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact', tfFeature: 'email' },
    { label: 'one typo, same digits' },
    { label: 'same distinctive local part, other domain', tfFeature: 'email_local' },
    { label: 'jaro_winkler >= 0.9 on the address, same digits' },
    { label: 'else' },
  ]
  return {
    definition: { type: 'email', name },
    levels,
    features: ['email', 'email_local', 'email_domain', 'last_name_first_token', 'first_name'],
    bind(table: FeatureTable): PairComparator {
      const email = table.columns.email
      const local = table.columns.email_local
      const surname = table.columns.last_name_first_token
      const firstName = table.columns.first_name
      // The surname a record holds, or, where the names were typed in each other's fields, the
      // surname in its first-name field: a first word no given-name dictionary knows.
      const surnameInFirstName: (string | undefined)[] = []
      const surnameTypedAsGiven = (i: number): string => {
        const id = firstName.ids[i]
        if (id === 0) return ''
        let word = surnameInFirstName[id]
        if (word === undefined) {
          const first = firstToken(firstName.values[id])
          word = surnameInFirstName[id] = first.length >= 4 && !isKnownGivenName(first) ? first : ''
        }
        return word
      }
      return (i, j) => {
        const a = email.ids[i]
        const b = email.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        const ea = email.values[a]
        const eb = email.values[b]
        const la = local.values[local.ids[i]]
        const lb = local.values[local.ids[j]]
        if (anotherMailbox(ea, eb, la, lb)) return 5
        if (letterAppendedToName(ea, eb, la, lb, surname.values[surname.ids[i]], surname.values[surname.ids[j]])) return 0
        if (damerauLevenshtein(ea, eb, 1) <= 1 && (sameDigits(ea, eb) || letterTypedAsDigit(ea, eb))) return 2
        if (la === lb || sameIgnoringSeparators(la, lb)) {
          // 'jose.garcia' at gmail and at hotmail: two José Garcías as often as one. The
          // emails say nothing the names do not already say, so they count as missing.
          // Either side's surname tells: a record with no name (an app sign-up with only an
          // email) holds the same name-made address as its namesake's.
          return isNameMade(la, surname.values[surname.ids[i]]) ||
            isNameMade(lb, surname.values[surname.ids[j]]) ||
            isNameMade(la, surnameTypedAsGiven(i)) ||
            isNameMade(lb, surnameTypedAsGiven(j))
            ? 0
            : 3
        }
        // A look-alike address is a slip or two in one address, never a second address built
        // from the same name: 'juan.garcia' and 'juan.garcia.lopez', 'marion.moore' and
        // 'moore.marion', 'bates.dafydd' and 'bates.david' are two mailboxes (a relative's, a
        // namesake's), and what they share is the name, which the name comparisons count.
        if (sameDigits(ea, eb) && damerauLevenshtein(la, lb, MAX_LOOKALIKE_LOCAL_EDITS) <= MAX_LOOKALIKE_LOCAL_EDITS && jaroWinkler(ea, eb) >= 0.9) {
          // At two providers, name-made local parts a slip apart ('maria.perez' at hotmail,
          // 'maria.peres' at gmail) are as likely two namesakes' as one person's: missing too.
          // (A domain one slip from the other, 'al.com' for 'aol.com', is one provider.) So are
          // name-made local parts two slips apart at one provider: 'maureen.white' and
          // 'lauren.white' are two women's addresses, and the names already count their likeness.
          if (isNameMade(la, surname.values[surname.ids[i]]) || isNameMade(lb, surname.values[surname.ids[j]])) {
            if (damerauLevenshtein(ea.slice(la.length), eb.slice(lb.length), 1) > 1) return 0
            if (damerauLevenshtein(la, lb, 1) > 1) return 0
          }
          return 4
        }
        return 5
      }
    },
  }
}

/**
 * Two addresses one slip apart that are two mailboxes, not a typo: at one provider, local parts
 * that differ only in their first letter ('jgarcia' and 'pgarcia': another given name's
 * initial) or only in separators ('maria_mendez' and 'maria.mendez'; gmail's dots are gone by
 * now). Families and namesakes build their addresses exactly so. In the candidate pairs of two
 * generated files such pairs were another person 220 times out of 225, where other one-slip
 * pairs were the same person 24 times out of 25.
 */
function anotherMailbox(ea: string, eb: string, la: string, lb: string): boolean {
  if (la === lb || la.length === 0 || lb.length === 0) return false
  // Compared in place: this runs for every non-exact email pair the batch scores.
  const domainLength = ea.length - la.length
  if (domainLength !== eb.length - lb.length || !sameRun(ea, la.length, eb, lb.length, domainLength)) return false
  if (la.length === lb.length && la.charCodeAt(0) !== lb.charCodeAt(0) && sameRun(la, 1, lb, 1, la.length - 1)) return true
  return sameIgnoringSeparators(la, lb)
}

/**
 * At one provider, a name-made local part and the same with one letter added at its end
 * ('mcastro' / 'mcastroz', 'jluque' / 'jluquef'): the initial of a second surname or a middle
 * name, which is how relatives and namesakes with the same first initial and surname make their
 * addresses. One slip apart, yet in the record pairs of eight generated files such pairs were
 * another person 293 times out of 333, so the emails count as missing, not as a typo.
 */
function letterAppendedToName(ea: string, eb: string, la: string, lb: string, surnameA: string, surnameB: string): boolean {
  if (Math.abs(la.length - lb.length) !== 1) return false
  const [short, long, shortEmail, longEmail] = la.length < lb.length ? [la, lb, ea, eb] : [lb, la, eb, ea]
  const last = long.charCodeAt(long.length - 1)
  if (last < 97 || last > 122 || !long.startsWith(short)) return false
  // The same provider, compared in place as in anotherMailbox.
  const domainLength = shortEmail.length - short.length
  if (domainLength !== longEmail.length - long.length || !sameRun(shortEmail, short.length, longEmail, long.length, domainLength)) return false
  return isNameMade(short, surnameA) || isNameMade(short, surnameB)
}

/** Whether a[aFrom, aFrom + length) equals b[bFrom, bFrom + length), without slicing. */
function sameRun(a: string, aFrom: number, b: string, bFrom: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(aFrom + k) !== b.charCodeAt(bFrom + k)) return false
  return true
}

/** A local part with no digits that contains the surname: any namesake could own it. */
function isNameMade(localPart: string, surname: string): boolean {
  if (surname.length < 3) return false
  for (let k = 0; k < localPart.length; k++) {
    const code = localPart.charCodeAt(k)
    if (code >= 48 && code <= 57) return false
  }
  return localPart.includes(surname)
}

/** True when the strings are equal once '.', '_' and '-' are ignored (gmail drops dots). */
function sameIgnoringSeparators(a: string, b: string): boolean {
  let x = 0
  let y = 0
  for (;;) {
    while (x < a.length && isSeparator(a.charCodeAt(x))) x++
    while (y < b.length && isSeparator(b.charCodeAt(y))) y++
    if (x === a.length || y === b.length) return x === a.length && y === b.length
    if (a.charCodeAt(x) !== b.charCodeAt(y)) return false
    x++
    y++
  }
}

function isSeparator(code: number): boolean {
  return code === 46 || code === 95 || code === 45
}

/**
 * Two addresses of one length that differ in one place, where one has a letter and the other a
 * digit between two letters: 'f4ancisco' / 'francisco', a key of the number row hit for the one
 * below it. Not a second mailbox, which differs in a number ('john1' / 'john2') or adds one.
 */
function letterTypedAsDigit(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let at = -1
  for (let k = 0; k < a.length; k++) {
    if (a.charCodeAt(k) === b.charCodeAt(k)) continue
    if (at !== -1) return false
    at = k
  }
  if (at <= 0 || at >= a.length - 1) return false
  const isDigit = (c: number) => c >= 48 && c <= 57
  const isLetter = (c: number) => c >= 97 && c <= 122
  const [digitSide, letterSide] = isDigit(a.charCodeAt(at)) ? [a, b] : [b, a]
  return (
    isDigit(digitSide.charCodeAt(at)) &&
    isLetter(letterSide.charCodeAt(at)) &&
    isLetter(digitSide.charCodeAt(at - 1)) &&
    isLetter(digitSide.charCodeAt(at + 1))
  )
}

/** True when both strings hold the same sequence of digits (jgarcia1 and jgarcia2 do not). */
function sameDigits(a: string, b: string): boolean {
  let x = 0
  let y = 0
  for (;;) {
    while (x < a.length && (a.charCodeAt(x) < 48 || a.charCodeAt(x) > 57)) x++
    while (y < b.length && (b.charCodeAt(y) < 48 || b.charCodeAt(y) > 57)) y++
    if (x === a.length || y === b.length) return x === a.length && y === b.length
    if (a.charCodeAt(x) !== b.charCodeAt(y)) return false
    x++
    y++
  }
}

/** Phones (E.164): exact (frequency-adjusted: a household landline is shared), one digit wrong, else. */
export function phoneComparison(name = 'phone'): Comparison {
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact', tfFeature: 'phone' },
    { label: 'one digit wrong or two swapped' },
    { label: 'else' },
  ]
  return {
    definition: { type: 'phone', name },
    levels,
    features: ['phone'],
    bind(table: FeatureTable): PairComparator {
      const phone = table.columns.phone
      return (i, j) => {
        const a = phone.ids[i]
        const b = phone.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        return damerauLevenshtein(phone.values[a], phone.values[b], 1) <= 1 ? 2 : 3
      }
    },
  }
}

/**
 * Two spellings of one street: the names (without the type word) within Jaro–Winkler 0.92,
 * under the same type word where both have one. The type word is left out because a shared
 * 'calle ' or 'via giuseppe ' prefix lifts Jaro–Winkler past 0.92 for two different streets
 * ('calle paz' / 'calle playa'); 'calle mayor' and 'plaza mayor' are two places.
 */
function streetsAlike(a: string, b: string, pa: StreetParts, pb: StreetParts): boolean {
  if (pa.type !== '' && pb.type !== '') {
    return pa.type === pb.type && (pa.name === pb.name || jaroWinkler(pa.name, pb.name) >= 0.92)
  }
  return jaroWinkler(a, b) >= 0.92
}

/**
 * Where the person lives, as one comparison. Why one: street, postcode and city agree or
 * disagree together (one household, one move), and counting them as three independent pieces
 * of evidence would triple the weight of a shared address or a move. Compares the most
 * specific part both records have.
 */

export function locationComparison(name = 'location'): Comparison {
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'same street and number' },
    { label: 'same street' },
    { label: 'same postcode', tfFeature: 'postcode' },
    { label: 'same city', tfFeature: 'city' },
    { label: 'else' },
  ]
  return {
    definition: { type: 'location', name },
    levels,
    features: ['street', 'house_number', 'postcode', 'city'],
    bind(table: FeatureTable): PairComparator {
      const street = table.columns.street
      const number = table.columns.house_number
      const postcode = table.columns.postcode
      const city = table.columns.city
      // Split once per distinct street, not once per compared pair (filled as streets come up:
      // a table may still be growing).
      const parts: StreetParts[] = []
      const partsOf = (id: number): StreetParts => (parts[id] ??= streetParts(street.values[id]))
      return (i, j) => {
        const pa = postcode.ids[i]
        const pb = postcode.ids[j]
        const ca = city.ids[i]
        const cb = city.ids[j]
        const bothPostcodes = pa !== 0 && pb !== 0
        const bothCities = ca !== 0 && cb !== 0
        const samePostcode = bothPostcodes && pa === pb
        const sameCity = bothCities && (ca === cb || jaroWinkler(city.values[ca], city.values[cb]) >= 0.92)
        const sa = street.ids[i]
        const sb = street.ids[j]
        const bothStreets = sa !== 0 && sb !== 0
        if (bothStreets) {
          // The same street name exists in many towns: it only counts where the area agrees.
          const areaAgrees = samePostcode || sameCity || (!bothPostcodes && !bothCities)
          if (areaAgrees && (sa === sb || streetsAlike(street.values[sa], street.values[sb], partsOf(sa), partsOf(sb)))) {
            const na = number.ids[i]
            const nb = number.ids[j]
            return na !== 0 && na === nb ? 1 : 2
          }
        }
        if (samePostcode) return 3
        if (sameCity) return 4
        if (!bothStreets && !bothPostcodes && !bothCities) return 0
        return 5
      }
    },
  }
}

/** Tax ids: exact, one typo, else. A conflicting tax id is also a cannot-link (see guards). */
export function taxIdComparison(name = 'tax_id'): Comparison {
  return {
    definition: { type: 'tax_id', name },
    levels: [NULL_LEVEL, { label: 'exact' }, { label: 'one edit' }, { label: 'else' }],
    features: ['tax_id'],
    bind(table: FeatureTable): PairComparator {
      const taxId = table.columns.tax_id
      return (i, j) => {
        const a = taxId.ids[i]
        const b = taxId.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        return damerauLevenshtein(taxId.values[a], taxId.values[b], 1) <= 1 ? 2 : 3
      }
    },
  }
}

/** Loyalty cards: exact or else. */
export function loyaltyCardComparison(name = 'loyalty_card'): Comparison {
  return exactMatchComparison('loyalty_card', name, 'loyalty_card')
}

/** Generic exact match on one feature. */
export function exactMatchComparison(
  feature: FeatureName,
  name: string = feature,
  type: 'exact' | 'loyalty_card' = 'exact',
): Comparison {
  return {
    definition: { type, name, feature },
    levels: [NULL_LEVEL, { label: 'exact', tfFeature: feature }, { label: 'else' }],
    features: [feature],
    bind(table: FeatureTable): PairComparator {
      const column = table.columns[feature]
      return (i, j) => {
        const a = column.ids[i]
        const b = column.ids[j]
        if (a === 0 || b === 0) return 0
        return a === b ? 1 : 2
      }
    },
  }
}

/** Generic Jaro–Winkler comparison at descending thresholds. */
export function jaroWinklerAtThresholds(
  feature: FeatureName,
  thresholds: readonly number[],
  name: string = feature,
): Comparison {
  for (let k = 0; k < thresholds.length; k++) {
    const threshold = thresholds[k]
    if (!(threshold > 0 && threshold < 1) || (k > 0 && threshold >= thresholds[k - 1])) {
      throw new InputError({
        code: 'ERR_THRESHOLDS_NOT_DESCENDING',
        message: `comparison "${name}": thresholds must be descending numbers between 0 and 1`,
      })
    }
  }
  const levels: ComparisonLevelDefinition[] = [
    NULL_LEVEL,
    { label: 'exact', tfFeature: feature },
    ...thresholds.map((t) => ({ label: `jaro_winkler >= ${t}` })),
    { label: 'else' },
  ]
  return {
    definition: { type: 'jaro_winkler', name, feature, thresholds: [...thresholds] },
    levels,
    features: [feature],
    bind(table: FeatureTable): PairComparator {
      const column = table.columns[feature]
      const elseLevel = levels.length - 1
      return (i, j) => {
        const a = column.ids[i]
        const b = column.ids[j]
        if (a === 0 || b === 0) return 0
        if (a === b) return 1
        const similarity = jaroWinkler(column.values[a], column.values[b])
        for (let k = 0; k < thresholds.length; k++) if (similarity >= thresholds[k]) return 2 + k
        return elseLevel
      }
    },
  }
}

/** Rebuilds a comparison from its serialised declaration (model JSON). */
export function comparisonFromDefinition(definition: ComparisonDefinition): Comparison {
  switch (definition.type) {
    case 'given_name':
      return givenNameComparison(definition.name)
    case 'surname':
      return surnameComparison(definition.name)
    case 'birth_date':
      return birthDateComparison(definition.name, definition.revision ?? 1)
    case 'email':
      return emailComparison(definition.name)
    case 'phone':
      return phoneComparison(definition.name)
    case 'location':
      return locationComparison(definition.name)
    case 'tax_id':
      return taxIdComparison(definition.name)
    case 'loyalty_card':
      return loyaltyCardComparison(definition.name)
    case 'exact':
      return exactMatchComparison(requireFeature(definition), definition.name)
    case 'jaro_winkler':
      return jaroWinklerAtThresholds(
        requireFeature(definition),
        definition.thresholds ?? [0.92, 0.8],
        definition.name,
      )
  }
}

function requireFeature(definition: ComparisonDefinition): FeatureName {
  if (definition.feature === undefined) {
    throw new InputError({
      code: 'ERR_MODEL_INVALID',
      message: `comparison "${definition.name}" of type ${definition.type} needs a "feature"`,
    })
  }
  return definition.feature
}

/** The default comparisons for customer records. */
export function defaultComparisons(): Comparison[] {
  return [
    givenNameComparison(),
    surnameComparison(),
    birthDateComparison(),
    emailComparison(),
    phoneComparison(),
    locationComparison(),
    taxIdComparison(),
    loyaltyCardComparison(),
  ]
}
