import { z } from 'zod'

import { maskRecord } from '../../core/index.js'
import type { StoredRecord } from '../../engine/index.js'

export const storedRecordBodySchema = z
  .object({
    source: z.string(),
    record_id: z.string(),
    customer_id: z.string(),
    verified: z.array(z.string()).describe("contact points proven by a one-time code: 'email', 'phone'"),
    stored_at: z.string().describe('when Tessera first stored the record'),
    updated_at: z.string(),
    fields: z.record(z.string(), z.string()).describe('the record as the channel sent it (contract fields); masked for analyst keys'),
  })
  .meta({ title: 'StoredRecord' })

export type StoredRecordBody = z.infer<typeof storedRecordBodySchema>

/** A stored record as sent (never its normalised form or features), masked on request. */
export function toStoredRecordBody(record: StoredRecord, options: { masked: boolean }): StoredRecordBody {
  return {
    source: record.source,
    record_id: record.record_id,
    customer_id: record.customerId,
    verified: [...record.verified],
    stored_at: record.createdAt,
    updated_at: record.updatedAt,
    fields: { ...(options.masked ? maskRecord(record.raw) : record.raw) },
  }
}
