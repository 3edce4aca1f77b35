import {
  blockOn,
  blockingKeyOf,
  blockingKeysOf,
  counterSearchKeys,
  defaultBlockingRules,
  type BlockingRule,
  type FeatureName,
  type NormalisedRecord,
} from '../../core/index.js'
import { CAPPED_IDENTIFIERS, type CappedIdentifier } from './service-settings.js'

/** Every record is also keyed on each capped identifier alone, for caps and admin search. */
export const IDENTIFIER_RULES: Readonly<Record<CappedIdentifier, BlockingRule>> = {
  email: blockOn('email'),
  phone: blockOn('phone'),
  loyalty_card: blockOn('loyalty_card'),
  tax_id: blockOn('tax_id'),
}

/** Feature a capped identifier is read from. */
export const IDENTIFIER_FEATURE: Readonly<Record<CappedIdentifier, FeatureName>> = {
  email: 'email',
  phone: 'phone',
  loyalty_card: 'loyalty_card',
  tax_id: 'tax_id',
}

/** The key under which records holding one identifier value are found. */
export function identifierKey(identifier: CappedIdentifier, value: string): string {
  return blockingKeyOf(IDENTIFIER_RULES[identifier], [value])
}

/**
 * The stored blocking keys of a record (those of the blocking rules, in rule order, plus one per
 * identifier), and which of them only loose rules give (a name alone, a birth date alone).
 */
export function recordBlockingKeys(
  features: Readonly<Record<FeatureName, string>>,
  rules: readonly BlockingRule[] = defaultBlockingRules(),
): { readonly keys: string[]; readonly looseKeys: string[] } {
  const keys = new Set<string>()
  const looseKeys = new Set<string>()
  for (const rule of rules) {
    for (const key of blockingKeysOf(features, [rule])) {
      if (!rule.loose) looseKeys.delete(key)
      else if (!keys.has(key)) looseKeys.add(key)
      keys.add(key)
    }
  }
  for (const identifier of CAPPED_IDENTIFIERS) {
    const value = features[IDENTIFIER_FEATURE[identifier]]
    if (value === '') continue
    const key = identifierKey(identifier, value)
    keys.add(key)
    looseKeys.delete(key)
  }
  return { keys: [...keys], looseKeys: [...looseKeys] }
}

/** The stored blocking keys of a record: those of the blocking rules, plus one per identifier. */
export function blockingKeysForRecord(
  features: Readonly<Record<FeatureName, string>>,
  rules: readonly BlockingRule[] = defaultBlockingRules(),
): string[] {
  return recordBlockingKeys(features, rules).keys
}

/**
 * Every key stored for a record: its blocking keys (candidates, caps, locks) and its counter
 * search keys (staff search only; never used to find match candidates).
 */
export function storedKeysForRecord(
  features: Readonly<Record<FeatureName, string>>,
  normalised: NormalisedRecord,
  rules: readonly BlockingRule[] = defaultBlockingRules(),
): string[] {
  return [...blockingKeysForRecord(features, rules), ...counterSearchKeys(normalised)]
}
