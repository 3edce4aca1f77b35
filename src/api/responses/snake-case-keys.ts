/** 'matchWeight' → 'match_weight': the API's JSON is snake_case like the data contract (STYLE N7). */
export function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

/**
 * A copy of a JSON-like value with every object key in snake_case, at every depth. For engine
 * structures the API passes through (explanations, event details), which are camelCase inside.
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [toSnakeCase(key), snakeCaseKeys(child)]))
}
