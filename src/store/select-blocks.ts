import type { LooseKeys } from './store.js'

/**
 * Which blocks a candidate read takes, given each key's block size: every block within
 * `limitPerKey`, except that the blocks of loose keys are taken smallest first (ties in the order
 * given) only while their sizes add up to at most the loose budget. Keys are distinct. The
 * SQLite store runs this; the PostgreSQL store does the same in its query, and the store contract
 * tests hold them to one answer.
 */
export function selectBlocks(
  keys: readonly string[],
  sizes: readonly number[],
  limitPerKey: number,
  loose?: LooseKeys,
): { readonly read: readonly boolean[]; readonly oversizedKeys: string[] } {
  const read = sizes.map((size) => size <= limitPerKey)
  if (loose !== undefined && loose.keys.length > 0) {
    const looseKeys = new Set(loose.keys)
    const looseReadable = keys
      .map((_, k) => k)
      .filter((k) => read[k] && looseKeys.has(keys[k]))
      .sort((a, b) => sizes[a] - sizes[b] || a - b)
    // Take while within the budget: once one block is over it, so is every larger one after.
    let used = 0
    let full = false
    for (const k of looseReadable) {
      if (!full && used + sizes[k] <= loose.budget) used += sizes[k]
      else {
        full = true
        read[k] = false
      }
    }
  }
  return { read, oversizedKeys: keys.filter((_, k) => !read[k]) }
}
