import type { FeatureName } from '../model/feature-table.js'
import { blockingRuleName, type BlockingRule } from './blocking-rule.js'

/** Separates the rule from its values and the values from each other (never in a normalised value). */
const VALUE_SEPARATOR = '\u001f'

/**
 * The blocking keys of one record: one per rule whose features are all present. Two records are
 * candidates under a rule exactly when they share its key, so a store indexed on these keys
 * answers "which records would batch blocking have paired with this one" without a scan: the
 * real-time path of the same blocking rules.
 */
export function blockingKeysOf(
  features: Readonly<Record<FeatureName, string>>,
  rules: readonly BlockingRule[],
): string[] {
  const keys: string[] = []
  for (const rule of rules) {
    const values: string[] = []
    for (const feature of rule.features) {
      const value = features[feature]
      if (value === '') break
      values.push(value)
    }
    if (values.length === rule.features.length) keys.push(blockingKeyOf(rule, values))
  }
  return keys
}

/** The key of one rule for the given values (in the rule's feature order). */
export function blockingKeyOf(rule: BlockingRule, values: readonly string[]): string {
  return `${rule.features.join('&')}${VALUE_SEPARATOR}${values.join(VALUE_SEPARATOR)}`
}

/** The rule name a key belongs to ('email', 'name_key&postcode'), for reports. */
export function blockingKeyRule(key: string): string {
  const end = key.indexOf(VALUE_SEPARATOR)
  return end === -1 ? key : key.slice(0, end)
}

export { blockingRuleName }
