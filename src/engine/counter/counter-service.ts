/**
 * The counter (the till): registration that cannot create a silent duplicate, masked staff
 * search, identification by the rotating QR card, and proof of ownership of an email or phone
 * by a one-time code before a store record is joined to an online customer. Every action is
 * audited (who, where, what, result; never raw customer data).
 *
 * Wires the pure core (TOTP, card payloads, one-time codes, search terms, masking) to the store,
 * the identity engine and the contact senders.
 */
import { createHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto'

import {
  ConflictError,
  ID_PREFIXES,
  InputError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  assessConfirmation,
  createDeviceRef,
  createIdFactory,
  encodeBase32,
  formatCardPayload,
  generateOneTimeCode,
  hashOneTimeCode,
  isWellFormedOneTimeCode,
  parseCardPayload,
  parseCounterQuery,
  termScore,
  totpCode,
  totpStepAt,
  verifyTotp,
  TOTP_SECRET_BYTES,
  TOTP_STEP_MS,
  type CustomerRecord,
  type Random,
} from '../../core/index.js'
import type {
  Actor,
  AuditAction,
  AuditEntry,
  AuditEntryWrite,
  AuditQuery,
  Device,
  PendingRegistration,
  Store,
  VerificationChannel,
} from '../../store/index.js'
import type { IdentityEngine, ResolveOutcome } from '../identity/identity-engine.js'
import type { ContactSender } from './contact-senders.js'
import { maskedProfile, type MaskedProfile } from './masked-profile.js'
import { FixedWindowLimiter } from './rate-limiter.js'

export interface CounterSettings {
  readonly plausibleProbability: number
  readonly plausibleEvidence: number
  readonly maxCandidates: number
  readonly searchLimit: number
  readonly searchesPerMinute: number
  readonly identifyFailuresPerMinute: number
  readonly codesPerHour: number
  readonly responseFloorMs: number
  readonly codeTtlMinutes: number
  readonly codeMaxAttempts: number
}

/** Who acts at the counter and where: the API key, the staff member, the store and till. */
export interface CounterContext {
  readonly keyId: string
  readonly actor: Actor
  readonly storeId?: string
  readonly tillId?: string
  readonly staffId?: string
}

export interface CounterDependencies {
  readonly store: Store
  readonly identity: IdentityEngine
  readonly settings: CounterSettings
  /** Key that one-time codes and contact points are hashed with (at least 16 bytes). */
  readonly pepper: Uint8Array
  readonly senders?: { readonly email?: ContactSender; readonly sms?: ContactSender }
  readonly clock?: () => number
  readonly random?: Random
  readonly randomBytes?: (length: number) => Uint8Array
  /** Waits (for the response floor); injectable so tests need not sleep. */
  readonly sleep?: (ms: number) => Promise<void>
}

export interface RegistrationCandidate {
  /** 1-based position, the handle staff use to choose (customer ids stay server-side). */
  readonly candidate: number
  readonly matchProbability: number
  readonly profile: MaskedProfile
}

export type RegistrationOutcome =
  | {
      readonly outcome: 'attached' | 'created' | 'review'
      readonly customerId: string
      readonly source: string
      readonly record_id: string
      readonly matchProbability: number
      readonly profile: MaskedProfile
      readonly reviewId?: string
    }
  | {
      readonly outcome: 'candidates'
      readonly registrationId: string
      readonly source: string
      readonly record_id: string
      readonly candidates: readonly RegistrationCandidate[]
    }
  | {
      /**
       * What was typed is too common to look anybody up by (a frequent name alone in a big
       * store): nothing written. Ask the customer for one of `ask` and register again, or, if
       * the customer gives nothing more, register a new customer on purpose (registerNew).
       */
      readonly outcome: 'details_needed'
      readonly registrationId: string
      readonly source: string
      readonly record_id: string
      readonly ask: readonly DetailToAsk[]
    }

/** Fields that give a registration a lookup of its own, in the order an assistant asks for them. */
export const DETAILS_TO_ASK = ['phone', 'email', 'loyalty_card', 'birth_date', 'postcode'] as const
export type DetailToAsk = (typeof DETAILS_TO_ASK)[number]

export interface SearchResult {
  readonly customerId: string
  readonly profile: MaskedProfile
}

export interface EnrolledDevice {
  readonly device: Omit<Device, 'secret' | 'cardTokenHash'>
  /** The TOTP secret for the customer's app, base32 (RFC 4648, no padding); shown once. */
  readonly secretBase32: string
  /** otpauth:// URI of the secret, for apps that read one. */
  readonly otpauthUri: string
  /** The card page token; shown once (the page is `/card/{token}`). */
  readonly cardToken: string
}

export interface CardCode {
  readonly payload: string
  /** Seconds left until the code changes. */
  readonly validForSeconds: number
}

export interface VerificationStarted {
  readonly verificationId: string
  readonly channel: VerificationChannel
  readonly expiresAt: string
}

export interface VerificationConfirmed {
  readonly verified: true
  readonly customerId: string
  readonly channel: VerificationChannel
  /** The till registration joined to the customer, when the challenge was for one. */
  readonly registration?: { readonly registrationId: string; readonly source: string; readonly record_id: string }
}

export interface CounterService {
  /** What the assistant typed (any subset of the canonical fields) → attached, created, candidates, or details needed. */
  register(fields: Partial<CustomerRecord>, context: CounterContext): Promise<RegistrationOutcome>
  /**
   * Staff chose "new customer" for a registration that showed candidates (cannot-links recorded)
   * or that needed more details the customer would not give.
   */
  registerNew(registrationId: string, context: CounterContext): Promise<RegistrationOutcome>
  search(query: string, context: CounterContext): Promise<SearchResult[]>
  identify(payload: string, context: CounterContext): Promise<SearchResult>
  enrolDevice(customerId: string, label: string, context: CounterContext): Promise<EnrolledDevice>
  revokeDevice(deviceId: string, context: CounterContext): Promise<void>
  /** The live code of the card page (the token is the credential). */
  cardCode(cardToken: string): Promise<CardCode>
  startVerification(
    request: { channel: VerificationChannel; customerId?: string; registrationId?: string; candidate?: number },
    context: CounterContext,
  ): Promise<VerificationStarted>
  confirmVerification(verificationId: string, code: string, context: CounterContext): Promise<VerificationConfirmed>
  audit(query: AuditQuery): Promise<AuditEntry[]>
}

const CARD_NOT_ACCEPTED = 'the card code was not accepted; ask the customer to show the card again (the code changes every 30 seconds)'
const SEARCH_CANDIDATES_PER_KEY = 2_000

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

export function createCounterService(deps: CounterDependencies): CounterService {
  const { store, identity, settings, pepper } = deps
  if (pepper.length < 16) throw new InputError({ code: 'ERR_CONFIG_INVALID', message: 'the one-time-code pepper (TESSERA_OTP_PEPPER) must be at least 16 bytes' })
  const clock = deps.clock ?? Date.now
  const randomBytes = deps.randomBytes ?? ((length: number) => new Uint8Array(nodeRandomBytes(length)))
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const mintId = createIdFactory(clock, deps.random ?? Math.random)
  const now = () => new Date(clock()).toISOString()
  const searches = new FixedWindowLimiter(60_000, clock)
  const identifyFailures = new FixedWindowLimiter(60_000, clock)
  const codesSent = new FixedWindowLimiter(3_600_000, clock)

  /** A contact point as stored in a challenge: keyed hash, never the address or number. */
  const contactHash = (channel: VerificationChannel, value: string) =>
    createHmac('sha256', pepper).update(`tessera/contact/v1\u001f${channel}\u001f${value}`, 'utf8').digest('hex')

  async function audit(entries: AuditEntryWrite[]): Promise<void> {
    await store.transaction((tx) => tx.insertAudit(entries))
  }

  function entry(action: AuditAction, context: CounterContext, result: string, extra: { customerId?: string; details?: Record<string, unknown> } = {}): AuditEntryWrite {
    return {
      at: now(),
      action,
      keyId: context.keyId,
      ...(context.staffId === undefined ? {} : { staffId: context.staffId }),
      ...(context.storeId === undefined ? {} : { storeId: context.storeId }),
      ...(context.tillId === undefined ? {} : { tillId: context.tillId }),
      result,
      ...(extra.customerId === undefined ? {} : { customerId: extra.customerId }),
      details: extra.details ?? {},
    }
  }

  /** Answers no sooner than the floor after `started`, so timing tells nothing. */
  async function floor(started: number): Promise<void> {
    const left = settings.responseFloorMs - (clock() - started)
    if (left > 0) await sleep(left)
  }

  async function profileOf(customerId: string): Promise<{ customerId: string; profile: MaskedProfile } | undefined> {
    const view = await identity.customers.get(customerId)
    return view === undefined ? undefined : { customerId: view.customer.customerId, profile: maskedProfile(view) }
  }

  function requireStore(context: CounterContext): { storeId: string; tillId: string } {
    if (context.storeId === undefined || context.tillId === undefined) {
      throw new InputError({
        code: 'ERR_COUNTER_CONTEXT_MISSING',
        message: 'a counter action needs the store and till it happens at (store_id and till_id)',
        issues: [
          ...(context.storeId === undefined ? [{ path: ['store_id'], code: 'required', message: 'expected the store id' }] : []),
          ...(context.tillId === undefined ? [{ path: ['till_id'], code: 'required', message: 'expected the till id' }] : []),
        ],
      })
    }
    return { storeId: context.storeId, tillId: context.tillId }
  }

  async function settled(outcome: ResolveOutcome, context: CounterContext, action: AuditAction): Promise<RegistrationOutcome> {
    const shown = await profileOf(outcome.customerId)
    const kind = outcome.decision === 'matched' ? 'attached' : outcome.decision
    await audit([entry(action, context, kind, { customerId: outcome.customerId, details: { record_id: outcome.record_id, matchProbability: round(outcome.matchProbability) } })])
    return {
      outcome: kind,
      customerId: outcome.customerId,
      source: outcome.source,
      record_id: outcome.record_id,
      matchProbability: outcome.matchProbability,
      profile: shown?.profile ?? { name: '', cards: [], verifiableBy: [] },
      ...(outcome.reviewId === undefined ? {} : { reviewId: outcome.reviewId }),
    }
  }

  async function loadRegistration(registrationId: string, context: CounterContext): Promise<PendingRegistration> {
    const registration = await store.getRegistration(registrationId)
    // Another store's registration is answered as missing: its existence is not theirs to know.
    if (registration === undefined || (context.storeId !== undefined && registration.storeId !== context.storeId)) {
      throw new NotFoundError({ code: 'ERR_REGISTRATION_NOT_FOUND', message: 'no pending registration has this id at this store; register the customer again' })
    }
    return registration
  }

  const service: CounterService = {
    async register(fields, context) {
      const { storeId, tillId } = requireStore(context)
      const registrationId = mintId(ID_PREFIXES.registration)
      const record: CustomerRecord = {
        ...fields,
        source: `store:${storeId}`,
        record_id: fields.record_id !== undefined && fields.record_id !== '' ? fields.record_id : registrationId,
      } as CustomerRecord
      const resolved = await identity.records.resolveUnlessUncertain(record, context.actor, {
        plausibleProbability: settings.plausibleProbability,
        plausibleEvidence: settings.plausibleEvidence,
        maxCandidates: settings.maxCandidates,
      })
      // A sure match attached; nothing plausible created; an update re-resolved as usual.
      if (resolved.decision !== 'uncertain' && resolved.decision !== 'unsearchable') return settled(resolved, context, 'counter.registration')
      const pending = (candidateCustomerIds: string[]): PendingRegistration => ({
        registrationId,
        record,
        candidateCustomerIds,
        storeId,
        tillId,
        ...(context.staffId === undefined ? {} : { staffId: context.staffId }),
        status: 'pending',
        createdAt: now(),
      })
      if (resolved.decision === 'unsearchable') {
        // Kept pending with no candidate, so that "new customer" stays a decision staff take.
        const ask = DETAILS_TO_ASK.filter((field) => (record[field] ?? '').trim() === '')
        await store.transaction(async (tx) => {
          await tx.insertRegistration(pending([]))
          await tx.insertAudit([entry('counter.registration', context, 'details_needed', { details: { registrationId, record_id: record.record_id, tooCommon: resolved.tooCommon } })])
        })
        return { outcome: 'details_needed', registrationId, source: record.source, record_id: record.record_id, ask }
      }
      const plausible = resolved.candidates
      const candidates: RegistrationCandidate[] = []
      const candidateIds: string[] = []
      for (const candidate of plausible) {
        const shown = await profileOf(candidate.customerId)
        if (shown === undefined) continue
        candidateIds.push(shown.customerId)
        candidates.push({ candidate: candidates.length + 1, matchProbability: round(candidate.matchProbability), profile: shown.profile })
      }
      await store.transaction(async (tx) => {
        await tx.insertRegistration(pending(candidateIds))
        await tx.insertAudit([entry('counter.registration', context, 'candidates', { details: { registrationId, record_id: record.record_id, candidates: candidates.length } })])
      })
      return { outcome: 'candidates', registrationId, source: record.source, record_id: record.record_id, candidates }
    },

    async registerNew(registrationId, context) {
      requireStore(context)
      const registration = await loadRegistration(registrationId, context)
      if (registration.status !== 'pending') {
        throw new ConflictError({ code: 'ERR_REGISTRATION_DECIDED', message: `this registration was already ${registration.status === 'verified' ? 'linked after a verification' : 'registered as a new customer'}` })
      }
      const outcome = await identity.records.createApart(registration.record, registration.candidateCustomerIds, context.actor, {
        rule: 'counter_new_customer',
        details: { registrationId },
      })
      await store.transaction((tx) => tx.resolveRegistration(registrationId, 'registered_new', outcome.customerId, now()))
      return settled(outcome, context, 'counter.registration.new_customer')
    },

    async search(query, context) {
      const started = clock()
      try {
        const limits = [`key:${context.keyId}`, ...(context.staffId === undefined ? [] : [`staff:${context.keyId}:${context.staffId}`])]
        for (const key of limits) {
          if (searches.count(key) >= settings.searchesPerMinute) {
            await audit([entry('counter.search', context, 'rate_limited')])
            throw new RateLimitedError({ code: 'ERR_RATE_LIMITED', message: `at most ${settings.searchesPerMinute} searches a minute per key and per staff member; wait and retry`, retryAfterSeconds: searches.retryAfterSeconds(key) })
          }
        }
        for (const key of limits) searches.hit(key)
        const parsed = parseCounterQuery(query)
        if (!parsed.ok) {
          await audit([entry('counter.search', context, `rejected:${parsed.reason}`)])
          throw new InputError({ code: 'ERR_SEARCH_QUERY', message: parsed.message, issues: [{ path: ['q'], code: parsed.reason, message: parsed.message }] })
        }
        const { terms } = parsed
        const keyed = terms.filter((t) => t.key !== '')
        // Each keyed term fetches its records; a term held by too many records filters but
        // does not fetch. At least one term must be specific enough to fetch.
        const fetched = await Promise.all(keyed.map((t) => store.listRecordsByBlockingKeys([t.key], SEARCH_CANDIDATES_PER_KEY)))
        const usable = fetched.filter((f) => f.oversizedKeys.length === 0)
        if (usable.length === 0) {
          await audit([entry('counter.search', context, 'rejected:too_broad', { details: { terms: terms.map((t) => t.kind) } })])
          throw new InputError({ code: 'ERR_SEARCH_TOO_BROAD', message: 'the search matches too many customers; add a postcode, the last 4 digits of the phone or more of the name', issues: [{ path: ['q'], code: 'too_broad', message: 'add a more specific term' }] })
        }
        const smallest = usable.reduce((a, b) => (a.records.length <= b.records.length ? a : b))
        const best = new Map<string, number>()
        for (const record of smallest.records) {
          let score = 0
          let all = true
          for (const term of terms) {
            const s = termScore(term, record.features)
            if (s === 0) {
              all = false
              break
            }
            score += s
          }
          if (all) best.set(record.customerId, Math.max(best.get(record.customerId) ?? 0, score))
        }
        const ranked = [...best].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, settings.searchLimit)
        const results: SearchResult[] = []
        for (const [customerId] of ranked) {
          const shown = await profileOf(customerId)
          if (shown !== undefined) results.push(shown)
        }
        await audit([entry('counter.search', context, 'ok', { details: { terms: terms.map((t) => t.kind), results: results.length } })])
        return results
      } finally {
        await floor(started)
      }
    },

    async identify(payload, context) {
      const { tillId } = requireStore(context)
      const limitKey = `${context.keyId}:${tillId}`
      if (identifyFailures.count(limitKey) >= settings.identifyFailuresPerMinute) {
        await audit([entry('counter.identify', context, 'rate_limited')])
        throw new RateLimitedError({ code: 'ERR_RATE_LIMITED', message: `too many failed identifications at this till; wait ${identifyFailures.retryAfterSeconds(limitKey)} s and retry`, retryAfterSeconds: identifyFailures.retryAfterSeconds(limitKey) })
      }
      const refuse = async (reason: string, device?: Device): Promise<never> => {
        identifyFailures.hit(limitKey)
        await audit([entry('counter.identify', context, `rejected:${reason}`, device === undefined ? {} : { details: { deviceId: device.deviceId } })])
        // One answer for every reason (forged, expired, replayed, revoked): nothing to learn.
        throw new InputError({ code: 'ERR_CARD_NOT_ACCEPTED', message: CARD_NOT_ACCEPTED, issues: [{ path: ['payload'], code: 'not_accepted', message: CARD_NOT_ACCEPTED }] })
      }
      const parsed = parseCardPayload(typeof payload === 'string' ? payload : '')
      if (!parsed.ok) return refuse(`malformed:${parsed.reason}`)
      const device = await store.getDeviceByRef(parsed.value.deviceRef)
      if (device === undefined) return refuse('unknown_device')
      if (device.revokedAt !== undefined) return refuse('revoked', device)
      const verification = await verifyTotp(Buffer.from(device.secret, 'base64url'), parsed.value.code, clock(), { lastAcceptedStep: device.lastStep })
      if (!verification.ok) return refuse(verification.reason, device)
      const shown = await profileOf(device.customerId)
      if (shown === undefined) return refuse('customer_gone', device)
      // Conditional: of two tills scanning one code at once, one wins (and only it is audited as ok).
      const accepted = await store.advanceDeviceStepWithAudit(device.deviceId, verification.step, [
        entry('counter.identify', context, 'ok', { customerId: shown.customerId, details: { deviceId: device.deviceId } }),
      ])
      if (!accepted) return refuse('replayed', device)
      return shown
    },

    async enrolDevice(customerId, label, context) {
      const shown = await profileOf(customerId)
      if (shown === undefined) throw new NotFoundError({ code: 'ERR_CUSTOMER_NOT_FOUND', message: 'no customer (or alias) has this id; check the id' })
      const secret = randomBytes(TOTP_SECRET_BYTES)
      const cardToken = Buffer.from(randomBytes(32)).toString('base64url')
      const device: Device = {
        deviceId: mintId(ID_PREFIXES.device),
        customerId: shown.customerId,
        deviceRef: createDeviceRef(randomBytes),
        secret: Buffer.from(secret).toString('base64url'),
        cardTokenHash: sha256Hex(cardToken),
        label: label.slice(0, 100),
        lastStep: -1,
        createdAt: now(),
      }
      await store.transaction(async (tx) => {
        await tx.insertDevice(device)
        await tx.insertAudit([entry('device.enrol', context, 'ok', { customerId: device.customerId, details: { deviceId: device.deviceId } })])
      })
      const secretBase32 = encodeBase32(secret)
      const { secret: _secret, cardTokenHash: _hash, ...shownDevice } = device
      return {
        device: shownDevice,
        secretBase32,
        otpauthUri: `otpauth://totp/Tessera:${device.deviceRef}?secret=${secretBase32}&issuer=Tessera&algorithm=SHA1&digits=6&period=30`,
        cardToken,
      }
    },

    async revokeDevice(deviceId, context) {
      const device = await store.getDevice(deviceId)
      if (device === undefined) throw new NotFoundError({ code: 'ERR_DEVICE_NOT_FOUND', message: 'no device has this id; list a customer\'s devices to find it' })
      await store.transaction(async (tx) => {
        await tx.revokeDevice(deviceId, now())
        await tx.insertAudit([entry('device.revoke', context, 'ok', { customerId: device.customerId, details: { deviceId } })])
      })
    },

    async cardCode(cardToken) {
      const device = typeof cardToken === 'string' && cardToken.length <= 100 ? await store.getDeviceByCardTokenHash(sha256Hex(cardToken)) : undefined
      if (device === undefined || device.revokedAt !== undefined) {
        throw new NotFoundError({ code: 'ERR_CARD_NOT_FOUND', message: 'this card is not active; enrol the device again in the app' })
      }
      const at = clock()
      const code = await totpCode(Buffer.from(device.secret, 'base64url'), at)
      const stepEnds = (totpStepAt(at) + 1) * TOTP_STEP_MS
      return { payload: formatCardPayload({ deviceRef: device.deviceRef, code }), validForSeconds: Math.max(1, Math.ceil((stepEnds - at) / 1000)) }
    },

    async startVerification(request, context) {
      const started = clock()
      try {
        let customerId = request.customerId
        let registrationId: string | undefined
        if (request.registrationId !== undefined) {
          const registration = await loadRegistration(request.registrationId, context)
          if (registration.status !== 'pending') throw new ConflictError({ code: 'ERR_REGISTRATION_DECIDED', message: 'this registration is already decided; start a new registration' })
          const index = (request.candidate ?? 0) - 1
          customerId = registration.candidateCustomerIds[index]
          if (customerId === undefined) {
            throw new InputError({ code: 'ERR_CANDIDATE_UNKNOWN', message: `the registration has ${registration.candidateCustomerIds.length} candidates; choose one by its number`, issues: [{ path: ['candidate'], code: 'out_of_range', message: `expected 1 to ${registration.candidateCustomerIds.length}` }] })
          }
          registrationId = registration.registrationId
        }
        if (customerId === undefined) {
          throw new InputError({ code: 'ERR_VERIFICATION_TARGET', message: 'say whose contact point to verify: a customer_id, or a registration_id and a candidate number', issues: [{ path: ['customer_id'], code: 'required', message: 'expected customer_id or registration_id + candidate' }] })
        }
        const sender = request.channel === 'email' ? deps.senders?.email : deps.senders?.sms
        if (sender === undefined) {
          throw new UnavailableError({ code: 'ERR_CONTACT_CHANNEL_NOT_CONFIGURED', message: `no ${request.channel === 'email' ? 'SMTP server (TESSERA_SMTP_URL)' : 'SMS webhook (TESSERA_SMS_WEBHOOK_URL)'} is configured on this server` })
        }
        // The contact point on file (the golden record's choice); staff never type it.
        const view = await identity.customers.get(customerId)
        let destination: { to: string; normalised: string } | undefined
        if (view !== undefined) {
          customerId = view.customer.customerId
          const chosen = request.channel === 'email' ? view.golden.attributes.email : view.golden.attributes.phone
          if (chosen !== undefined) {
            const record = await identity.records.get(chosen.source, chosen.record_id)
            const normalised = request.channel === 'email' ? record?.normalised.email : record?.normalised.phone
            // An email goes to the address as the customer gave it (the canonical form drops
            // gmail dots and +tags); a phone to its E.164 form, which SMS providers need.
            if (normalised !== undefined && normalised !== '') destination = { to: request.channel === 'email' ? chosen.value.trim() : normalised, normalised }
          }
        }
        const limitKey = `${customerId}:${request.channel}`
        if (!codesSent.take(limitKey, settings.codesPerHour)) {
          await audit([entry('counter.verification.start', context, 'rate_limited', { customerId })])
          throw new RateLimitedError({ code: 'ERR_RATE_LIMITED', message: `at most ${settings.codesPerHour} codes an hour to one contact point; wait and retry`, retryAfterSeconds: codesSent.retryAfterSeconds(limitKey) })
        }
        const code = generateOneTimeCode(randomBytes)
        // Without a contact point on file, a challenge that no code can confirm: the answer
        // looks the same, so it does not tell whether the customer has an email or a phone.
        const hashFor = async (id: string) => (destination === undefined ? Buffer.from(randomBytes(32)).toString('hex') : await hashOneTimeCode(code, id, pepper))
        const at = clock()
        const expiresAt = new Date(at + settings.codeTtlMinutes * 60_000).toISOString()
        const auditStarted = (id: string, resent: boolean) =>
          entry('counter.verification.start', context, destination === undefined ? 'no_contact_point' : 'sent', {
            customerId,
            details: { verificationId: id, channel: request.channel, resent, ...(registrationId === undefined ? {} : { registrationId }) },
          })
        // Asking again within the hour for the same contact point and purpose reissues the open
        // challenge: a new code, the same count of wrong tries (else every resend would buy
        // five more guesses).
        const latest = await store.getLatestVerification(customerId, request.channel)
        let verificationId: string
        if (
          latest !== undefined &&
          latest.consumedAt === undefined &&
          latest.registrationId === registrationId &&
          at - Date.parse(latest.createdAt) < 3_600_000
        ) {
          if (latest.failedAttempts >= latest.maxAttempts) {
            await audit([entry('counter.verification.start', context, 'locked', { customerId, details: { verificationId: latest.verificationId } })])
            throw new ConflictError({ code: 'ERR_VERIFICATION_LOCKED', message: 'too many wrong codes: this verification is locked; start a new one later' })
          }
          verificationId = latest.verificationId
          const codeHash = await hashFor(verificationId)
          const reissued = await store.transaction(async (tx) => {
            const applied = await tx.updateVerification(verificationId, { codeHash, expiresAt }, latest.failedAttempts)
            if (applied) await tx.insertAudit([auditStarted(verificationId, true)])
            return applied
          })
          if (!reissued) throw new ConflictError({ code: 'ERR_VERIFICATION_BUSY', message: 'a code for this verification is being checked right now; ask again in a moment' })
        } else {
          verificationId = mintId(ID_PREFIXES.verification)
          const codeHash = await hashFor(verificationId)
          await store.transaction(async (tx) => {
            await tx.insertVerification({
              verificationId,
              customerId: customerId!,
              channel: request.channel,
              contactHash: destination === undefined ? '' : contactHash(request.channel, destination.normalised),
              ...(registrationId === undefined ? {} : { registrationId }),
              codeHash,
              expiresAt,
              failedAttempts: 0,
              maxAttempts: settings.codeMaxAttempts,
              createdAt: new Date(at).toISOString(),
              createdBy: context.actor,
            })
            await tx.insertAudit([auditStarted(verificationId, false)])
          })
        }
        if (destination !== undefined) {
          // Sent after answering: the answer's timing must not depend on the provider.
          const message = { channel: request.channel, to: destination.to, code, expiresInMinutes: settings.codeTtlMinutes }
          void sender.send(message).catch(async (error: unknown) => {
            const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'unknown'
            await audit([entry('counter.verification.start', context, 'send_failed', { customerId, details: { verificationId, error: code } })]).catch(() => undefined)
          })
        }
        return { verificationId, channel: request.channel, expiresAt }
      } finally {
        await floor(started)
      }
    },

    async confirmVerification(verificationId, code, context) {
      const challenge = await store.getVerification(verificationId)
      if (challenge === undefined) throw new NotFoundError({ code: 'ERR_VERIFICATION_NOT_FOUND', message: 'no verification has this id; ask for a new code' })
      const at = clock()
      // A malformed code is a wrong code: it counts, so that no shape is a free try.
      const codeHash = isWellFormedOneTimeCode(typeof code === 'string' ? code : '') ? await hashOneTimeCode(code, verificationId, pepper) : ''
      const assessment = assessConfirmation(
        {
          codeHash: challenge.codeHash,
          expiresAtMs: Date.parse(challenge.expiresAt),
          failedAttempts: challenge.failedAttempts,
          maxAttempts: challenge.maxAttempts,
          ...(challenge.consumedAt === undefined ? {} : { consumedAtMs: Date.parse(challenge.consumedAt) }),
        },
        codeHash,
        at,
      )
      const result = (outcome: string) => entry('counter.verification.confirm', context, outcome, { customerId: challenge.customerId, details: { verificationId } })
      if (assessment.outcome !== 'confirmed') {
        if (assessment.failedAttempts !== challenge.failedAttempts) {
          const counted = await store.transaction(async (tx) => {
            const applied = await tx.updateVerification(verificationId, { failedAttempts: assessment.failedAttempts }, challenge.failedAttempts)
            if (applied) await tx.insertAudit([result(assessment.outcome)])
            return applied
          })
          // A parallel attempt counted first: this one is answered as a wrong code without a
          // count of its own only if it could not have been right (re-read and re-judge).
          if (!counted) return service.confirmVerification(verificationId, code, context)
        } else {
          await audit([result(assessment.outcome)])
        }
        switch (assessment.outcome) {
          case 'wrong_code': {
            const left = challenge.maxAttempts - assessment.failedAttempts
            throw new InputError({ code: 'ERR_CODE_NOT_ACCEPTED', message: `the code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left`, issues: [{ path: ['code'], code: 'not_accepted', message: 'the code is not right' }] })
          }
          case 'locked':
            throw new ConflictError({ code: 'ERR_VERIFICATION_LOCKED', message: 'too many wrong codes: this verification is locked; start a new one later' })
          case 'expired':
            throw new ConflictError({ code: 'ERR_VERIFICATION_EXPIRED', message: 'the code has expired; ask for a new one' })
          default:
            throw new ConflictError({ code: 'ERR_VERIFICATION_USED', message: 'this code was already used' })
        }
      }
      const consumed = await store.transaction((tx) => tx.updateVerification(verificationId, { consumedAt: new Date(at).toISOString() }, challenge.failedAttempts))
      if (!consumed) throw new ConflictError({ code: 'ERR_VERIFICATION_USED', message: 'this code was already used' })
      const contactPoint = challenge.channel === 'email' ? 'email' : 'phone'
      const records = (await identity.customers.records(challenge.customerId)) ?? []
      const holder = records.find((r) => {
        const value = contactPoint === 'email' ? r.normalised.email : r.normalised.phone
        return value !== '' && contactHash(challenge.channel, value) === challenge.contactHash
      })
      const customerId = holder?.customerId ?? challenge.customerId
      if (holder !== undefined) {
        const value = contactPoint === 'email' ? holder.normalised.email : holder.normalised.phone
        await identity.customers.markContactVerified(customerId, contactPoint, value, context.actor, { verificationId })
      }
      let registration: VerificationConfirmed['registration']
      if (challenge.registrationId !== undefined) {
        const pending = await store.getRegistration(challenge.registrationId)
        if (pending !== undefined && pending.status === 'pending') {
          const outcome = await identity.records.attachTo(pending.record, customerId, context.actor, {
            rule: 'verified_contact',
            verified: [contactPoint],
            details: { verificationId, registrationId: pending.registrationId },
          })
          await store.transaction((tx) => tx.resolveRegistration(pending.registrationId, 'verified', outcome.customerId, new Date(at).toISOString()))
          registration = { registrationId: pending.registrationId, source: outcome.source, record_id: outcome.record_id }
        }
      }
      await audit([entry('counter.verification.confirm', context, 'confirmed', { customerId, details: { verificationId, ...(registration === undefined ? {} : { registrationId: registration.registrationId }) } })])
      return { verified: true, customerId, channel: challenge.channel, ...(registration === undefined ? {} : { registration }) }
    },

    audit: (query) => store.listAudit(query),
  }
  return service
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
