import type { Random } from '../core/random.js'
import { createAddress, type Address } from './addresses.js'
import { SYNTHETIC_COUNTRIES, type Gender, type SyntheticCountry } from './country.js'
import { createEmail, createFamilyEmail } from './emails.js'
import {
  createAdult,
  createHouseholdMembers,
  HOUSEHOLD_KINDS,
  MEAN_MULTI_HOUSEHOLD_SIZE,
  randomGender,
  sampleBirthDate,
  sampleBirthYear,
  sampleSurname,
  type BirthDate,
  type HouseholdKind,
  type Identity,
} from './household-members.js'
import { CHANNEL_KINDS, type ChannelKind, type NoiseSettings } from './noise-settings.js'
import { nicknamesOf } from './nicknames.js'
import { createLandline, createMobile, type Phone } from './phones.js'
import { CITIES, STORES, type City } from './places.js'
import {
  chance,
  createWeightedTable,
  pick,
  pickWeighted,
  randomInt,
  type WeightedTable,
} from './sampling.js'
import { hashString, NumberSet } from './number-set.js'
import {
  BELFIORE_CODES,
  createCodiceFiscale,
  createDni,
  createNie,
  createNiNumber,
} from './tax-ids.js'

/** Records are created between these instants: three years of customer data. */
export const WINDOW_START_MS = Date.UTC(2022, 6, 1)
export const WINDOW_END_MS = Date.UTC(2025, 6, 1)

/** A value that holds from an instant on; a person's timeline is sorted by `from`. */
export interface Dated<T> {
  readonly value: T
  readonly from: number
}

/** The value in force at `time`: the last entry that started at or before it. */
export function valueAt<T>(timeline: readonly Dated<T>[], time: number): T {
  let current = timeline[0].value
  for (const entry of timeline) {
    if (entry.from <= time) current = entry.value
    else break
  }
  return current
}

/** A home and the landline that rings there, if any. */
export interface Home {
  readonly address: Address
  readonly landline: Phone | undefined
}

/** One real customer: who they are, what happens to them, and which channels they use. */
export interface SyntheticPerson {
  readonly personId: string
  /** Country of residence (of every record). */
  readonly country: SyntheticCountry
  /** Where the names come from; differs from `country` for foreign residents. */
  readonly nameOrigin: SyntheticCountry
  readonly gender: Gender
  readonly givenName: string
  /** One surname (IT, GB) or two (ES: father's first, mother's first). */
  readonly surnames: readonly string[]
  /** 'Jr' for a British son named after his father; '' otherwise. */
  readonly suffix: string
  readonly birthDate: BirthDate
  readonly taxId: string
  readonly emails: readonly Dated<string>[]
  /** An address shared with the household, and the share of online records that use it. */
  readonly familyEmail: string
  readonly familyEmailShare: number
  /** A second address used alongside the main one, and the share of records that use it. */
  readonly secondEmail: string
  readonly secondEmailShare: number
  /** Another household member's mobile, given on a share of store and CRM records. */
  readonly borrowedMobile: Phone | undefined
  readonly borrowedMobileShare: number
  readonly mobiles: readonly Dated<Phone>[]
  readonly homes: readonly Dated<Home>[]
  /** Loyalty card(s) over time; empty for people without one. */
  readonly loyaltyCards: readonly Dated<string>[]
  /** Relative use of web, app, store, crm. */
  readonly channelWeights: WeightedTable<ChannelKind>
  readonly homeStores: readonly string[]
  readonly recordCount: number
  /** Record creation instants (whole seconds), one per record. */
  readonly recordTimes: readonly number[]
  readonly recordChannels: readonly ChannelKind[]
  /** The source of each record: 'web', 'app', 'crm' or 'store:<code>'. */
  readonly recordSources: readonly string[]
}

/** What must stay unique across the whole population, however many blocks it is made in. */
export interface PopulationState {
  nextPersonNumber: number
  nextCardNumber: number
  /** Hashes of the mailboxes handed out (see mailboxKey). */
  readonly usedEmails: NumberSet
  readonly usedPhones: NumberSet
  /** Hashes of the tax ids handed out. */
  readonly usedTaxIds: NumberSet
}

/**
 * The mailbox an address reaches: case-insensitive, and Gmail ignores dots in the local part,
 * so 'a.rossi@gmail.com' and 'arossi@gmail.com' are one mailbox and must not go to two people.
 */
export function mailboxKey(email: string): number {
  const lower = email.toLowerCase()
  if (!lower.endsWith('@gmail.com') && !lower.endsWith('@googlemail.com')) return hashString(lower)
  return hashString(`${lower.slice(0, lower.indexOf('@')).replace(/\./g, '')}@gmail.com`)
}

/** A phone as a number: country and digits, so '612345678' in Spain and in Italy differ. */
function phoneKey(phone: Phone): number {
  return (SYNTHETIC_COUNTRIES.indexOf(phone.country) + 1) * 1e11 + Number(phone.national)
}

export function createPopulationState(): PopulationState {
  return {
    nextPersonNumber: 1,
    nextCardNumber: 0,
    usedEmails: new NumberSet(),
    usedPhones: new NumberSet(),
    usedTaxIds: new NumberSet(),
  }
}

const CITY_TABLES = Object.fromEntries(
  SYNTHETIC_COUNTRIES.map((country) => [
    country,
    createWeightedTable(
      CITIES[country],
      CITIES[country].map((city) => city.weight),
    ),
  ]),
) as Record<SyntheticCountry, WeightedTable<City>>

const ITALIAN_BIRTH_PLACES = createWeightedTable(
  CITIES.IT.filter((city) => BELFIORE_CODES[city.name]).map((city) => BELFIORE_CODES[city.name]),
  CITIES.IT.filter((city) => BELFIORE_CODES[city.name]).map((city) => city.weight),
)

/** Codice fiscale place codes for people born abroad (Z + country code). */
const FOREIGN_BIRTH_PLACE: Record<SyntheticCountry, string> = { ES: 'Z131', IT: 'Z000', GB: 'Z114' }

function randomInstant(random: Random, from = WINDOW_START_MS, to = WINDOW_END_MS): number {
  return from + Math.floor(random() * (to - from))
}

const DAY_MS = 86_400_000

/** When a record is created: any day of the window, at an hour the channel is in use. */
function recordInstant(random: Random, channel: ChannelKind): number {
  const day =
    WINDOW_START_MS + Math.floor(random() * ((WINDOW_END_MS - WINDOW_START_MS) / DAY_MS)) * DAY_MS
  // stores and service desks open 9:00-21:00 local; online orders come at any hour, mostly in the
  // evening
  const hour =
    channel === 'store' || channel === 'crm'
      ? randomInt(random, 8, 19)
      : random() < 0.2
        ? randomInt(random, 0, 7)
        : randomInt(random, 8, 22)
  return day + hour * 3_600_000 + randomInt(random, 0, 3_599) * 1_000
}

// ---------------------------------------------------------------------------------------------
// people

interface HouseholdContext {
  readonly random: Random
  readonly settings: NoiseSettings
  readonly state: PopulationState
  readonly country: SyntheticCountry
  readonly city: City
  readonly homes: Dated<Home>[]
  readonly channelTables: ChannelTables
}

function uniquePhone(random: Random, state: PopulationState, create: () => Phone): Phone {
  let phone = create()
  while (!state.usedPhones.add(phoneKey(phone))) phone = create()
  return phone
}

function createHome(
  random: Random,
  state: PopulationState,
  city: City,
  landlineRate: number,
): Home {
  const address = createAddress(random, city)
  const landline = chance(random, landlineRate)
    ? uniquePhone(random, state, () => createLandline(random, city))
    : undefined
  return { address, landline }
}

/** Moves within the town are most common; some people move to another town. */
function movedHome(
  random: Random,
  state: PopulationState,
  from: Home,
  country: SyntheticCountry,
  landlineRate: number,
): Home {
  const city = random() < 0.6 ? from.address.city : pickWeighted(random, CITY_TABLES[country])
  return createHome(random, state, city, from.landline ? 0.8 : landlineRate / 2)
}

function taxIdFor(
  random: Random,
  state: PopulationState,
  identity: Identity,
  country: SyntheticCountry,
  city: City,
): string {
  for (;;) {
    let taxId: string
    if (country === 'ES')
      taxId = identity.origin === 'ES' && random() > 0.03 ? createDni(random) : createNie(random)
    else if (country === 'IT') {
      const place =
        identity.origin !== 'IT'
          ? FOREIGN_BIRTH_PLACE[identity.origin]
          : random() < 0.6 && BELFIORE_CODES[city.name]
            ? BELFIORE_CODES[city.name]
            : pickWeighted(random, ITALIAN_BIRTH_PLACES)
      taxId = createCodiceFiscale(
        identity.surnames.join(' '),
        identity.givenName,
        identity.birthDate,
        identity.gender,
        place,
      )
      // homocodia: two people with the same code get a letter-substituted digit; rare enough to
      // just redraw the place
      if (state.usedTaxIds.has(hashString(taxId)))
        taxId = createCodiceFiscale(
          identity.surnames.join(' '),
          identity.givenName,
          identity.birthDate,
          identity.gender,
          pickWeighted(random, ITALIAN_BIRTH_PLACES),
        )
      if (state.usedTaxIds.has(hashString(taxId)))
        taxId =
          taxId.slice(0, 14) + String.fromCharCode(65 + Math.floor(random() * 26)) + taxId.slice(15)
    } else taxId = createNiNumber(random)
    if (state.usedTaxIds.add(hashString(taxId))) return taxId
  }
}

/**
 * Relative channel use of the person segments: online only, stores only, everywhere (with and
 * without a store nearby).
 */
interface ChannelTables {
  readonly onlineOnly: WeightedTable<ChannelKind>
  readonly storesOnly: WeightedTable<ChannelKind>
  readonly everywhere: WeightedTable<ChannelKind>
  readonly everywhereFar: WeightedTable<ChannelKind>
}

function createChannelTables(settings: NoiseSettings): ChannelTables {
  const table = (factors: Record<ChannelKind, number>): WeightedTable<ChannelKind> => {
    const weights = CHANNEL_KINDS.map((channel) => settings.channelMix[channel] * factors[channel])
    // a mix that leaves a segment no channel falls back to the CRM, which every customer can reach
    if (weights.reduce((sum, weight) => sum + weight, 0) === 0) weights[3] = 1
    return createWeightedTable(CHANNEL_KINDS, weights)
  }
  return {
    onlineOnly: table({ web: 1, app: 1, store: 0, crm: 1 }),
    storesOnly: table({ web: 0, app: 0, store: 1, crm: 1 }),
    everywhere: table({ web: 1, app: 1, store: 1, crm: 1 }),
    everywhereFar: table({ web: 1, app: 1, store: 0.15, crm: 1 }),
  }
}

/** Person segments: some buy only online, some only in stores, the rest everywhere. */
function channelWeightsFor(
  random: Random,
  tables: ChannelTables,
  city: City,
): WeightedTable<ChannelKind> {
  const storeNearby = city.stores.length > 0
  const roll = random()
  if (roll < 0.3 || (!storeNearby && roll < 0.6)) return tables.onlineOnly
  if (storeNearby) return roll < 0.55 ? tables.storesOnly : tables.everywhere
  return tables.everywhereFar
}

function firstWord(text: string): string {
  const space = text.indexOf(' ')
  return space < 0 ? text : text.slice(0, space)
}

function nicknameFor(random: Random, identity: Identity): string {
  const nicknames = nicknamesOf(identity.origin, identity.givenName)
  return nicknames && random() < 0.5 ? pick(random, nicknames) : firstWord(identity.givenName)
}

function createPerson(
  context: HouseholdContext,
  identity: Identity,
  recordsTable: WeightedTable<number>,
): SyntheticPerson {
  const { random, settings, state, country, city } = context
  const personId = `per_${String(state.nextPersonNumber++).padStart(7, '0')}`
  const isTaken = (email: string): boolean => state.usedEmails.has(mailboxKey(email))
  const emailParts = {
    given: identity.givenName,
    surname: identity.surnames[0],
    secondSurname: identity.surnames[1] ?? '',
    nickname: nicknameFor(random, identity),
    birthYear: identity.birthDate.year,
  }
  const firstEmail = createEmail(random, country, emailParts, isTaken)
  state.usedEmails.add(mailboxKey(firstEmail))
  const emails: Dated<string>[] = [{ value: firstEmail, from: 0 }]
  if (chance(random, settings.emailChangeRate)) {
    const domain = firstEmail.slice(firstEmail.indexOf('@') + 1)
    const next = createEmail(random, country, emailParts, isTaken, domain)
    state.usedEmails.add(mailboxKey(next))
    emails.push({ value: next, from: randomInstant(random) })
  }
  let secondEmail = ''
  if (chance(random, settings.secondEmailRate)) {
    secondEmail = createEmail(
      random,
      country,
      emailParts,
      isTaken,
      firstEmail.slice(firstEmail.indexOf('@') + 1),
    )
    state.usedEmails.add(mailboxKey(secondEmail))
  }
  const mobiles: Dated<Phone>[] = [
    { value: uniquePhone(random, state, () => createMobile(random, country)), from: 0 },
  ]
  if (chance(random, settings.phoneChangeRate)) {
    mobiles.push({
      value: uniquePhone(random, state, () => createMobile(random, country)),
      from: randomInstant(random),
    })
  }
  const channelWeights = channelWeightsFor(random, context.channelTables, city)
  const usesStores = channelWeights.cumulative[2] > channelWeights.cumulative[1]
  const loyaltyCards: Dated<string>[] = []
  if (usesStores ? random() < 0.7 : random() < 0.15) {
    loyaltyCards.push({ value: loyaltyCardNumber(state, country), from: 0 })
    // a lost or replaced card
    if (random() < 0.05)
      loyaltyCards.push({ value: loyaltyCardNumber(state, country), from: randomInstant(random) })
  }
  const homeStores = city.stores.length > 0 ? city.stores : [pick(random, STORES[country])]
  const recordCount = pickWeighted(random, recordsTable)
  const recordTimes: number[] = []
  const recordChannels: ChannelKind[] = []
  const recordSources: string[] = []
  for (let i = 0; i < recordCount; i++) {
    const channel = pickWeighted(random, channelWeights)
    recordChannels.push(channel)
    recordTimes.push(recordInstant(random, channel))
    const store =
      channel !== 'store'
        ? ''
        : random() < 0.9
          ? pick(random, homeStores)
          : pick(random, STORES[country])
    recordSources.push(store ? storeSource(store) : channel)
  }
  return {
    personId,
    country,
    nameOrigin: identity.origin,
    gender: identity.gender,
    givenName: identity.givenName,
    surnames: identity.surnames,
    suffix: identity.suffix,
    birthDate: identity.birthDate,
    taxId: taxIdFor(random, state, identity, country, city),
    emails,
    familyEmail: '',
    familyEmailShare: 0,
    secondEmail,
    secondEmailShare: secondEmail ? 0.2 + random() * 0.4 : 0,
    borrowedMobile: undefined,
    borrowedMobileShare: 0,
    mobiles,
    homes: context.homes,
    loyaltyCards,
    channelWeights,
    homeStores,
    recordCount,
    recordTimes,
    recordChannels,
    recordSources,
  }
}

const STORE_SOURCES = new Map(
  Object.values(STORES)
    .flat()
    .map((code) => [code, `store:${code}`]),
)

/** 'store:<code>', one string per store, so sources are shared rather than built per record. */
function storeSource(code: string): string {
  return STORE_SOURCES.get(code) ?? `store:${code}`
}

const LOYALTY_PREFIX: Record<SyntheticCountry, string> = { ES: '40', IT: '41', GB: '42' }

/**
 * A unique card number: country prefix, eight digits from a bijective scramble of a counter
 * (so consecutive customers do not get consecutive cards), and a Luhn check digit.
 */
function loyaltyCardNumber(state: PopulationState, country: SyntheticCountry): string {
  const index = state.nextCardNumber++
  // 7_654_321 is coprime with 10^8, so this is a permutation of 0..10^8-1
  const scrambled = (index * 7_654_321 + 13_579_135) % 100_000_000
  const body = LOYALTY_PREFIX[country] + String(scrambled).padStart(8, '0')
  return body + luhnDigit(body)
}

function luhnDigit(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let digit = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return String((10 - (sum % 10)) % 10)
}

type MutablePerson = { -readonly [K in keyof SyntheticPerson]: SyntheticPerson[K] }

/**
 * Creates households, one group of persons at a time, until at least `minPersons` people exist
 * (never more than `maxPersons`):
 * singles, couples, families (with juniors and twins), single parents, siblings, flatmates,
 * plus namesakes of some adults living in the same town.
 */
export function* createHouseholds(
  random: Random,
  settings: NoiseSettings,
  state: PopulationState,
  minPersons: number,
  maxPersons: number,
): Generator<SyntheticPerson[]> {
  const countryTable = createWeightedTable(
    SYNTHETIC_COUNTRIES,
    SYNTHETIC_COUNTRIES.map((c) => settings.countryMix[c]),
  )
  const recordsTable = createWeightedTable(
    settings.recordsPerPerson.map((_, i) => i + 1),
    settings.recordsPerPerson,
  )
  const channelTables = createChannelTables(settings)
  // share of households with several customers that puts `householdRate` of persons in them
  const r = settings.householdRate
  const multiHouseholdShare = r >= 1 ? 1 : r / (MEAN_MULTI_HOUSEHOLD_SIZE * (1 - r) + r)
  let created = 0
  while (created < minPersons) {
    const room = maxPersons - created
    const country = pickWeighted(random, countryTable)
    const origin = chance(random, settings.foreignResidentRate)
      ? pick(
          random,
          SYNTHETIC_COUNTRIES.filter((c) => c !== country),
        )
      : country
    const city = pickWeighted(random, CITY_TABLES[country])
    const firstHome = createHome(random, state, city, settings.landlineRate)
    const homes: Dated<Home>[] = [{ value: firstHome, from: 0 }]
    if (chance(random, settings.moveRate)) {
      homes.push({
        value: movedHome(random, state, firstHome, country, settings.landlineRate),
        from: randomInstant(random),
      })
    }
    const kind =
      room > 1 && chance(random, multiHouseholdShare)
        ? pickWeighted(random, HOUSEHOLD_KINDS)
        : undefined
    const identities = kind
      ? createHouseholdMembers(random, settings, origin, kind).slice(0, room)
      : [createAdult(random, origin, randomGender(random), 1940, 2005)]
    const context: HouseholdContext = {
      random,
      settings,
      state,
      country,
      city,
      homes,
      channelTables,
    }
    const members = identities.map((identity) => {
      // adult children leave home more often than their parents move
      if (identity.isChild && chance(random, settings.moveRate * 0.5)) {
        const leftAt = randomInstant(random)
        const ownHome = createHome(
          random,
          state,
          random() < 0.7 ? city : pickWeighted(random, CITY_TABLES[country]),
          settings.landlineRate * 0.3,
        )
        return createPerson(
          {
            ...context,
            homes: [
              { value: valueAt(homes, leftAt), from: 0 },
              { value: ownHome, from: leftAt },
            ],
          },
          identity,
          recordsTable,
        ) as MutablePerson
      }
      return createPerson(context, identity, recordsTable) as MutablePerson
    })
    shareHouseholdContacts(random, settings, state, kind, identities, members)
    const group: SyntheticPerson[] = members
    // namesakes: another customer with the same name in the same town
    for (const identity of identities) {
      if (
        identity.isChild ||
        created + group.length >= maxPersons ||
        !chance(random, settings.namesakeRate)
      )
        continue
      const twin: Identity = {
        ...identity,
        surnames:
          identity.origin === 'ES' && random() < 0.4
            ? [identity.surnames[0], sampleSurname(random, 'ES')]
            : [...identity.surnames],
        suffix: '',
        birthDate: sampleBirthDate(random, sampleBirthYear(random, 1940, 2005)),
      }
      const home = createHome(random, state, city, settings.landlineRate)
      group.push(
        createPerson({ ...context, homes: [{ value: home, from: 0 }] }, twin, recordsTable),
      )
    }
    created += group.length
    yield group
  }
}

/** All persons of `createHouseholds`, in one list. */
export function createPopulation(
  random: Random,
  settings: NoiseSettings,
  state: PopulationState,
  minPersons: number,
  maxPersons: number,
): SyntheticPerson[] {
  const persons: SyntheticPerson[] = []
  for (const group of createHouseholds(random, settings, state, minPersons, maxPersons)) {
    persons.push(...group)
  }
  return persons
}

/** Family emails and shared loyalty cards among the adults of one household. */
function shareHouseholdContacts(
  random: Random,
  settings: NoiseSettings,
  state: PopulationState,
  kind: HouseholdKind | undefined,
  identities: readonly Identity[],
  members: MutablePerson[],
): void {
  if (kind === undefined || kind === 'flatmates') return
  for (const member of members) {
    if (!chance(random, settings.sharedMobileRate)) continue
    const others = members.filter((other) => other !== member)
    member.borrowedMobile = pick(random, others).mobiles[0].value
    member.borrowedMobileShare = 0.2 + random() * 0.4
  }
  const adults = members.filter((_, index) => !identities[index].isChild)
  const children = members.filter((_, index) => identities[index].isChild)
  const [first, second] = adults
  if (
    second &&
    (kind === 'couple' || kind === 'family') &&
    chance(random, settings.sharedFamilyEmailRate)
  ) {
    if (random() < 0.5) {
      // one partner's own address, which the other also gives
      first.familyEmail = first.emails[0].value
      first.familyEmailShare = 1
      second.familyEmail = first.familyEmail
      second.familyEmailShare = 0.4 + random() * 0.5
    } else {
      const email = createFamilyEmail(random, first.country, first.surnames, (e) =>
        state.usedEmails.has(mailboxKey(e)),
      )
      state.usedEmails.add(mailboxKey(email))
      for (const person of [first, second]) {
        person.familyEmail = email
        person.familyEmailShare = 0.3 + random() * 0.5
      }
    }
  }
  // children's accounts opened with a parent's address
  for (const child of children) {
    if (!first || !chance(random, settings.sharedFamilyEmailRate)) continue
    child.familyEmail = first.familyEmail || first.emails[0].value
    child.familyEmailShare = 0.3 + random() * 0.4
  }
  if (!second) return
  if (first.loyaltyCards.length > 0 && chance(random, settings.sharedLoyaltyCardRate)) {
    second.loyaltyCards = [first.loyaltyCards[0]]
  }
}
