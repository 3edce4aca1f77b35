/**
 * Structured logs without PII. Requests are logged by one line per response (method, route
 * pattern, status, duration, request id, key id), never with their URL, query, headers or body:
 * a search query or a record is customer data, and an Authorization header is a secret.
 * Redaction below is the second line of defence, for anything that logs a request object anyway.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { destination, pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino'

import { IdentityError } from '../core/index.js'

export interface ServerLogOptions {
  /** Default 'info'. */
  readonly level?: LevelWithSilent
  /** Where the JSON lines go. Default: stdout. */
  readonly destination?: DestinationStream
}

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.body',
  'req.query',
  'req.url',
  'headers.authorization',
  'headers["x-api-key"]',
  'body',
  'query',
  'secret',
]

/** Stack frames kept in a logged error: enough to find the line, bounded in size. */
const LOGGED_STACK_FRAMES = 8

/**
 * What is logged of an error: its type, code, kind and where it was raised, never its message
 * (an unexpected error's message may quote the data it choked on) — the same rule as the CLI's.
 */
export function errorSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error }
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, LOGGED_STACK_FRAMES)
    .map((line) => line.trim())
  const causes: string[] = []
  for (let cause = error.cause; cause instanceof Error && causes.length < 5; cause = cause.cause) causes.push(cause.name)
  return {
    type: error.name,
    ...('code' in error && typeof error.code === 'string' ? { code: error.code } : {}),
    ...(error instanceof IdentityError ? { kind: error.kind } : {}),
    frames,
    ...(causes.length === 0 ? {} : { causes }),
  }
}

/** The server's pino logger: redaction and serializers that keep customer data out. */
export function createApiLogger(options: ServerLogOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tessera-api' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        err: errorSummary,
        error: errorSummary,
        // Fastify passes these on some internal lines; method and route pattern are all we keep.
        req: (request: { method?: string; routeOptions?: { url?: string } }) => ({
          method: request.method,
          route: request.routeOptions?.url,
        }),
        res: (reply: { statusCode?: number }) => ({ status: reply.statusCode }),
      },
    },
    options.destination ?? destination(1),
  )
}

/**
 * Fastify's own per-request lines quote the URL (a search query is customer data) and error
 * messages (which may quote input); they are off, and this one line per response replaces them.
 */
export class ApiLogController extends LogController {
  constructor() {
    super({ disableRequestLogging: true })
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Optional chaining: a request Fastify could not route (bad URL) never got the decoration.
    const keyId = request.apiKey?.keyId
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(keyId === undefined ? {} : { keyId }),
      ...(error === null || error === undefined ? {} : { err: error }),
    }
    if (error === null || error === undefined) request.log.info(line, 'request completed')
    else request.log.error(line, 'request errored')
  }
}
