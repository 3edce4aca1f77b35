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
    contactSetsDiffer: z.boolean().default(true),
    genderConflict: z.boolean().default(true),
  })
  .strict()

/** Match decision settings; they override what a loaded model carries. */
export const matchingSchema = z
  .object({
    matchThreshold: z.number().gt(0).lt(1).optional(),
    clusterMinMeanWeight: z.number().optional(),
    clusterMaxConflictShare: z.number().min(0).max(1).optional(),
    clusterMaxHardConflictShare: z.number().min(0).max(1).optional(),
    clusterAmbiguityMargin: z.number().min(0).nullable().optional(),
    tfMaxBoostBits: z.number().min(0).optional(),
    minIdentityEvidence: z.number().optional(),
    namesOnlyMinEvidence: z.number().optional(),
    maxNameEvidence: z.number().positive().optional(),
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

const capSchema = (maxCustomersPerValue: number, maxValuesPerCustomer: number) =>
  z
    .object({
      maxCustomersPerValue: z.number().int().min(1).default(maxCustomersPerValue),
      maxValuesPerCustomer: z.number().int().min(1).default(maxValuesPerCustomer),
    })
    .strict()
    .default({ maxCustomersPerValue, maxValuesPerCustomer })

const blocklistSchema = z.array(z.string().min(1)).default([])

/** The identity service (serve, import, the real-time engine). */
export const serviceSchema = z
  .object({
    /** Best candidates at or above this probability, but below the match threshold, become review tasks. */
    reviewThreshold: z.number().gt(0).lt(1).default(0.5),
    /** A blocking key held by more records than this finds no candidates. */
    candidateLimitPerKey: z.number().int().min(1).max(10_000).default(50),
    /**
     * Records the keys of loose rules may bring in per resolve, smallest blocks first (the rest
     * are not read). 0 reads none of them.
     */
    looseCandidateBudget: z.number().int().min(0).max(100_000).default(40),
    /** At most this many candidate customers are examined per record, best first. */
    maxCandidateCustomers: z.number().int().min(1).max(100).default(8),
    /**
     * How long a server trusts an API key it has checked, in seconds (0: it asks the store on
     * every request). A key revoked through the same server stops at once; one revoked from
     * elsewhere (`tessera keys revoke`, another server) within this time. Why: the lookup was a
     * round trip per request on PostgreSQL, a tenth of a resolve.
     */
    apiKeyCacheSeconds: z.number().min(0).max(300).default(5),
    /** Survivorship order of sources for the golden record ('store' matches 'store:MAD-01'). */
    sourcePriority: z.array(z.string().min(1)).default(['app', 'web', 'crm', 'store']),
    caps: z
      .object({
        email: capSchema(3, 10),
        phone: capSchema(4, 10),
        loyalty_card: capSchema(1, 5),
        tax_id: capSchema(1, 1),
      })
      .strict()
      .default({
        email: { maxCustomersPerValue: 3, maxValuesPerCustomer: 10 },
        phone: { maxCustomersPerValue: 4, maxValuesPerCustomer: 10 },
        loyalty_card: { maxCustomersPerValue: 1, maxValuesPerCustomer: 5 },
        tax_id: { maxCustomersPerValue: 1, maxValuesPerCustomer: 1 },
      }),
    /** Junk values per identifier, as typed: they count as missing (the store's own phone, …). */
    blocklist: z
      .object({
        email: blocklistSchema,
        phone: blocklistSchema,
        loyalty_card: blocklistSchema,
        tax_id: blocklistSchema,
      })
      .strict()
      .default({ email: [], phone: [], loyalty_card: [], tax_id: [] }),
  })
  .strict()

/** The counter (the till): staff search, registrations, the QR card, one-time codes. */
export const counterSchema = z
  .object({
    /** A till registration whose best candidate customer scores at or above this (but is not a sure match) shows candidates instead of creating a customer. */
    plausibleProbability: z.number().gt(0).lt(1).default(0.2),
    /**
     * Or whose evidence (match weight without the prior, in bits) reaches this, with no conflict:
     * in a big store the prior keeps the probability of a name typed alone far below any
     * threshold, yet the customer with that exact name is the one the assistant must be shown.
     */
    plausibleEvidence: z.number().min(0).max(60).default(10),
    /** Candidates shown to staff for an uncertain registration, best first. */
    maxCandidates: z.number().int().min(1).max(3).default(3),
    /** Results of a staff search. */
    searchLimit: z.number().int().min(1).max(10).default(10),
    /** Staff searches per minute, per API key and per staff member. */
    searchesPerMinute: z.number().int().min(1).max(10_000).default(30),
    /** Failed card identifications per minute, per API key and till, before identification is refused for the rest of the minute. */
    identifyFailuresPerMinute: z.number().int().min(1).max(10_000).default(10),
    /** One-time codes sent per hour to one customer's contact point. */
    codesPerHour: z.number().int().min(1).max(100).default(5),
    /** Searches and code requests answer no sooner than this (ms), so their timing does not tell whether a customer or a contact point exists. */
    responseFloorMs: z.number().int().min(0).max(5_000).default(150),
    /** Minutes a one-time code stays valid. */
    codeTtlMinutes: z.number().int().min(1).max(60).default(10),
    /** Wrong codes after which a challenge locks for good. */
    codeMaxAttempts: z.number().int().min(1).max(10).default(5),
    /** The From of one-time-code emails. */
    emailFrom: z.string().min(3).default('Tessera <no-reply@tessera.invalid>'),
  })
  .strict()

const sqliteStoreSchema = z
  .object({
    kind: z.literal('sqlite'),
    /** The database file; created on first use. */
    path: z.string().min(1).default('./tessera.db'),
  })
  .strict()

const postgresStoreSchema = z
  .object({
    kind: z.literal('postgres'),
    /** postgres://user:password@host:port/database; a secret: never printed. */
    url: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
    poolSize: z.number().int().min(1).max(100).default(10),
  })
  .strict()

/** Where the identity service keeps its data: SQLite (embedded default) or PostgreSQL. */
export const storeSchema = z.discriminatedUnion('kind', [sqliteStoreSchema, postgresStoreSchema])

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
    /**
     * Countries whose numbering plans are tried, in order, for the phone of a record with no
     * country (and no defaultCountry). Default: batch, the file's own countries, most common
     * first; the service, those of the stored records (their term-frequency snapshot).
     */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166-1 alpha-2 codes such as ES')).optional(),
    /** Column mapping, 'from=to' (from may join columns with '+'). */
    mapping: z.array(z.string().regex(/^[^=]+=[^=]+$/, 'expected from=to')).default([]),
    matching: matchingSchema.default({ maxClusterSize: 200 }),
    blocking: blockingSchema.default({ maxBlockSize: 500, pairBudgetPerRecord: 20, maxLooseBudgetPairs: 2_000_000 }),
    service: serviceSchema.default(() => serviceSchema.parse({})),
    counter: counterSchema.default(() => counterSchema.parse({})),
    store: storeSchema.default({ kind: 'sqlite', path: './tessera.db' }),
  })
  .strict()

export type Config = z.infer<typeof configSchema>
