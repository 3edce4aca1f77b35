import { IdentityError, type ErrorKind } from '../core/index.js'

/** Exit codes: the one place that maps error kinds to them. */
export const EXIT_CODES: Record<ErrorKind | 'ok', number> = {
  ok: 0,
  internal: 1,
  invalid_input: 2,
  not_found: 2,
  conflict: 2,
  rate_limited: 3,
  unavailable: 3,
}

/** Prints an error to stderr (never customer data: messages are built without values) and returns the exit code. */
export function reportError(error: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof IdentityError) {
    stream.write(`✖ ${error.message}\n`)
    for (const issue of error.issues.slice(0, 20)) {
      stream.write(`  → at ${issue.path.join(' ')}: ${issue.message}\n`)
    }
    if (error.issues.length > 20) stream.write(`  … and ${error.issues.length - 20} more\n`)
    stream.write(`  (${error.code})\n`)
    return EXIT_CODES[error.kind]
  }
  // The message of an unexpected error may quote the data it choked on: print only its type and
  // where it was raised, never its text.
  const kind = error instanceof Error ? error.name : typeof error
  const where = error instanceof Error ? (error.stack?.split('\n')[1]?.trim() ?? '') : ''
  stream.write(`✖ internal error (${kind}) ${where}\n  (ERR_INTERNAL) please report this with the command you ran\n`)
  return EXIT_CODES.internal
}
