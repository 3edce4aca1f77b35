import type { Issue } from './errors.js'

/** Expected failures at a boundary are returned, not thrown. */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(issues: Issue[]): Result<T> => ({ ok: false, issues })
