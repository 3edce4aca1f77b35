/**
 * The OpenAPI document (GET /openapi.json) and the browsable docs (/docs), both public. Route
 * schemas are zod; they are converted here, and each protected operation is marked with its
 * security schemes and the roles that may call it (from permissions.ts).
 */
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

import { accessOf, DOCS_PREFIX } from './permissions.js'
import { routeSchemaToJsonSchema } from './zod-route-schemas.js'

const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer tsk_…`' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same key in X-Api-Key' },
} as const

/**
 * Registers the document and the docs. Must come before the routes' plugin: @fastify/swagger
 * collects routes as they are added.
 */
export function registerOpenApi(app: FastifyInstance): void {
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera identity API',
        version: '1',
        description: 'One customer ID across every sales channel. Every /v1 endpoint needs an API key; the roles allowed are listed on each.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: ({ schema, url, route }) => {
      const converted = routeSchemaToJsonSchema(schema) ?? {}
      const method = Array.isArray(route.method) ? route.method[0] : route.method
      const access = accessOf(method, url)
      if (access === undefined || access === 'public') return { schema: converted, url }
      const roles = `Roles: ${access.join(', ')}.`
      const description = typeof converted.description === 'string' ? `${converted.description}\n\n${roles}` : roles
      return { schema: { ...converted, description, security: [{ bearer: [] }, { apiKeyHeader: [] }] }, url }
    },
  })
  void app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
