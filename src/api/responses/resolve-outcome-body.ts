import { z } from 'zod'

import { RESOLVE_DECISIONS, type ResolveOutcome } from '../../engine/index.js'
import { explanationBodySchema, toExplanationBody } from './explanation-body.js'

export const resolveOutcomeBodySchema = z
  .object({
    source: z.string(),
    record_id: z.string(),
    customer_id: z.string(),
    decision: z.enum(RESOLVE_DECISIONS).describe(
      'matched: attached to an existing customer; created: a new customer (with updated=true: an updated record that stays alone in the customer it had); review: a new customer for now, and a review task asks whether it is candidate_customer_id',
    ),
    match_probability: z.number().describe('probability of the best candidate; 0 when there was none'),
    explanation: explanationBodySchema.nullable().describe('against the best candidate record; null when there was none'),
    candidate_customer_id: z.string().optional(),
    review_id: z.string().optional(),
    merged_customer_ids: z.array(z.string()).describe('customers absorbed into customer_id because this record bridged them'),
    updated: z.boolean().describe('the (source, record_id) was already stored: it was updated and resolved again'),
  })
  .meta({ title: 'ResolveOutcome' })

export type ResolveOutcomeBody = z.infer<typeof resolveOutcomeBodySchema>

export function toResolveOutcomeBody(outcome: ResolveOutcome): ResolveOutcomeBody {
  return {
    source: outcome.source,
    record_id: outcome.record_id,
    customer_id: outcome.customerId,
    decision: outcome.decision,
    match_probability: outcome.matchProbability,
    explanation: outcome.explanation === undefined ? null : toExplanationBody(outcome.explanation),
    ...(outcome.candidateCustomerId === undefined ? {} : { candidate_customer_id: outcome.candidateCustomerId }),
    ...(outcome.reviewId === undefined ? {} : { review_id: outcome.reviewId }),
    merged_customer_ids: [...outcome.mergedCustomerIds],
    updated: outcome.updated,
  }
}
