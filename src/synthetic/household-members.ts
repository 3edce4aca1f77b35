// Who lives in a household: names drawn with realistic frequencies, ages that fit the roles,
// children named by each country's rules, and the look-alikes that make matching hard (juniors
// named after a parent, twins).
import type { Random } from '../core/random.js'
import { SYNTHETIC_COUNTRIES, type Gender, type SyntheticCountry } from './country.js'
import { GIVEN_NAMES, SIMILAR_GIVEN_NAMES } from './given-names.js'
import type { NoiseSettings } from './noise-settings.js'
import {
  chance,
  createWeightedTable,
  pick,
  pickWeighted,
  randomInt,
  uniqueInOrder,
  zipfWeights,
  type WeightedTable,
} from './sampling.js'
import { SURNAME_TAIL_PARTS, SURNAMES } from './surnames.js'

export interface BirthDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/**
 * Share of surnames drawn from the head lists (the rest come from the composed tail) and the
 * lists' Zipf parameters, tuned so the most common names have about their real share: García
 * ~3.4% of Spaniards' first surnames, Smith ~1.3%, Rossi ~0.3% (Italian surnames are far more
 * spread out), and the top given name 3–5% of its gender.
 */
const SURNAME_HEAD_SHARE: Record<SyntheticCountry, number> = { ES: 0.8, IT: 0.3, GB: 0.5 }
const SURNAME_ZIPF: Record<SyntheticCountry, readonly [exponent: number, offset: number]> = {
  ES: [1, 5],
  IT: [0.5, 20],
  GB: [0.8, 5],
}

function nameTable(
  names: readonly string[],
  exponent: number,
  offset: number,
): WeightedTable<string> {
  const unique = uniqueInOrder(names)
  return createWeightedTable(unique, zipfWeights(unique.length, exponent, offset))
}

const GIVEN_NAME_TABLES = Object.fromEntries(
  SYNTHETIC_COUNTRIES.map((country) => [
    country,
    { F: nameTable(GIVEN_NAMES[country].F, 1, 6), M: nameTable(GIVEN_NAMES[country].M, 1, 6) },
  ]),
) as Record<SyntheticCountry, Record<Gender, WeightedTable<string>>>

const SURNAME_TABLES = Object.fromEntries(
  SYNTHETIC_COUNTRIES.map((country) => [
    country,
    nameTable(SURNAMES[country], ...SURNAME_ZIPF[country]),
  ]),
) as Record<SyntheticCountry, WeightedTable<string>>

export function sampleSurname(random: Random, origin: SyntheticCountry): string {
  if (random() < SURNAME_HEAD_SHARE[origin]) return pickWeighted(random, SURNAME_TABLES[origin])
  const { roots, endings } = SURNAME_TAIL_PARTS[origin]
  return pick(random, roots) + pick(random, endings)
}

function sampleGivenName(
  random: Random,
  origin: SyntheticCountry,
  gender: Gender,
  avoid = '',
): string {
  let name = pickWeighted(random, GIVEN_NAME_TABLES[origin][gender])
  for (let attempt = 0; name === avoid && attempt < 10; attempt++) {
    name = pickWeighted(random, GIVEN_NAME_TABLES[origin][gender])
  }
  return name
}

/** A name parents pick for a twin: often one that sounds like the sibling's. */
function twinGivenName(
  random: Random,
  origin: SyntheticCountry,
  gender: Gender,
  sibling: string,
): string {
  if (random() < 0.35) {
    const givenNames = GIVEN_NAME_TABLES[origin][gender].items
    for (const [a, b] of SIMILAR_GIVEN_NAMES) {
      const other = a === sibling ? b : b === sibling ? a : ''
      if (other && givenNames.includes(other)) return other
    }
  }
  return sampleGivenName(random, origin, gender, sibling)
}

export function sampleBirthYear(random: Random, min: number, max: number): number {
  // customers are mostly 25-65; the very young and the very old buy less
  for (let attempt = 0; attempt < 20; attempt++) {
    const year = randomInt(random, min, max)
    const weight =
      year < 1950 ? 0.35 : year < 1960 ? 0.7 : year < 1990 ? 1 : year < 2000 ? 0.85 : 0.5
    if (random() < weight) return year
  }
  return randomInt(random, min, max)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function sampleBirthDate(random: Random, year: number): BirthDate {
  const month = randomInt(random, 1, 12)
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]
  return { year, month, day: randomInt(random, 1, days) }
}

/** Who a person is before contact details and life events are added. */
export interface Identity {
  gender: Gender
  givenName: string
  surnames: string[]
  suffix: string
  birthDate: BirthDate
  origin: SyntheticCountry
  isChild: boolean
}

export type HouseholdKind = 'couple' | 'family' | 'single-parent' | 'siblings' | 'flatmates'

export const HOUSEHOLD_KINDS = createWeightedTable<HouseholdKind>(
  ['couple', 'family', 'single-parent', 'siblings', 'flatmates'],
  [40, 30, 12, 8, 10],
)

/**
 * Mean members per multi-person household, given the kinds above (used to turn a person share into
 * a household share).
 */
export const MEAN_MULTI_HOUSEHOLD_SIZE = 2.55

function surnamesFor(random: Random, origin: SyntheticCountry): string[] {
  if (origin === 'ES') return [sampleSurname(random, origin), sampleSurname(random, origin)]
  const surname = sampleSurname(random, origin)
  // double-barrelled British surnames ('Bowes-Lyon', 'Smith-Jones') are a small minority
  if (origin === 'GB' && random() < 0.02) return [`${surname}-${sampleSurname(random, origin)}`]
  return [surname]
}

export function createAdult(
  random: Random,
  origin: SyntheticCountry,
  gender: Gender,
  minYear: number,
  maxYear: number,
): Identity {
  return {
    gender,
    givenName: sampleGivenName(random, origin, gender),
    surnames: surnamesFor(random, origin),
    suffix: '',
    birthDate: sampleBirthDate(random, sampleBirthYear(random, minYear, maxYear)),
    origin,
    isChild: false,
  }
}

export function randomGender(random: Random): Gender {
  return random() < 0.52 ? 'F' : 'M'
}

/** Surnames of a child: Spanish children take the father's and the mother's first surnames. */
function childSurnames(
  random: Random,
  origin: SyntheticCountry,
  father: Identity,
  mother: Identity,
  singleMother: boolean,
): string[] {
  if (origin === 'ES') {
    // since 2017 parents may put the mother's surname first; few do
    const [first, second] = [father.surnames[0], mother.surnames[0]]
    return random() < 0.03 ? [second, first] : [first, second]
  }
  // some children of single mothers carry her surname
  if (singleMother && random() < 0.3) return [...mother.surnames]
  return [father.surnames[0]]
}

/**
 * Children of `father` and `mother` (both exist; `present` are the ones who are customers too,
 * and only they can be the parent a junior is named after, since only then is it a trap).
 */
function children(
  random: Random,
  settings: NoiseSettings,
  origin: SyntheticCountry,
  father: Identity,
  mother: Identity,
  count: number,
  present: readonly Identity[],
): Identity[] {
  const youngestParentYear = Math.max(father.birthDate.year, mother.birthDate.year)
  const firstYear = Math.min(2007, youngestParentYear + 22)
  const lastYear = Math.min(2007, youngestParentYear + 40)
  const result: Identity[] = []
  const twins = chance(random, settings.twinRate)
  const total = twins ? Math.max(2, count) : count
  for (let i = 0; i < total; i++) {
    const gender = randomGender(random)
    const year = sampleBirthYear(random, firstYear, lastYear)
    result.push({
      gender,
      givenName: sampleGivenName(random, origin, gender),
      surnames: childSurnames(
        random,
        origin,
        father,
        mother,
        present.length === 1 && present[0] === mother,
      ),
      suffix: '',
      birthDate: sampleBirthDate(random, year),
      origin,
      isChild: true,
    })
  }
  const surnames = result[0]?.surnames
  for (const child of result) child.surnames = [...surnames]
  if (twins) {
    const [first, second] = result
    second.birthDate = first.birthDate
    second.givenName = twinGivenName(random, origin, second.gender, first.givenName)
    if (second.givenName === first.givenName)
      second.givenName = sampleGivenName(random, origin, second.gender, first.givenName)
  }
  if (present.length > 0 && chance(random, settings.juniorRate)) {
    // named after the parent: sons after fathers far more often than daughters after mothers
    const parent =
      present.includes(father) && (!present.includes(mother) || random() < 0.8) ? father : mother
    const child = result.find((c, index) => !(twins && index < 2)) ?? result[result.length - 1]
    if (parent && child) {
      child.gender = parent.gender
      child.givenName = parent.givenName
      if (origin === 'GB' && parent.gender === 'M' && random() < 0.35) child.suffix = 'Jr'
      if (twins && child === result[1])
        result[0].givenName = sampleGivenName(random, origin, result[0].gender, child.givenName)
    }
  }
  return result
}

export function createHouseholdMembers(
  random: Random,
  settings: NoiseSettings,
  origin: SyntheticCountry,
  kind: HouseholdKind,
): Identity[] {
  if (kind === 'couple') {
    const first = createAdult(random, origin, randomGender(random), 1940, 2003)
    const sameSex = random() < 0.04
    const partnerGender: Gender = sameSex ? first.gender : first.gender === 'F' ? 'M' : 'F'
    const partnerYear = Math.min(
      2005,
      Math.max(1940, first.birthDate.year + randomInt(random, -6, 6)),
    )
    const partner = createAdult(random, origin, partnerGender, partnerYear, partnerYear)
    // most British wives take the husband's surname; Spanish and Italian women keep theirs
    if (origin === 'GB' && !sameSex && random() < 0.7) {
      if (partner.gender === 'F') partner.surnames = [...first.surnames]
      else first.surnames = [...partner.surnames]
    }
    return [first, partner]
  }
  if (kind === 'family' || kind === 'single-parent') {
    const father = createAdult(random, origin, 'M', 1940, 1982)
    const motherYear = Math.min(
      1982,
      Math.max(1940, father.birthDate.year + randomInt(random, -6, 3)),
    )
    const mother = createAdult(random, origin, 'F', motherYear, motherYear)
    if (origin === 'GB' && random() < 0.7) mother.surnames = [...father.surnames]
    const count = pick(random, [1, 1, 1, 1, 1, 2, 2, 2, 3])
    if (kind === 'family') {
      return [
        father,
        mother,
        ...children(random, settings, origin, father, mother, count, [father, mother]),
      ]
    }
    const single = random() < 0.75 ? mother : father
    return [single, ...children(random, settings, origin, father, mother, count, [single])]
  }
  if (kind === 'siblings') {
    // adult siblings sharing a flat: same surnames, no parents among the customers
    const father = createAdult(random, origin, 'M', 1940, 1975)
    const mother = createAdult(random, origin, 'F', father.birthDate.year, father.birthDate.year)
    return children(random, settings, origin, father, mother, 2, []).slice(0, 3)
  }
  const count = random() < 0.8 ? 2 : 3
  return Array.from({ length: count }, () =>
    createAdult(random, origin, randomGender(random), 1975, 2005),
  )
}
