import { InputError } from '../errors.js'
import { FEATURE_NAMES, type FeatureName } from '../model/feature-table.js'

/**
 * A blocking rule: records are candidate pairs when they agree exactly on every feature listed
 * (and none of them is missing). A `loose` rule is kept only while the pairs it would add stay
 * within the pair budget: it helps small files and would flood a million-record one.
 */
export interface BlockingRule {
  readonly features: readonly FeatureName[]
  readonly loose: boolean
}

/** `blockOn('email')`, `blockOn('first_name_canonical', 'birth_date')`. */
export function blockOn(...features: FeatureName[]): BlockingRule {
  if (features.length === 0) {
    throw new InputError({
      code: 'ERR_BLOCKING_RULE_INVALID',
      message: 'a blocking rule needs at least one feature',
    })
  }
  for (const feature of features) {
    if (!(FEATURE_NAMES as readonly string[]).includes(feature)) {
      throw new InputError({
        code: 'ERR_BLOCKING_RULE_INVALID',
        message: `blocking rule feature "${feature}" is unknown; known features: ${FEATURE_NAMES.join(', ')}`,
      })
    }
  }
  return { features, loose: false }
}

/** The same rule, marked loose. */
export function loose(rule: BlockingRule): BlockingRule {
  return { ...rule, loose: true }
}

/** Readable name: 'first_name_canonical & birth_date'. */
export function blockingRuleName(rule: BlockingRule): string {
  return rule.features.join(' & ') + (rule.loose ? ' (loose)' : '')
}

/** Parses 'a & b (loose)' back into a rule (for configs and model JSON). */
export function parseBlockingRule(text: string): BlockingRule {
  const isLoose = /\(loose\)\s*$/.test(text)
  const body = text.replace(/\(loose\)\s*$/, '')
  const features = body
    .split(/[&+,]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0) as FeatureName[]
  const rule = blockOn(...features)
  return isLoose ? loose(rule) : rule
}

/**
 * Default rules for customer records, strongest first. The strict rules catch most true pairs
 * at low cost on any size; the loose ones rescue noisy records on small and medium files.
 */
export function defaultBlockingRules(): BlockingRule[] {
  return [
    blockOn('email'),
    blockOn('phone'),
    blockOn('tax_id'),
    blockOn('loyalty_card'),
    blockOn('name_key', 'birth_year'),
    blockOn('name_key', 'postcode'),
    blockOn('name_key', 'city'),
    blockOn('last_name_phonetic', 'birth_date'),
    blockOn('first_name_canonical', 'birth_date'),
    blockOn('last_name_first_token', 'street', 'house_number'),
    blockOn('email_local', 'last_name_phonetic'),
    loose(blockOn('name_key')),
    loose(blockOn('birth_date')),
    loose(blockOn('email_local')),
    loose(blockOn('last_name_phonetic', 'postcode')),
    loose(blockOn('first_name_canonical', 'postcode')),
    loose(blockOn('first_name_phonetic', 'city')),
    loose(blockOn('last_name_phonetic', 'city')),
    loose(blockOn('last_name_phonetic')),
    loose(blockOn('first_name_phonetic')),
    loose(blockOn('birth_year', 'city')),
  ]
}
