/**
 * Who may call what: the one table of routes and the roles allowed on each. The server refuses
 * to start with a route that is missing here (see create-server.ts), and the 401/403 tests
 * iterate over this table, so a new route cannot escape either.
 */
import type { ApiKey, ApiKeyRole } from '../engine/index.js'

export type HttpMethod = 'GET' | 'POST'

/** 'public': no key needed; otherwise the roles whose keys may call the route. */
export type RouteAccess = 'public' | readonly ApiKeyRole[]

export interface RoutePermission {
  readonly method: HttpMethod
  /** The route pattern as Fastify spells it: '/v1/customers/:customer_id'. */
  readonly url: string
  readonly access: RouteAccess
}

const READERS = ['admin', 'analyst'] as const satisfies readonly ApiKeyRole[]

export const ROUTE_PERMISSIONS: readonly RoutePermission[] = [
  { method: 'GET', url: '/healthz', access: 'public' },
  { method: 'GET', url: '/readyz', access: 'public' },
  { method: 'GET', url: '/openapi.json', access: 'public' },
  { method: 'POST', url: '/v1/records', access: ['admin', 'channel'] },
  { method: 'POST', url: '/v1/records/batch', access: ['admin', 'channel'] },
  { method: 'GET', url: '/v1/records/:source/:record_id', access: ['admin', 'channel', 'analyst'] },
  { method: 'GET', url: '/v1/customers', access: READERS },
  { method: 'GET', url: '/v1/customers/:customer_id', access: READERS },
  { method: 'GET', url: '/v1/customers/:customer_id/records', access: READERS },
  { method: 'GET', url: '/v1/customers/:customer_id/history', access: READERS },
  { method: 'POST', url: '/v1/customers/:customer_id/merge', access: ['admin'] },
  { method: 'POST', url: '/v1/customers/:customer_id/split', access: ['admin'] },
  { method: 'GET', url: '/v1/reviews', access: READERS },
  { method: 'GET', url: '/v1/reviews/:review_id', access: READERS },
  { method: 'POST', url: '/v1/reviews/:review_id/decision', access: ['admin'] },
  { method: 'POST', url: '/v1/counter/registrations', access: ['store'] },
  { method: 'POST', url: '/v1/counter/registrations/:registration_id/new-customer', access: ['store'] },
  { method: 'GET', url: '/v1/counter/search', access: ['store'] },
  { method: 'POST', url: '/v1/counter/identify', access: ['store'] },
  { method: 'POST', url: '/v1/customers/:customer_id/devices', access: ['admin', 'channel'] },
  { method: 'POST', url: '/v1/devices/:device_id/revoke', access: ['admin', 'channel'] },
  { method: 'POST', url: '/v1/verifications', access: ['admin', 'channel', 'store'] },
  { method: 'POST', url: '/v1/verifications/:verification_id/confirm', access: ['admin', 'channel', 'store'] },
  { method: 'GET', url: '/v1/audit', access: ['admin'] },
  { method: 'GET', url: '/card/:card_token', access: 'public' },
  { method: 'GET', url: '/card/:card_token/code', access: 'public' },
]

/** The browsable docs (swagger-ui serves several files under it); public like /openapi.json. */
export const DOCS_PREFIX = '/docs'

/** Roles that see contact data masked (core/privacy/mask.ts), never as typed. */
const MASKED_ROLES: readonly ApiKeyRole[] = ['analyst']

/**
 * The access of a route, or undefined when the table does not list it. HEAD is answered like
 * GET (Fastify adds a HEAD route for every GET route).
 */
export function accessOf(method: string, url: string): RouteAccess | undefined {
  if (url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`)) return 'public'
  const asked = method === 'HEAD' ? 'GET' : method
  return ROUTE_PERMISSIONS.find((route) => route.method === asked && route.url === url)?.access
}

/** Whether the key's holder sees contact data masked. */
export function seesMaskedContactData(key: ApiKey): boolean {
  return MASKED_ROLES.includes(key.role)
}

/**
 * Whether the key may send or read records of the source. A channel key bound to a source is
 * limited to it, so one shop's key can neither write as another channel nor probe its records.
 */
export function mayUseSource(key: ApiKey, source: string): boolean {
  return key.role !== 'channel' || key.source === undefined || key.source === source
}
