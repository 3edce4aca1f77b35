/** Keys converted so far: an API answer repeats the same few dozen keys in every response. */
const converted = new Map<string, string>()
const MAX_REMEMBERED_KEYS = 10_000

/** 'matchWeight' → 'match_weight': the API's JSON is snake_case like the data contract (STYLE N7). */
export function toSnakeCase(key: string): string {
  let snake = converted.get(key)
  if (snake === undefined) {
    snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
    // Keys come from our own structures, but details can carry keys of stored data: bounded.
    if (converted.size < MAX_REMEMBERED_KEYS) converted.set(key, snake)
  }
  return snake
}

/**
 * A copy of a JSON-like value with every object key in snake_case, at every depth. For engine
 * structures the API passes through (explanations, event details), which are camelCase inside.
 * (A loop rather than Object.entries/fromEntries: it runs over every explanation of every answer,
 * and the intermediate arrays were most of its cost.)
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys)
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const child = snakeCaseKeys((value as Record<string, unknown>)[key])
    // Assigned, a key '__proto__' (JSON can carry one) would set the copy's prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true })
    else copy[toSnakeCase(key)] = child
  }
  return copy
}
