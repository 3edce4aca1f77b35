/**
 * @module api — the HTTP API over an IdentityEngine: routes, API keys and roles, validation,
 * errors, request ids, logs without PII, and the OpenAPI document. It calls the engine only;
 * it never opens a store or scores a pair itself (STYLE D5).
 */

/** Builds the Fastify app over an engine; it does not listen. Call `ready()` or `inject()`. */
export { createServer, BODY_LIMIT_BYTES, type CreateServerOptions } from './create-server.js'
/** Listens, and closes gracefully (in-flight requests finish, then the engine closes). */
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type StartServerOptions } from './start-server.js'
/** The route → roles table every request is checked against. */
export { ROUTE_PERMISSIONS, type RoutePermission, type RouteAccess } from './permissions.js'
export type { ServerLogOptions } from './logging.js'
export type { ErrorBody } from './errors.js'
