import { stringHash53, type FeatureName } from '../../core/index.js'
import type { StoreReader } from '../../store/index.js'

/** Rows read per page when the snapshot is loaded. */
const LOAD_PAGE_ROWS = 50_000

/** One feature's values: hashes in ascending order, counts beside them. */
interface FeatureValues {
  readonly hashes: Float64Array
  readonly counts: Int32Array
}

/**
 * The term-frequency snapshot of the store, held in memory so that a resolve asks the store
 * nothing about frequencies. Without it a resolve reads the counts of the values it has not met
 * before: about one read in every resolve, since a new person's email, phone and name key are
 * new values (0.4 ms a resolve on PostgreSQL, about 7% of it, measured on a 240,000-record store).
 *
 * Values are kept as 53-bit hashes (core's stringHash53) in sorted typed arrays, 12 bytes a
 * value instead of a map of strings: a million-record store's snapshot holds a few million
 * values. Two values sharing a hash (about 1 in 10^4 among a million) would make one of them
 * read the other's count, a slightly different weight and nothing more.
 */
export class TermFrequencyTable {
  private constructor(
    private readonly values: ReadonlyMap<FeatureName, FeatureValues>,
    /** Records that had each feature when the snapshot was taken. */
    readonly present: ReadonlyMap<FeatureName, number>,
    readonly size: number,
  ) {}

  /**
   * Reads the whole snapshot of `features`; undefined when it holds more than `maxValues`
   * values (the caller then reads counts as it needs them).
   */
  static async load(reader: StoreReader, features: readonly FeatureName[], maxValues: number): Promise<TermFrequencyTable | undefined> {
    const wanted = new Set(features)
    const totals = await reader.getTermFrequencies(new Map(features.map((feature) => [feature, []])))
    const present = new Map<FeatureName, number>()
    for (const [feature, { present: count }] of totals) present.set(feature, count)

    const collected = new Map<FeatureName, { hashes: number[]; counts: number[] }>()
    let size = 0
    let after: { feature: FeatureName; value: string } | undefined
    for (;;) {
      const page = await reader.listTermFrequencies(after, LOAD_PAGE_ROWS)
      for (const entry of page) {
        if (!wanted.has(entry.feature)) continue
        let feature = collected.get(entry.feature)
        if (feature === undefined) collected.set(entry.feature, (feature = { hashes: [], counts: [] }))
        feature.hashes.push(stringHash53(entry.value))
        feature.counts.push(entry.count)
        size += 1
        if (size > maxValues) return undefined
      }
      if (page.length < LOAD_PAGE_ROWS) break
      after = page[page.length - 1]
    }

    const values = new Map<FeatureName, FeatureValues>()
    for (const [feature, { hashes, counts }] of collected) {
      const order = Uint32Array.from(hashes.keys()).sort((a, b) => hashes[a] - hashes[b])
      values.set(feature, {
        hashes: Float64Array.from(order, (i) => hashes[i]),
        counts: Int32Array.from(order, (i) => counts[i]),
      })
    }
    return new TermFrequencyTable(values, present, size)
  }

  /** The value's count in the snapshot; 0 when it does not hold the value. */
  count(feature: FeatureName, value: string): number {
    const table = this.values.get(feature)
    if (table === undefined) return 0
    const hash = stringHash53(value)
    const { hashes } = table
    let low = 0
    let high = hashes.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const here = hashes[middle]
      if (here === hash) return table.counts[middle]
      if (here < hash) low = middle + 1
      else high = middle - 1
    }
    return 0
  }
}
