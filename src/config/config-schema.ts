import { z } from 'zod'
import { FEATURE_NAMES } from '../core/index.js'

const guardsSchema = z
  .object({
    taxIdConflict: z.boolean().default(true),
    birthDateConflict: z.boolean().default(true),
    givenNameConflict: z.boolean().default(true),
    surnameConflict: z.boolean().default(true),
    ambiguousContact: z.boolean().default(true),
    namesOnly: z.boolean().default(false),
    contactsDiffer: z.boolean().default(true),
  })
  .strict()

/** Match decision settings; they override what a loaded model carries. */
export const matchingSchema = z
  .object({
    matchThreshold: z.number().gt(0).lt(1).optional(),
    clusterMinMeanWeight: z.number().optional(),
    clusterMaxConflictShare: z.number().min(0).max(1).optional(),
    clusterMaxHardConflictShare: z.number().min(0).max(1).optional(),
    tfMaxBoostBits: z.number().min(0).optional(),
    minIdentityEvidence: z.number().optional(),
    namesOnlyMinEvidence: z.number().optional(),
    guardReliability: z
      .object({
        givenName: z.number().min(0).max(1),
        surname: z.number().min(0).max(1),
        birthDate: z.number().min(0).max(1),
        overall: z.number().min(0).max(1),
      })
      .strict()
      .optional(),
    maxClusterSize: z.number().int().min(2).default(200),
    guards: guardsSchema.optional(),
  })
  .strict()

const featureSchema = z.enum(FEATURE_NAMES)

export const blockingSchema = z
  .object({
    maxBlockSize: z.number().int().min(2).default(500),
    pairBudgetPerRecord: z.number().positive().default(20),
    maxLooseBudgetPairs: z.number().int().min(0).default(2_000_000),
    /** Replaces the default rules: each rule is a list of features, optionally loose. */
    rules: z
      .array(z.object({ features: z.array(featureSchema).min(1), loose: z.boolean().default(false) }).strict())
      .min(1)
      .optional(),
  })
  .strict()

/** The whole configuration of a batch run. Every default lives here. */
export const configSchema = z
  .object({
    seed: z.number().int().default(42),
    /** Worker threads for normalising and scoring; default: one per core, at most 4. */
    workers: z.number().int().min(0).max(64).optional(),
    /** Region for phone numbers of records without a country, ISO 3166-1 alpha-2. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as ES')
      .optional(),
    /** Column mapping, 'from=to' (from may join columns with '+'). */
    mapping: z.array(z.string().regex(/^[^=]+=[^=]+$/, 'expected from=to')).default([]),
    matching: matchingSchema.default({ maxClusterSize: 200 }),
    blocking: blockingSchema.default({ maxBlockSize: 500, pairBudgetPerRecord: 20, maxLooseBudgetPairs: 2_000_000 }),
  })
  .strict()

export type Config = z.infer<typeof configSchema>
