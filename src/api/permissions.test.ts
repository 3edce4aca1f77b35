/**
 * 401 and 403 for every route × role, driven by the table in permissions.ts: a route added to
 * the table is tested here at once, and a route left out of it stops the server from starting.
 * The engine is a fake: this is about the HTTP layer's gatekeeping, not about identities.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { API_KEY_ROLES } from '../engine/index.js'
import { createFakeIdentityEngine, FAKE_SECRETS } from '../../test/helpers/fake-identity-engine.js'
import { createServer } from './create-server.js'
import { ROUTE_PERMISSIONS, type RoutePermission } from './permissions.js'

const SAMPLE_PARAMS: Readonly<Record<string, string>> = {
  customer_id: 'cus_01TEST',
  review_id: 'rev_01TEST',
  source: 'web',
  record_id: 'w1',
  card_token: 'abcdefghijklmnopqrstuvwxyz012345',
  registration_id: 'reg_01TEST',
  verification_id: 'ver_01TEST',
  device_id: 'dev_01TEST',
}

const urlOf = (route: RoutePermission) => route.url.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x')

const PROTECTED = ROUTE_PERMISSIONS.filter((route) => route.access !== 'public')
const PUBLIC = ROUTE_PERMISSIONS.filter((route) => route.access === 'public')

let app: FastifyInstance

beforeAll(async () => {
  app = createServer({ engine: createFakeIdentityEngine(), logger: false })
  await app.ready()
})

afterAll(async () => {
  await app.close()
})

function call(route: RoutePermission, headers: Record<string, string> = {}) {
  return app.inject({
    method: route.method,
    url: urlOf(route),
    headers,
    ...(route.method === 'POST' ? { payload: {} } : {}),
  })
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

describe('the route table', () => {
  it('should list only routes the server has', () => {
    const missing = ROUTE_PERMISSIONS.filter((route) => !app.hasRoute({ method: route.method, url: route.url }))
    expect(missing).toEqual([])
  })

  it('should refuse to start with a route the table does not list', async () => {
    const other = createServer({ engine: createFakeIdentityEngine(), logger: false })
    void other.register(async (api) => {
      api.get('/v1/unlisted', async () => ({}))
    })
    await expect(other.ready()).rejects.toThrow(/GET \/v1\/unlisted is not in src\/api\/permissions\.ts/)
  })
})

describe('HEAD routes', () => {
  it('should guard the HEAD twin of a GET route like the GET route', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/v1/customers/cus_01TEST' })).statusCode).toBe(401)
    const channel = await app.inject({ method: 'HEAD', url: '/v1/reviews', headers: bearer(FAKE_SECRETS.channel) })
    expect(channel.statusCode).toBe(403)
  })
})

describe.each(PROTECTED.map((route) => [`${route.method} ${route.url}`, route] as const))('%s', (_name, route) => {
  const allowed = route.access as readonly string[]

  it('should answer 401 with WWW-Authenticate when no key is sent', async () => {
    const response = await call(route)
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(response.json().error.code).toBe('ERR_UNAUTHENTICATED')
  })

  it('should answer 401 when the key is unknown', async () => {
    const response = await call(route, bearer('tsk_key_nobody_secret'))
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/)
  })

  it('should answer 401 when the key is revoked', async () => {
    const response = await call(route, bearer(FAKE_SECRETS.revoked))
    expect(response.statusCode).toBe(401)
  })

  it('should answer 401 when the Authorization scheme is not Bearer', async () => {
    const response = await call(route, { authorization: `Basic ${FAKE_SECRETS.admin}` })
    expect(response.statusCode).toBe(401)
  })

  it.each(API_KEY_ROLES.filter((role) => !allowed.includes(role)))('should answer 403 to a %s key', async (role) => {
    const response = await call(route, bearer(FAKE_SECRETS[role]))
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('ERR_FORBIDDEN')
  })

  it.each(allowed)('should let a %s key through', async (role) => {
    const response = await call(route, bearer(FAKE_SECRETS[role as keyof typeof FAKE_SECRETS]))
    expect([401, 403]).not.toContain(response.statusCode)
  })

  it.each(allowed)('should accept a %s key in X-Api-Key', async (role) => {
    const response = await call(route, { 'x-api-key': FAKE_SECRETS[role as keyof typeof FAKE_SECRETS] })
    expect([401, 403]).not.toContain(response.statusCode)
  })
})

describe.each(PUBLIC.map((route) => [`${route.method} ${route.url}`, route] as const))('%s', (_name, route) => {
  it('should answer without a key', async () => {
    const response = await call(route)
    expect([401, 403]).not.toContain(response.statusCode)
    // The card routes answer from the counter, which this fake server runs without.
    if (!route.url.startsWith('/card/')) expect(response.statusCode).toBe(200)
  })
})

describe('the browsable docs', () => {
  it('should be served without a key', async () => {
    const response = await app.inject({ url: '/docs/' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/text\/html/)
  })
})

describe('a channel key bound to a source', () => {
  const channel = bearer(FAKE_SECRETS.channel)

  it('should resolve a record of its own source', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/records', headers: channel, payload: { record_id: 'w1', source: 'web' } })
    expect(response.statusCode).toBe(200)
  })

  it('should answer 403 to a record of another source', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/records', headers: channel, payload: { record_id: 'a1', source: 'app' } })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('ERR_FORBIDDEN')
  })

  it('should answer 403 to a batch holding one record of another source', async () => {
    const records = [{ record_id: 'w1', source: 'web' }, { record_id: 'a1', source: 'app' }]
    const response = await app.inject({ method: 'POST', url: '/v1/records/batch', headers: channel, payload: { records } })
    expect(response.statusCode).toBe(403)
  })

  it("should answer 403 when reading another source's record", async () => {
    const response = await app.inject({ url: '/v1/records/app/a1', headers: channel })
    expect(response.statusCode).toBe(403)
  })
})
