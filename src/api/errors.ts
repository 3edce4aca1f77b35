/**
 * Errors as HTTP: the one place that maps error kinds to status codes (STYLE E4) and builds the
 * error body. Bodies name fields, never values: a message that could quote what the caller sent
 * (a JSON parser's, a driver's, an unexpected error's) is replaced by a fixed one.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'

import { IdentityError, RateLimitedError, type ErrorKind, type Issue } from '../core/index.js'
import type { errorBodySchema } from './responses/error-body.js'

export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

export type ErrorBody = z.infer<typeof errorBodySchema>

/** Thrown by the zod validator compiler: the request's issues, already free of values. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError'
  readonly issues: Issue[]
  constructor(issues: Issue[]) {
    super('the request failed validation')
    this.issues = issues
  }
}

/** Sends an error body with the request id; `issues` only when there are some. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  issues: readonly Issue[] = [],
): FastifyReply {
  const body: ErrorBody = {
    error: { code, message, ...(issues.length === 0 ? {} : { issues: [...issues] }) },
    requestId: request.id,
  }
  return reply.code(status).send(body)
}

// A key name is shown only when it looks like a field name: keys are caller-controlled text too.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/**
 * zod issues as API issues, located under `where` ('body', 'query', 'params'). zod's messages
 * name types and limits from the schema ("expected string, received number"), never the input;
 * unrecognised keys are the one place input shows through, so odd-looking keys are not named.
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], where: readonly (string | number)[]): Issue[] {
  return issues.map((issue) => {
    const path = [...where, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))]
    if (issue.code === 'unrecognized_keys') {
      const named = issue.keys.filter((key) => FIELD_NAME.test(key))
      const unnamed = issue.keys.length - named.length
      const parts = [...named.map((key) => `"${key}"`), ...(unnamed > 0 ? [`${unnamed} more`] : [])]
      return { path, code: issue.code, message: `unknown field ${parts.join(', ')}: expected only the fields this endpoint documents` }
    }
    return { path, code: issue.code, message: issue.message }
  })
}

/** Fastify's own client errors, by their code: what we answer instead of their message. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'ERR_BODY_INVALID_JSON', message: 'the body is not valid JSON; send one JSON object' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'ERR_BODY_INVALID_JSON', message: 'the body is empty but the content type is application/json; send one JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'ERR_BODY_TOO_LARGE', message: 'the body is larger than this endpoint accepts; send fewer records per request (at most 1,000 per batch)' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE', message: 'the content type is not supported; send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'ERR_BAD_REQUEST', message: 'the content-length header does not match the body' },
  FST_ERR_BAD_URL: { status: 400, code: 'ERR_BAD_REQUEST', message: 'the URL is not valid; check its percent-encoding' },
}

/** The error handler of the server: every error a route or hook throws ends here. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof RequestValidationError) {
    return sendError(request, reply, 400, 'ERR_VALIDATION', 'the request is not valid; see issues for each field to fix', error.issues)
  }
  if (error instanceof IdentityError && error.kind !== 'internal') {
    const status = HTTP_STATUS_OF_KIND[error.kind]
    // The logger's err serializer keeps the type, code and stack frames, never the message.
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    if (error instanceof RateLimitedError) void reply.header('retry-after', String(error.retryAfterSeconds))
    return sendError(request, reply, status, error.code, error.message, error.issues)
  }
  const known = 'code' in error && typeof error.code === 'string' ? FRAMEWORK_ERRORS[error.code] : undefined
  if (known !== undefined) return sendError(request, reply, known.status, known.code, known.message)
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500
  if (status >= 400 && status < 500) {
    return sendError(request, reply, status, 'ERR_BAD_REQUEST', 'the request could not be read; check the method, headers and body')
  }
  request.log.error({ err: error }, 'request failed')
  return sendError(request, reply, 500, 'ERR_INTERNAL', 'an unexpected error occurred; it has been logged under this request id')
}
