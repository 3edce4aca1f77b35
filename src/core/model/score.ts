import type { Comparison, PairComparator } from './comparison.js'
import type { FeatureName, FeatureTable } from './feature-table.js'
import { createConflictDetector, type ActiveGuards, type ConflictCode } from './guards.js'
import { presentCount } from './feature-table.js'
import { isFixedLine } from '../normalise/phone.js'
import { streetParts } from '../normalise/address.js'
import { jaroWinkler } from '../compare/jaro-winkler.js'
import {
  CONTACT_CARD_AGREE,
  CONTACT_CARD_BOTH,
  CONTACT_EMAIL_AGREE,
  CONTACT_EMAIL_BOTH,
  CONTACT_IDENTITY_AGREE,
  CONTACT_IDENTITY_CLOSE,
  CONTACT_PHONE_AGREE,
  CONTACT_PHONE_BOTH,
  CONTACT_POSTCODE_AGREE,
  CONTACT_POSTCODE_BOTH,
  CONTACT_STREET_AGREE,
  CONTACT_STREET_BOTH,
} from '../cluster/cluster.js'
import {
  levelMatchWeight,
  matchWeightToProbability,
  modelComparisons,
  priorMatchWeight,
  type Model,
} from './model.js'

export { CONFLICT_KINDS, type ConflictCode, type ConflictKind } from './guards.js'

/** Scores pairs of one feature table with one model. Built once; the pair methods do not allocate. */
export interface PairScorer {
  readonly comparisonCount: number
  /** Writes each comparison's level index for the pair into `out` (length comparisonCount). */
  levels(i: number, j: number, out: Uint8Array): void
  /** Match weight of the pair in bits, prior included. */
  matchWeight(i: number, j: number): number
  /**
   * The weight each comparison adds for these levels (record i's values for term frequencies),
   * written into `out`, with the names' summed evidence capped (ModelSettings.maxNameEvidence);
   * returns the total, prior included. Every total the scorer gives comes from here.
   */
  comparisonWeights(levels: ArrayLike<number>, i: number, out: Float64Array): number
  /** Weight of one comparison at one level for this pair (term-frequency adjusted where declared). */
  levelWeight(comparison: number, level: number, i: number): number
  /** Which cannot-link rule the pair breaks, if any (0 = none). */
  conflict(i: number, j: number): ConflictCode
  /**
   * Whether a record among `others` explains away a given-name conflict between i and j (its
   * compound given name holds both names; see ConflictDetector.givenNamesBridged). Callers ask
   * only about pairs whose conflict is a given-name one (isGivenNameConflict).
   */
  givenNamesBridged(i: number, j: number, others: readonly number[]): boolean
  /**
   * How the pair's contact points relate, as CONTACT_* bits (cluster.ts): both phones present,
   * agreeing (exact or a typo), the same for emails, loyalty cards and postcodes, and whether
   * an identifying field (tax id, full birth date) agrees exactly or only in part.
   */
  contactRelation(i: number, j: number): number
  /** Which guards this model and data make active (see ModelSettings.guardMaxMProbability). */
  readonly activeGuards: ActiveGuards
  readonly priorWeight: number
  /** Whether exact matches are adjusted for value frequencies (PairScorerOptions). */
  readonly termFrequencies: boolean
}

export interface PairScorerOptions {
  /**
   * Adjust exact-match weights for how common the value is in this table. Default true; turn it
   * off when the table is not a population (two records typed in by hand).
   */
  readonly termFrequencies?: boolean
  /**
   * Where value frequencies come from when the table is not the population: the share of
   * records holding `value` among those that have the feature (u for that value). The real-time
   * path scores one record against a handful of candidates and reads the frequencies from a
   * snapshot of the whole store. When this is given and returns undefined (no snapshot of the
   * feature), the level's plain weight applies: a handful of records is no population.
   */
  readonly valueFrequency?: (feature: FeatureName, value: string) => number | undefined
}

/** What a scorer needs from the model alone, whatever table it scores. */
interface ScorerPlan {
  readonly comparisons: readonly Comparison[]
  readonly weights: readonly Float64Array[]
  readonly priorWeight: number
  readonly nameComparisons: readonly number[]
}

// Why cached: the real-time path builds two scorers per resolve over a few dozen records, and
// rebuilding the comparisons and weights from the model each time cost more than the scoring.
const scorerPlans = new WeakMap<Model, ScorerPlan>()

function scorerPlan(model: Model): ScorerPlan {
  const cached = scorerPlans.get(model)
  if (cached !== undefined) return cached
  const plan: ScorerPlan = {
    comparisons: modelComparisons(model),
    weights: model.comparisons.map((c) => Float64Array.from(c.levels.map(levelMatchWeight))),
    priorWeight: priorMatchWeight(model),
    nameComparisons: model.comparisons.flatMap((c, k) =>
      c.definition.type === 'given_name' || c.definition.type === 'surname' ? [k] : [],
    ),
  }
  scorerPlans.set(model, plan)
  return plan
}

/** Builds a scorer: precomputes level weights and term-frequency weights per value. */
export function createPairScorer(model: Model, table: FeatureTable, options: PairScorerOptions = {}): PairScorer {
  const useTermFrequencies = options.termFrequencies ?? true
  const { comparisons, weights, priorWeight, nameComparisons } = scorerPlan(model)
  const comparators: PairComparator[] = comparisons.map((c) => c.bind(table))
  const count = comparators.length
  const valueFrequency = options.valueFrequency
  // tfWeights[c][level] = per-value weight array for levels with a tfFeature, else null.
  // u_tf(v) = frequency of v among records that have the feature (Splink's definition);
  // capped so that a value seen once in a million cannot outweigh everything else.
  // With frequencies from outside the table (the real-time path), a value's weight is worked
  // out the first time a pair needs it (NaN until then): most values of a few dozen candidates
  // never meet an exact match, and each look-up hashes the value.
  const tfWeights: (Float64Array | null)[][] = model.comparisons.map((c, ci) =>
    c.levels.map((level, li) => {
      if (!useTermFrequencies || level.tfFeature === undefined || level.isNull) return null
      const column = table.columns[level.tfFeature]
      const perValue = new Float64Array(column.values.length)
      if (valueFrequency !== undefined) {
        perValue.fill(Number.NaN)
        return perValue
      }
      const present = Math.max(1, presentCount(column))
      const base = weights[ci][li]
      const cap = base + model.settings.tfMaxBoostBits
      for (let v = 1; v < perValue.length; v++) {
        perValue[v] = Math.min(cap, Math.log2(level.mProbability / (column.counts[v] / present)))
      }
      return perValue
    }),
  )
  const tfColumns = model.comparisons.map((c) =>
    c.levels.map((level) => (level.tfFeature === undefined ? null : table.columns[level.tfFeature].ids)),
  )
  const settings = model.settings
  /** The weight of value `v` at a term-frequency level, looked up in the outside frequencies. */
  function frequencyWeight(comparison: number, level: number, v: number): number {
    const perValue = tfWeights[comparison][level]!
    // Value 0 is the missing value: no pair reaches a term-frequency level with it.
    if (v === 0) return (perValue[0] = 0)
    const trained = model.comparisons[comparison].levels[level]
    const feature = trained.tfFeature!
    const base = weights[comparison][level]
    const uTf = valueFrequency!(feature, table.columns[feature].values[v])
    const weight = uTf === undefined ? base : Math.min(base + settings.tfMaxBoostBits, Math.log2(trained.mProbability / uTf))
    perValue[v] = weight
    return weight
  }
  function levelWeight(comparison: number, level: number, i: number): number {
    const tf = tfWeights[comparison][level]
    if (tf !== null) {
      const v = tfColumns[comparison][level]![i]
      const weight = tf[v]
      return weight === weight ? weight : frequencyWeight(comparison, level, v)
    }
    return weights[comparison][level]
  }

  const detector = createConflictDetector(model, table, comparators, levelWeight)
  const maxNameEvidence = settings.maxNameEvidence
  function comparisonWeights(levels: ArrayLike<number>, i: number, out: Float64Array): number {
    for (let c = 0; c < count; c++) out[c] = levelWeight(c, levels[c], i)
    let positive = 0
    let negative = 0
    for (const c of nameComparisons) {
      if (out[c] > 0) positive += out[c]
      else negative += out[c]
    }
    if (positive + negative > maxNameEvidence) {
      // Scale the agreeing name comparisons down together, so the explanation still shows
      // which of them carried the evidence and the parts still add up to the total.
      const scale = (maxNameEvidence - negative) / positive
      for (const c of nameComparisons) if (out[c] > 0) out[c] *= scale
    }
    let total = priorWeight
    for (let c = 0; c < count; c++) total += out[c]
    return total
  }
  const levelBuffer = new Uint8Array(count)
  const weightBuffer = new Float64Array(count)
  const indexOfType = (type: string) => model.comparisons.findIndex((c) => c.definition.type === type)
  const contactComparisons = (['phone', 'email', 'loyalty_card'] as const).flatMap((type) => {
    const c = indexOfType(type)
    if (c === -1) return []
    const [both, agree] =
      type === 'phone'
        ? [CONTACT_PHONE_BOTH, CONTACT_PHONE_AGREE]
        : type === 'email'
          ? [CONTACT_EMAIL_BOTH, CONTACT_EMAIL_AGREE]
          : [CONTACT_CARD_BOTH, CONTACT_CARD_AGREE]
    return [{ comparator: comparators[c], levels: model.comparisons[c].levels, ids: table.columns[type].ids, both, agree, phone: type === 'phone' }]
  })
  // A landline is a home's, not a person's: a parent and the child named after them give the
  // same one at the till. In contact sets (contactRelation) a landline the two records share
  // is no agreement, so it cannot prove one person; two different numbers still count as two
  // phones, landline or not. (Ignoring landlines altogether let more households merge: a
  // parent's mobile against the home's line is a sign of two people.) By value id, worked out
  // on first use: 0 unknown, 1 personal, 2 fixed line.
  const phoneValues = table.columns.phone
  const phoneKinds = new Uint8Array(phoneValues.values.length)
  const isLandline = (valueId: number): boolean => {
    let kind = phoneKinds[valueId]
    if (kind === 0) {
      kind = isFixedLine(phoneValues.values[valueId]) ? 2 : 1
      phoneKinds[valueId] = kind
    }
    return kind === 2
  }
  const postcodes = table.columns.postcode
  const streets = table.columns.street
  const houseNumbers = table.columns.house_number
  // Whether two streets may be one, for contactRelation. Loose on purpose: the bit is read as
  // 'never agreed' to call two homes different, so a spelling the location comparison misses
  // must still agree ('Via Bixio n.4' / 'Via Nino Bixio 4', 'Real, 37' / 'Calle Real 37',
  // 'V. G. Mzarconi 22' / 'V. Guglielmo Marconi'): the same house number, or a word of the
  // street's name (4 letters or more, type words left out) spelt alike.
  const streetTokens: (string[] | undefined)[] = []
  const tokensOfStreet = (id: number): string[] =>
    (streetTokens[id] ??= streetParts(streets.values[id]).name.split(' ').filter((token) => token.length >= 4))
  const possiblySameStreet = (i: number, j: number): boolean => {
    const na = houseNumbers.ids[i]
    if (na !== 0 && na === houseNumbers.ids[j]) return true
    const sa = streets.ids[i]
    const sb = streets.ids[j]
    if (sa === sb) return true
    for (const a of tokensOfStreet(sa)) for (const b of tokensOfStreet(sb)) if (a === b || jaroWinkler(a, b) >= 0.9) return true
    return false
  }
  // Level 1 of these comparisons is their exact match (levels run null → exact → … → else);
  // the levels between exact and else agree in part (a partial date, a slip).
  const identityComparators = model.comparisons.flatMap((c, k) =>
    c.definition.type === 'tax_id' || c.definition.type === 'birth_date'
      ? [{ compare: comparators[k], elseLevel: c.levels.length - 1 }]
      : [],
  )

  return {
    comparisonCount: count,
    priorWeight,
    termFrequencies: useTermFrequencies,
    activeGuards: detector.activeGuards,
    levels(i, j, out) {
      for (let c = 0; c < count; c++) out[c] = comparators[c](i, j)
    },
    matchWeight(i, j) {
      for (let c = 0; c < count; c++) levelBuffer[c] = comparators[c](i, j)
      return comparisonWeights(levelBuffer, i, weightBuffer)
    },
    comparisonWeights,
    levelWeight,
    conflict: detector.conflict,
    contactRelation(i, j) {
      let bits = 0
      for (const contact of contactComparisons) {
        // Presence is read off the values, not the level: 'jose.garcia' at two providers scores
        // as missing (namesakes own such addresses), but the two addresses are still two.
        if (contact.ids[i] === 0 || contact.ids[j] === 0) continue
        const level = contact.comparator(i, j)
        const agree = !contact.levels[level].isNull && level !== contact.levels.length - 1
        if (agree && contact.phone && (isLandline(contact.ids[i]) || isLandline(contact.ids[j]))) continue
        bits |= contact.both
        if (agree) bits |= contact.agree
      }
      for (const { compare, elseLevel } of identityComparators) {
        const level = compare(i, j)
        if (level === 1) bits |= CONTACT_IDENTITY_AGREE
        else if (level > 1 && level < elseLevel) bits |= CONTACT_IDENTITY_CLOSE
      }
      const pa = postcodes.ids[i]
      const pb = postcodes.ids[j]
      if (pa !== 0 && pb !== 0) bits |= pa === pb ? CONTACT_POSTCODE_BOTH | CONTACT_POSTCODE_AGREE : CONTACT_POSTCODE_BOTH
      if (streets.ids[i] !== 0 && streets.ids[j] !== 0) {
        bits |= possiblySameStreet(i, j) ? CONTACT_STREET_BOTH | CONTACT_STREET_AGREE : CONTACT_STREET_BOTH
      }
      return bits
    },
    givenNamesBridged(i, j, others) {
      for (const k of others) if (k !== i && k !== j && detector.givenNamesBridged(i, j, k)) return true
      return false
    },
  }
}

/** Match probability of a pair. */
export function scorePairProbability(scorer: PairScorer, i: number, j: number): number {
  return matchWeightToProbability(scorer.matchWeight(i, j))
}
