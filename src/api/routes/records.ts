/**
 * Records: resolve one, resolve a batch, and look up the customer of a record. Channels send
 * their records here; a channel key bound to a source may only send and read that source.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'

import { IdentityError, NotFoundError, type CustomerRecord, type Issue } from '../../core/index.js'
import type { IdentityEngine } from '../../engine/index.js'
import { actorOf, requireKey } from '../auth.js'
import { errorBodySchema } from '../responses/error-body.js'
import { resolveOutcomeBodySchema, toResolveOutcomeBody, type ResolveOutcomeBody } from '../responses/resolve-outcome-body.js'
import { sendError, issuesFromZod } from '../errors.js'
import { mayUseSource } from '../permissions.js'
import { customerRecordSchema, MAX_FIELD_LENGTH } from '../schemas/customer-record-schema.js'
import { documentedAs } from '../zod-route-schemas.js'

/** Records per batch request: enough for a till's backlog, small enough to answer in seconds. */
export const MAX_BATCH_RECORDS = 1_000
/** Body limit of the batch route: 1,000 records of generous size, JSON-escaped. */
export const BATCH_BODY_LIMIT_BYTES = 8 * 1024 * 1024

const batchBodySchema = z.strictObject({
  records: z
    .array(documentedAs(z.unknown(), customerRecordSchema))
    .min(1, 'expected at least one record')
    .max(MAX_BATCH_RECORDS, `expected at most ${MAX_BATCH_RECORDS} records per request; split the batch`),
})

const batchResultSchema = z.discriminatedUnion('status', [
  resolveOutcomeBodySchema.extend({ index: z.number().int(), status: z.literal('resolved') }),
  z.object({
    index: z.number().int(),
    status: z.literal('rejected'),
    error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() })) }),
  }),
])

const batchResponseSchema = z.object({
  resolved: z.number().int(),
  rejected: z.number().int(),
  results: z.array(batchResultSchema).describe('one per record, in request order'),
})

const recordParamsSchema = z.strictObject({
  source: z.string().min(1).max(MAX_FIELD_LENGTH),
  record_id: z.string().min(1).max(MAX_FIELD_LENGTH),
})

const recordCustomerSchema = z.object({ source: z.string(), record_id: z.string(), customer_id: z.string() })

type BatchResult = z.infer<typeof batchResultSchema>

function forbiddenSource(request: FastifyRequest, reply: FastifyReply, keySource: string | undefined): FastifyReply {
  return sendError(request, reply, 403, 'ERR_FORBIDDEN', `this channel key is for source "${keySource ?? ''}" and may only send and read records of that source`)
}

/** A rejection the caller can fix by changing the record; anything else fails the request. */
const isRecordProblem = (error: unknown): error is IdentityError =>
  error instanceof IdentityError && (error.kind === 'invalid_input' || error.kind === 'conflict')

export function registerRecordRoutes(app: FastifyInstance, engine: IdentityEngine): void {
  app.post<{ Body: CustomerRecord }>(
    '/v1/records',
    {
      schema: {
        tags: ['records'],
        summary: 'Resolve one record: attach it to its customer or create one',
        body: customerRecordSchema,
        response: { 200: resolveOutcomeBodySchema, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const key = requireKey(request)
      if (!mayUseSource(key, request.body.source)) return forbiddenSource(request, reply, key.source)
      const outcome = await engine.records.resolve(request.body, actorOf(key))
      return toResolveOutcomeBody(outcome)
    },
  )

  app.post<{ Body: z.infer<typeof batchBodySchema> }>(
    '/v1/records/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        tags: ['records'],
        summary: `Resolve up to ${MAX_BATCH_RECORDS} records, in order; each gets its own outcome`,
        description:
          'A record that fails validation is rejected alone; the others are resolved. An outage fails the whole request: retrying it is safe, because a record is keyed by (source, record_id) and sending it again updates it.',
        body: batchBodySchema,
        response: { 200: batchResponseSchema, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const key = requireKey(request)
      const parsed = request.body.records.map((record) => customerRecordSchema.safeParse(record))
      // Authorisation is all or nothing: a key sending another channel's records is misconfigured.
      if (parsed.some((result) => result.success && !mayUseSource(key, result.data.source))) {
        return forbiddenSource(request, reply, key.source)
      }
      const results: BatchResult[] = []
      for (const [index, result] of parsed.entries()) {
        if (!result.success) {
          const issues: Issue[] = issuesFromZod(result.error.issues, ['records', index])
          results.push({ index, status: 'rejected', error: { code: 'ERR_VALIDATION', message: 'the record is not valid; see issues', issues } })
          continue
        }
        try {
          const outcome: ResolveOutcomeBody = toResolveOutcomeBody(await engine.records.resolve(result.data, actorOf(key)))
          results.push({ index, status: 'resolved', ...outcome })
        } catch (error) {
          if (!isRecordProblem(error)) throw error
          const issues = error.issues.map((issue) => ({ ...issue, path: ['records', index, ...issue.path] }))
          results.push({ index, status: 'rejected', error: { code: error.code, message: error.message, issues } })
        }
      }
      const resolved = results.filter((result) => result.status === 'resolved').length
      return { resolved, rejected: results.length - resolved, results }
    },
  )

  app.get<{ Params: z.infer<typeof recordParamsSchema> }>(
    '/v1/records/:source/:record_id',
    {
      schema: {
        tags: ['records'],
        summary: 'The customer id of a record (a channel key: records of its own source only)',
        description: 'A record_id holding "/" is sent percent-encoded (%2F).',
        params: recordParamsSchema,
        response: { 200: recordCustomerSchema, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const key = requireKey(request)
      const { source, record_id } = request.params
      // Checked before the lookup, so a foreign key cannot learn whether a record exists.
      if (!mayUseSource(key, source)) return forbiddenSource(request, reply, key.source)
      const record = await engine.records.get(source, record_id)
      if (record === undefined) {
        throw new NotFoundError({ code: 'ERR_RECORD_NOT_FOUND', message: 'no record with this source and record_id is stored; check both (a record_id holding "/" must be sent as %2F)' })
      }
      return { source: record.source, record_id: record.record_id, customer_id: record.customerId }
    },
  )
}
