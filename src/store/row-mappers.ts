/**
 * Rows of the store's tables as the contract's objects, shared by both stores: the tables have
 * the same columns in SQLite and PostgreSQL, and only how a driver hands a column over differs
 * (JSON as text or already parsed; a bigint as a number or as a string).
 */
import type {
  ApiKey,
  AuditEntry,
  CandidateRecord,
  Customer,
  CustomerEvent,
  Device,
  ImportJob,
  PairDecision,
  PendingRegistration,
  RegistrationStatus,
  ReviewStatus,
  ReviewTask,
  StoredRecord,
  VerificationChallenge,
} from './store.js'

export type Row = Record<string, unknown>

/** How one driver's column values become JavaScript values. */
export interface ColumnDecoders {
  /** A JSON column: text to parse (SQLite) or a value the driver parsed (PostgreSQL jsonb). */
  json<T>(value: unknown): T
  /** An integer column: bigint and count(*) arrive from PostgreSQL as strings. */
  int(value: unknown): number
}

export interface RowMappers {
  toRecord(row: Row): StoredRecord
  toCandidate(row: Row): CandidateRecord
  toCustomer(row: Row): Customer
  toEvent(row: Row): CustomerEvent
  toDecision(row: Row): PairDecision
  toReview(row: Row): ReviewTask
  toApiKey(row: Row): ApiKey
  toImportJob(row: Row): ImportJob
  toDevice(row: Row): Device
  toVerification(row: Row): VerificationChallenge
  toRegistration(row: Row): PendingRegistration
  toAuditEntry(row: Row): AuditEntry
}

export function createRowMappers({ json, int }: ColumnDecoders): RowMappers {
  return {
    toRecord(row) {
      // Candidate scoring reads only the features of most records it fetches; the record as sent
      // and its normalised form are decoded when first read (JSON parsing was a tenth of a resolve).
      let raw: StoredRecord['raw'] | undefined
      let normalised: StoredRecord['normalised'] | undefined
      return {
        recordKey: int(row.record_key),
        source: row.source as string,
        record_id: row.record_id as string,
        customerId: row.customer_id as string,
        get raw(): StoredRecord['raw'] {
          return (raw ??= json<StoredRecord['raw']>(row.raw))
        },
        get normalised(): StoredRecord['normalised'] {
          return (normalised ??= json<StoredRecord['normalised']>(row.normalised))
        },
        features: json(row.features),
        verified: json(row.verified),
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
      }
    },

    toCandidate(row) {
      return {
        recordKey: int(row.record_key),
        source: row.source as string,
        record_id: row.record_id as string,
        customerId: row.customer_id as string,
        features: json(row.features),
      }
    },

    toCustomer(row) {
      return {
        customerId: row.customer_id as string,
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
        recordCount: int(row.record_count),
      }
    },

    toEvent(row) {
      return {
        eventId: int(row.event_id),
        customerId: row.customer_id as string,
        kind: row.kind as CustomerEvent['kind'],
        at: row.at as string,
        actor: json(row.actor),
        details: json(row.details),
      }
    },

    toDecision(row) {
      return {
        recordKeyA: int(row.record_key_a),
        recordKeyB: int(row.record_key_b),
        decision: row.decision as PairDecision['decision'],
        actor: json(row.actor),
        reason: row.reason as string,
        at: row.at as string,
      }
    },

    toReview(row) {
      return {
        reviewId: row.review_id as string,
        status: row.status as ReviewStatus,
        recordKey: int(row.record_key),
        candidateCustomerId: row.candidate_customer_id as string,
        candidateRecordKey: int(row.candidate_record_key),
        reason: row.reason as string,
        matchProbability: row.match_probability as number,
        matchWeight: row.match_weight as number,
        explanation: json(row.explanation),
        createdAt: row.created_at as string,
        ...(row.decided_at == null ? {} : { decidedAt: row.decided_at as string }),
        ...(row.decided_by == null ? {} : { decidedBy: json<NonNullable<ReviewTask['decidedBy']>>(row.decided_by) }),
        ...(row.decision == null ? {} : { decision: row.decision as NonNullable<ReviewTask['decision']> }),
      }
    },

    toApiKey(row) {
      return {
        keyId: row.key_id as string,
        name: row.name as string,
        role: row.role as ApiKey['role'],
        ...(row.source == null ? {} : { source: row.source as string }),
        secretHash: row.secret_hash as string,
        createdAt: row.created_at as string,
        ...(row.revoked_at == null ? {} : { revokedAt: row.revoked_at as string }),
      }
    },

    toImportJob(row) {
      return {
        jobId: row.job_id as string,
        fingerprint: row.fingerprint as string,
        status: row.status as ImportJob['status'],
        committedRecords: int(row.committed_records),
        ...(row.model_id == null ? {} : { modelId: row.model_id as string }),
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
      }
    },

    toDevice(row) {
      return {
        deviceId: row.device_id as string,
        customerId: row.customer_id as string,
        deviceRef: row.device_ref as string,
        secret: row.secret as string,
        cardTokenHash: row.card_token_hash as string,
        label: row.label as string,
        lastStep: int(row.last_step),
        createdAt: row.created_at as string,
        ...(row.revoked_at == null ? {} : { revokedAt: row.revoked_at as string }),
      }
    },

    toVerification(row) {
      return {
        verificationId: row.verification_id as string,
        customerId: row.customer_id as string,
        channel: row.channel as VerificationChallenge['channel'],
        contactHash: row.contact_hash as string,
        ...(row.registration_id == null ? {} : { registrationId: row.registration_id as string }),
        codeHash: row.code_hash as string,
        expiresAt: row.expires_at as string,
        failedAttempts: int(row.failed_attempts),
        maxAttempts: int(row.max_attempts),
        ...(row.consumed_at == null ? {} : { consumedAt: row.consumed_at as string }),
        createdAt: row.created_at as string,
        createdBy: json(row.created_by),
      }
    },

    toRegistration(row) {
      return {
        registrationId: row.registration_id as string,
        record: json(row.record),
        candidateCustomerIds: json(row.candidate_customer_ids),
        storeId: row.store_id as string,
        tillId: row.till_id as string,
        ...(row.staff_id == null ? {} : { staffId: row.staff_id as string }),
        status: row.status as RegistrationStatus,
        ...(row.customer_id == null ? {} : { customerId: row.customer_id as string }),
        createdAt: row.created_at as string,
        ...(row.resolved_at == null ? {} : { resolvedAt: row.resolved_at as string }),
      }
    },

    toAuditEntry(row) {
      return {
        auditId: int(row.audit_id),
        at: row.at as string,
        action: row.action as AuditEntry['action'],
        keyId: row.key_id as string,
        ...(row.staff_id == null ? {} : { staffId: row.staff_id as string }),
        ...(row.store_id == null ? {} : { storeId: row.store_id as string }),
        ...(row.till_id == null ? {} : { tillId: row.till_id as string }),
        result: row.result as string,
        ...(row.customer_id == null ? {} : { customerId: row.customer_id as string }),
        details: json(row.details),
      }
    },
  }
}
