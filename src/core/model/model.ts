import type { Comparison, ComparisonDefinition } from './comparison.js'
import { comparisonFromDefinition } from './comparison-library.js'
import type { FeatureName } from './feature-table.js'

/** A comparison level with its Fellegi–Sunter probabilities. */
export interface TrainedLevel {
  readonly label: string
  readonly isNull: boolean
  readonly tfFeature?: FeatureName
  /** P(level | the records are the same person). */
  readonly mProbability: number
  /** P(level | the records are different people). */
  readonly uProbability: number
}

export interface TrainedComparison {
  readonly definition: ComparisonDefinition
  readonly levels: readonly TrainedLevel[]
}

/** Cannot-link rules: a pair that breaks one is never linked, whatever its score. */
export interface GuardSettings {
  /** Both tax ids are recognised national ids (their check passes) and more than one edit apart. */
  readonly taxIdConflict: boolean
  /** Both birth dates complete and not explainable by one slip (swap, one digit, same month). */
  readonly birthDateConflict: boolean
  /** Both given names present and unrelated (not a nickname, typo, initial or swap): twins, siblings, spouses. */
  readonly givenNameConflict: boolean
  /** Both surnames present and unrelated, or two-surname names sharing only one: relatives, flatmates. */
  readonly surnameConflict: boolean
  /**
   * A record with no identity fields (no name, birth date or tax id) is not linked through an
   * email or phone that records of several different people carry (a family email).
   */
  readonly ambiguousContact: boolean
  /**
   * Names, even with the same town, never link two records alone: namesakes share them. A link
   * needs another agreeing field (birth date, email, phone, tax id, card, street address).
   */
  readonly namesOnly: boolean
  /** Both emails and both phones present and different: a soft conflict (see guards.ts). */
  readonly contactsDiffer: boolean
  /**
   * Two clusters (in real time: a record and a customer, or two customers) whose phones never
   * agree and whose emails never agree, pair after pair, are not merged (contactSetsDiffer).
   */
  readonly contactSetsDiffer: boolean
  /**
   * A gender a record states (a title: 'Mrs D Chadley'; an Italian tax code) against another
   * stated, or implied by the other's given name ('David Chadley'): a husband and wife, a mother
   * and son, whose initials agree.
   */
  readonly genderConflict: boolean
}

export interface ModelSettings {
  /** Pairs at or above this match probability are links. */
  readonly matchThreshold: number
  /**
   * Clusters merge only if the mean match weight over all their cross pairs (prior excluded)
   * reaches this many bits; this is what stops chains of weak links (see cluster.ts).
   */
  readonly clusterMinMeanWeight: number
  /** Two clusters stay apart when at least this share of their cross pairs conflict (0: any). */
  readonly clusterMaxConflictShare: number
  /** The same for hard conflicts (guards): 0 means any single one keeps two clusters apart. */
  readonly clusterMaxHardConflictShare: number
  /**
   * A record whose mean evidence for another person's cluster comes within this many bits of
   * its evidence for its own is left on its own: it fits two people (see cluster.ts,
   * findAmbiguousRecords). null: no such check.
   */
  readonly clusterAmbiguityMargin: number | null
  /** Term-frequency adjustments never add more than this many bits over the level's weight. */
  readonly tfMaxBoostBits: number
  /**
   * Identity evidence (the summed weights of the identity comparisons: names, birth date, tax
   * id, card) below this many bits means the records describe different people, whatever the
   * shared email, phone or address say: the pair is never linked, nor put in one cluster.
   */
  readonly minIdentityEvidence: number
  /**
   * A guard over a field that can be garbled vetoes only where this data shows the field's
   * disagreement to be rare between records of one person: the 'else' level's trained
   * mProbability must be at or below the bound. On corrupted files (FEBRL garbles 16% of given
   * names, fake_1000 half its birth dates) the guards step aside by themselves.
   */
  readonly guardReliability: {
    readonly givenName: number
    readonly surname: number
    readonly birthDate: number
    /** Mean 'else' share over given name, surname and birth date above which no such guard applies. */
    readonly overall: number
  }
  /** Names alone (see guards.namesOnly) link only when their evidence reaches this many bits. */
  readonly namesOnlyMinEvidence: number
  /**
   * The given name and the surnames together never add more than this many bits, however rare
   * the name. Name frequencies price a shared name as a coincidence among strangers, but the
   * strangers who share a full name are mostly not random: a son named after his father at the
   * same address, a namesake in the same town. Those are far commoner than the frequencies say,
   * so agreeing names need another agreeing field (a contact, an address, a birth date) before
   * they make a link, and a disagreeing email or phone now weighs against them as it should.
   */
  readonly maxNameEvidence: number
  readonly guards: GuardSettings
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  matchThreshold: 0.9,
  clusterMinMeanWeight: 6,
  clusterMaxConflictShare: 0.67,
  clusterMaxHardConflictShare: 0,
  clusterAmbiguityMargin: 3,
  namesOnlyMinEvidence: 20,
  maxNameEvidence: 13,
  tfMaxBoostBits: 3,
  minIdentityEvidence: 0,
  guardReliability: { givenName: 0.06, surname: 0.04, birthDate: 0.15, overall: 0.1 },
  guards: {
    taxIdConflict: true,
    birthDateConflict: true,
    givenNameConflict: true,
    surnameConflict: true,
    ambiguousContact: true,
    // Off by default: on generated data it costs 8 points of recall for 1 of precision.
    namesOnly: false,
    contactsDiffer: true,
    contactSetsDiffer: true,
    genderConflict: true,
  },
}

export const MODEL_VERSION = 1

/** A trained (or declared) Fellegi–Sunter model: an immutable value, saved as versioned JSON. */
export interface Model {
  readonly version: typeof MODEL_VERSION
  readonly comparisons: readonly TrainedComparison[]
  /** The prior: P(two records drawn at random are the same person). */
  readonly probabilityTwoRandomRecordsMatch: number
  readonly settings: ModelSettings
  readonly training?: TrainingSummary
}

export interface TrainingSummary {
  readonly records: number
  readonly seed: number
  readonly uSampledPairs: number
  readonly emRounds: readonly { blockingRule: string; pairs: number; iterations: number; lambda: number }[]
  readonly labelledPairs?: number
}

/** m starting points for training: agreement is likely for matches, disagreement unlikely. */
function defaultM(levelIndex: number, levelCount: number): number {
  if (levelIndex === 0) return 1
  const agreeing = levelCount - 2
  if (levelIndex === levelCount - 1) return 0.05
  // Geometric fall-off from the exact level.
  const shares = Array.from({ length: agreeing }, (_, k) => 0.5 ** k)
  const total = shares.reduce((a, b) => a + b, 0)
  return (0.95 * shares[levelIndex - 1]) / total
}

function defaultU(levelIndex: number, levelCount: number): number {
  if (levelIndex === 0) return 1
  if (levelIndex === levelCount - 1) return 0.9
  return 0.1 / (levelCount - 2)
}

/** A model with starting m/u values, before training. */
export function createUntrainedModel(
  comparisons: readonly Comparison[],
  settings: ModelSettings = DEFAULT_MODEL_SETTINGS,
  probabilityTwoRandomRecordsMatch = 1e-4,
): Model {
  return {
    version: MODEL_VERSION,
    comparisons: comparisons.map((comparison) => ({
      definition: comparison.definition,
      levels: comparison.levels.map((level, k) => ({
        label: level.label,
        isNull: level.isNull === true,
        ...(level.tfFeature === undefined ? {} : { tfFeature: level.tfFeature }),
        mProbability: defaultM(k, comparison.levels.length),
        uProbability: defaultU(k, comparison.levels.length),
      })),
    })),
    probabilityTwoRandomRecordsMatch,
    settings,
  }
}

/** The comparison objects a model declares. */
export function modelComparisons(model: Model): Comparison[] {
  return model.comparisons.map((c) => comparisonFromDefinition(c.definition))
}

/** matchWeight = log2(m / u)  (Fellegi & Sunter, 1969); 0 for the null level. */
export function levelMatchWeight(level: TrainedLevel): number {
  if (level.isNull) return 0
  return Math.log2(level.mProbability / level.uProbability)
}

/** Prior weight: log2(λ / (1 − λ)). */
export function priorMatchWeight(model: Model): number {
  const lambda = model.probabilityTwoRandomRecordsMatch
  return Math.log2(lambda / (1 - lambda))
}

/** matchProbability = 2^w / (1 + 2^w). */
export function matchWeightToProbability(matchWeight: number): number {
  if (matchWeight > 60) return 1
  if (matchWeight < -60) return 0
  const bayesFactor = 2 ** matchWeight
  return bayesFactor / (1 + bayesFactor)
}

/** Inverse of matchWeightToProbability. */
export function probabilityToMatchWeight(probability: number): number {
  return Math.log2(probability / (1 - probability))
}

/** A copy of the model with some fields replaced (models are values: never mutated). */
export function withModel(model: Model, changes: Partial<Omit<Model, 'version'>>): Model {
  return { ...model, ...changes }
}
