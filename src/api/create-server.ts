/**
 * The HTTP app: routes, authentication, validation, errors, request ids, logs and the OpenAPI
 * document, over an IdentityEngine it is given (it never opens a store). It never listens:
 * start-server.ts does (STYLE L5); tests call it in-process with `app.inject`.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

import { fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify'

import { UnavailableError } from '../core/index.js'
import type { CounterService, IdentityEngine } from '../engine/index.js'
import { createAuthenticationHook } from './auth.js'
import { handleError, sendError } from './errors.js'
import { ApiLogController, createApiLogger, type ServerLogOptions } from './logging.js'
import { registerOpenApi } from './openapi.js'
import { accessOf } from './permissions.js'
import { registerCardRoutes } from './routes/card.js'
import { registerCounterRoutes } from './routes/counter.js'
import { registerCustomerRoutes } from './routes/customers.js'
import { registerHealthRoutes } from './routes/health.js'
import { registerRecordRoutes } from './routes/records.js'
import { registerReviewRoutes } from './routes/reviews.js'
import { jsonSerializerCompiler, zodValidatorCompiler } from './zod-route-schemas.js'

/** Body limit of every route but the batch (which sets its own): a record, a split list. */
export const BODY_LIMIT_BYTES = 1024 * 1024

/** An incoming x-request-id is kept only when it is a short plain token (it is logged as is). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export interface CreateServerOptions {
  readonly engine: IdentityEngine
  /** The till's service (search, registration, card, codes, audit); without it those routes answer 503. */
  readonly counter?: CounterService
  /** Log level and destination; false for no logs. Default: info, JSON lines on stdout. */
  readonly logger?: ServerLogOptions | false
}

function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id']
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
}

/** Builds the app; call `ready()` (or `inject`/`listen`, which call it) before use. */
export function createServer(options: CreateServerOptions): FastifyInstance {
  const { engine } = options
  // Typed as Fastify's logger interface, so the app is a plain FastifyInstance for the routes.
  const logger: FastifyBaseLogger = createApiLogger(options.logger === false ? { level: 'silent' } : options.logger)
  const app = fastify({
    loggerInstance: logger,
    logController: new ApiLogController(),
    genReqId: requestIdOf,
    bodyLimit: BODY_LIMIT_BYTES,
    // A URL Fastify cannot even route (bad percent-encoding) is answered like any other error.
    frameworkErrors: (error, request, reply) => {
      void reply.header('x-request-id', request.id)
      handleError(error, request, reply)
    },
  })

  app.setValidatorCompiler(zodValidatorCompiler)
  app.setSerializerCompiler(jsonSerializerCompiler)
  app.setErrorHandler(handleError)
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, 'ERR_ROUTE_NOT_FOUND', 'no endpoint has this method and path; see /openapi.json or /docs'),
  )
  app.decorateRequest('apiKey', null)

  // Every route must be in permissions.ts: a route nobody classified fails the start, not a test.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      const access = accessOf(method, route.url)
      if (access === undefined) {
        throw new Error(`route ${method} ${route.url} is not in src/api/permissions.ts; add it with the roles that may call it`)
      }
      route.config = { ...route.config, access }
    }
  })
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id)
  })
  app.addHook('onRequest', createAuthenticationHook(engine))
  // While closing, answers in flight end their connection: an idle keep-alive socket would
  // otherwise hold close() open until its timeout (72 s in Fastify).
  let draining = false
  app.addHook('preClose', async () => {
    draining = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close')
  })

  registerOpenApi(app)
  // The routes go in a plugin, loaded after swagger's, so that swagger's onRoute hook sees them.
  void app.register(async (api) => {
    registerHealthRoutes(api, engine)
    registerRecordRoutes(api, engine)
    registerCustomerRoutes(api, engine)
    registerReviewRoutes(api, engine)
    const counter = options.counter ?? counterUnavailable()
    registerCounterRoutes(api, counter)
    registerCardRoutes(api, counter)
  })
  return app
}

/** A server built without the counter (an embedding that does not need the till) says so. */
function counterUnavailable(): CounterService {
  const unavailable = async (): Promise<never> => {
    throw new UnavailableError({ code: 'ERR_COUNTER_UNAVAILABLE', message: 'this server runs without the counter service; start it with `tessera serve`' })
  }
  return {
    register: unavailable,
    registerNew: unavailable,
    search: unavailable,
    identify: unavailable,
    enrolDevice: unavailable,
    revokeDevice: unavailable,
    cardCode: unavailable,
    startVerification: unavailable,
    confirmVerification: unavailable,
    audit: unavailable,
  }
}
