/**
 * Customers: search, the golden record (alias-aware), records, history, merge and split.
 * Analyst keys read everything with contact data masked; only admins change anything.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'

import { NotFoundError } from '../../core/index.js'
import type { CustomerView, IdentityEngine } from '../../engine/index.js'
import { actorOf, requireKey } from '../auth.js'
import { customerBodySchema, toCustomerBody } from '../responses/customer-body.js'
import { errorBodySchema } from '../responses/error-body.js'
import { eventBodySchema, toEventBody } from '../responses/event-body.js'
import { storedRecordBodySchema, toStoredRecordBody } from '../responses/stored-record-body.js'
import { seesMaskedContactData } from '../permissions.js'
import { MAX_FIELD_LENGTH } from '../schemas/customer-record-schema.js'

export const DEFAULT_SEARCH_LIMIT = 20
export const MAX_SEARCH_LIMIT = 100
/** Records moved by one split: a customer rarely holds more, and the cut is checked pair by pair. */
export const MAX_SPLIT_RECORDS = 1_000

const customerId = z
  .string()
  .regex(/^cus_[0-9A-Za-z]{1,64}$/, "expected a customer id such as cus_01J9Z8…")

const customerParamsSchema = z.strictObject({ customer_id: customerId })

const searchQuerySchema = z.strictObject({
  query: z.string().trim().min(1, 'expected a name, email, phone, card or tax id to search for').max(200),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
})

const reason = z.string().trim().min(1).max(500).optional().describe('why, for the history')

const mergeBodySchema = z.strictObject({
  other_customer_id: customerId.describe('the customer absorbed into the one in the path; its id stays valid as an alias'),
  reason,
})

const splitBodySchema = z.strictObject({
  records: z
    .array(z.strictObject({ source: z.string().min(1).max(MAX_FIELD_LENGTH), record_id: z.string().min(1).max(MAX_FIELD_LENGTH) }))
    .min(1, 'expected at least one record to move')
    .max(MAX_SPLIT_RECORDS),
  reason,
})

type CustomerParams = z.infer<typeof customerParamsSchema>

const notFound = () =>
  new NotFoundError({ code: 'ERR_CUSTOMER_NOT_FOUND', message: 'no customer (or alias) has this id; check the id, or search with GET /v1/customers?query=…' })

/** Says, in headers too, that the id asked for is an alias: caches and clients can follow it. */
function markAlias(reply: FastifyReply, view: CustomerView): void {
  if (view.aliasOf === undefined) return
  void reply.header('x-tessera-alias-of', view.aliasOf)
  void reply.header('content-location', `/v1/customers/${view.customer.customerId}`)
}

export function registerCustomerRoutes(app: FastifyInstance, engine: IdentityEngine): void {
  app.get<{ Querystring: z.infer<typeof searchQuerySchema> }>(
    '/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Search customers by name, email, phone, loyalty card or tax id',
        querystring: searchQuerySchema,
        response: { 200: z.object({ customers: z.array(customerBodySchema) }), 400: errorBodySchema },
      },
    },
    async (request) => {
      const masked = seesMaskedContactData(requireKey(request))
      const views = await engine.customers.search(request.query.query, request.query.limit)
      return { customers: views.map((view) => toCustomerBody(view, { masked })) }
    },
  )

  app.get<{ Params: CustomerParams }>(
    '/v1/customers/:customer_id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer and its golden record; an absorbed id answers with its survivor',
        description: 'When the id is an alias, the body has alias_of set, and the x-tessera-alias-of and content-location headers say so.',
        params: customerParamsSchema,
        response: { 200: customerBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const masked = seesMaskedContactData(requireKey(request))
      const view = await engine.customers.get(request.params.customer_id)
      if (view === undefined) throw notFound()
      markAlias(reply, view)
      return toCustomerBody(view, { masked })
    },
  )

  app.get<{ Params: CustomerParams }>(
    '/v1/customers/:customer_id/records',
    {
      schema: {
        tags: ['customers'],
        summary: "The customer's records, as the channels sent them",
        params: customerParamsSchema,
        response: { 200: z.object({ records: z.array(storedRecordBodySchema) }), 404: errorBodySchema },
      },
    },
    async (request) => {
      const masked = seesMaskedContactData(requireKey(request))
      const records = await engine.customers.records(request.params.customer_id)
      if (records === undefined) throw notFound()
      return { records: records.map((record) => toStoredRecordBody(record, { masked })) }
    },
  )

  app.get<{ Params: CustomerParams }>(
    '/v1/customers/:customer_id/history',
    {
      schema: {
        tags: ['customers'],
        summary: 'Every link, merge, split and decision of the customer (and of the ids it absorbed), oldest first',
        params: customerParamsSchema,
        response: { 200: z.object({ events: z.array(eventBodySchema) }), 404: errorBodySchema },
      },
    },
    async (request) => {
      requireKey(request)
      const events = await engine.customers.history(request.params.customer_id)
      if (events === undefined) throw notFound()
      return { events: events.map(toEventBody) }
    },
  )

  app.post<{ Params: CustomerParams; Body: z.infer<typeof mergeBodySchema> }>(
    '/v1/customers/:customer_id/merge',
    {
      schema: {
        tags: ['customers'],
        summary: 'Merge another customer into this one (the survivor)',
        description: 'Refused with 409 when the two were decided to be different people, or when the merged customer would exceed an identifier cap.',
        params: customerParamsSchema,
        body: mergeBodySchema,
        response: { 200: customerBodySchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => {
      const key = requireKey(request)
      const { other_customer_id: otherId, reason: why } = request.body
      const view = await engine.customers.merge(request.params.customer_id, otherId, actorOf(key), why)
      return toCustomerBody(view, { masked: false })
    },
  )

  app.post<{ Params: CustomerParams; Body: z.infer<typeof splitBodySchema> }>(
    '/v1/customers/:customer_id/split',
    {
      schema: {
        tags: ['customers'],
        summary: 'Move records to a new customer; pairs across the cut are remembered as different people',
        params: customerParamsSchema,
        body: splitBodySchema,
        response: {
          200: z.object({ from: customerBodySchema, to: customerBodySchema }),
          400: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const key = requireKey(request)
      const { records, reason: why } = request.body
      const { from, to } = await engine.customers.split(request.params.customer_id, records, actorOf(key), why)
      return { from: toCustomerBody(from, { masked: false }), to: toCustomerBody(to, { masked: false }) }
    },
  )
}
