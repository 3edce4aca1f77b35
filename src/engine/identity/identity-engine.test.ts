import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadConfig } from '../../config/index.js'
import { ConflictError, mulberry32, type CustomerRecord } from '../../core/index.js'
import { openSqliteStore, type Store } from '../../store/index.js'
import { readLabelledPairs } from '../io/read-labelled-pairs.js'
import { createIdentityEngine } from './create-identity-engine.js'
import { exportLabelledPairs } from './export-customer-ids.js'
import type { IdentityEngine } from './identity-engine.js'
import { loadDefaultModel, storedCountries } from './open-identity-engine.js'

const ACTOR = { id: 'test' }

let dir: string
let store: Store
let engine: IdentityEngine
let time: number

function openEngine(service: Record<string, unknown> = {}, fallbackCountries?: readonly string[], guards: Record<string, boolean> = {}): IdentityEngine {
  const config = loadConfig({ flags: { service }, env: {} })
  const model = loadDefaultModel()
  return createIdentityEngine({
    store,
    model: { ...model, settings: { ...model.settings, guards: { ...model.settings.guards, ...guards } } },
    settings: config.service,
    clock: () => (time += 1000),
    random: mulberry32(7),
    ...(fallbackCountries === undefined ? {} : { fallbackCountries }),
  })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-engine-'))
  store = await openSqliteStore({ path: join(dir, 'tessera.db') })
  await store.migrate()
  time = Date.parse('2026-01-01T00:00:00Z')
  engine = openEngine()
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const maria: CustomerRecord = {
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

describe('IdentityEngine.records.resolve', () => {
  it('should create a customer when nothing matches', async () => {
    const outcome = await engine.records.resolve(maria, ACTOR)
    expect(outcome.decision).toBe('created')
    expect(outcome.customerId).toMatch(/^cus_[0-9A-Z]{26}$/)
    expect(outcome.updated).toBe(false)
  })

  it('should attach a typed-at-the-till duplicate to the existing customer', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    const till = await engine.records.resolve(
      { record_id: 't1', source: 'store:MAD-01', first_name: 'MARIA', last_name: 'GARCIA LOPES', phone: '612345678', birth_date: '1984-03-07', city: 'madrid', country: 'ES' },
      ACTOR,
    )
    expect(till.decision).toBe('matched')
    expect(till.customerId).toBe(first.customerId)
    expect(till.matchProbability).toBeGreaterThan(0.9)
    const parts = till.explanation!.comparisons.reduce((sum, c) => sum + c.matchWeight, till.explanation!.priorWeight)
    expect(parts).toBeCloseTo(till.explanation!.matchWeight, 6)
  })

  it('should read a phone typed without a country in the configured countries', async () => {
    const withCountries = openEngine({}, ['ES', 'IT', 'GB'])
    const record = { record_id: 't9', source: 'store:LON-01', first_name: 'ADAM', last_name: 'ELMSHAW', phone: '07772 994278' }
    await withCountries.records.resolve(record, ACTOR)
    await engine.records.resolve({ ...record, record_id: 't10' }, ACTOR)
    const stored = await store.getRecord('store:LON-01', 't9')
    const unread = await store.getRecord('store:LON-01', 't10')
    expect(stored?.features.phone).toBe('+447772994278')
    // Without countries the service cannot tell which plan the digits follow.
    expect(unread?.features.phone).toBe('')
  })

  it('should take the countries of the stored records, most common first, for phones typed without one', async () => {
    expect(await storedCountries(store)).toEqual([])
    await store.transaction(async (tx) => {
      await tx.replaceTermFrequencies('country', new Map([['GB', 200], ['ES', 500], ['IT', 290], ['FR', 5]]), 1_000)
    })
    // France holds under 1% of the records: a tourist, not a country the retailer sells in.
    expect(await storedCountries(store)).toEqual(['ES', 'IT', 'GB'])
  })

  it('should update and re-resolve when the same source and record_id come again', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    const again = await engine.records.resolve({ ...maria, phone: '+34 699 000 111' }, ACTOR)
    expect(again.updated).toBe(true)
    expect(again.customerId).toBe(first.customerId)
    expect(await store.countRecords()).toBe(1)
    expect(await store.countCustomers()).toBe(1)
  })

  it('should keep a sibling apart when only the household fields agree', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    const sister = await engine.records.resolve(
      { ...maria, record_id: 'w2', first_name: 'Lucía', birth_date: '1990-11-21', email: 'lucia.garcia@gmail.com' },
      ACTOR,
    )
    expect(sister.customerId).not.toBe(first.customerId)
    expect(sister.decision).not.toBe('matched')
  })

  it('should hold a name typed alone for a person to check when its evidence is plausible, however small the probability', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    const typed = { record_id: 't5', source: 'store:MAD-01', first_name: 'María', last_name: 'García López', country: 'ES' }
    // A probability floor no name alone reaches in a big store (the prior keeps it small).
    const byProbability = { plausibleProbability: 0.99, maxCandidates: 3 }
    const held = await engine.records.resolveUnlessUncertain(typed, ACTOR, { ...byProbability, plausibleEvidence: 10 })
    expect(held.decision).toBe('uncertain')
    expect(held.decision === 'uncertain' && held.candidates.map((c) => c.customerId)).toEqual([first.customerId])
    // Nothing was written while the assistant asks.
    expect(await store.countRecords()).toBe(1)
    // A namesake with a birth date and a phone of her own: the evidence against her outweighs
    // the name, nobody is shown.
    const other = await engine.records.resolveUnlessUncertain(
      { ...typed, record_id: 't6', birth_date: '1961-11-30', phone: '+34 699 000 111' },
      ACTOR,
      { ...byProbability, plausibleEvidence: 10 },
    )
    expect(other.decision).not.toBe('uncertain')
    // Without the evidence floor the same typing creates a second customer for her.
    const created = await engine.records.resolveUnlessUncertain(typed, ACTOR, byProbability)
    expect(created.decision).toBe('created')
  })

  it('should hold a name typed alone as unsearchable when every key of it is too common to read', async () => {
    // Three namesakes, each with a phone and a town of his own; a key held by more than two
    // records is too common to read here.
    engine = openEngine({ candidateLimitPerKey: 2 })
    const towns = ['Sevilla', 'Cádiz', 'Huelva']
    for (const [k, city] of towns.entries()) {
      await engine.records.resolve({ record_id: `c${k}`, source: 'crm', first_name: 'Antonio', last_name: 'Martín', phone: `+34 655 00${k} 123`, city, country: 'ES' }, ACTOR)
    }
    const records = await store.countRecords()
    const hold = { plausibleProbability: 0.2, plausibleEvidence: 10, maxCandidates: 3 }
    const typed = { record_id: 't1', source: 'store:SVQ-01', first_name: 'ANTONIO', last_name: 'MARTIN', country: 'ES' }
    const held = await engine.records.resolveUnlessUncertain(typed, ACTOR, hold)
    expect(held.decision).toBe('unsearchable')
    expect(held.decision === 'unsearchable' && held.tooCommon).toContain('name_key')
    expect(await store.countRecords()).toBe(records)
    // With one of his own keys readable (a new phone), nobody plausible is a finding: created.
    const withPhone = await engine.records.resolveUnlessUncertain({ ...typed, phone: '+34 699 111 222' }, ACTOR, hold)
    expect(withPhone.decision).toBe('created')
    // A rare name typed alone is looked up as before.
    const rare = await engine.records.resolveUnlessUncertain({ ...typed, record_id: 't2', first_name: 'Wenceslao', last_name: 'Iturriaga' }, ACTOR, hold)
    expect(rare.decision).toBe('created')
    // Channels that send records are not held: the record is resolved as ever.
    const sent = await engine.records.resolve({ ...typed, record_id: 't3' }, ACTOR)
    expect(sent.decision).toBe('created')
  })

  it('should keep apart a namesake at the same address whose phone and email differ from all the customer holds', async () => {
    // The father's customer: his phone on one record, his email on another.
    const father = { source: 'web', first_name: 'Antonio', last_name: 'Ruiz Sánchez', address_line1: 'Calle Olmo 4, 2ºB', city: 'Sevilla', postcode: '41003', country: 'ES' }
    const son = { ...father, source: 'app', record_id: 'a1', phone: '+34 655 112 233', email: 'toni.ruiz.s@hotmail.com' }
    const resolveFamily = async (target: IdentityEngine) => {
      const first = await target.records.resolve({ ...father, record_id: 'w1', phone: '+34 611 908 765' }, ACTOR)
      const second = await target.records.resolve({ ...father, record_id: 'w2', email: 'antonio.ruiz.sanchez@gmail.com' }, ACTOR)
      expect(second.customerId).toBe(first.customerId)
      return { father: first.customerId, son: await target.records.resolve(son, ACTOR) }
    }
    const guarded = await resolveFamily(engine)
    expect(guarded.son.customerId).not.toBe(guarded.father)
    expect(guarded.son.decision).not.toBe('matched')

    // Pair by pair nothing conflicts (each record of the father lacks one of the two): the
    // same people with the rule off become one customer.
    await store.close()
    store = await openSqliteStore({ path: join(dir, 'off.db') })
    await store.migrate()
    const unguarded = await resolveFamily(openEngine({}, undefined, { contactSetsDiffer: false }))
    expect(unguarded.son.customerId).toBe(unguarded.father)
  })

  it('should not let a son named after his father join him one contact at a time', async () => {
    // The father's customer: his phone and his email, together on one record and again on a
    // second. The son's first record brings an email of his own and nothing else to compare:
    // one differing contact, so it joins. His second brings a phone of his own: alone, again one
    // differing contact; together with his first record, the father's phone and email both.
    const home = { first_name: 'Antonio', last_name: 'Ruiz Sánchez', address_line1: 'Calle Olmo 4, 2ºB', city: 'Sevilla', postcode: '41003', country: 'ES' }
    const father = { ...home, phone: '+34 611 908 765', email: 'antonio.ruiz.sanchez@gmail.com' }
    const resolveFamily = async (target: IdentityEngine) => {
      const first = await target.records.resolve({ ...father, source: 'web', record_id: 'w1' }, ACTOR)
      await target.records.resolve({ ...father, source: 'crm', record_id: 'c1' }, ACTOR)
      const sonEmail = await target.records.resolve({ ...home, source: 'app', record_id: 'a1', email: 'toni.ruiz.s@hotmail.com' }, ACTOR)
      expect(sonEmail.customerId).toBe(first.customerId)
      return { father: first.customerId, sonPhone: await target.records.resolve({ ...home, source: 'store:SEV-01', record_id: 't1', phone: '655 112 233' }, ACTOR) }
    }
    const guarded = await resolveFamily(engine)
    expect(guarded.sonPhone.decision).toBe('review')
    expect(guarded.sonPhone.customerId).not.toBe(guarded.father)
    const { review } = (await engine.reviews.get(guarded.sonPhone.reviewId!))!
    expect(review.reason).toBe('contact_sets_differ')

    // Pair by pair nothing conflicts: with the rule off the second record joins as well.
    await store.close()
    store = await openSqliteStore({ path: join(dir, 'off.db') })
    await store.migrate()
    const unguarded = await resolveFamily(openEngine({}, undefined, { contactSetsDiffer: false }))
    expect(unguarded.sonPhone.customerId).toBe(unguarded.father)
  })

  it('should ask a person about a till record that fits a father and the son named after him equally', async () => {
    const home = { first_name: 'Antonio', last_name: 'Ruiz Sánchez', address_line1: 'Calle Olmo 4, 2ºB', city: 'Sevilla', postcode: '41003', country: 'ES' }
    const resolveFamily = async (target: IdentityEngine) => {
      const father = await target.records.resolve({ ...home, source: 'web', record_id: 'w1', birth_date: '1961-05-02', phone: '+34 611 908 765', email: 'antonio.ruiz.sanchez@gmail.com' }, ACTOR)
      await target.records.resolve({ ...home, source: 'crm', record_id: 'c1', phone: '611 908 765' }, ACTOR)
      const son = await target.records.resolve({ ...home, source: 'app', record_id: 'a1', birth_date: '1993-11-20', phone: '+34 655 112 233', email: 'toni.ruiz.s@hotmail.com' }, ACTOR)
      await target.records.resolve({ ...home, source: 'app', record_id: 'a2', phone: '655112233' }, ACTOR)
      expect(son.customerId).not.toBe(father.customerId)
      // Name and home only: either of them could have given it.
      const till = await target.records.resolve({ ...home, source: 'store:SEV-01', record_id: 't1', first_name: 'ANTONIO', last_name: 'RUIZ SANCHEZ' }, ACTOR)
      return { father: father.customerId, son: son.customerId, till }
    }
    const family = await resolveFamily(engine)
    expect(family.till.decision).toBe('review')
    expect([family.father, family.son]).not.toContain(family.till.customerId)
    const { review } = (await engine.reviews.get(family.till.reviewId!))!
    expect(review.reason).toMatch(/^fits_two_customers:cus_/)
    expect([family.father, family.son]).toContain(review.candidateCustomerId)
    expect([family.father, family.son]).toContain(review.reason.slice('fits_two_customers:'.length))

    // Without the check the first candidate takes it.
    await store.close()
    store = await openSqliteStore({ path: join(dir, 'off.db') })
    await store.migrate()
    const config = loadConfig({ flags: {}, env: {} })
    const model = loadDefaultModel()
    const unchecked = createIdentityEngine({ store, model: { ...model, settings: { ...model.settings, clusterAmbiguityMargin: null } }, settings: config.service, clock: () => (time += 1000), random: mulberry32(7) })
    const taken = await resolveFamily(unchecked)
    expect(taken.till.decision).toBe('matched')
    expect([taken.father, taken.son]).toContain(taken.till.customerId)
  })

  it('should merge two customers bridged by a record and keep the absorbed id as an alias', async () => {
    const web = await engine.records.resolve(
      { record_id: 'w1', source: 'web', first_name: 'Giuseppe', last_name: 'Rossi', email: 'g.rossi@libero.it', birth_date: '1975-05-02', country: 'IT' },
      ACTOR,
    )
    const store1 = await engine.records.resolve(
      { record_id: 's1', source: 'store:MI-02', first_name: 'Giuseppe', last_name: 'Rossi', phone: '+39 333 1234567', city: 'Milano', country: 'IT', loyalty_card: '4000123456' },
      ACTOR,
    )
    const app = await engine.records.resolve(
      { record_id: 'a1', source: 'app', first_name: 'Giuseppe', last_name: 'Rossi', email: 'g.rossi@libero.it', phone: '+39 333 1234567', birth_date: '1975-05-02', city: 'Milano', country: 'IT' },
      ACTOR,
    )
    expect(app.decision).toBe('matched')
    const ids = new Set([web.customerId, store1.customerId, app.customerId])
    if (web.customerId !== store1.customerId) {
      expect(app.mergedCustomerIds).toHaveLength(1)
      const absorbed = app.mergedCustomerIds[0]
      const view = await engine.customers.get(absorbed)
      expect(view?.aliasOf).toBe(absorbed)
      expect(view?.customer.customerId).toBe(app.customerId)
      const history = await engine.customers.history(app.customerId)
      expect(history?.map((e) => e.kind)).toContain('merged')
    }
    expect((await engine.customers.records(app.customerId))?.length).toBe(3)
    expect(ids.has(app.customerId)).toBe(true)
  })

  it('should open a review task when the best candidate is uncertain, and apply the decision', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    // Same name and town, nothing else to go on: plausible, not certain.
    const maybe = await engine.records.resolve(
      { record_id: 's9', source: 'store:MAD-02', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' },
      ACTOR,
    )
    if (maybe.decision === 'review') {
      expect(maybe.customerId).not.toBe(first.customerId)
      expect(maybe.candidateCustomerId).toBe(first.customerId)
      const open = await engine.reviews.list({ status: 'open', limit: 10 })
      expect(open.map((r) => r.reviewId)).toContain(maybe.reviewId)
      const view = await engine.reviews.get(maybe.reviewId!)
      expect(view?.record.record_id).toBe('s9')
      expect(view?.candidate.record_id).toBe('w1')
      const decided = await engine.reviews.decide(maybe.reviewId!, 'same_person', ACTOR)
      expect(decided.status).toBe('decided')
      const merged = await engine.customers.get(maybe.customerId)
      expect(merged?.customer.customerId).toBe(first.customerId)
      await expect(engine.reviews.decide(maybe.reviewId!, 'same_person', ACTOR)).rejects.toBeInstanceOf(ConflictError)
    } else {
      expect(maybe.decision).toBe('matched')
    }
  })

  it('should remember a different-people decision when the record is sent again', async () => {
    await engine.records.resolve(maria, ACTOR)
    const maybe = await engine.records.resolve(
      { record_id: 's9', source: 'store:MAD-02', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES' },
      ACTOR,
    )
    expect(maybe.decision).toBe('review')
    await engine.reviews.decide(maybe.reviewId!, 'different_people', ACTOR)
    // Now with a birth date that agrees: without the decision this would be a match.
    const again = await engine.records.resolve(
      { record_id: 's9', source: 'store:MAD-02', first_name: 'Maria', last_name: 'Garcia Lopez', city: 'Madrid', country: 'ES', birth_date: '1984-03-07' },
      ACTOR,
    )
    expect(again.customerId).toBe(maybe.customerId)
    expect(again.decision).not.toBe('matched')
  })

  it('should turn a second holder of one loyalty card into a review task', async () => {
    const owner = await engine.records.resolve({ ...maria, loyalty_card: '4000 1234 56' }, ACTOR)
    const other = await engine.records.resolve(
      { record_id: 's2', source: 'store:MAD-01', first_name: 'Pedro', last_name: 'Sánchez Ruiz', birth_date: '1966-01-30', loyalty_card: '4000123456', country: 'ES' },
      ACTOR,
    )
    expect(other.customerId).not.toBe(owner.customerId)
    expect(other.decision).toBe('review')
    const review = await engine.reviews.get(other.reviewId!)
    expect(review?.review.reason).toBe('cap_exceeded:loyalty_card')
  })

  it('should still count the holders of a card whose key is too common for the candidate read', async () => {
    // One record per key at most: the owner's two records make the card's key oversized, so
    // its holders are not among the candidates and the caps check reads them itself.
    engine = openEngine({ candidateLimitPerKey: 1 })
    const owner = await engine.records.resolve({ ...maria, loyalty_card: '4000 1234 56' }, ACTOR)
    const again = await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app', loyalty_card: '4000123456' }, ACTOR)
    expect(again.customerId).toBe(owner.customerId)
    const other = await engine.records.resolve(
      { record_id: 's2', source: 'store:MAD-01', first_name: 'Pedro', last_name: 'Sánchez Ruiz', birth_date: '1966-01-30', loyalty_card: '4000123456', country: 'ES' },
      ACTOR,
    )
    expect(other.customerId).not.toBe(owner.customerId)
    expect(other.decision).toBe('review')
    expect((await engine.reviews.get(other.reviewId!))?.review.reason).toBe('cap_exceeded:loyalty_card')
  })

  it('should ignore a blocklisted value as evidence', async () => {
    engine = openEngine({ blocklist: { phone: ['+34 910 000 000'] } })
    const a = await engine.records.resolve({ record_id: 's1', source: 'store:MAD-01', first_name: 'Ana', last_name: 'Ruiz', phone: '910000000', country: 'ES' }, ACTOR)
    const b = await engine.records.resolve({ record_id: 's2', source: 'store:MAD-01', first_name: 'Luis', last_name: 'Ruiz', phone: '910 000 000', country: 'ES' }, ACTOR)
    expect(b.customerId).not.toBe(a.customerId)
    const stored = await engine.records.get('store:MAD-01', 's2')
    expect(stored?.normalised.phone).toBe('')
  })

  it('should reject a record without a record_id naming the field', async () => {
    await expect(engine.records.resolve({ record_id: ' ', source: 'web' }, ACTOR)).rejects.toMatchObject({
      code: 'ERR_RECORD_INVALID',
      issues: [{ path: ['record_id'] }],
    })
  })
})

describe('IdentityEngine.customers', () => {
  it('should split records off into a new customer and keep them apart afterwards', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app', email: 'MARIA.GARCIA@gmail.com' }, ACTOR)
    const { from, to } = await engine.customers.split(first.customerId, [{ source: 'app', record_id: 'a1' }], ACTOR, 'two people')
    expect(from.customer.customerId).toBe(first.customerId)
    expect(to.customer.customerId).not.toBe(first.customerId)
    const again = await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app' }, ACTOR)
    expect(again.customerId).toBe(to.customer.customerId)
    const history = await engine.customers.history(first.customerId)
    expect(history?.some((e) => e.kind === 'split')).toBe(true)
  })

  it('should export the decisions taken as labelled pairs that training reads', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app' }, ACTOR)
    await engine.customers.split(first.customerId, [{ source: 'app', record_id: 'a1' }], ACTOR)
    const other = await engine.records.resolve({ record_id: 's5', source: 'store:BCN-01', first_name: 'Mery', last_name: 'Garcia', phone: '+34 655 111 222', country: 'ES' }, ACTOR)
    await engine.customers.merge(first.customerId, other.customerId, ACTOR)
    const path = join(dir, 'labels.csv')
    expect(await exportLabelledPairs(store, path)).toEqual({ rows: 2 })
    const pairs = await readLabelledPairs(path)
    const labelOf = (a: string, b: string) => pairs.find((p) => (p.left === a && p.right === b) || (p.left === b && p.right === a))?.isMatch
    expect(labelOf('w1', 'a1')).toBe(false)
    expect(labelOf('w1', 's5')).toBe(true)
  })

  it('should refuse a manual merge across a recorded cannot-link', async () => {
    const first = await engine.records.resolve(maria, ACTOR)
    await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app' }, ACTOR)
    const { to } = await engine.customers.split(first.customerId, [{ source: 'app', record_id: 'a1' }], ACTOR)
    await expect(engine.customers.merge(first.customerId, to.customer.customerId, ACTOR)).rejects.toMatchObject({ code: 'ERR_MERGE_CANNOT_LINK' })
  })

  it('should merge two customers by hand and answer the absorbed id with the survivor', async () => {
    const a = await engine.records.resolve(maria, ACTOR)
    const b = await engine.records.resolve({ record_id: 's5', source: 'store:BCN-01', first_name: 'Mery', last_name: 'Garcia', phone: '+34 655 111 222', country: 'ES' }, ACTOR)
    expect(b.customerId).not.toBe(a.customerId)
    const merged = await engine.customers.merge(a.customerId, b.customerId, { id: 'key:admin', user: 'ops' }, 'customer called')
    expect(merged.customer.recordCount).toBe(2)
    const viaAlias = await engine.customers.get(b.customerId)
    expect(viaAlias?.customer.customerId).toBe(a.customerId)
    expect(viaAlias?.aliasOf).toBe(b.customerId)
    const history = await engine.customers.history(b.customerId)
    const merge = history?.find((e) => e.kind === 'merged')
    expect(merge?.actor).toEqual({ id: 'key:admin', user: 'ops' })
  })

  it('should build the golden record with verified, then source priority, then recency', async () => {
    const a = await engine.records.resolve({ ...maria, record_id: 's1', source: 'store:MAD-01', address_line1: 'C/ Mayor 12' }, ACTOR)
    await engine.records.resolve({ ...maria, record_id: 'a1', source: 'app', phone: '+34 612 345 678', address_line1: 'Calle Mayor 14' }, ACTOR)
    const view = await engine.customers.get(a.customerId)
    expect(view?.golden.attributes.address_line1?.source).toBe('app')
    expect(view?.golden.emails).toHaveLength(1)
    expect(view?.golden.addresses.map((v) => v.source)).toEqual(['app', 'store:MAD-01'])
  })

  it('should find a customer by email in admin search', async () => {
    const a = await engine.records.resolve(maria, ACTOR)
    const found = await engine.customers.search('Maria.Garcia@GMAIL.com', 5)
    expect(found.map((v) => v.customer.customerId)).toEqual([a.customerId])
  })
})

describe('IdentityEngine.keys', () => {
  it('should authenticate a created key and refuse it once revoked', async () => {
    const { key, secret } = await engine.keys.create({ name: 'web shop', role: 'channel', source: 'web' })
    expect(secret.startsWith(`tsk_${key.keyId}_`)).toBe(true)
    expect((await engine.keys.authenticate(secret))?.keyId).toBe(key.keyId)
    expect(await engine.keys.authenticate(secret + 'x')).toBeUndefined()
    await engine.keys.revoke(key.keyId)
    expect(await engine.keys.authenticate(secret)).toBeUndefined()
  })

  it('should trust a checked key for apiKeyCacheSeconds when it is revoked elsewhere, and not at all past that', async () => {
    // Two servers over one store, on a clock that moves only when told.
    const config = loadConfig({ flags: { service: { apiKeyCacheSeconds: 5 } }, env: {} })
    const serverOf = () => createIdentityEngine({ store, model: loadDefaultModel(), settings: config.service, clock: () => time, random: mulberry32(3) })
    const server = serverOf()
    const other = serverOf()
    const { key, secret } = await server.keys.create({ name: 'till', role: 'channel', source: 'store' })
    expect((await server.keys.authenticate(secret))?.keyId).toBe(key.keyId)
    await other.keys.revoke(key.keyId)
    expect(await other.keys.authenticate(secret)).toBeUndefined()
    time += 4_000
    expect((await server.keys.authenticate(secret))?.keyId).toBe(key.keyId)
    time += 1_001
    expect(await server.keys.authenticate(secret)).toBeUndefined()
    // Revoked by the server that trusts it: refused at once.
    const second = await server.keys.create({ name: 'till 2', role: 'channel', source: 'store' })
    expect((await server.keys.authenticate(second.secret))?.keyId).toBe(second.key.keyId)
    await server.keys.revoke(second.key.keyId)
    expect(await server.keys.authenticate(second.secret)).toBeUndefined()
  })

  it('should ask the store on every request with apiKeyCacheSeconds 0', async () => {
    const config = loadConfig({ flags: { service: { apiKeyCacheSeconds: 0 } }, env: {} })
    const server = createIdentityEngine({ store, model: loadDefaultModel(), settings: config.service, clock: () => time, random: mulberry32(3) })
    const { key, secret } = await server.keys.create({ name: 'till', role: 'channel', source: 'store' })
    expect((await server.keys.authenticate(secret))?.keyId).toBe(key.keyId)
    await store.transaction((tx) => tx.revokeApiKey(key.keyId, new Date(time).toISOString()))
    expect(await server.keys.authenticate(secret)).toBeUndefined()
  })

  it('should never store the secret itself', async () => {
    const { secret } = await engine.keys.create({ name: 'ops', role: 'admin' })
    const keys = await engine.keys.list()
    expect(JSON.stringify(keys)).not.toContain(secret)
  })
})
