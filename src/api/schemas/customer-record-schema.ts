/**
 * The canonical customer record (shared CONTRACT.md) as a zod schema, for JSON bodies. The
 * field list is the core's CONTRACT_FIELDS, not a copy: a field added to the contract is
 * accepted here at once. (The core itself stays free of zod, STYLE P8, so the schema lives with
 * the layer that reads JSON.)
 */
import { z } from 'zod'

import {
  CONTRACT_FIELDS,
  REQUIRED_FIELDS,
  type ContractField,
  type CustomerRecord,
} from '../../core/index.js'

/** Longest value accepted in any field, in characters: longer is junk or an attack, not a name. */
export const MAX_FIELD_LENGTH = 256

const isRequired = (field: ContractField) => (REQUIRED_FIELDS as readonly string[]).includes(field)

const requiredValue = z
  .string()
  .trim()
  .min(1, 'expected a non-empty string')
  .max(MAX_FIELD_LENGTH, `expected at most ${MAX_FIELD_LENGTH} characters`)

// null is accepted for "absent": many JSON producers write null for an empty column.
const optionalValue = z
  .string()
  .trim()
  .max(MAX_FIELD_LENGTH, `expected at most ${MAX_FIELD_LENGTH} characters`)
  .nullable()
  .optional()

const fieldSchemas = Object.fromEntries(
  CONTRACT_FIELDS.map((field) => [field, isRequired(field) ? requiredValue : optionalValue]),
) as Record<ContractField, typeof optionalValue>

/**
 * A record as a channel sends it: contract fields only (an unknown field is an error, so a
 * misspelt 'emial' is not silently dropped), strings only, trimmed; empty and null values are
 * left out of the parsed record.
 */
export const customerRecordSchema = z
  .strictObject(fieldSchemas)
  .meta({
    title: 'CustomerRecord',
    description: 'The canonical customer record (CONTRACT.md): record_id and source are required; every other field may be absent, null or empty.',
  })
  .transform((fields): CustomerRecord => {
    const record: Record<string, string> = {}
    for (const field of CONTRACT_FIELDS) {
      const value = fields[field]
      if (typeof value === 'string' && value !== '') record[field] = value
    }
    return record as CustomerRecord
  })
