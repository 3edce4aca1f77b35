/**
 * zod schemas as Fastify route schemas: routes declare zod schemas for params, query, body and
 * responses; requests are validated by zod, and the OpenAPI document gets the same schemas
 * converted to JSON Schema (z.toJSONSchema). One source for both, so the docs cannot drift.
 * Responses are serialised with JSON.stringify: their schemas are documentation only.
 */
import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { z } from 'zod'

import { issuesFromZod, RequestValidationError } from './errors.js'

/** Where an issue is, as the caller knows the parts of a request. */
const LOCATION_OF_PART: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const where = LOCATION_OF_PART[httpPart ?? 'body'] ?? 'body'
  return (data: unknown) => {
    const result = schema.safeParse(data)
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(issuesFromZod(result.error.issues, [where])) }
  }
}

export const jsonSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data)

/** Schemas validated loosely but documented as another schema (see documentedAs). */
const DOCUMENTED_AS = new WeakMap<object, z.ZodType>()

/**
 * Marks `schema` to appear in the OpenAPI document as `documentation`. For a batch, whose
 * elements are validated one by one in the handler (a bad record is rejected alone), the
 * request schema accepts anything per element while the docs show the record's schema.
 */
export function documentedAs<T extends z.ZodType>(schema: T, documentation: z.ZodType): T {
  DOCUMENTED_AS.set(schema, documentation)
  return schema
}

/** JSON Schema of a zod schema, for requests ('input') or responses ('output'). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (context) => {
      const documentation = DOCUMENTED_AS.get(context.zodSchema)
      if (documentation === undefined) return
      for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as Record<string, unknown>)[key]
      Object.assign(context.jsonSchema, jsonSchemaOf(documentation, io))
    },
  }) as Record<string, unknown>
  delete json.$schema
  return json
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType

/** @fastify/swagger's `transform`: a route's zod schemas as JSON Schema. */
export function routeSchemaToJsonSchema(schema: FastifySchema | undefined): FastifySchema | undefined {
  if (schema === undefined) return undefined
  const converted: Record<string, unknown> = { ...schema }
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    const value = schema[part]
    if (isZod(value)) converted[part] = jsonSchemaOf(value, 'input')
  }
  if (typeof schema.response === 'object' && schema.response !== null) {
    converted.response = Object.fromEntries(
      Object.entries(schema.response).map(([status, value]) => [status, isZod(value) ? jsonSchemaOf(value, 'output') : value]),
    )
  }
  return converted as FastifySchema
}
