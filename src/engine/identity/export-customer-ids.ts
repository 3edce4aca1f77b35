import type { Store } from '../../store/index.js'
import { writeCsvAtomically, writeResolutionCsv } from '../io/write-output.js'

/** Rows read from the store per query while exporting. */
const EXPORT_PAGE_ROWS = 10_000

/**
 * `tessera export`: every stored record with its customer id, in the resolution format of the
 * data contract (record_id,customer_id), streamed page by page and written atomically.
 */
export async function exportCustomerIds(
  store: Store,
  path: string,
  onProgress?: (done: number) => void,
): Promise<{ rows: number }> {
  async function* rows(): AsyncIterable<readonly [string, string]> {
    let after = 0
    let done = 0
    for (;;) {
      const page = await store.listRecordCustomerIds(after, EXPORT_PAGE_ROWS)
      if (page.length === 0) return
      for (const row of page) yield [row.record_id, row.customerId] as const
      after = page[page.length - 1].recordKey
      done += page.length
      onProgress?.(done)
    }
  }
  return writeResolutionCsv(path, rows())
}

/**
 * The decisions people took (review answers, splits, manual merges) as clerically labelled
 * pairs, `record_id_l,record_id_r,is_match`: the format `tessera train --labels` reads, so that
 * what reviewers decided trains the next model. A must-link is 1, a cannot-link 0.
 */
export async function exportLabelledPairs(store: Store, path: string): Promise<{ rows: number }> {
  const recordIds = new Map<number, string>()
  const decisions = new Map<string, { a: number; b: number; label: string }>()
  let after = 0
  for (;;) {
    const page = await store.listRecordCustomerIds(after, EXPORT_PAGE_ROWS)
    if (page.length === 0) break
    for (const row of page) recordIds.set(row.recordKey, row.record_id)
    for (const decision of await store.listPairDecisions(page.map((row) => row.recordKey))) {
      decisions.set(`${decision.recordKeyA}:${decision.recordKeyB}`, {
        a: decision.recordKeyA,
        b: decision.recordKeyB,
        label: decision.decision === 'must_link' ? '1' : '0',
      })
    }
    after = page[page.length - 1].recordKey
  }
  const rows = [...decisions.values()]
    .sort((x, y) => x.a - y.a || x.b - y.b)
    .map(({ a, b, label }) => [recordIds.get(a)!, recordIds.get(b)!, label] as const)
  return writeCsvAtomically(path, ['record_id_l', 'record_id_r', 'is_match'], rows)
}
