/**
 * Errors over HTTP: validation issues that name fields and never echo values, kind → status,
 * a generic 500 for the unexpected, request ids, and logs without customer data. The engine is
 * a fake: these are the HTTP layer's own behaviours.
 */
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'

import { IdentityError, type ErrorKind } from '../core/index.js'
import type { IdentityEngine } from '../engine/index.js'
import { createFakeIdentityEngine, FAKE_SECRETS, type FakeEngineOverrides } from '../../test/helpers/fake-identity-engine.js'
import { createServer } from './create-server.js'
import { issuesFromZod } from './errors.js'

const SECRET_EMAIL = 'secret.value@example.com'
const ADMIN = { authorization: `Bearer ${FAKE_SECRETS.admin}` }

let app: FastifyInstance
let logLines: string[]

function serve(overrides: FakeEngineOverrides = {}, engine: IdentityEngine = createFakeIdentityEngine(overrides)): FastifyInstance {
  logLines = []
  app = createServer({ engine, logger: { level: 'debug', destination: { write: (line: string) => logLines.push(line) } } })
  return app
}

afterEach(async () => {
  await app.close()
})

const postRecord = (payload: unknown, headers: Record<string, string> = ADMIN) =>
  app.inject({ method: 'POST', url: '/v1/records', headers, payload: payload as object })

describe('validation errors', () => {
  it('should name the field and its expected type without echoing the value', async () => {
    serve()
    const response = await postRecord({ record_id: 'w1', source: 'web', phone: [SECRET_EMAIL] })
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain(SECRET_EMAIL)
    expect(response.json()).toMatchObject({
      error: {
        code: 'ERR_VALIDATION',
        issues: [{ path: ['body', 'phone'], code: 'invalid_type', message: 'Invalid input: expected string, received array' }],
      },
      requestId: response.headers['x-request-id'],
    })
  })

  it('should report every issue at once', async () => {
    serve()
    const response = await postRecord({ source: 'web', email: 42, birth_date: { year: 1984 } })
    const paths = response.json().error.issues.map((issue: { path: unknown[] }) => issue.path.join('.'))
    expect(paths).toEqual(['body.record_id', 'body.email', 'body.birth_date'])
  })

  it('should not echo an unknown field whose name is customer data', async () => {
    serve()
    const response = await postRecord({ record_id: 'w1', source: 'web', [SECRET_EMAIL]: 'x', emial: 'y' })
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain(SECRET_EMAIL)
    expect(response.json().error.issues[0].message).toBe('unknown field "emial", 1 more: expected only the fields this endpoint documents')
  })

  it('should not echo a value over the length limit', async () => {
    serve()
    const long = `${SECRET_EMAIL}${'x'.repeat(300)}`
    const response = await postRecord({ record_id: 'w1', source: 'web', email: long })
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain(SECRET_EMAIL)
  })

  it('should answer invalid JSON with a fixed message', async () => {
    serve()
    const response = await app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: `{"record_id": "w1", "email": ${SECRET_EMAIL}}`,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('ERR_BODY_INVALID_JSON')
    expect(response.body).not.toContain(SECRET_EMAIL)
  })

  it('should refuse a batch of more than 1,000 records naming the field', async () => {
    serve()
    const records = Array.from({ length: 1001 }, (_, k) => ({ record_id: `w${k}`, source: 'web' }))
    const response = await app.inject({ method: 'POST', url: '/v1/records/batch', headers: ADMIN, payload: { records } })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.issues).toEqual([
      { path: ['body', 'records'], code: 'too_big', message: 'expected at most 1000 records per request; split the batch' },
    ])
  })

  it('should reject a bad record of a batch alone, without its values', async () => {
    serve()
    const records = [{ record_id: 'w1', source: 'web' }, { record_id: 'w2', source: 'web', email: [SECRET_EMAIL] }]
    const response = await app.inject({ method: 'POST', url: '/v1/records/batch', headers: ADMIN, payload: { records } })
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain(SECRET_EMAIL)
    const body = response.json()
    expect(body).toMatchObject({ resolved: 1, rejected: 1 })
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', error: { code: 'ERR_VALIDATION', issues: [{ path: ['records', 1, 'email'] }] } })
  })

  it('should answer 413 to a body over the limit', async () => {
    serve()
    const response = await postRecord({ record_id: 'w1', source: 'web', first_name: 'x'.repeat(2 * 1024 * 1024) })
    expect(response.statusCode).toBe(413)
    expect(response.json().error.code).toBe('ERR_BODY_TOO_LARGE')
  })

  it('should validate query strings and path parameters too', async () => {
    serve()
    const search = await app.inject({ url: '/v1/customers?query=ana&limit=1000', headers: ADMIN })
    expect(search.json().error.issues[0]).toMatchObject({ path: ['query', 'limit'], code: 'too_big' })
    const customer = await app.inject({ url: '/v1/customers/web-1', headers: ADMIN })
    expect(customer.json().error.issues[0]).toMatchObject({ path: ['params', 'customer_id'], code: 'invalid_format' })
  })
})

describe('issuesFromZod', () => {
  it('should count the unknown keys it does not name', () => {
    const issues = issuesFromZod([{ code: 'unrecognized_keys', keys: ['a b', 'c@d'], path: [], message: '', input: {} }], ['body'])
    expect(issues).toEqual([{ path: ['body'], code: 'unrecognized_keys', message: 'unknown field 2 more: expected only the fields this endpoint documents' }])
  })
})

describe('engine errors', () => {
  const statusOf: [ErrorKind, number][] = [
    ['invalid_input', 400],
    ['not_found', 404],
    ['conflict', 409],
    ['unavailable', 503],
  ]

  it.each(statusOf)('should answer a %s error with %i, its code and message', async (kind, status) => {
    serve({
      resolve: async () => {
        throw new IdentityError({ kind, code: 'ERR_SOMETHING', message: 'what went wrong and what to do' })
      },
    })
    const response = await postRecord({ record_id: 'w1', source: 'web' })
    expect(response.statusCode).toBe(status)
    expect(response.json().error).toEqual({ code: 'ERR_SOMETHING', message: 'what went wrong and what to do' })
  })

  it('should answer an internal error with a generic 500', async () => {
    serve({
      resolve: async () => {
        throw new IdentityError({ kind: 'internal', code: 'ERR_BUG', message: `state broken near ${SECRET_EMAIL}` })
      },
    })
    const response = await postRecord({ record_id: 'w1', source: 'web' })
    expect(response.statusCode).toBe(500)
    expect(response.json().error.code).toBe('ERR_INTERNAL')
    expect(response.body).not.toContain(SECRET_EMAIL)
  })

  it('should log an unexpected error by type and place, never by its message', async () => {
    serve({
      resolve: async () => {
        throw new TypeError(`cannot read ${SECRET_EMAIL}`)
      },
    })
    const response = await postRecord({ record_id: 'w1', source: 'web' })
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toContain(SECRET_EMAIL)
    const logged = logLines.join('')
    expect(logged).toContain('"type":"TypeError"')
    expect(logged).not.toContain(SECRET_EMAIL)
  })

  it('should answer 503 when authentication cannot reach the store', async () => {
    const engine = createFakeIdentityEngine()
    serve({}, {
      ...engine,
      keys: {
        ...engine.keys,
        authenticate: async () => {
          throw new IdentityError({ kind: 'unavailable', code: 'ERR_STORE_UNAVAILABLE', message: 'the store does not answer; retry' })
        },
      },
    })
    const response = await app.inject({ url: '/v1/reviews', headers: ADMIN })
    expect(response.statusCode).toBe(503)
  })
})

describe('unknown routes', () => {
  it('should answer 404 with a code and the request id', async () => {
    serve()
    const response = await app.inject({ url: '/v1/nothing-here' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ error: { code: 'ERR_ROUTE_NOT_FOUND' }, requestId: response.headers['x-request-id'] })
  })
})

describe('unreadable URLs', () => {
  it('should answer bad percent-encoding with a fixed 400 and the request id', async () => {
    serve()
    const response = await app.inject({ url: '/v1/records/web/%E0%A4%A', headers: ADMIN })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: 'ERR_BAD_REQUEST' }, requestId: response.headers['x-request-id'] })
  })
})

describe('request ids', () => {
  it('should generate one when the caller sends none', async () => {
    serve()
    const response = await app.inject({ url: '/healthz' })
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("should keep the caller's id when it is a plain token", async () => {
    serve()
    const response = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'till-42.7' } })
    expect(response.headers['x-request-id']).toBe('till-42.7')
  })

  it("should replace the caller's id when it is not a plain token", async () => {
    serve()
    const response = await app.inject({ url: '/healthz', headers: { 'x-request-id': `${SECRET_EMAIL} <script>` } })
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('readiness', () => {
  it('should answer 503 when the engine is not ready', async () => {
    serve({ ready: async () => false })
    const response = await app.inject({ url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'not_ready' })
  })
})

describe('request logs', () => {
  it('should log method, route pattern, status, request id and key id', async () => {
    serve()
    const response = await app.inject({ url: '/v1/records/web/w1', headers: { ...ADMIN, 'x-request-id': 'req-1' } })
    const line = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'request completed')
    expect(line).toMatchObject({ reqId: 'req-1', method: 'GET', route: '/v1/records/:source/:record_id', status: response.statusCode, keyId: 'key_admin' })
    expect(typeof line?.durationMs).toBe('number')
  })

  it('should log neither the search query, the body nor the key', async () => {
    serve()
    await app.inject({ url: `/v1/customers?query=${encodeURIComponent(SECRET_EMAIL)}`, headers: ADMIN })
    await postRecord({ record_id: 'w1', source: 'web', email: SECRET_EMAIL, first_name: 'Philomena' })
    await postRecord({ record_id: 'w1', source: 'web', email: [SECRET_EMAIL] })
    const logged = logLines.join('')
    expect(logLines.length).toBeGreaterThanOrEqual(3)
    expect(logged).not.toContain(SECRET_EMAIL)
    expect(logged).not.toContain(encodeURIComponent(SECRET_EMAIL))
    expect(logged).not.toContain('Philomena')
    expect(logged).not.toContain(FAKE_SECRETS.admin)
  })
})
