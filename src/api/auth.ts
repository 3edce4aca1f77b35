/**
 * API keys: `Authorization: Bearer tsk_…` (or `X-Api-Key: tsk_…`), checked against the route's
 * entry in permissions.ts before the body is even read. 401 when no valid key was presented
 * (missing, unknown, revoked), 403 when the key is valid but its role may not call the route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

import type { Actor, ApiKey, IdentityEngine } from '../engine/index.js'
import { sendError } from './errors.js'
import type { RouteAccess } from './permissions.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated key; null on public routes. */
    apiKey: ApiKey | null
  }
  interface FastifyContextConfig {
    /** Set for every route from permissions.ts when the route is registered. */
    access?: RouteAccess
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i

/** The secret the request presents, from Authorization (Bearer) or X-Api-Key. */
export function presentedSecret(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization)
    if (match !== null) return match[1]
  }
  const apiKey = request.headers['x-api-key']
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined
}

function unauthenticated(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  void reply.header('www-authenticate', 'Bearer realm="tessera"')
  return sendError(request, reply, 401, 'ERR_UNAUTHENTICATED', message)
}

/** The onRequest hook that authenticates and authorises every non-public route. */
export function createAuthenticationHook(engine: IdentityEngine) {
  // An async hook that answers early must return the reply, so Fastify stops there.
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const access = request.routeOptions.config.access
    // No access entry: an unknown URL on its way to the 404 handler.
    if (access === undefined || access === 'public') return undefined
    const secret = presentedSecret(request)
    if (secret === undefined) {
      return unauthenticated(request, reply, 'this endpoint needs an API key: send "Authorization: Bearer tsk_…" (keys are made with `tessera keys create`)')
    }
    const key = await engine.keys.authenticate(secret)
    if (key === undefined) {
      return unauthenticated(request, reply, 'the API key is not valid (unknown or revoked); check it or ask an admin for a new one')
    }
    request.apiKey = key
    if (!access.includes(key.role)) {
      return sendError(request, reply, 403, 'ERR_FORBIDDEN', `a key with role ${key.role} may not call this endpoint; roles allowed: ${access.join(', ')}`)
    }
    return undefined
  }
}

/** The authenticated key of a protected route (the hook has run, so there is one). */
export function requireKey(request: FastifyRequest): ApiKey {
  if (request.apiKey === null) throw new Error('requireKey called on a route without authentication')
  return request.apiKey
}

/** Who did it, for the customer history: the key, by its public id. */
export function actorOf(key: ApiKey): Actor {
  return { id: `key:${key.keyId}` }
}
