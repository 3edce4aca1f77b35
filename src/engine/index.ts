/**
 * @module engine — wires the pure core to files and threads: reads inputs, runs the batch
 * pipeline on worker threads, writes outputs. The only layer that does cross-area work.
 */
export * from './batch/resolve-batch.js'
export * from './io/read-records.js'
export * from './io/column-mapping.js'
export * from './io/write-output.js'
export * from './io/read-clustering-file.js'
export * from './batch/pairs-file.js'
export { dominantCountries } from './batch/batch-tasks.js'
export * from './io/read-labelled-pairs.js'
export * from './identity/identity-engine.js'
export { createIdentityEngine, searchProbe, type IdentityEngineDependencies } from './identity/create-identity-engine.js'
export {
  openIdentityEngine,
  openConfiguredStore,
  loadDefaultModel,
  activeModel,
  applyConfiguredSettings,
  type OpenedIdentityEngine,
} from './identity/open-identity-engine.js'
export { importRecords, type ImportOptions, type ImportSummary, type ImportProgressEvent } from './identity/import-records.js'
export { exportCustomerIds, exportLabelledPairs } from './identity/export-customer-ids.js'
export { buildGoldenRecord, sourceRank } from './identity/golden-record.js'
export type { ServiceSettings } from './identity/service-settings.js'
export * from './counter/counter-service.js'
export type { MaskedProfile } from './counter/masked-profile.js'
export * from './counter/contact-senders.js'
// The store types the identity engine's interface speaks in, so that the api and the cli can
// name them without reaching past the engine into the store (STYLE section 2).
export {
  API_KEY_ROLES,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  CUSTOMER_EVENT_KINDS,
  REVIEW_DECISIONS,
  REVIEW_STATUSES,
  type Actor,
  type ApiKey,
  type ApiKeyRole,
  type Customer,
  type CustomerEvent,
  type CustomerEventKind,
  type ReviewDecision,
  type ReviewStatus,
  type ReviewTask,
  type StoredRecord,
} from '../store/index.js'
