/**
 * The canonical customer record of the data contract (shared CONTRACT.md). Field names keep
 * their contract spelling (snake_case) end to end so that no mapping layer can get them wrong.
 */
export const CONTRACT_FIELDS = [
  'record_id',
  'source',
  'first_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'birth_date',
  'address_line1',
  'address_line2',
  'city',
  'postcode',
  'region',
  'country',
  'loyalty_card',
  'tax_id',
  'created_at',
] as const

export type ContractField = (typeof CONTRACT_FIELDS)[number]

/** Fields that every record must carry. */
export const REQUIRED_FIELDS = ['record_id', 'source'] as const satisfies readonly ContractField[]

export type OptionalContractField = Exclude<ContractField, (typeof REQUIRED_FIELDS)[number]>

/** A record as a channel sent it: every field but record_id and source may be absent or empty. */
export type CustomerRecord = { record_id: string; source: string } & Partial<
  Record<OptionalContractField, string>
>
