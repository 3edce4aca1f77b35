import { z } from 'zod'

import { maskContractField } from '../../core/index.js'
import type { CustomerView, ProvenancedValue } from '../../engine/index.js'

const provenancedValueSchema = z.object({
  value: z.string(),
  source: z.string(),
  record_id: z.string(),
  verified: z.boolean().describe('proven by a one-time code'),
  seen_at: z.string(),
})

export const customerBodySchema = z
  .object({
    customer_id: z.string(),
    alias_of: z
      .string()
      .optional()
      .describe('set when the id asked for is an absorbed alias: that id; customer_id is the customer it now belongs to'),
    record_count: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    golden: z.object({
      attributes: z.record(z.string(), provenancedValueSchema).describe('per contract field, the surviving value'),
      emails: z.array(provenancedValueSchema),
      phones: z.array(provenancedValueSchema),
      addresses: z.array(provenancedValueSchema),
      loyalty_cards: z.array(provenancedValueSchema),
    }),
  })
  .meta({ title: 'Customer', description: 'A customer and its golden record; contact data is masked for analyst keys.' })

export type CustomerBody = z.infer<typeof customerBodySchema>
type ProvenancedValueBody = z.infer<typeof provenancedValueSchema>

function toValueBody(field: string, value: ProvenancedValue, masked: boolean): ProvenancedValueBody {
  return {
    value: masked ? maskContractField(field, value.value) : value.value,
    source: value.source,
    record_id: value.record_id,
    verified: value.verified,
    seen_at: value.seenAt,
  }
}

/** A customer and its golden record; with `masked`, every contact value goes through the masks. */
export function toCustomerBody(view: CustomerView, options: { masked: boolean }): CustomerBody {
  const { masked } = options
  const { customer, golden } = view
  const attributes: Record<string, ProvenancedValueBody> = {}
  for (const [field, value] of Object.entries(golden.attributes)) {
    if (value !== undefined) attributes[field] = toValueBody(field, value, masked)
  }
  return {
    customer_id: customer.customerId,
    ...(view.aliasOf === undefined ? {} : { alias_of: view.aliasOf }),
    record_count: customer.recordCount,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    golden: {
      attributes,
      emails: golden.emails.map((value) => toValueBody('email', value, masked)),
      phones: golden.phones.map((value) => toValueBody('phone', value, masked)),
      addresses: golden.addresses.map((value) => toValueBody('address_line1', value, masked)),
      loyalty_cards: golden.loyaltyCards.map((value) => toValueBody('loyalty_card', value, masked)),
    },
  }
}
