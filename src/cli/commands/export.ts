import { assertWritablePath, exportCustomerIds, exportLabelledPairs, openConfiguredStore } from '../../engine/index.js'
import { reportError } from '../output.js'
import { configFromFlags, formatCount } from './shared.js'
import { storeFromFlags, type StoreFlags } from './store-flags.js'

export interface ExportFlags extends StoreFlags {
  out: string
  labels?: string
  config?: string
}

/** `tessera export --out FILE`: record_id,customer_id of every stored record (CONTRACT.md). */
export async function runExport(flags: ExportFlags): Promise<number> {
  try {
    const config = configFromFlags({ map: [], onError: 'fail', ...(flags.config === undefined ? {} : { config: flags.config }) }, storeFromFlags(flags))
    await assertWritablePath(flags.out)
    if (flags.labels !== undefined) await assertWritablePath(flags.labels)
    const store = await openConfiguredStore(config)
    try {
      const { rows } = await exportCustomerIds(store, flags.out)
      process.stderr.write(`exported ${formatCount(rows)} records → ${flags.out}\n`)
      if (flags.labels !== undefined) {
        const labelled = await exportLabelledPairs(store, flags.labels)
        process.stderr.write(`exported ${formatCount(labelled.rows)} labelled pairs (decisions) → ${flags.labels}\n`)
      }
      return 0
    } finally {
      await store.close()
    }
  } catch (error) {
    return reportError(error)
  }
}
