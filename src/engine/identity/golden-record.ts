import { CONTRACT_FIELDS, type ContractField } from '../../core/index.js'
import type { StoredRecord } from '../../store/index.js'
import type { GoldenRecord, ProvenancedValue } from './identity-engine.js'

/** Fields of the golden record: every contract field but the record's own bookkeeping. */
const PROFILE_FIELDS = CONTRACT_FIELDS.filter(
  (field): field is Exclude<ContractField, 'record_id' | 'source' | 'created_at'> =>
    field !== 'record_id' && field !== 'source' && field !== 'created_at',
)

/** The contact point a field belongs to, for "verified beats unverified". */
const CONTACT_POINT: Partial<Record<ContractField, string>> = { email: 'email', phone: 'phone' }

/** Which normalised value identifies "the same value" when counting and listing (typed forms vary). */
const IDENTITY_OF: Partial<Record<ContractField, (record: StoredRecord) => string>> = {
  email: (r) => r.normalised.email,
  phone: (r) => r.normalised.phone,
  loyalty_card: (r) => r.normalised.loyalty_card,
  tax_id: (r) => r.normalised.tax_id,
  birth_date: (r) => r.normalised.birth_date,
  address_line1: (r) => `${r.normalised.street}|${r.normalised.house_number}|${r.normalised.postcode}`,
}

interface Candidate {
  readonly value: ProvenancedValue
  readonly identity: string
  readonly priority: number
}

/** Rank of a source in the priority list ('store:MAD-01' ranks as 'store'); unknown sources last. */
export function sourceRank(source: string, priority: readonly string[]): number {
  const family = source.split(/[:/]/, 1)[0]
  const rank = priority.indexOf(source)
  if (rank !== -1) return rank
  const familyRank = priority.indexOf(family)
  return familyRank === -1 ? priority.length : familyRank
}

function seenAt(record: StoredRecord): string {
  return record.raw.created_at !== undefined && record.raw.created_at !== '' ? record.raw.created_at : record.updatedAt
}

/**
 * The unified profile of one customer. Survivorship per attribute: a verified value beats an
 * unverified one, then the higher-priority source, then the most recent, then the most frequent
 * (ties last by value, so the answer never depends on record order).
 */
export function buildGoldenRecord(records: readonly StoredRecord[], sourcePriority: readonly string[]): GoldenRecord {
  const attributes: Record<string, ProvenancedValue | undefined> = {}
  const lists: Record<'email' | 'phone' | 'address_line1' | 'loyalty_card', ProvenancedValue[]> = {
    email: [],
    phone: [],
    address_line1: [],
    loyalty_card: [],
  }
  for (const field of PROFILE_FIELDS) {
    const candidates: Candidate[] = []
    for (const record of records) {
      const value = record.raw[field]
      if (value === undefined || value.trim() === '') continue
      const identity = IDENTITY_OF[field]?.(record) ?? value.trim().toLowerCase()
      // A value the normaliser rejected (placeholder, junk) is not part of the profile.
      if (identity === '' || identity === '||') continue
      const contactPoint = CONTACT_POINT[field]
      candidates.push({
        identity,
        priority: sourceRank(record.source, sourcePriority),
        value: {
          value: value.trim(),
          source: record.source,
          record_id: record.record_id,
          verified: contactPoint !== undefined && record.verified.includes(contactPoint),
          seenAt: seenAt(record),
        },
      })
    }
    if (candidates.length === 0) {
      attributes[field] = undefined
      continue
    }
    const frequency = new Map<string, number>()
    for (const c of candidates) frequency.set(c.identity, (frequency.get(c.identity) ?? 0) + 1)
    const best = [...candidates].sort(
      (a, b) =>
        Number(b.value.verified) - Number(a.value.verified) ||
        a.priority - b.priority ||
        b.value.seenAt.localeCompare(a.value.seenAt) ||
        frequency.get(b.identity)! - frequency.get(a.identity)! ||
        a.value.value.localeCompare(b.value.value),
    )[0]
    attributes[field] = best.value
    if (field in lists) {
      // Every known value once (the first by the same ranking), with its source.
      const seen = new Set<string>()
      const ranked = [...candidates].sort(
        (a, b) =>
          Number(b.value.verified) - Number(a.value.verified) ||
          a.priority - b.priority ||
          b.value.seenAt.localeCompare(a.value.seenAt),
      )
      for (const c of ranked) {
        if (seen.has(c.identity)) continue
        seen.add(c.identity)
        lists[field as keyof typeof lists].push(c.value)
      }
    }
  }
  return {
    attributes,
    emails: lists.email,
    phones: lists.phone,
    addresses: lists.address_line1,
    loyaltyCards: lists.loyalty_card,
  }
}
