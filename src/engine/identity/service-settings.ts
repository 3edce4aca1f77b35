import type { Config } from '../../config/index.js'

/** Settings of the identity service: the config's `service` section (defaults in the schema). */
export type ServiceSettings = Config['service']

export const CAPPED_IDENTIFIERS = ['email', 'phone', 'loyalty_card', 'tax_id'] as const
export type CappedIdentifier = (typeof CAPPED_IDENTIFIERS)[number]
