/**
 * The counter (the till), one-time-code verifications, card devices and the audit log. The
 * assistant's till calls these with a `store` key; every call says where it happens (store and
 * till, in the body or the X-Store-Id / X-Till-Id headers) and may say who (X-Staff-Id).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'

import { CONTRACT_FIELDS, InputError, type ContractField, type CustomerRecord } from '../../core/index.js'
import type { CounterContext, CounterService, MaskedProfile, RegistrationOutcome } from '../../engine/index.js'
import { AUDIT_ACTIONS, DETAILS_TO_ASK, type ApiKey } from '../../engine/index.js'
import { actorOf, requireKey } from '../auth.js'
import { errorBodySchema } from '../responses/error-body.js'
import { MAX_FIELD_LENGTH } from '../schemas/customer-record-schema.js'

const PLACE = /^[A-Za-z0-9._:-]{1,64}$/
const place = (what: string) => z.string().regex(PLACE, `expected a ${what} id: 1 to 64 letters, digits, '.', '_', ':' or '-'`)

const placeFields = {
  store_id: place('store').optional().describe('the store (or the X-Store-Id header)'),
  till_id: place('till').optional().describe('the till (or the X-Till-Id header)'),
  staff_id: place('staff').optional().describe('the staff member (or the X-Staff-Id header)'),
}

/** What the assistant may type: any subset of the contract fields but the source (the store's). */
const typedValue = z.string().trim().max(MAX_FIELD_LENGTH, `expected at most ${MAX_FIELD_LENGTH} characters`).nullable().optional()
const typedFields = Object.fromEntries(
  CONTRACT_FIELDS.filter((field) => field !== 'source').map((field) => [field, typedValue]),
) as Record<Exclude<ContractField, 'source'>, typeof typedValue>
const typedRecordSchema = z
  .strictObject(typedFields)
  .transform((fields): Partial<CustomerRecord> => {
    const record: Record<string, string> = {}
    for (const [field, value] of Object.entries(fields)) if (typeof value === 'string' && value !== '') record[field] = value
    return record as Partial<CustomerRecord>
  })

const profileBodySchema = z
  .object({
    name: z.string().describe("initials only: 'M*** G***'"),
    email: z.string().optional().describe("'j***@g***.com'"),
    phone: z.string().optional().describe("'*** *** *78'"),
    birth_year: z.string().optional(),
    postcode_area: z.string().optional().describe("'28***'"),
    cards: z.array(z.string()).describe("last two characters: '***37'"),
    verifiable_by: z.array(z.enum(['email', 'sms'])).describe('where a one-time code can be sent'),
  })
  .meta({ title: 'MaskedProfile' })

function toProfileBody(profile: MaskedProfile): z.infer<typeof profileBodySchema> {
  return {
    name: profile.name,
    ...(profile.email === undefined ? {} : { email: profile.email }),
    ...(profile.phone === undefined ? {} : { phone: profile.phone }),
    ...(profile.birthYear === undefined ? {} : { birth_year: profile.birthYear }),
    ...(profile.postcodeArea === undefined ? {} : { postcode_area: profile.postcodeArea }),
    cards: [...profile.cards],
    verifiable_by: [...profile.verifiableBy],
  }
}

const registrationBodySchema = z.object({
  outcome: z.enum(['attached', 'created', 'review', 'candidates', 'details_needed']).describe(
    'attached: a sure match, no customer created; created: nobody plausible, a new customer; review: a new customer with a review task; candidates: plausible matches, nothing written yet — verify one or register a new customer; details_needed: what was typed is too common to look anybody up by (a frequent name alone), nothing written — ask for one of `ask` and register again, or register a new customer',
  ),
  customer_id: z.string().optional(),
  source: z.string(),
  record_id: z.string(),
  match_probability: z.number().optional(),
  profile: profileBodySchema.optional(),
  review_id: z.string().optional(),
  registration_id: z.string().optional(),
  candidates: z
    .array(z.object({ candidate: z.number().int(), match_probability: z.number(), profile: profileBodySchema }))
    .optional()
    .describe('at most 3, best first'),
  ask: z.array(z.enum(DETAILS_TO_ASK)).optional().describe('details_needed: fields not typed that would let the customer be looked up, in the order to ask for them'),
  next: z
    .object({ verify: z.string().optional(), register_again: z.string().optional(), new_customer: z.string() })
    .optional()
    .describe('the ways forward for candidates (verify, or a new customer) and for details_needed (register again with more, or a new customer)'),
})

function toRegistrationBody(outcome: RegistrationOutcome): z.infer<typeof registrationBodySchema> {
  if (outcome.outcome === 'candidates' || outcome.outcome === 'details_needed') {
    // Held: nothing written, a pending registration staff take forward.
    const held = { source: outcome.source, record_id: outcome.record_id, registration_id: outcome.registrationId }
    const newCustomer = `POST /v1/counter/registrations/${outcome.registrationId}/new-customer`
    if (outcome.outcome === 'details_needed') {
      return {
        outcome: 'details_needed',
        ...held,
        ask: [...outcome.ask],
        next: { register_again: 'POST /v1/counter/registrations with what was typed and one of `ask`', new_customer: newCustomer },
      }
    }
    return {
      outcome: 'candidates',
      ...held,
      candidates: outcome.candidates.map((c) => ({ candidate: c.candidate, match_probability: c.matchProbability, profile: toProfileBody(c.profile) })),
      next: {
        verify: `POST /v1/verifications {"registration_id":"${outcome.registrationId}","candidate":N,"channel":"email"|"sms"}`,
        new_customer: newCustomer,
      },
    }
  }
  return {
    outcome: outcome.outcome,
    customer_id: outcome.customerId,
    source: outcome.source,
    record_id: outcome.record_id,
    match_probability: outcome.matchProbability,
    profile: toProfileBody(outcome.profile),
    ...(outcome.reviewId === undefined ? {} : { review_id: outcome.reviewId }),
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Where and by whom: body fields win over headers; a store key bound to a store stays there. */
function contextOf(request: FastifyRequest, body: { store_id?: string; till_id?: string; staff_id?: string } = {}): CounterContext {
  const key: ApiKey = requireKey(request)
  const storeId = body.store_id ?? header(request, 'x-store-id')
  const tillId = body.till_id ?? header(request, 'x-till-id')
  const staffId = body.staff_id ?? header(request, 'x-staff-id')
  for (const [name, value] of [['X-Store-Id', storeId], ['X-Till-Id', tillId], ['X-Staff-Id', staffId]] as const) {
    if (value !== undefined && !PLACE.test(value)) {
      throw new InputError({ code: 'ERR_VALIDATION', message: `the ${name} header is not valid`, issues: [{ path: ['headers', name.toLowerCase()], code: 'invalid_string', message: 'expected 1 to 64 letters, digits, ".", "_", ":" or "-"' }] })
    }
  }
  if (key.role === 'store' && key.source !== undefined && storeId !== undefined && `store:${storeId}` !== key.source && storeId !== key.source) {
    throw new InputError({ code: 'ERR_STORE_MISMATCH', message: 'this key belongs to another store; use the key issued for this store', issues: [{ path: ['store_id'], code: 'forbidden', message: 'not this key\'s store' }] })
  }
  return {
    keyId: key.keyId,
    actor: { ...actorOf(key), ...(staffId === undefined ? {} : { staffId }) },
    ...(storeId === undefined ? {} : { storeId }),
    ...(tillId === undefined ? {} : { tillId }),
    ...(staffId === undefined ? {} : { staffId }),
  }
}

const registrationRequestSchema = z.strictObject({ ...placeFields, record: typedRecordSchema.describe('what the assistant typed: any subset of the contract fields (no source: it is the store)') })
const registrationParamsSchema = z.strictObject({ registration_id: z.string().regex(/^reg_[0-9A-Za-z]{1,64}$/, 'expected a registration id such as reg_01J9Z8…') })
const placeOnlySchema = z.strictObject(placeFields)
const searchQuerySchema = z.strictObject({ q: z.string().max(200, 'expected at most 200 characters').describe('name fragments, postcode, the last 2–4 digits of a phone, a card number'), ...placeFields })
const identifyRequestSchema = z.strictObject({ ...placeFields, payload: z.string().max(200, 'expected at most 200 characters').describe('the text of the scanned QR code') })
const customerParamsSchema = z.strictObject({ customer_id: z.string().min(1).max(100) })
const deviceParamsSchema = z.strictObject({ device_id: z.string().regex(/^dev_[0-9A-Za-z]{1,64}$/, 'expected a device id such as dev_01J9Z8…') })
const enrolRequestSchema = z.strictObject({ label: z.string().trim().min(1).max(100).default('card').describe("what the customer calls the device: 'my phone'") })
const verificationRequestSchema = z.strictObject({
  ...placeFields,
  channel: z.enum(['email', 'sms']),
  customer_id: z.string().min(1).max(100).optional().describe('whose contact point on file gets the code'),
  registration_id: registrationParamsSchema.shape.registration_id.optional().describe('a registration that showed candidates…'),
  candidate: z.number().int().min(1).max(3).optional().describe('…and the number of the chosen candidate'),
})
const verificationParamsSchema = z.strictObject({ verification_id: z.string().regex(/^ver_[0-9A-Za-z]{1,64}$/, 'expected a verification id such as ver_01J9Z8…') })
const confirmRequestSchema = z.strictObject({ ...placeFields, code: z.string().max(20, 'expected the 6-digit code') })
const auditQuerySchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  key_id: z.string().max(100).optional(),
  staff_id: z.string().max(64).optional(),
  store_id: z.string().max(64).optional(),
  customer_id: z.string().max(100).optional(),
  from: z.iso.datetime().optional().describe('inclusive, ISO 8601'),
  to: z.iso.datetime().optional().describe('exclusive, ISO 8601'),
  after: z.coerce.number().int().min(0).optional().describe('next_after of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

const searchResultSchema = z.object({ customer_id: z.string(), profile: profileBodySchema })

export function registerCounterRoutes(app: FastifyInstance, counter: CounterService): void {
  app.post<{ Body: z.infer<typeof registrationRequestSchema> }>(
    '/v1/counter/registrations',
    {
      schema: {
        tags: ['counter'],
        summary: 'Register a customer at the till without ever creating a silent duplicate',
        body: registrationRequestSchema,
        response: { 200: registrationBodySchema, 400: errorBodySchema },
      },
    },
    async (request) => toRegistrationBody(await counter.register(request.body.record, contextOf(request, request.body))),
  )

  app.post<{ Params: z.infer<typeof registrationParamsSchema>; Body: z.infer<typeof placeOnlySchema> }>(
    '/v1/counter/registrations/:registration_id/new-customer',
    {
      schema: {
        tags: ['counter'],
        summary: 'The customer is none of the candidates (the pairs become cannot-links), or gives no more details: register a new customer',
        params: registrationParamsSchema,
        body: placeOnlySchema,
        response: { 200: registrationBodySchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => toRegistrationBody(await counter.registerNew(request.params.registration_id, contextOf(request, request.body))),
  )

  app.get<{ Querystring: z.infer<typeof searchQuerySchema> }>(
    '/v1/counter/search',
    {
      schema: {
        tags: ['counter'],
        summary: 'Masked staff search: at most 10 customers, never full contact data',
        querystring: searchQuerySchema,
        response: { 200: z.object({ results: z.array(searchResultSchema) }), 400: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request) => {
      const results = await counter.search(request.query.q, contextOf(request, request.query))
      return { results: results.map((r) => ({ customer_id: r.customerId, profile: toProfileBody(r.profile) })) }
    },
  )

  app.post<{ Body: z.infer<typeof identifyRequestSchema> }>(
    '/v1/counter/identify',
    {
      schema: {
        tags: ['counter'],
        summary: 'Identify a customer by the rotating QR code of their digital card',
        body: identifyRequestSchema,
        response: { 200: searchResultSchema, 400: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request) => {
      const identified = await counter.identify(request.body.payload, contextOf(request, request.body))
      return { customer_id: identified.customerId, profile: toProfileBody(identified.profile) }
    },
  )

  app.post<{ Params: z.infer<typeof customerParamsSchema>; Body: z.infer<typeof enrolRequestSchema> }>(
    '/v1/customers/:customer_id/devices',
    {
      schema: {
        tags: ['devices'],
        summary: "Enrol a customer's device for the digital card: the secret and the card page token, shown once",
        params: customerParamsSchema,
        body: enrolRequestSchema,
        response: {
          201: z.object({
            device_id: z.string(),
            customer_id: z.string(),
            device_ref: z.string(),
            label: z.string(),
            created_at: z.string(),
            secret: z.string().describe('TOTP secret, base32, for the app; shown once'),
            otpauth_uri: z.string(),
            card_url: z.string().describe('the customer-facing card page; the path is the credential, shown once'),
          }),
          400: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const enrolled = await counter.enrolDevice(request.params.customer_id, request.body.label, contextOf(request))
      return reply.code(201).send({
        device_id: enrolled.device.deviceId,
        customer_id: enrolled.device.customerId,
        device_ref: enrolled.device.deviceRef,
        label: enrolled.device.label,
        created_at: enrolled.device.createdAt,
        secret: enrolled.secretBase32,
        otpauth_uri: enrolled.otpauthUri,
        card_url: `/card/${enrolled.cardToken}`,
      })
    },
  )

  app.post<{ Params: z.infer<typeof deviceParamsSchema> }>(
    '/v1/devices/:device_id/revoke',
    {
      schema: {
        tags: ['devices'],
        summary: 'Revoke a device: its codes and its card page stop working at once',
        params: deviceParamsSchema,
        response: { 200: z.object({ device_id: z.string(), revoked: z.literal(true) }), 404: errorBodySchema },
      },
    },
    async (request) => {
      await counter.revokeDevice(request.params.device_id, contextOf(request))
      return { device_id: request.params.device_id, revoked: true as const }
    },
  )

  app.post<{ Body: z.infer<typeof verificationRequestSchema> }>(
    '/v1/verifications',
    {
      schema: {
        tags: ['verifications'],
        summary: "Send a 6-digit one-time code to a customer's email or phone on file",
        description: 'The answer is the same whether or not the customer has that contact point, and it does not depend on how long the provider takes.',
        body: verificationRequestSchema,
        response: {
          202: z.object({ verification_id: z.string(), channel: z.enum(['email', 'sms']), expires_at: z.string() }),
          400: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          429: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { channel, customer_id, registration_id, candidate } = request.body
      const started = await counter.startVerification(
        {
          channel,
          ...(customer_id === undefined ? {} : { customerId: customer_id }),
          ...(registration_id === undefined ? {} : { registrationId: registration_id }),
          ...(candidate === undefined ? {} : { candidate }),
        },
        contextOf(request, request.body),
      )
      return reply.code(202).send({ verification_id: started.verificationId, channel: started.channel, expires_at: started.expiresAt })
    },
  )

  app.post<{ Params: z.infer<typeof verificationParamsSchema>; Body: z.infer<typeof confirmRequestSchema> }>(
    '/v1/verifications/:verification_id/confirm',
    {
      schema: {
        tags: ['verifications'],
        summary: 'Confirm a one-time code: the contact point becomes verified and a pending till registration is linked',
        params: verificationParamsSchema,
        body: confirmRequestSchema,
        response: {
          200: z.object({
            verified: z.literal(true),
            customer_id: z.string(),
            channel: z.enum(['email', 'sms']),
            registration: z.object({ registration_id: z.string(), source: z.string(), record_id: z.string() }).optional(),
          }),
          400: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request) => {
      const confirmed = await counter.confirmVerification(request.params.verification_id, request.body.code, contextOf(request, request.body))
      return {
        verified: true as const,
        customer_id: confirmed.customerId,
        channel: confirmed.channel,
        ...(confirmed.registration === undefined
          ? {}
          : { registration: { registration_id: confirmed.registration.registrationId, source: confirmed.registration.source, record_id: confirmed.registration.record_id } }),
      }
    },
  )

  app.get<{ Querystring: z.infer<typeof auditQuerySchema> }>(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of counter actions, oldest first, a page at a time',
        querystring: auditQuerySchema,
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                audit_id: z.number().int(),
                at: z.string(),
                action: z.enum(AUDIT_ACTIONS),
                key_id: z.string(),
                staff_id: z.string().optional(),
                store_id: z.string().optional(),
                till_id: z.string().optional(),
                result: z.string(),
                customer_id: z.string().optional(),
                details: z.record(z.string(), z.unknown()),
              }),
            ),
            next_after: z.number().int().nullable(),
          }),
          400: errorBodySchema,
        },
      },
    },
    async (request) => {
      const q = request.query
      const entries = await counter.audit({
        limit: q.limit,
        ...(q.action === undefined ? {} : { action: q.action }),
        ...(q.key_id === undefined ? {} : { keyId: q.key_id }),
        ...(q.staff_id === undefined ? {} : { staffId: q.staff_id }),
        ...(q.store_id === undefined ? {} : { storeId: q.store_id }),
        ...(q.customer_id === undefined ? {} : { customerId: q.customer_id }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.after === undefined ? {} : { after: q.after }),
      })
      return {
        entries: entries.map((e) => ({
          audit_id: e.auditId,
          at: e.at,
          action: e.action,
          key_id: e.keyId,
          ...(e.staffId === undefined ? {} : { staff_id: e.staffId }),
          ...(e.storeId === undefined ? {} : { store_id: e.storeId }),
          ...(e.tillId === undefined ? {} : { till_id: e.tillId }),
          result: e.result,
          ...(e.customerId === undefined ? {} : { customer_id: e.customerId }),
          details: { ...e.details },
        })),
        next_after: entries.length === q.limit ? entries[entries.length - 1].auditId : null,
      }
    },
  )
}

