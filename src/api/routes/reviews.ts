/** Review tasks: uncertain matches waiting for a person, and the person's decision. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'

import { NotFoundError } from '../../core/index.js'
import { REVIEW_DECISIONS, REVIEW_STATUSES, type IdentityEngine } from '../../engine/index.js'
import { actorOf, requireKey } from '../auth.js'
import { errorBodySchema } from '../responses/error-body.js'
import { reviewBodySchema, reviewDetailBodySchema, toReviewBody, toReviewDetailBody } from '../responses/review-body.js'
import { seesMaskedContactData } from '../permissions.js'

export const DEFAULT_REVIEW_PAGE = 50
export const MAX_REVIEW_PAGE = 500

const reviewId = z.string().regex(/^rev_[0-9A-Za-z]{1,64}$/, 'expected a review id such as rev_01J9Z8…')

const listQuerySchema = z.strictObject({
  status: z.enum(REVIEW_STATUSES).optional().describe('default: every status'),
  limit: z.coerce.number().int().min(1).max(MAX_REVIEW_PAGE).default(DEFAULT_REVIEW_PAGE),
  after: reviewId.optional().describe('next_after of the previous page'),
})

const reviewParamsSchema = z.strictObject({ review_id: reviewId })

const decisionBodySchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS).describe('same_person merges the two customers; different_people keeps them apart for good'),
})

export function registerReviewRoutes(app: FastifyInstance, engine: IdentityEngine): void {
  app.get<{ Querystring: z.infer<typeof listQuerySchema> }>(
    '/v1/reviews',
    {
      schema: {
        tags: ['reviews'],
        summary: 'Review tasks, oldest first, a page at a time',
        querystring: listQuerySchema,
        response: {
          200: z.object({
            reviews: z.array(reviewBodySchema),
            next_after: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
          }),
          400: errorBodySchema,
        },
      },
    },
    async (request) => {
      requireKey(request)
      const { status, limit, after } = request.query
      const reviews = await engine.reviews.list({ limit, ...(status === undefined ? {} : { status }), ...(after === undefined ? {} : { after }) })
      const nextAfter = reviews.length === limit ? reviews[reviews.length - 1].reviewId : null
      return { reviews: reviews.map(toReviewBody), next_after: nextAfter }
    },
  )

  app.get<{ Params: z.infer<typeof reviewParamsSchema> }>(
    '/v1/reviews/:review_id',
    {
      schema: {
        tags: ['reviews'],
        summary: 'A review task with both records of the question',
        params: reviewParamsSchema,
        response: { 200: reviewDetailBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const masked = seesMaskedContactData(requireKey(request))
      const view = await engine.reviews.get(request.params.review_id)
      if (view === undefined) {
        throw new NotFoundError({ code: 'ERR_REVIEW_NOT_FOUND', message: 'no review task has this id; list them with GET /v1/reviews' })
      }
      return toReviewDetailBody(view, { masked })
    },
  )

  app.post<{ Params: z.infer<typeof reviewParamsSchema>; Body: z.infer<typeof decisionBodySchema> }>(
    '/v1/reviews/:review_id/decision',
    {
      schema: {
        tags: ['reviews'],
        summary: 'Decide a review task: same person or different people (once)',
        params: reviewParamsSchema,
        body: decisionBodySchema,
        response: { 200: reviewBodySchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => {
      const key = requireKey(request)
      const review = await engine.reviews.decide(request.params.review_id, request.body.decision, actorOf(key))
      return toReviewBody(review)
    },
  )
}
