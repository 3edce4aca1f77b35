import { z } from 'zod'

import { CUSTOMER_EVENT_KINDS, type CustomerEvent } from '../../engine/index.js'
import { snakeCaseKeys } from './snake-case-keys.js'

export const actorBodySchema = z.object({
  id: z.string().describe("who: 'key:<key_id>' for an API key, 'cli', 'system', 'import:<job_id>'"),
  user: z.string().optional(),
})

export const eventBodySchema = z
  .object({
    event_id: z.number().int(),
    customer_id: z.string(),
    kind: z.enum(CUSTOMER_EVENT_KINDS),
    at: z.string(),
    actor: actorBodySchema,
    details: z.record(z.string(), z.unknown()).describe('why: rule, score, record ids (never contact data)'),
  })
  .meta({ title: 'CustomerEvent' })

export type EventBody = z.infer<typeof eventBodySchema>

export function toEventBody(event: CustomerEvent): EventBody {
  return {
    event_id: event.eventId,
    customer_id: event.customerId,
    kind: event.kind,
    at: event.at,
    actor: { ...event.actor },
    details: snakeCaseKeys(event.details) as Record<string, unknown>,
  }
}
