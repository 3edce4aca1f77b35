/**
 * The API end to end over the real engine and a real SQLite store in a temp file (STYLE T4/T6):
 * keys made by the engine, records resolved, merges, splits, history, reviews, masking, and
 * logs checked for the customer data the test sent.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadConfig } from '../config/index.js'
import { openIdentityEngine, type IdentityEngine } from '../engine/index.js'
import { createServer } from './create-server.js'
import { ROUTE_PERMISSIONS } from './permissions.js'

const maria = {
  record_id: 'w1',
  source: 'web',
  first_name: 'María',
  last_name: 'García López',
  email: 'maria.garcia@gmail.com',
  phone: '+34 612 345 678',
  birth_date: '1984-03-07',
  address_line1: 'Calle Mayor 12',
  city: 'Madrid',
  postcode: '28013',
  country: 'ES',
}
const mariaAtTheTill = {
  record_id: 't1',
  source: 'store:MAD-01',
  first_name: 'MARIA',
  last_name: 'GARCIA LOPES',
  phone: '612345678',
  birth_date: '1984-03-07',
  city: 'madrid',
  country: 'ES',
}
const giuseppe = { record_id: 'w2', source: 'web', first_name: 'Giuseppe', last_name: 'Rossi', email: 'g.rossi@libero.it', birth_date: '1975-05-02', country: 'IT' }
const mery = { record_id: 's5', source: 'store:BCN-01', first_name: 'Mery', last_name: 'Garcia', phone: '+34 655 111 222', country: 'ES' }
// Same name and town as María, nothing else: plausible, not certain.
const maybeMaria = { record_id: 's9', source: 'store:MAD-02', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' }

const PII = ['Sánchez', 'maria.garcia@gmail.com', 'García', 'Garcia', 'GARCIA', 'Giuseppe', 'g.rossi@libero.it', '612 345 678', '612345678', 'Calle Mayor', 'Mery']

let dir: string
let engine: IdentityEngine
let app: FastifyInstance
let logLines: string[]
const secrets = { admin: '', channel: '', analyst: '' }
const keyIds = { admin: '', channel: '', analyst: '' }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-api-'))
  const config = loadConfig({ flags: { store: { kind: 'sqlite', path: join(dir, 'tessera.db') } }, env: {} })
  ;({ engine } = await openIdentityEngine(config))
  for (const [role, source] of [['admin', undefined], ['channel', 'web'], ['analyst', undefined]] as const) {
    const created = await engine.keys.create({ name: `${role} key`, role, ...(source === undefined ? {} : { source }) })
    secrets[role] = created.secret
    keyIds[role] = created.key.keyId
  }
  logLines = []
  app = createServer({ engine, logger: { level: 'debug', destination: { write: (line: string) => logLines.push(line) } } })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

const as = (role: keyof typeof secrets) => ({ authorization: `Bearer ${secrets[role]}` })
const post = (url: string, role: keyof typeof secrets, payload: object) => app.inject({ method: 'POST', url, headers: as(role), payload })
const get = (url: string, role: keyof typeof secrets) => app.inject({ url, headers: as(role) })

describe('the API over a SQLite engine', () => {
  let mariaId: string
  let giuseppeId: string
  let meryId: string

  it('should create a customer for a new record', async () => {
    const response = await post('/v1/records', 'channel', maria)
    expect(response.statusCode).toBe(200)
    expect(response.headers['x-request-id']).toBeDefined()
    const body = response.json()
    expect(body).toMatchObject({ source: 'web', record_id: 'w1', decision: 'created', match_probability: 0, explanation: null, merged_customer_ids: [], updated: false })
    expect(body.customer_id).toMatch(/^cus_/)
    mariaId = body.customer_id
  })

  it('should attach a near-duplicate to the same customer, with an explanation', async () => {
    const response = await post('/v1/records', 'admin', mariaAtTheTill)
    const body = response.json()
    expect(body).toMatchObject({ decision: 'matched', customer_id: mariaId, candidate_customer_id: mariaId })
    expect(body.match_probability).toBeGreaterThan(0.9)
    expect(body.explanation.comparisons[0]).toHaveProperty('match_weight')
  })

  it('should resolve a batch with one outcome per record', async () => {
    const records = [giuseppe, mery, { ...maria, phone: '+34 612 345 679' }]
    const response = await post('/v1/records/batch', 'admin', { records })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({ resolved: 3, rejected: 0 })
    expect(body.results.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([[0, 'resolved'], [1, 'resolved'], [2, 'resolved']])
    expect(body.results[2]).toMatchObject({ customer_id: mariaId, updated: true })
    giuseppeId = body.results[0].customer_id
    meryId = body.results[1].customer_id
    expect(new Set([mariaId, giuseppeId, meryId]).size).toBe(3)
  })

  it("should tell a channel the customer id of its own record, and refuse another source's", async () => {
    const own = await get('/v1/records/web/w1', 'channel')
    expect(own.json()).toEqual({ source: 'web', record_id: 'w1', customer_id: mariaId })
    const foreign = await get(`/v1/records/${encodeURIComponent('store:MAD-01')}/t1`, 'channel')
    expect(foreign.statusCode).toBe(403)
  })

  it('should look up a record_id holding a slash when it is percent-encoded', async () => {
    const till = { record_id: 'store:MAD-01/000045', source: 'store:MAD-01', first_name: 'Pedro', last_name: 'Sánchez Ruiz', birth_date: '1966-01-30', country: 'ES' }
    const created = (await post('/v1/records', 'admin', till)).json()
    const response = await get(`/v1/records/${encodeURIComponent(till.source)}/${encodeURIComponent(till.record_id)}`, 'analyst')
    expect(response.json()).toEqual({ source: till.source, record_id: till.record_id, customer_id: created.customer_id })
  })

  it('should answer 404 for a record nobody sent', async () => {
    const response = await get('/v1/records/web/nope', 'admin')
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('ERR_RECORD_NOT_FOUND')
  })

  it('should show an admin the golden record unmasked', async () => {
    const body = (await get(`/v1/customers/${mariaId}`, 'admin')).json()
    expect(body).toMatchObject({ customer_id: mariaId, record_count: 2 })
    expect(body.alias_of).toBeUndefined()
    expect(body.golden.attributes.email.value).toBe('maria.garcia@gmail.com')
  })

  it('should show an analyst contact data masked', async () => {
    const customer = (await get(`/v1/customers/${mariaId}`, 'analyst')).json()
    expect(customer.golden.attributes.email.value).toBe('m***@g***.com')
    expect(customer.golden.emails.map((v: { value: string }) => v.value)).toEqual(['m***@g***.com'])
    expect(customer.golden.attributes.birth_date.value).toBe('1984')
    const records = await get(`/v1/customers/${mariaId}/records`, 'analyst')
    expect(records.body).not.toContain('maria.garcia@gmail.com')
    expect(records.body).not.toContain('García')
    expect(records.json().records.find((r: { record_id: string }) => r.record_id === 'w1').fields.phone).toBe('*** *** *79')
  })

  it('should find customers in search, masked for an analyst', async () => {
    const admin = (await get(`/v1/customers?query=${encodeURIComponent('Maria.Garcia@GMAIL.com')}`, 'admin')).json()
    expect(admin.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([mariaId])
    const analyst = await get(`/v1/customers?query=${encodeURIComponent('maria.garcia@gmail.com')}&limit=5`, 'analyst')
    expect(analyst.json().customers).toHaveLength(1)
    expect(analyst.body).not.toContain('maria.garcia@gmail.com')
  })

  it('should merge, and answer the absorbed id with the survivor and alias_of', async () => {
    const merged = await post(`/v1/customers/${mariaId}/merge`, 'admin', { other_customer_id: meryId, reason: 'customer called' })
    expect(merged.statusCode).toBe(200)
    expect(merged.json()).toMatchObject({ customer_id: mariaId, record_count: 3 })
    const viaAlias = await get(`/v1/customers/${meryId}`, 'admin')
    expect(viaAlias.statusCode).toBe(200)
    expect(viaAlias.json()).toMatchObject({ customer_id: mariaId, alias_of: meryId })
    expect(viaAlias.headers['x-tessera-alias-of']).toBe(meryId)
    expect(viaAlias.headers['content-location']).toBe(`/v1/customers/${mariaId}`)
  })

  it('should answer 404 for a customer id nobody minted', async () => {
    const response = await get('/v1/customers/cus_00000000000000000000000000', 'admin')
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('ERR_CUSTOMER_NOT_FOUND')
  })

  it('should split records off into a new customer', async () => {
    const response = await post(`/v1/customers/${mariaId}/split`, 'admin', { records: [{ source: 'store:BCN-01', record_id: 's5' }], reason: 'two people' })
    expect(response.statusCode).toBe(200)
    const { from, to } = response.json()
    expect(from).toMatchObject({ customer_id: mariaId, record_count: 2 })
    expect(to.customer_id).not.toBe(mariaId)
    expect(to.record_count).toBe(1)
  })

  it('should refuse to merge across a split with 409', async () => {
    const after = (await get(`/v1/records/${encodeURIComponent('store:BCN-01')}/s5`, 'admin')).json()
    const response = await post(`/v1/customers/${mariaId}/merge`, 'admin', { other_customer_id: after.customer_id })
    expect(response.statusCode).toBe(409)
    expect(response.json().error.code).toBe('ERR_MERGE_CANNOT_LINK')
  })

  it('should answer 400 to a split of a record the customer does not hold', async () => {
    const response = await post(`/v1/customers/${mariaId}/split`, 'admin', { records: [{ source: 'web', record_id: 'w2' }] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('ERR_SPLIT_RECORD_NOT_IN_CUSTOMER')
  })

  it('should keep a history whose events name the key that acted', async () => {
    const body = (await get(`/v1/customers/${mariaId}/history`, 'analyst')).json()
    const kinds = body.events.map((e: { kind: string }) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['created', 'linked', 'merged', 'split']))
    const merge = body.events.find((e: { kind: string }) => e.kind === 'merged')
    expect(merge.actor).toEqual({ id: `key:${keyIds.admin}` })
    expect(merge.details).toMatchObject({ survivor: mariaId, absorbed: meryId, reason: 'customer called' })
    const created = body.events.find((e: { kind: string }) => e.kind === 'created')
    expect(created.actor).toEqual({ id: `key:${keyIds.channel}` })
  })

  it('should list review tasks and take a decision once', async () => {
    const maybe = (await post('/v1/records', 'admin', maybeMaria)).json()
    expect(maybe.decision).toBe('review')
    const list = (await get('/v1/reviews?status=open', 'analyst')).json()
    expect(list.reviews.map((r: { review_id: string }) => r.review_id)).toContain(maybe.review_id)
    expect(list.next_after).toBeNull()
    const detail = await get(`/v1/reviews/${maybe.review_id}`, 'analyst')
    expect(detail.json()).toMatchObject({ review_id: maybe.review_id, status: 'open', record: { record_id: 's9' }, candidate: { customer_id: mariaId } })
    expect(detail.body).not.toContain('Garcia Lopez')
    const decided = await post(`/v1/reviews/${maybe.review_id}/decision`, 'admin', { decision: 'different_people' })
    expect(decided.json()).toMatchObject({ status: 'decided', decision: 'different_people', decided_by: { id: `key:${keyIds.admin}` } })
    const again = await post(`/v1/reviews/${maybe.review_id}/decision`, 'admin', { decision: 'same_person' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ERR_REVIEW_ALREADY_DECIDED')
  })

  it('should page through reviews with next_after', async () => {
    const first = (await get('/v1/reviews?limit=1', 'admin')).json()
    expect(first.reviews).toHaveLength(1)
    expect(first.next_after).toBe(first.reviews[0].review_id)
  })

  it('should answer 404 for an unknown review', async () => {
    const response = await post('/v1/reviews/rev_00000000000000000000000000/decision', 'admin', { decision: 'same_person' })
    expect(response.statusCode).toBe(404)
  })

  it('should answer 401 once a key is revoked', async () => {
    const { key, secret } = await engine.keys.create({ name: 'temporary', role: 'admin' })
    expect((await app.inject({ url: '/v1/reviews', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200)
    await engine.keys.revoke(key.keyId)
    expect((await app.inject({ url: '/v1/reviews', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401)
  })

  it('should be live and ready', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
  })

  it('should document every route of the table in /openapi.json', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json()
    expect(document.openapi).toBe('3.1.0')
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    )
    const expected = ROUTE_PERMISSIONS.filter((route) => route.url !== '/openapi.json').map(
      (route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`,
    )
    expect(documented.sort()).toEqual(expected.sort())
    const resolve = document.paths['/v1/records'].post
    expect(resolve.security).toEqual([{ bearer: [] }, { apiKeyHeader: [] }])
    expect(resolve.requestBody.content['application/json'].schema.required).toEqual(['record_id', 'source'])
  })

  it('should have logged no customer data and no secret', () => {
    const logged = logLines.join('')
    expect(logLines.length).toBeGreaterThan(20)
    for (const value of [...PII, ...Object.values(secrets)]) expect(logged).not.toContain(value)
  })
})
