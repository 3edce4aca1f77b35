import type { FeatureName, FeatureTable } from './feature-table.js'

/** One level of a comparison, as declared (before training gives it m and u). */
export interface ComparisonLevelDefinition {
  readonly label: string
  /** The null level (either side missing): it carries no evidence, its weight is 0. */
  readonly isNull?: boolean
  /**
   * Term-frequency adjustment: at this level the two records hold the same value of this
   * feature, and the level's u probability is replaced by that value's frequency, so a match
   * on 'García' counts for less than a match on 'Zubizarreta'.
   */
  readonly tfFeature?: FeatureName
}

/** The serialisable declaration of a comparison: enough to rebuild it from model JSON. */
export interface ComparisonDefinition {
  readonly type: ComparisonType
  /** Output name, unique in a model: shown in explanations and pairs files. */
  readonly name: string
  /** For the generic comparisons: the feature compared. */
  readonly feature?: FeatureName
  /** For threshold comparisons: similarity thresholds, descending. */
  readonly thresholds?: readonly number[]
  /** Overrides the role of the type (see comparisonRole). */
  readonly role?: ComparisonRole
  /**
   * Revision of the type's levels; absent means 1, the first. A revision that adds a level gets
   * a new number, so that a model saved before it still loads with the levels it was trained on.
   * birth_date 2 adds 'less than a year apart'.
   */
  readonly revision?: number
}

export const COMPARISON_TYPES = [
  'given_name',
  'surname',
  'birth_date',
  'email',
  'phone',
  'location',
  'tax_id',
  'loyalty_card',
  'exact',
  'jaro_winkler',
] as const
export type ComparisonType = (typeof COMPARISON_TYPES)[number]

/**
 * What a comparison is evidence of. Identity fields describe the person (names, birth date,
 * tax id, loyalty card); contact fields describe where and how to reach them (email, phone,
 * address), and a household shares those. Contact evidence corroborates a link but never
 * overrides identity evidence against it.
 */
export const COMPARISON_ROLES = ['identity', 'contact'] as const
export type ComparisonRole = (typeof COMPARISON_ROLES)[number]

const ROLE_BY_TYPE: Record<ComparisonType, ComparisonRole> = {
  given_name: 'identity',
  surname: 'identity',
  birth_date: 'identity',
  tax_id: 'identity',
  // Couples lend each other their card at the till: a card is shared like a phone.
  loyalty_card: 'contact',
  email: 'contact',
  phone: 'contact',
  location: 'contact',
  exact: 'contact',
  jaro_winkler: 'contact',
}

/** The role of a comparison: declared, or the default of its type. */
export function comparisonRole(definition: ComparisonDefinition): ComparisonRole {
  return definition.role ?? ROLE_BY_TYPE[definition.type]
}

/** Returns the level index (0 = null level) of the pair (i, j) of a bound table. */
export type PairComparator = (i: number, j: number) => number

/** A comparison: ordered levels null → exact → thresholds → else, and how to pick one. */
export interface Comparison {
  readonly definition: ComparisonDefinition
  readonly levels: readonly ComparisonLevelDefinition[]
  /** Features read: a training round blocked on one of them cannot estimate this comparison. */
  readonly features: readonly FeatureName[]
  /** Binds the comparison to a table once, so the pair loop does no look-ups. */
  bind(table: FeatureTable): PairComparator
}
