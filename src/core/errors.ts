/**
 * Errors as data: one base class with a closed `kind` and a stable `code`. Messages say what,
 * where, what was expected and what to do, and never contain customer data (name the field,
 * the record_id or line, and the type or length of a value, never the value itself).
 */
export const ERROR_KINDS = ['invalid_input', 'not_found', 'conflict', 'rate_limited', 'unavailable', 'internal'] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

/** One problem with an input, located by `path` (e.g. ['line', 17, 'birth_date']). */
export interface Issue {
  path: (string | number)[]
  code: string
  message: string
}

export interface IdentityErrorOptions {
  kind: ErrorKind
  code: string
  message: string
  issues?: Issue[]
  cause?: unknown
}

export class IdentityError extends Error {
  override name = 'IdentityError'
  readonly kind: ErrorKind
  readonly code: string
  readonly issues: Issue[]

  constructor(options: IdentityErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.kind = options.kind
    this.code = options.code
    this.issues = options.issues ?? []
  }
}

type KindlessOptions = Omit<IdentityErrorOptions, 'kind'>

export class InputError extends IdentityError {
  override name = 'InputError'
  constructor(options: KindlessOptions) {
    super({ ...options, kind: 'invalid_input' })
  }
}

export class NotFoundError extends IdentityError {
  override name = 'NotFoundError'
  constructor(options: KindlessOptions) {
    super({ ...options, kind: 'not_found' })
  }
}

export class ConflictError extends IdentityError {
  override name = 'ConflictError'
  constructor(options: KindlessOptions) {
    super({ ...options, kind: 'conflict' })
  }
}

export class UnavailableError extends IdentityError {
  override name = 'UnavailableError'
  constructor(options: KindlessOptions) {
    super({ ...options, kind: 'unavailable' })
  }
}

export class InternalError extends IdentityError {
  override name = 'InternalError'
  constructor(options: KindlessOptions) {
    super({ ...options, kind: 'internal' })
  }
}

/** Too many attempts in a window (searches, failed identifications, codes asked for). */
export class RateLimitedError extends IdentityError {
  override name = 'RateLimitedError'
  /** Seconds until the window frees a slot. */
  readonly retryAfterSeconds: number
  constructor(options: KindlessOptions & { retryAfterSeconds: number }) {
    super({ ...options, kind: 'rate_limited' })
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}
