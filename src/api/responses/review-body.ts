import { z } from 'zod'

import { REVIEW_DECISIONS, REVIEW_STATUSES, type ReviewTask, type ReviewView } from '../../engine/index.js'
import { actorBodySchema } from './event-body.js'
import { explanationBodySchema, toExplanationBody } from './explanation-body.js'
import { storedRecordBodySchema, toStoredRecordBody } from './stored-record-body.js'

export const reviewBodySchema = z
  .object({
    review_id: z.string(),
    status: z.enum(REVIEW_STATUSES),
    reason: z.string().describe("why it is a question: 'between_thresholds', 'cap_exceeded:email', 'strong_identifier_conflict', …"),
    candidate_customer_id: z.string(),
    match_probability: z.number(),
    match_weight: z.number(),
    explanation: explanationBodySchema.nullable(),
    created_at: z.string(),
    decided_at: z.string().optional(),
    decided_by: actorBodySchema.optional(),
    decision: z.enum(REVIEW_DECISIONS).optional(),
  })
  .meta({ title: 'Review' })

export const reviewDetailBodySchema = reviewBodySchema
  .extend({
    record: storedRecordBodySchema.describe('the record that raised the question'),
    candidate: storedRecordBodySchema.describe("the candidate customer's best-matching record"),
  })
  .meta({ title: 'ReviewDetail' })

export type ReviewBody = z.infer<typeof reviewBodySchema>
export type ReviewDetailBody = z.infer<typeof reviewDetailBodySchema>

export function toReviewBody(review: ReviewTask): ReviewBody {
  return {
    review_id: review.reviewId,
    status: review.status,
    reason: review.reason,
    candidate_customer_id: review.candidateCustomerId,
    match_probability: review.matchProbability,
    match_weight: review.matchWeight,
    explanation: review.explanation === undefined || review.explanation === null ? null : toExplanationBody(review.explanation),
    created_at: review.createdAt,
    ...(review.decidedAt === undefined ? {} : { decided_at: review.decidedAt }),
    ...(review.decidedBy === undefined ? {} : { decided_by: { ...review.decidedBy } }),
    ...(review.decision === undefined ? {} : { decision: review.decision }),
  }
}

/** A review task with both sides of the question, masked on request. */
export function toReviewDetailBody(view: ReviewView, options: { masked: boolean }): ReviewDetailBody {
  return {
    ...toReviewBody(view.review),
    record: toStoredRecordBody(view.record, options),
    candidate: toStoredRecordBody(view.candidate, options),
  }
}
