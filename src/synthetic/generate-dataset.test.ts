import { describe, expect, it } from 'vitest'
import { IdentityError } from '../core/errors.js'
import { mulberry32 } from '../core/random.js'
import { PLACEHOLDER_EMAILS } from './emails.js'
import { generateDataset, generateRecords, type GeneratedDataset } from './generate-dataset.js'
import { PROFILES, resolveNoiseSettings } from './noise-settings.js'
import { STORES } from './places.js'
import {
  createPopulation,
  createPopulationState,
  WINDOW_END_MS,
  WINDOW_START_MS,
  type SyntheticPerson,
} from './population.js'

const cache = new Map<string, GeneratedDataset>()

/** Datasets are pure, so tests share them instead of generating the same one again. */
function dataset(
  persons: number,
  seed: number,
  profile: 'standard' | 'hard' = 'standard',
): GeneratedDataset {
  const key = `${persons}/${seed}/${profile}`
  let result = cache.get(key)
  if (!result) {
    result = generateDataset({ persons, seed, profile })
    cache.set(key, result)
  }
  return result
}

function population(persons: number, seed: number): SyntheticPerson[] {
  return createPopulation(
    mulberry32(seed),
    resolveNoiseSettings('standard'),
    createPopulationState(),
    persons,
    persons,
  )
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

function pairCount(sizes: Iterable<number>): number {
  let pairs = 0
  for (const size of sizes) pairs += (size * (size - 1)) / 2
  return pairs
}

describe('generateDataset', () => {
  it('should return identical records and truth when called twice with the same options', () => {
    const first = generateDataset({ persons: 2_000, seed: 11 })
    const second = generateDataset({ persons: 2_000, seed: 11 })
    expect(second).toEqual(first)
  })

  it('should return different records when the seed differs', () => {
    const first = dataset(2_000, 11)
    const second = generateDataset({ persons: 2_000, seed: 12 })
    expect(second.records.slice(0, 20)).not.toEqual(first.records.slice(0, 20))
  })

  it('should give every record a unique record_id when generating 10,000 persons', () => {
    const { records } = dataset(10_000, 42)
    expect(new Set(records.map((record) => record.record_id)).size).toBe(records.length)
  })

  it('should list every record in the truth, in the same order, when generating a dataset', () => {
    const { records, truth } = dataset(10_000, 42)
    expect(truth.map((row) => row.record_id)).toEqual(records.map((record) => record.record_id))
    expect(truth.every((row) => /^per_\d{7}$/.test(row.person_id))).toBe(true)
  })

  it('should create exactly the requested number of persons when generating', () => {
    const { truth } = dataset(10_000, 42)
    expect(new Set(truth.map((row) => row.person_id)).size).toBe(10_000)
  })

  it('should give about 60% of persons several records when using the standard profile', () => {
    const { truth } = dataset(10_000, 42)
    const sizes = new Map<string, number>()
    for (const row of truth) sizes.set(row.person_id, (sizes.get(row.person_id) ?? 0) + 1)
    const weights = PROFILES.standard.recordsPerPerson
    const expected = 1 - weights[0] / weights.reduce((sum, weight) => sum + weight, 0)
    const multi = [...sizes.values()].filter((size) => size > 1).length / sizes.size
    expect(multi).toBeGreaterThan(expected - 0.03)
    expect(multi).toBeLessThan(expected + 0.03)
    expect(Math.max(...sizes.values())).toBe(weights.length)
  })

  it('should write sources, record ids, countries and dates in their documented forms', () => {
    const { records } = dataset(10_000, 42)
    const storeCodes = new Set(Object.values(STORES).flat())
    for (const record of records) {
      const store = /^store:([A-Z]{3}-\d{2})$/.exec(record.source)
      if (!store) expect(['web', 'app', 'crm']).toContain(record.source)
      if (store) {
        expect(storeCodes.has(store[1])).toBe(true)
        expect(record.record_id).toMatch(new RegExp(`^${record.source}/\\d{6,}$`))
      } else expect(record.record_id).toMatch(new RegExp(`^${record.source}-\\d{6,}$`))
      if (record.country !== undefined) expect(['ES', 'IT', 'GB']).toContain(record.country)
      if (record.birth_date !== undefined)
        expect(record.birth_date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/)
      expect(record.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      const created = Date.parse(record.created_at!)
      expect(created >= WINDOW_START_MS && created < WINDOW_END_MS + 86_400_000).toBe(true)
    }
  })

  it('should always carry an email on web and app records and rarely on store records', () => {
    const { records } = dataset(10_000, 42)
    const online = records.filter((record) => record.source === 'web' || record.source === 'app')
    const stores = records.filter((record) => record.source.startsWith('store:'))
    expect(online.every((record) => (record.email ?? '').trim() !== '')).toBe(true)
    const storeEmailShare = stores.filter((record) => record.email).length / stores.length
    expect(storeEmailShare).toBeLessThan(0.45)
  })

  it('should carry tax ids mostly in CRM records when using the standard profile', () => {
    const { records } = dataset(10_000, 42)
    const share = (source: string): number => {
      const subset = records.filter((record) => record.source === source)
      return subset.filter((record) => record.tax_id).length / subset.length
    }
    expect(share('crm')).toBeGreaterThan(0.15)
    expect(share('crm')).toBeLessThan(0.3)
    expect(share('web')).toBeLessThan(0.03)
  })

  it('should sort each source by created_at when numbering its records', () => {
    const { records } = dataset(10_000, 42)
    const last = new Map<string, string>()
    for (const record of records) {
      const previous = last.get(record.source) ?? ''
      expect(record.created_at! >= previous).toBe(true)
      last.set(record.source, record.created_at!)
    }
  })

  it('should make an exact email-or-phone match imperfect when using the standard profile', () => {
    const { records, truth } = dataset(10_000, 42)
    const truePairs = pairCount(
      [...groupBy(truth, (row) => row.person_id).values()].map((rows) => rows.length),
    )
    const keys = new Map<string, number[]>()
    const placeholders = new Set(Object.values(PLACEHOLDER_EMAILS).flat())
    records.forEach((record, index) => {
      const email = (record.email ?? '').trim().toLowerCase()
      if (email && !placeholders.has(email))
        keys.set(`e:${email}`, [...(keys.get(`e:${email}`) ?? []), index])
    })
    let linked = 0
    let right = 0
    const seen = new Set<number>()
    for (const indexes of keys.values()) {
      for (let a = 0; a < indexes.length; a++) {
        for (let b = a + 1; b < indexes.length; b++) {
          const key = indexes[a] * 1e6 + indexes[b]
          if (seen.has(key)) continue
          seen.add(key)
          linked++
          if (truth[indexes[a]].person_id === truth[indexes[b]].person_id) right++
        }
      }
    }
    // the data must be neither trivially easy nor hopeless for the exact-email baseline
    expect(right / truePairs).toBeGreaterThan(0.3)
    expect(right / truePairs).toBeLessThan(0.75)
    expect(right / linked).toBeLessThan(0.995)
  })

  it('should contain persons who share an email when generating 10,000 persons', () => {
    const { records, truth } = dataset(10_000, 42)
    const placeholders = new Set(Object.values(PLACEHOLDER_EMAILS).flat())
    const owners = new Map<string, Set<string>>()
    records.forEach((record, index) => {
      const email = (record.email ?? '').trim().toLowerCase()
      if (!email || placeholders.has(email)) return
      owners.set(email, (owners.get(email) ?? new Set()).add(truth[index].person_id))
    })
    const shared = [...owners.values()].filter((people) => people.size > 1)
    expect(shared.length).toBeGreaterThan(10)
  })

  it('should keep the same records and owners when only noise rates change', () => {
    const base = dataset(2_000, 11)
    const clean = generateDataset({
      persons: 2_000,
      seed: 11,
      noise: {
        typoRate: 0,
        tillTypoRate: 0,
        emailVariantRate: 0,
        phoneFormatVariety: 0,
        nicknameRate: 0,
      },
    })
    expect(clean.truth).toEqual(base.truth)
    expect(clean.records.map((record) => record.created_at)).toEqual(
      base.records.map((record) => record.created_at),
    )
    expect(clean.records).not.toEqual(base.records)
  })

  it('should leave a field empty everywhere when its missing rate is 1', () => {
    const { records } = generateDataset({
      persons: 500,
      seed: 3,
      noise: {
        missingFieldRates: {
          web: { postcode: 1 },
          app: { postcode: 1 },
          store: { postcode: 1 },
          crm: { postcode: 1 },
        },
      },
    })
    expect(records.some((record) => record.postcode !== undefined)).toBe(false)
  })

  it('should generate more noise and more shared contacts when using the hard profile', () => {
    const countDistinctEmails = (data: GeneratedDataset): number =>
      new Set(data.records.map((record) => record.email).filter(Boolean)).size / data.records.length
    const standard = dataset(10_000, 42)
    const hard = dataset(10_000, 42, 'hard')
    // more variants, changes and second addresses: more distinct spellings per record
    expect(countDistinctEmails(hard)).toBeGreaterThan(countDistinctEmails(standard))
  })

  it('should throw InputError when persons is not a positive integer', () => {
    expect(() => generateDataset({ persons: 0, seed: 1 })).toThrow(IdentityError)
    expect(() => generateDataset({ persons: 2.5, seed: 1 })).toThrow(
      /persons must be a positive integer/,
    )
  })

  it('should throw InputError when a noise rate is out of range', () => {
    try {
      generateDataset({ persons: 10, seed: 1, noise: { typoRate: 1.5 } })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(IdentityError)
      expect((error as IdentityError).code).toBe('ERR_SYNTHETIC_OPTIONS_INVALID')
      expect((error as IdentityError).issues[0].path).toEqual(['noise', 'typoRate'])
    }
  })
})

describe('generateRecords', () => {
  it('should stream exactly the records and owners of generateDataset', () => {
    const { records, truth } = dataset(2_000, 11)
    const streamed = [...generateRecords({ persons: 2_000, seed: 11 })]
    expect(streamed.map((item) => item.record)).toEqual(records)
    expect(streamed.map((item) => item.person_id)).toEqual(truth.map((row) => row.person_id))
  })

  it('should keep record ids unique when generating more persons than one block', () => {
    let count = 0
    const ids = new Set<string>()
    for (const { record } of generateRecords({ persons: 26_000, seed: 5 })) {
      ids.add(record.record_id)
      count++
    }
    expect(ids.size).toBe(count)
  })
})

describe('createPopulation', () => {
  const persons = population(10_000, 42)
  const byHome = groupBy(persons, (person) => person.homes[0].value)

  it('should put about the configured share of persons in shared homes', () => {
    const shared =
      [...byHome.values()].filter((members) => members.length > 1).flat().length / persons.length
    expect(shared).toBeGreaterThan(PROFILES.standard.householdRate - 0.05)
    expect(shared).toBeLessThan(PROFILES.standard.householdRate + 0.05)
  })

  it('should include a parent and child with the same name living together', () => {
    const juniors = [...byHome.values()].filter((members) =>
      members.some((a) =>
        members.some(
          (b) =>
            a !== b &&
            a.givenName === b.givenName &&
            a.surnames[0] === b.surnames[0] &&
            b.birthDate.year - a.birthDate.year >= 18,
        ),
      ),
    )
    expect(juniors.length).toBeGreaterThan(0)
  })

  it('should include twins: same birth date, surnames and home but different given names', () => {
    const twins = [...byHome.values()].filter((members) =>
      members.some((a) =>
        members.some(
          (b) =>
            a !== b &&
            a.givenName !== b.givenName &&
            a.surnames.join() === b.surnames.join() &&
            a.birthDate.year === b.birthDate.year &&
            a.birthDate.month === b.birthDate.month &&
            a.birthDate.day === b.birthDate.day,
        ),
      ),
    )
    expect(twins.length).toBeGreaterThan(0)
  })

  it('should include namesakes: same name and town, different homes', () => {
    const byName = groupBy(persons, (person) =>
      [person.givenName, ...person.surnames, person.homes[0].value.address.city.name].join('|'),
    )
    const namesakes = [...byName.values()].filter(
      (group) => group.length > 1 && new Set(group.map((person) => person.homes[0].value)).size > 1,
    )
    expect(namesakes.length).toBeGreaterThan(0)
  })

  it('should give Spanish children their father’s and mother’s first surnames', () => {
    // father, mother and a child at least 20 years younger than both
    const families = [...byHome.values()].filter(
      ([father, mother, child]) =>
        child !== undefined &&
        father.nameOrigin === 'ES' &&
        father.gender === 'M' &&
        mother.gender === 'F' &&
        child.birthDate.year - Math.max(father.birthDate.year, mother.birthDate.year) >= 20,
    )
    const following = families.filter(
      ([father, mother, child]) =>
        [...child.surnames].sort().join() ===
        [father.surnames[0], mother.surnames[0]].sort().join(),
    )
    expect(families.length).toBeGreaterThan(20)
    expect(following.length / families.length).toBeGreaterThan(0.9)
  })

  it('should give persons unique mobile numbers', () => {
    const mobiles = persons.flatMap((person) =>
      person.mobiles.map((entry) => `${entry.value.country}${entry.value.national}`),
    )
    expect(new Set(mobiles).size).toBe(mobiles.length)
  })
})
