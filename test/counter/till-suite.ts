/**
 * The till end to end, over the real engine, a real SQLite store, a real SMTP server and real QR
 * images: registration that never creates a silent duplicate, masked staff search, the rotating
 * QR card decoded as a scanner would, one-time codes read out of delivered mail, the audit log,
 * and the attacks each of them must refuse (replayed, expired, forged and revoked codes,
 * enumeration, brute force, rate limits) with nothing leaked. Defined once, run on SQLite and on
 * PostgreSQL (till-sqlite.test.ts, till-postgres.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'

import type { FastifyInstance } from 'fastify'
import jsQRModule from 'jsqr'
import { simpleParser, type ParsedMail } from 'mailparser'
import { PNG } from 'pngjs'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createServer } from '../../src/api/create-server.js'
import { loadConfig } from '../../src/config/index.js'
import { decodeBase32, formatCardPayload, parseCardPayload, totpCode } from '../../src/core/index.js'
import { openIdentityEngine, type CounterService, type IdentityEngine } from '../../src/engine/index.js'

const maria = {
  record_id: 'w1',
  source: 'web',
  first_name: 'María',
  last_name: 'García López',
  email: 'maria.garcia@gmail.com',
  phone: '+34 612 345 678',
  birth_date: '1984-03-07',
  address_line1: 'Calle Mayor 12',
  city: 'Madrid',
  postcode: '28013',
  country: 'ES',
}
// Her daughter: same address and landline, another person.
const lucia = { record_id: 'w2', source: 'web', first_name: 'Lucía', last_name: 'Fernández García', email: 'lucia.fg@hotmail.com', birth_date: '2004-11-30', address_line1: 'Calle Mayor 12', city: 'Madrid', postcode: '28013', country: 'ES' }
// A customer with no email and no phone on file.
const pedro = { record_id: 'c9', source: 'crm', first_name: 'Pedro', last_name: 'Ruiz Sanz', birth_date: '1961-01-15', city: 'Sevilla', postcode: '41001', country: 'ES' }

// jsqr is CommonJS with an ES-style default export; under NodeNext its function is `.default`.
const jsQR = jsQRModule.default

/** Strings of the customers' data that must never appear in audit entries, logs or masked answers. */
const PII = ['maria.garcia@gmail.com', 'García', 'Garcia', 'GARCIA', '612 345 678', '612345678', 'Calle Mayor', 'lucia.fg@hotmail.com', 'Ruiz']

/** Where a suite's store lives: the store settings for a fresh, empty database, and its removal. */
export interface TillDatabase {
  open(dir: string): Promise<{ kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string }>
  drop(): Promise<void>
}

export function defineTillSuite(name: string, database: TillDatabase): void {
  describe(name, () => {
    let dir: string
    let engine: IdentityEngine
    let counter: CounterService
    let store: Awaited<ReturnType<typeof openIdentityEngine>>['store']
    let app: FastifyInstance
    let smtp: { server: SMTPServer; messages: ParsedMail[] }
    let logLines: string[]
    const secrets = { admin: '', channel: '', store: '', otherStore: '' }
    const ids = { maria: '', lucia: '', pedro: '' }

    async function startSmtp(): Promise<{ server: SMTPServer; messages: ParsedMail[]; url: string }> {
      const messages: ParsedMail[] = []
      const server = new SMTPServer({
        logger: false,
        disabledCommands: ['STARTTLS', 'AUTH'],
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (mail) => {
              messages.push(mail)
              callback()
            },
            (error: unknown) => callback(error as Error),
          )
        },
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.server.address() as AddressInfo
      return { server, messages, url: `smtp://127.0.0.1:${port}` }
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tessera-till-'))
      const started = await startSmtp()
      smtp = started
      const config = loadConfig({
        flags: { store: await database.open(dir), counter: { searchesPerMinute: 12, identifyFailuresPerMinute: 6, responseFloorMs: 40 } },
        env: {},
      })
      ;({ engine, counter, store } = await openIdentityEngine(config, { env: { TESSERA_SMTP_URL: started.url, TESSERA_OTP_PEPPER: 'a pepper of at least sixteen bytes' } }))
      secrets.admin = (await engine.keys.create({ name: 'admin', role: 'admin' })).secret
      secrets.channel = (await engine.keys.create({ name: 'app', role: 'channel', source: 'app' })).secret
      secrets.store = (await engine.keys.create({ name: 'till MAD-01', role: 'store' })).secret
      secrets.otherStore = (await engine.keys.create({ name: 'till BCN-01', role: 'store' })).secret
      for (const [name, record] of [['maria', maria], ['lucia', lucia], ['pedro', pedro]] as const) {
        ids[name] = (await engine.records.resolve(record, { id: 'test' })).customerId
      }
      logLines = []
      app = createServer({ engine, counter, logger: { level: 'debug', destination: { write: (line: string) => logLines.push(line) } } })
      await app.ready()
    })

    afterAll(async () => {
      await app?.close()
      await engine?.close()
      await new Promise<void>((resolve) => smtp?.server.close(() => resolve()))
      await database.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    type Role = keyof typeof secrets
    const TILL = { 'x-store-id': 'MAD-01', 'x-till-id': 'T3', 'x-staff-id': 'emp-042' }
    const headers = (role: Role, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${secrets[role]}`, ...extra })
    const post = (url: string, role: Role, payload: object, extra: Record<string, string> = TILL) => app.inject({ method: 'POST', url, headers: headers(role, extra), payload })
    const get = (url: string, role: Role, extra: Record<string, string> = TILL) => app.inject({ url, headers: headers(role, extra) })

    /** Waits for the next delivered mail to `to` and reads the 6-digit code out of it. */
    async function codeMailedTo(to: string, after: number): Promise<string> {
      for (let attempt = 0; attempt < 200; attempt++) {
        const mail = smtp.messages.slice(after).find((m) => JSON.stringify(m.to).includes(to))
        if (mail !== undefined) {
          const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1]
          if (code !== undefined) return code
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      throw new Error(`no code was mailed to ${to}`)
    }

    /** Decodes a QR code image (a PNG data URL) as a scanner would. */
    function scan(pngDataUrl: string): string {
      const png = PNG.sync.read(Buffer.from(pngDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'))
      const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
      if (decoded === null) throw new Error('the QR code could not be read')
      return decoded.data
    }


    describe('registration at the till', () => {
      it('attaches a typo\'d duplicate to the existing customer and creates nobody', async () => {
        const before = await store.countCustomers()
        const response = await post('/v1/counter/registrations', 'store', {
          record: { first_name: 'MARIA', last_name: 'GARCIA LOPES', phone: '612345678', birth_date: '07/03/1984', loyalty_card: '40000000017', country: 'ES' },
        })
        expect(response.statusCode).toBe(200)
        const body = response.json()
        expect(body).toMatchObject({ outcome: 'attached', customer_id: ids.maria, source: 'store:MAD-01' })
        expect(body.profile.name).toBe('M*** G*** L***')
        expect(body.profile.cards).toEqual(['***17'])
        const records = await engine.customers.records(ids.maria)
        expect(records!.map((r) => r.source).sort()).toEqual(['store:MAD-01', 'web'])
        expect(await store.countCustomers()).toBe(before)
      })

      it('shows at most three masked candidates when unsure, and writes no customer', async () => {
        const before = await store.countCustomers()
        const response = await post('/v1/counter/registrations', 'store', { record: { first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' } })
        const body = response.json()
        expect(body.outcome).toBe('candidates')
        expect(body.registration_id).toMatch(/^reg_/)
        expect(body.candidates.length).toBeGreaterThanOrEqual(1)
        expect(body.candidates.length).toBeLessThanOrEqual(3)
        expect(body.candidates[0]).toMatchObject({ candidate: 1, profile: { name: 'M*** G*** L***', email: 'm***@g***.com', phone: '*** *** *78', verifiable_by: ['email', 'sms'] } })
        expect(body.customer_id).toBeUndefined()
        for (const value of PII) expect(response.body).not.toContain(value)
        expect(await store.countCustomers()).toBe(before)
      })

      it('registers a new customer when staff say it is nobody shown, and remembers the cannot-link', async () => {
        const asked = (await post('/v1/counter/registrations', 'store', { record: { record_id: 'till-77', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' } })).json()
        expect(asked.outcome).toBe('candidates')
        const created = await post(`/v1/counter/registrations/${asked.registration_id}/new-customer`, 'store', {})
        expect(created.statusCode).toBe(200)
        expect(created.json()).toMatchObject({ outcome: 'created', record_id: 'till-77' })
        const newId = created.json().customer_id
        expect(newId).not.toBe(ids.maria)
        // Sending the same record again does not join her: the decision is remembered.
        const again = await engine.records.resolve({ record_id: 'till-77', source: 'store:MAD-01', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' }, { id: 'test' })
        expect(again.customerId).toBe(newId)
        const twice = await post(`/v1/counter/registrations/${asked.registration_id}/new-customer`, 'store', {})
        expect(twice.statusCode).toBe(409)
      })

      it('answers another store\'s registration as unknown', async () => {
        const asked = (await post('/v1/counter/registrations', 'store', { record: { first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' } })).json()
        const other = await post(`/v1/counter/registrations/${asked.registration_id}/new-customer`, 'otherStore', {}, { 'x-store-id': 'BCN-01', 'x-till-id': 'T1' })
        expect(other.statusCode).toBe(404)
      })

      it('creates a customer directly when nothing plausible exists', async () => {
        const response = await post('/v1/counter/registrations', 'store', { record: { first_name: 'Ingrid', last_name: 'Svensson', phone: '+46 70 123 45 67', country: 'SE' } })
        expect(response.json()).toMatchObject({ outcome: 'created' })
      })

      it('asks for more than a name too common to look up, and creates a customer only when staff say so', async () => {
        // 51 namesakes: every key of the name alone is held by more records than a lookup reads.
        for (let k = 0; k < 51; k++) {
          await engine.records.resolve({ record_id: `am${k}`, source: 'crm', first_name: 'Antonio', last_name: 'Martín', phone: `+34 655 ${String(100_000 + k * 7)}`, birth_date: `19${50 + (k % 50)}-02-11`, country: 'ES' }, { id: 'test' })
        }
        const before = await store.countCustomers()
        const response = await post('/v1/counter/registrations', 'store', { record: { record_id: 'till-am', first_name: 'ANTONIO', last_name: 'MARTIN', country: 'ES' } })
        expect(response.statusCode).toBe(200)
        const body = response.json()
        expect(body).toMatchObject({ outcome: 'details_needed', record_id: 'till-am', ask: ['phone', 'email', 'loyalty_card', 'birth_date', 'postcode'] })
        expect(body.registration_id).toMatch(/^reg_/)
        expect(body.customer_id).toBeUndefined()
        expect(await store.countCustomers()).toBe(before)
        // With his phone, he can be looked up: nobody holds it, a new customer.
        const withPhone = await post('/v1/counter/registrations', 'store', { record: { first_name: 'ANTONIO', last_name: 'MARTIN', phone: '699 123 456', country: 'ES' } })
        expect(withPhone.json()).toMatchObject({ outcome: 'created' })
        // Or he gives nothing more, and staff register him as new on purpose.
        const created = await post(`/v1/counter/registrations/${body.registration_id}/new-customer`, 'store', {})
        expect(created.statusCode).toBe(200)
        expect(created.json()).toMatchObject({ outcome: 'created', record_id: 'till-am' })
        const audit = (await get('/v1/audit?action=counter.registration', 'admin')).json()
        expect(audit.entries.some((e: { result: string }) => e.result === 'details_needed')).toBe(true)
      })

      it('needs the store and the till', async () => {
        const response = await post('/v1/counter/registrations', 'store', { record: { first_name: 'Ana' } }, {})
        expect(response.statusCode).toBe(400)
        expect(response.json().error.code).toBe('ERR_COUNTER_CONTEXT_MISSING')
      })
    })

    describe('masked staff search', () => {
      it('finds a customer by name fragments and the last digits of the phone, masked', async () => {
        const response = await get(`/v1/counter/search?q=${encodeURIComponent('mar garc 5678')}`, 'store')
        expect(response.statusCode).toBe(200)
        const { results } = response.json()
        expect(results.map((r: { customer_id: string }) => r.customer_id)).toContain(ids.maria)
        expect(results.length).toBeLessThanOrEqual(10)
        const hit = results.find((r: { customer_id: string }) => r.customer_id === ids.maria)
        expect(hit.profile).toMatchObject({ name: 'M*** G*** L***', email: 'm***@g***.com', phone: '*** *** *78', birth_year: '1984', postcode_area: '28***' })
        for (const value of PII) expect(response.body).not.toContain(value)
      })

      it('finds by postcode and name, and by card number', async () => {
        const byPostcode = (await get('/v1/counter/search?q=luc%2028013', 'store')).json()
        expect(byPostcode.results.map((r: { customer_id: string }) => r.customer_id)).toEqual([ids.lucia])
        const byCard = (await get('/v1/counter/search?q=40000000017', 'store')).json()
        expect(byCard.results.map((r: { customer_id: string }) => r.customer_id)).toEqual([ids.maria])
      })

      it('refuses an email or a whole phone number alike whether or not it is on file (no enumeration)', async () => {
        const known = await get(`/v1/counter/search?q=${encodeURIComponent('maria.garcia@gmail.com')}`, 'store')
        const unknown = await get(`/v1/counter/search?q=${encodeURIComponent('nobody.here@gmail.com')}`, 'store')
        expect(known.statusCode).toBe(400)
        expect(unknown.statusCode).toBe(400)
        expect(known.json().error).toEqual(unknown.json().error)
        const knownPhone = await get(`/v1/counter/search?q=${encodeURIComponent('+34 612 345 678')}`, 'store')
        const unknownPhone = await get(`/v1/counter/search?q=${encodeURIComponent('+34 699 000 111')}`, 'store')
        expect(knownPhone.statusCode).toBe(400)
        expect(knownPhone.json().error).toEqual(unknownPhone.json().error)
      })

      it('never answers faster than the response floor, found or not', async () => {
        const started = performance.now()
        await get('/v1/counter/search?q=zzq%2099999', 'store', { ...TILL, 'x-staff-id': 'emp-floor' })
        expect(performance.now() - started).toBeGreaterThanOrEqual(35)
      })

      it('rate-limits searches per staff member, with Retry-After, and audits every search without the query', async () => {
        const staff = { ...TILL, 'x-staff-id': 'emp-busy' }
        const statuses: number[] = []
        for (let k = 0; k < 14; k++) statuses.push((await get('/v1/counter/search?q=mar%2028013', 'store', staff)).statusCode)
        // The key's own budget (12 a minute) is shared with the searches above; the limit is reached.
        expect(statuses).toContain(429)
        const limited = await get('/v1/counter/search?q=mar%2028013', 'store', staff)
        expect(limited.statusCode).toBe(429)
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
        const audit = await get('/v1/audit?action=counter.search&limit=1000', 'admin')
        const entries = audit.json().entries
        expect(entries.some((e: { result: string; staff_id?: string }) => e.result === 'rate_limited' && e.staff_id === 'emp-busy')).toBe(true)
        expect(entries.every((e: { key_id: string; store_id: string; till_id: string }) => e.key_id.startsWith('key_') && e.store_id === 'MAD-01' && e.till_id === 'T3')).toBe(true)
        for (const value of [...PII, '28013', 'maria', 'mar ']) expect(audit.body).not.toContain(value)
      })
    })

    describe('the digital card: a rotating QR code identified as a scanner would', () => {
      let enrolled: { device_id: string; device_ref: string; secret: string; card_url: string }

      beforeAll(async () => {
        const response = await post(`/v1/customers/${ids.maria}/devices`, 'channel', { label: 'my phone' }, {})
        expect(response.statusCode).toBe(201)
        enrolled = response.json()
      })

      it('serves a card page with no personal data and a strict content policy', async () => {
        const page = await app.inject({ url: enrolled.card_url })
        expect(page.statusCode).toBe(200)
        expect(page.headers['content-type']).toContain('text/html')
        expect(page.headers['content-security-policy']).toContain("default-src 'none'")
        expect(page.headers['cache-control']).toBe('no-store')
        for (const value of [...PII, 'María', 'Maria', ids.maria]) expect(page.body).not.toContain(value)
      })

      it('identifies the customer from the decoded QR image, and refuses the same code twice', async () => {
        const code = (await app.inject({ url: `${enrolled.card_url}/code` })).json()
        const scanned = scan(code.pngDataUrl)
        expect(scanned).toBe(code.payload)
        expect(parseCardPayload(scanned)).toMatchObject({ ok: true, value: { deviceRef: enrolled.device_ref } })
        for (const value of [...PII, 'Mar']) expect(scanned).not.toContain(value)

        const identified = await post('/v1/counter/identify', 'store', { payload: scanned })
        expect(identified.statusCode).toBe(200)
        expect(identified.json()).toMatchObject({ customer_id: ids.maria, profile: { name: 'M*** G*** L***', email: 'm***@g***.com' } })

        const replayed = await post('/v1/counter/identify', 'store', { payload: scanned })
        expect(replayed.statusCode).toBe(400)
        expect(replayed.json().error.code).toBe('ERR_CARD_NOT_ACCEPTED')
      })

      it('refuses expired and forged codes with the same answer', async () => {
        const secret = decodeBase32(enrolled.secret)
        const expired = formatCardPayload({ deviceRef: enrolled.device_ref, code: await totpCode(secret, Date.now() - 120_000) })
        const forged = formatCardPayload({ deviceRef: enrolled.device_ref, code: await totpCode(new Uint8Array(20).fill(7), Date.now()) })
        const unknownDevice = formatCardPayload({ deviceRef: 'ABCDEFGHJKMNPQRS', code: await totpCode(secret, Date.now()) })
        const answers = []
        for (const payload of [expired, forged, unknownDevice, 'not a card', 'TSR1.x.y']) {
          const response = await post('/v1/counter/identify', 'store', { payload }, { ...TILL, 'x-till-id': 'T-forgery' })
          expect(response.statusCode).toBe(400)
          answers.push(response.json().error)
        }
        expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
      })

      it('accepts only the latest code: an older one after a newer was used is refused', async () => {
        const secret = decodeBase32(enrolled.secret)
        const now = Date.now()
        const next = formatCardPayload({ deviceRef: enrolled.device_ref, code: await totpCode(secret, now + 30_000) })
        const current = formatCardPayload({ deviceRef: enrolled.device_ref, code: await totpCode(secret, now) })
        // The newest valid step (the next one, within the ±1 window) is accepted…
        const ok = await post('/v1/counter/identify', 'store', { payload: next })
        expect([200, 400]).toContain(ok.statusCode)
        // …and after it, the current step's code no longer is.
        expect((await post('/v1/counter/identify', 'store', { payload: current })).statusCode).toBe(400)
      })

      it('rate-limits failed identifications per till', async () => {
        const headersOfTill = { ...TILL, 'x-till-id': 'T-brute' }
        const statuses: number[] = []
        for (let k = 0; k < 8; k++) statuses.push((await post('/v1/counter/identify', 'store', { payload: `TSR1.ABCDEFGHJKMNPQRS.${String(k).padStart(6, '0')}` }, headersOfTill)).statusCode)
        expect(statuses.slice(0, 6).every((s) => s === 400)).toBe(true)
        expect(statuses.slice(6)).toEqual([429, 429])
        // Another till is not blocked by it.
        expect((await post('/v1/counter/identify', 'store', { payload: 'TSR1.ABCDEFGHJKMNPQRS.000000' }, { ...TILL, 'x-till-id': 'T-other' })).statusCode).toBe(400)
      })

      it('stops a revoked device at once: its codes and its card page', async () => {
        const secret = decodeBase32(enrolled.secret)
        const revoke = await post(`/v1/devices/${enrolled.device_id}/revoke`, 'admin', {}, {})
        expect(revoke.statusCode).toBe(200)
        const payload = formatCardPayload({ deviceRef: enrolled.device_ref, code: await totpCode(secret, Date.now() + 30_000) })
        const refused = await post('/v1/counter/identify', 'store', { payload }, { ...TILL, 'x-till-id': 'T-revoked' })
        expect(refused.statusCode).toBe(400)
        expect((await app.inject({ url: enrolled.card_url })).statusCode).toBe(404)
        expect((await app.inject({ url: `${enrolled.card_url}/code` })).statusCode).toBe(404)
      })
    })

    describe('ownership verification by a one-time code before linking', () => {
      it('links a store registration to the online customer once the emailed code is confirmed', async () => {
        const asked = (await post('/v1/counter/registrations', 'store', { record: { record_id: 'till-88', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' } })).json()
        expect(asked.outcome).toBe('candidates')
        const mailsBefore = smtp.messages.length
        // The customer says which one she is: the candidate whose masked email she recognises.
        const chosen = asked.candidates.find((c: { profile: { email?: string } }) => c.profile.email === 'm***@g***.com')
        const started = await post('/v1/verifications', 'store', { registration_id: asked.registration_id, candidate: chosen.candidate, channel: 'email' })
        expect(started.statusCode).toBe(202)
        expect(Object.keys(started.json()).sort()).toEqual(['channel', 'expires_at', 'verification_id'])
        const code = await codeMailedTo('maria.garcia@gmail.com', mailsBefore)
        const confirmed = await post(`/v1/verifications/${started.json().verification_id}/confirm`, 'store', { code })
        expect(confirmed.statusCode).toBe(200)
        expect(confirmed.json()).toMatchObject({ verified: true, customer_id: ids.maria, registration: { record_id: 'till-88', source: 'store:MAD-01' } })
        const view = await engine.customers.get(ids.maria)
        expect(view!.golden.attributes.email).toMatchObject({ verified: true })
        const records = await engine.customers.records(ids.maria)
        expect(records!.some((r) => r.record_id === 'till-88')).toBe(true)
        // The code works once.
        expect((await post(`/v1/verifications/${started.json().verification_id}/confirm`, 'store', { code })).statusCode).toBe(409)
      })

      it('locks a challenge after five wrong codes, resends included; the right code then fails too', async () => {
        const confirm = (id: string, code: string) => post(`/v1/verifications/${id}/confirm`, 'store', { code })
        let mailsBefore = smtp.messages.length
        const started = (await post('/v1/verifications', 'store', { customer_id: ids.lucia, channel: 'email' })).json()
        const first = await codeMailedTo('lucia.fg@hotmail.com', mailsBefore)
        const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000')
        expect((await confirm(started.verification_id, wrongFor(first))).statusCode).toBe(400)
        expect((await confirm(started.verification_id, 'abc')).statusCode).toBe(400)
        // Asking for a new code reissues the same challenge: a new code, the failures kept.
        mailsBefore = smtp.messages.length
        const resent = (await post('/v1/verifications', 'store', { customer_id: ids.lucia, channel: 'email' })).json()
        expect(resent.verification_id).toBe(started.verification_id)
        const code = await codeMailedTo('lucia.fg@hotmail.com', mailsBefore)
        const statuses: number[] = []
        for (let k = 0; k < 3; k++) statuses.push((await confirm(started.verification_id, wrongFor(code))).statusCode)
        expect(statuses).toEqual([400, 400, 409])
        const right = await confirm(started.verification_id, code)
        expect(right.statusCode).toBe(409)
        expect(right.json().error.code).toBe('ERR_VERIFICATION_LOCKED')
        expect((await post('/v1/verifications', 'store', { customer_id: ids.lucia, channel: 'email' })).statusCode).toBe(409)
      })

      it('answers the same whether or not the customer has the contact point on file', async () => {
        const withEmail = await post('/v1/verifications', 'store', { customer_id: ids.maria, channel: 'email' })
        const withoutEmail = await post('/v1/verifications', 'store', { customer_id: ids.pedro, channel: 'email' })
        expect(withEmail.statusCode).toBe(202)
        expect(withoutEmail.statusCode).toBe(202)
        expect(Object.keys(withEmail.json()).sort()).toEqual(Object.keys(withoutEmail.json()).sort())
        const wrongA = await post(`/v1/verifications/${withEmail.json().verification_id}/confirm`, 'store', { code: '123456' })
        const wrongB = await post(`/v1/verifications/${withoutEmail.json().verification_id}/confirm`, 'store', { code: '123456' })
        expect(wrongA.json().error).toEqual(wrongB.json().error)
      })

      it('limits how many codes one contact point receives', async () => {
        const statuses: number[] = []
        for (let k = 0; k < 6; k++) statuses.push((await post('/v1/verifications', 'store', { customer_id: ids.pedro, channel: 'email' })).statusCode)
        // Five an hour; one was asked for above.
        expect(statuses).toEqual([202, 202, 202, 202, 429, 429])
      })

      it('says a channel without a provider is unavailable, whatever the customer', async () => {
        const withPhone = await post('/v1/verifications', 'store', { customer_id: ids.maria, channel: 'sms' })
        const withoutPhone = await post('/v1/verifications', 'store', { customer_id: ids.pedro, channel: 'sms' })
        expect(withPhone.statusCode).toBe(503)
        expect(withPhone.json().error).toEqual(withoutPhone.json().error)
      })
    })

    describe('audit and access', () => {
      it('lets an admin query the audit log, which holds who, where, what and the result, never raw data', async () => {
        const response = await get('/v1/audit?limit=1000', 'admin')
        expect(response.statusCode).toBe(200)
        const { entries } = response.json()
        const actions = new Set(entries.map((e: { action: string }) => e.action))
        for (const action of ['counter.search', 'counter.registration', 'counter.registration.new_customer', 'counter.identify', 'counter.verification.start', 'counter.verification.confirm', 'device.enrol', 'device.revoke']) {
          expect(actions).toContain(action)
        }
        for (const value of PII) expect(response.body).not.toContain(value)
        const identifyFailures = (await get('/v1/audit?action=counter.identify&limit=1000', 'admin')).json().entries.filter((e: { result: string }) => e.result.startsWith('rejected:'))
        expect(identifyFailures.length).toBeGreaterThan(0)
        const page = (await get('/v1/audit?limit=2', 'admin')).json()
        const next = (await get(`/v1/audit?limit=2&after=${page.next_after}`, 'admin')).json()
        expect(next.entries[0].audit_id).toBeGreaterThan(page.entries[1].audit_id)
      })

      it('refuses a store key on admin routes and other roles on the till routes', async () => {
        expect((await get('/v1/audit', 'store')).statusCode).toBe(403)
        expect((await post(`/v1/customers/${ids.maria}/merge`, 'store', { other_customer_id: ids.lucia })).statusCode).toBe(403)
        expect((await get('/v1/counter/search?q=mar', 'channel')).statusCode).toBe(403)
        expect((await get('/v1/counter/search?q=mar', 'admin')).statusCode).toBe(403)
      })

      it('keeps customer data out of the server logs', () => {
        const logs = logLines.join('\n')
        for (const value of PII) expect(logs).not.toContain(value)
      })
    })
  })
}
