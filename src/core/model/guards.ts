import { compareBirthDates } from '../compare/date-difference.js'
import { damerauLevenshtein, oneSlipApart } from '../compare/damerau-levenshtein.js'
import { isRecognisedTaxId } from '../normalise/recognised-tax-id.js'
import { canonicalGivenName, diminutiveCanStandFor, isAmbiguousDiminutive } from '../normalise/nicknames.js'
import { isKnownGivenName } from '../normalise/given-names.js'
import { jaroWinkler } from '../compare/jaro-winkler.js'
import { isGenderVariant } from '../compare/gender-variant.js'
import { firstToken } from '../normalise/text.js'
import { comparisonRole, type PairComparator } from './comparison.js'
import type { FeatureColumn, FeatureTable } from './feature-table.js'
import type { Model } from './model.js'

/**
 * Cannot-link rules. The Fellegi–Sunter weights add up evidence as if fields were independent,
 * but a household shares its address, landline, card and often an email: those agree together,
 * and enough of them outweigh a different given name or birth date. A guard is a veto the
 * additive score cannot buy off. Each guard over a field that can be garbled (names, dates)
 * steps aside on data whose trained model shows that field disagreeing in many true matches.
 */
export const CONFLICT_KINDS = [
  'none',
  'tax_id',
  'birth_date',
  'given_name',
  'surname',
  'identity',
  'ambiguous_contact',
  'names_only',
  'contacts_differ',
  'gender',
] as const
export type ConflictKind = (typeof CONFLICT_KINDS)[number]
/** Index into CONFLICT_KINDS; 0 = no conflict. Numeric so the pair loop stays allocation-free. */
export type ConflictCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/**
 * How clustering treats each conflict: guards (active only where the data shows the field to
 * be reliable) are hard vetoes; weak identity evidence and ambiguous contacts are soft.
 */
const GIVEN_NAME_CONFLICT = 3

/** Whether a conflict code is the given-name guard's, the one a compound name can bridge. */
export function isGivenNameConflict(code: ConflictCode): boolean {
  return code === GIVEN_NAME_CONFLICT
}

/** Whether a conflict code is one that proves two people (different tax ids or birth dates), not a possible typo. */
export function provesDifferentPeople(code: ConflictCode): boolean {
  return code === 1 || code === 2
}

export const CONFLICT_HARDNESS: Readonly<Record<ConflictCode, 0 | 1 | 2>> = { 0: 0, 1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1, 9: 2 }
const GENDER_CONFLICT = 9

export interface ActiveGuards {
  readonly taxId: boolean
  readonly birthDate: boolean
  readonly givenName: boolean
  readonly surname: boolean
  readonly ambiguousContact: boolean
  readonly namesOnly: boolean
  readonly contactsDiffer: boolean
  readonly gender: boolean
}

export interface ConflictDetector {
  readonly activeGuards: ActiveGuards
  conflict(i: number, j: number): ConflictCode
  /**
   * Whether record k explains away the given-name conflict between i and j:
   * - k's given names hold both of theirs. 'María del Pilar' goes by María on one record and
   *   Pilar on another; that conflict says nothing once a record of the same customer shows the
   *   whole name, and the pairwise model already links 'María' and 'Pilar' to 'María del Pilar'
   *   each;
   * - or each of i and j is k's name as typed, a slip of it, or a diminutive of it: 'Jo' and
   *   'Jaonna' conflict, and 'Joanna' is both ('Max' and 'Massumo', and 'Massimo'). A nickname
   *   and a typo at once are too far apart for the pair to see.
   */
  givenNamesBridged(i: number, j: number, k: number): boolean
}

/** At most this many distinct given names are compared per shared contact value. */
const MAX_NAMES_PER_CONTACT = 12

/**
 * Marks contact values (an email, a phone, a card) that records of clearly different people
 * carry: within the records holding the value, two given names conflict. Such a value
 * identifies a household, not a person.
 */
function sharedContactValues(table: FeatureTable, column: FeatureColumn, givenName: PairComparator, givenNameElse: number): Uint8Array {
  const shared = new Uint8Array(column.values.length)
  const start = new Int32Array(column.values.length + 1)
  for (let i = 0; i < table.size; i++) start[column.ids[i] + 1] += 1
  for (let v = 1; v <= column.values.length; v++) start[v] += start[v - 1]
  const cursor = start.slice(0, column.values.length)
  const members = new Int32Array(table.size)
  for (let i = 0; i < table.size; i++) members[cursor[column.ids[i]]++] = i
  const firstNames = table.columns.first_name.ids
  const representatives: number[] = []
  const seenNames = new Set<number>()
  for (let v = 1; v < column.values.length; v++) {
    if (start[v + 1] - start[v] < 2) continue
    representatives.length = 0
    seenNames.clear()
    for (let k = start[v]; k < start[v + 1] && representatives.length < MAX_NAMES_PER_CONTACT; k++) {
      const record = members[k]
      const name = firstNames[record]
      if (name === 0 || seenNames.has(name)) continue
      seenNames.add(name)
      representatives.push(record)
    }
    outer: for (let x = 0; x < representatives.length; x++) {
      for (let y = x + 1; y < representatives.length; y++) {
        if (givenName(representatives[x], representatives[y]) === givenNameElse) {
          shared[v] = 1
          break outer
        }
      }
    }
  }
  return shared
}

/** What the detector needs from the model alone: the same for every table it is built over. */
interface GuardPlan {
  readonly identity: readonly boolean[]
  readonly givenNameIndex: number
  readonly surnameIndex: number
  readonly givenNameElse: number
  readonly surnameConflictLevels: Uint8Array
  readonly activeGuards: ActiveGuards
  readonly emailIndex: number
  readonly phoneIndex: number
  readonly emailElse: number
  readonly phoneElse: number
  readonly corroborating: readonly (Uint8Array | null)[]
}

// Why cached: the real-time path builds two detectors per resolve over tables of a few dozen
// records, and planning from the model each time was a tenth of a resolve's scoring.
const guardPlans = new WeakMap<Model, GuardPlan>()

function guardPlan(model: Model): GuardPlan {
  const cached = guardPlans.get(model)
  if (cached !== undefined) return cached
  const settings = model.settings
  const identity = model.comparisons.map((c) => comparisonRole(c.definition) === 'identity')
  const indexOf = (type: string) => model.comparisons.findIndex((c) => c.definition.type === type)
  const elseShare = (type: string, extraLabels: readonly string[] = []): number => {
    const comparison = model.comparisons[indexOf(type)]
    if (comparison === undefined) return 1
    return comparison.levels.reduce(
      (sum, level, k) =>
        k === comparison.levels.length - 1 || extraLabels.includes(level.label) ? sum + level.mProbability : sum,
      0,
    )
  }
  const givenNameIndex = indexOf('given_name')
  const surnameIndex = indexOf('surname')
  const givenNameElse = givenNameIndex === -1 ? -1 : model.comparisons[givenNameIndex].levels.length - 1
  const surnameLevels = surnameIndex === -1 ? [] : model.comparisons[surnameIndex].levels
  const surnameConflictLevels = new Uint8Array(Math.max(1, surnameLevels.length))
  surnameLevels.forEach((level, k) => {
    if (k === surnameLevels.length - 1 || level.label === SURNAME_PARTIAL_LABEL) surnameConflictLevels[k] = 1
  })
  // A file whose identity fields are noisy overall (fake_1000: half its birth dates wrong) is
  // no place for vetoes on names or dates, however clean one field happens to look.
  // Dates less than a year apart disagree as much as any others for this count.
  const birthDateElse = elseShare('birth_date', [BIRTH_DATE_WITHIN_YEAR_LABEL])
  const identityNoise = (elseShare('given_name') + elseShare('surname', [SURNAME_PARTIAL_LABEL]) + birthDateElse) / 3
  const cleanFile = identityNoise <= settings.guardReliability.overall
  const activeGuards: ActiveGuards = {
    taxId: settings.guards.taxIdConflict,
    birthDate: cleanFile && settings.guards.birthDateConflict && birthDateElse <= settings.guardReliability.birthDate,
    givenName:
      cleanFile && settings.guards.givenNameConflict && givenNameIndex !== -1 && elseShare('given_name') <= settings.guardReliability.givenName,
    surname:
      cleanFile &&
      settings.guards.surnameConflict &&
      surnameIndex !== -1 &&
      elseShare('surname', [SURNAME_PARTIAL_LABEL]) <= settings.guardReliability.surname,
    ambiguousContact: settings.guards.ambiguousContact && givenNameIndex !== -1,
    namesOnly: settings.guards.namesOnly,
    contactsDiffer: settings.guards.contactsDiffer,
    gender: settings.guards.genderConflict,
  }
  const emailIndex = indexOf('email')
  const phoneIndex = indexOf('phone')
  const emailElse = emailIndex === -1 ? -1 : model.comparisons[emailIndex].levels.length - 1
  const phoneElse = phoneIndex === -1 ? -1 : model.comparisons[phoneIndex].levels.length - 1
  // Comparisons whose agreement corroborates a name: everything but the names and the coarse
  // location levels (same postcode, same city), which namesakes in one town share.
  const corroborating = model.comparisons.map((c) => {
    const type = c.definition.type
    if (type === 'given_name' || type === 'surname') return null
    return Uint8Array.from(c.levels.map((level, k) => {
      if (level.isNull || k === c.levels.length - 1) return 0
      if (type === 'location') return level.label === 'same street and number' ? 1 : 0
      return level.mProbability > level.uProbability ? 1 : 0
    }))
  })
  const plan: GuardPlan = {
    identity,
    givenNameIndex,
    surnameIndex,
    givenNameElse,
    surnameConflictLevels,
    activeGuards,
    emailIndex,
    phoneIndex,
    emailElse,
    phoneElse,
    corroborating,
  }
  guardPlans.set(model, plan)
  return plan
}

/** Builds the cannot-link detector of a model over one table. */
export function createConflictDetector(
  model: Model,
  table: FeatureTable,
  comparators: readonly PairComparator[],
  levelWeight: (comparison: number, level: number, i: number) => number,
): ConflictDetector {
  const settings = model.settings
  const {
    identity,
    givenNameIndex,
    surnameIndex,
    givenNameElse,
    surnameConflictLevels,
    activeGuards,
    emailIndex,
    phoneIndex,
    emailElse,
    phoneElse,
    corroborating,
  } = guardPlan(model)
  // The pair's level per comparison, computed at most once per conflict() call and only when a
  // check needs it (the tax-id and birth-date checks often decide first). -1: not yet computed.
  const levels = new Int16Array(comparators.length)
  let pairI = 0
  let pairJ = 0
  const levelOf = (c: number): number => {
    if (levels[c] === -1) levels[c] = comparators[c](pairI, pairJ)
    return levels[c]
  }
  const identityEvidence = (): number => {
    let total = 0
    for (let c = 0; c < comparators.length; c++) if (identity[c]) total += levelWeight(c, levelOf(c), pairI)
    return total
  }
  const taxIds = table.columns.tax_id
  const birthDates = table.columns.birth_date
  const genders = table.columns.gender
  // A gender the record states (a title, a codice fiscale: 'M', 'F') against one stated or
  // implied by a given name ('m', 'f'); two implied ones are two given names, the given-name
  // guard's business.
  const gendersConflict = (a: string, b: string): boolean =>
    (a === 'M' || a === 'F' || b === 'M' || b === 'F') && a.toLowerCase() !== b.toLowerCase()
  const firstNames = table.columns.first_name.ids
  const givenName = givenNameIndex === -1 ? undefined : comparators[givenNameIndex]
  const contactColumns = activeGuards.ambiguousContact && givenName !== undefined
    ? (['email', 'phone', 'loyalty_card'] as const).map((feature) => ({
        ids: table.columns[feature].ids,
        shared: sharedContactValues(table, table.columns[feature], givenName, givenNameElse),
      }))
    : []

  const canonicalFirst = table.columns.first_name_canonical
  const firstNameColumn = table.columns.first_name
  const lastNames = table.columns.last_name
  const firstTokenOf = (column: FeatureColumn, i: number): string => firstToken(column.values[column.ids[i]])
  // One record's given name is the other's surname: the names sit in swapped fields on one of
  // them ('Cavali | Frajcesco' and 'Franco | Cavali'), so comparing field by field sets a
  // surname against a given name, which is no evidence of two people. (The comparisons see a
  // swap only when both names agree crosswise; a slip or a nickname on top hides it.) Read the
  // right way round, the given names may still be two people's ('Torralba | Juan' and
  // 'Francisco | Torralba'): then the conflict stands.
  const namesInSwappedFields = (i: number, j: number): boolean => {
    const firstI = firstTokenOf(firstNameColumn, i)
    const firstJ = firstTokenOf(firstNameColumn, j)
    // The same word, or one slip apart as surnames may be ('Phillip | Poppy', 'P | Phillips').
    const same = (a: string, b: string) => a === b || oneSlipApart(a, b)
    if (firstI.length >= 3 && same(firstI, firstTokenOf(lastNames, j))) return !twoKnownGivenNames(firstTokenOf(lastNames, i), firstJ)
    if (firstJ.length >= 3 && same(firstJ, firstTokenOf(lastNames, i))) return !twoKnownGivenNames(firstTokenOf(lastNames, j), firstI)
    return false
  }
  const tokensOf = (i: number): readonly string[] => {
    const id = canonicalFirst.ids[i]
    return id === 0 ? [] : canonicalFirst.values[id].split(' ')
  }
  return {
    activeGuards,
    givenNamesBridged(i, j, k) {
      const bridge = tokensOf(k)
      const a = tokensOf(i)
      const b = tokensOf(j)
      if (a.length === 0 || b.length === 0 || bridge.length === 0) return false
      const heldByBridge = (tokens: readonly string[]) => tokens.every((t) => bridge.includes(t))
      if (bridge.length >= 2 && heldByBridge(a) && heldByBridge(b)) return true
      // A brother and a sister ('Adrián' / 'Adriana'): a slip that reads as either ('Adriná')
      // bridges nothing.
      if (isGenderVariant(firstTokenOf(firstNameColumn, i), firstTokenOf(firstNameColumn, j))) return false
      // k's own name must be a name, not an initial.
      const typedK = firstNames[k] === 0 ? '' : firstNameColumn.values[firstNames[k]]
      if (givenName === undefined || typedK.length < 3) return false
      const renders = (side: number, sideTokens: readonly string[]): boolean => {
        const level = givenName(side, k)
        if (level === 1) return true
        // A slip of k's name, not merely a name alike ('José' is 0.92 from 'Josefa'); in short
        // names a slip may score under the typo level ('Iens', 'Ined' for Inés).
        if (level === 3 || level === 5) {
          const typedSide = firstNameColumn.values[firstNames[side]]
          const slip = damerauLevenshtein(typedSide, typedK, 1) <= 1
          if (level === 3) return slip
          if (slip && typedSide.length >= 4) return true
        } else if (level !== 2) {
          return false
        }
        if (heldByBridge(sideTokens)) return true
        // A diminutive of several names, one of which is k's ('Max': Massimo, Maximiliano).
        const typed = firstTokenOf(firstNameColumn, side)
        return isAmbiguousDiminutive(typed) && diminutiveCanStandFor(typed, bridge.join(' '))
      }
      return renders(i, a) && renders(j, b)
    },
    conflict(i, j) {
      levels.fill(-1)
      pairI = i
      pairJ = j
      const ta = taxIds.ids[i]
      const tb = taxIds.ids[j]
      if (ta !== 0 && tb !== 0) {
        const taxA = taxIds.values[ta]
        const taxB = taxIds.values[tb]
        const sameTaxId = ta === tb || damerauLevenshtein(taxA, taxB, 1) <= 1
        if (sameTaxId) {
          // One person's id in common outweighs a garbled name or date.
          return identityEvidence() < settings.minIdentityEvidence ? 5 : 0
        }
        // Two different ids that both pass their own check are two people; ids we cannot
        // check (FEBRL's digits) may be typos and prove nothing.
        if (activeGuards.taxId && isRecognisedTaxId(taxA) && isRecognisedTaxId(taxB)) return 1
      }
      const da = birthDates.ids[i]
      const db = birthDates.ids[j]
      if (activeGuards.birthDate && da !== 0 && db !== 0 && da !== db) {
        const dateA = birthDates.values[da]
        const dateB = birthDates.values[db]
        // Only dates more than a year apart prove two people: a parent and the child named after
        // them are a generation apart, twins share a date, and siblings have names of their own
        // (the given-name guard). Two full dates within a year of each other that are not one
        // slip apart are mostly a clerk's error (historical_50k is full of them); the model's
        // birth-date weight still counts against the pair. A year alone, or a year and month,
        // is compared at the precision both have: '1965' against '1996-02-19' is a mother and
        // her daughter, not a slip (one wrong digit, '1965' / '1966', still is one).
        if (compareBirthDates(dateA, dateB) === 'different') return 2
      }
      const ga = genders.ids[i]
      const gb = genders.ids[j]
      if (activeGuards.gender && ga !== 0 && gb !== 0 && ga !== gb && gendersConflict(genders.values[ga], genders.values[gb])) {
        return GENDER_CONFLICT
      }
      // Names in swapped fields on one side are not compared field by field (see above); asked
      // only of the few pairs whose names disagree.
      if (activeGuards.givenName && levelOf(givenNameIndex) === givenNameElse && !namesInSwappedFields(i, j)) return GIVEN_NAME_CONFLICT
      if (activeGuards.surname && surnameConflictLevels[levelOf(surnameIndex)] === 1 && !namesInSwappedFields(i, j)) return 4
      if (identityEvidence() < settings.minIdentityEvidence) return 5
      // Same name, same home, but an email and a phone of their own each: a parent and the
      // child named after them, more often than one person who changed both at once.
      if (
        activeGuards.contactsDiffer &&
        emailIndex !== -1 &&
        phoneIndex !== -1 &&
        levelOf(emailIndex) === emailElse &&
        levelOf(phoneIndex) === phoneElse
      ) {
        return 8
      }
      if (activeGuards.namesOnly) {
        let corroborated = false
        for (let c = 0; c < comparators.length && !corroborated; c++) {
          const corroboratingLevels = corroborating[c]
          if (corroboratingLevels !== null && corroboratingLevels[levelOf(c)] === 1) corroborated = true
        }
        // A rare full name is evidence enough; a common one is shared by namesakes.
        if (!corroborated && identityEvidence() < settings.namesOnlyMinEvidence) return 7
      }
      if (activeGuards.ambiguousContact && (firstNames[i] === 0 || firstNames[j] === 0) && (da === 0 || db === 0) && (ta === 0 || tb === 0)) {
        // Nothing tells this person from their relatives: only a contact of their own links.
        for (const contact of contactColumns) {
          const value = contact.ids[i]
          if (value !== 0 && value === contact.ids[j] && contact.shared[value] === 0) return 0
        }
        const anySharedAgreement = contactColumns.some((c) => c.ids[i] !== 0 && c.ids[i] === c.ids[j])
        return anySharedAgreement ? 6 : 0
      }
      return 0
    },
  }
}

/**
 * Whether two folded given-name tokens are two different names beyond doubt: both known given
 * names (not initials, not typos), neither a form or diminutive of the other, and not alike.
 */
function twoKnownGivenNames(a: string, b: string): boolean {
  if (a.length < 2 || b.length < 2 || !isKnownGivenName(a) || !isKnownGivenName(b)) return false
  const canonicalA = canonicalGivenName(a)
  const canonicalB = canonicalGivenName(b)
  if (canonicalA === canonicalB) return false
  const tokensB = canonicalB.split(' ')
  if (canonicalA.split(' ').some((t) => tokensB.includes(t))) return false
  if (diminutiveCanStandFor(a, canonicalB) || diminutiveCanStandFor(b, canonicalA)) return false
  return jaroWinkler(a, b) < 0.8
}

/** Label of the birth-date level of dates less than a year apart (birth_date revision 2). */
export const BIRTH_DATE_WITHIN_YEAR_LABEL = 'less than a year apart'

/** Label of the surname level where two-surname names share only one surname. */
export const SURNAME_PARTIAL_LABEL = 'one surname of two shared'
