import type { Random } from '../core/random.js'
import type { SyntheticCountry } from './country.js'
import { keyboardTypo, stripAccents } from './keyboard-typos.js'
import {
  createWeightedTable,
  pick,
  pickWeighted,
  randomInt,
  type WeightedTable,
} from './sampling.js'

// prettier-ignore
const PROVIDERS: Record<SyntheticCountry, readonly (readonly [string, number])[]> = {
  ES: [
    ['gmail.com', 45], ['hotmail.com', 17], ['hotmail.es', 10], ['yahoo.es', 6], ['outlook.es', 5],
    ['outlook.com', 4], ['icloud.com', 4], ['yahoo.com', 2], ['telefonica.net', 2], ['live.com', 2],
    ['msn.com', 1], ['gmx.es', 1], ['protonmail.com', 1],
  ],
  IT: [
    ['gmail.com', 40], ['libero.it', 15], ['hotmail.it', 10], ['yahoo.it', 8], ['alice.it', 5],
    ['virgilio.it', 5], ['outlook.it', 4], ['tiscali.it', 3], ['icloud.com', 3], ['live.it', 3],
    ['fastwebnet.it', 2], ['email.it', 1], ['tin.it', 1],
  ],
  GB: [
    ['gmail.com', 35], ['hotmail.co.uk', 12], ['outlook.com', 10], ['yahoo.co.uk', 10],
    ['btinternet.com', 8], ['icloud.com', 6], ['sky.com', 5], ['live.co.uk', 4], ['hotmail.com', 4],
    ['aol.com', 3], ['virginmedia.com', 3], ['talktalk.net', 2], ['ntlworld.com', 1],
  ],
}

const PROVIDER_TABLES: Record<SyntheticCountry, WeightedTable<string>> = {
  ES: providerTable('ES'),
  IT: providerTable('IT'),
  GB: providerTable('GB'),
}

function providerTable(country: SyntheticCountry): WeightedTable<string> {
  return createWeightedTable(
    PROVIDERS[country].map(([domain]) => domain),
    PROVIDERS[country].map(([, weight]) => weight),
  )
}

/** Lower-case ASCII letters only: what survives in a handle ('María José' → 'mariajose'). */
export function handlePart(text: string): string {
  let handle = ''
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code > 127) code = stripAccents(text[i]).charCodeAt(0)
    if (code >= 65 && code <= 90) code += 32
    if (code >= 97 && code <= 122) handle += String.fromCharCode(code)
  }
  return handle
}

// prettier-ignore
const HANDLE_WORDS = [
  'sol', 'luna', 'tigre', 'dragon', 'angel', 'estrella', 'sunflower', 'blue', 'dark', 'happy',
  'lupo', 'stella', 'mare', 'gatto', 'fox', 'wolf', 'rainbow', 'star', 'moon', 'rocker', 'gamer',
  'princesa', 'bomber', 'capitan', 'ninja', 'pixel', 'bella', 'dolce', 'viajero', 'runner',
  'chef', 'surfer', 'mister', 'lady', 'baby', 'kiki', 'lolo', 'toto', 'bubu', 'cuqui',
]

/** The parts of a person's name that handles are built from. */
export interface EmailNameParts {
  readonly given: string
  readonly surname: string
  readonly secondSurname: string
  readonly nickname: string
  readonly birthYear: number
}

/**
 * A personal address as people pick them: name-based patterns, with a birth year or a number
 * when the plain one is taken, and a share of unrelated handles. `isTaken` keeps addresses
 * unique across the population, since a provider never gives one address to two people.
 */
export function createEmail(
  random: Random,
  country: SyntheticCountry,
  parts: EmailNameParts,
  isTaken: (email: string) => boolean,
  avoidDomain = '',
): string {
  let domain = pickWeighted(random, PROVIDER_TABLES[country])
  for (let attempt = 0; domain === avoidDomain && attempt < 5; attempt++) {
    domain = pickWeighted(random, PROVIDER_TABLES[country])
  }
  const g = handlePart(parts.given.split(' ')[0]) || 'user'
  const gFull = handlePart(parts.given) || g
  const s = handlePart(parts.surname) || 'mail'
  const s2 = handlePart(parts.secondSurname)
  const nick = handlePart(parts.nickname) || g
  const yy = String(parts.birthYear % 100).padStart(2, '0')
  const roll = random()
  let local: string
  if (roll < 0.17) local = `${g}.${s}`
  else if (roll < 0.24) local = `${gFull}${s}`
  else if (roll < 0.32) local = `${g}.${s}${yy}`
  else if (roll < 0.38) local = `${g}${s}${yy}`
  else if (roll < 0.47) local = `${g[0]}${s}`
  else if (roll < 0.51) local = `${g[0]}.${s}`
  else if (roll < 0.55) local = `${g}_${s}`
  else if (roll < 0.59) local = `${g}${parts.birthYear}`
  else if (roll < 0.64 && s2) local = `${g}.${s}.${s2}`
  else if (roll < 0.67 && s2) local = `${g[0]}${s}${s2[0]}`
  else if (roll < 0.7) local = `${s}.${g}`
  else if (roll < 0.72) local = `${g}${s[0]}`
  else if (roll < 0.78) local = `${nick}${randomInt(random, 1, 999)}`
  else if (roll < 0.9) {
    const word = pick(random, HANDLE_WORDS)
    const separator = pick(random, ['', '', '_', '.'])
    const second = random() < 0.5 ? nick : pick(random, HANDLE_WORDS)
    local = `${word}${separator}${second}${random() < 0.6 ? randomInt(random, 1, 99) : ''}`
  } else local = `${g}.${s}${randomInt(random, 1, 99)}`
  let email = `${local}@${domain}`
  for (let attempt = 0; isTaken(email); attempt++) {
    const suffix =
      attempt < 3 ? String(randomInt(random, 1, 99)) : String(randomInt(random, 100, 99_999))
    email = `${local}${suffix}@${domain}`
  }
  return email
}

/**
 * An address a household shares: 'familiagarcia@gmail.com', 'casarossi@libero.it',
 * 'thesmiths@sky.com'.
 */
export function createFamilyEmail(
  random: Random,
  country: SyntheticCountry,
  surnames: readonly string[],
  isTaken: (email: string) => boolean,
): string {
  const domain = pickWeighted(random, PROVIDER_TABLES[country])
  const s = handlePart(surnames[0]) || 'familia'
  const s2 = handlePart(surnames[1] ?? '')
  const forms =
    country === 'ES'
      ? [`familia${s}`, `${s}${s2}`, `familia.${s}.${s2}`, `casa${s}`, `los${s}`]
      : country === 'IT'
        ? [`famiglia${s}`, `casa${s}`, `${s}.famiglia`, `fam.${s}`]
        : [`the${s}s`, `${s}family`, `${s}.family`, `the.${s}s`, `${s}household`]
  let email = `${pick(random, forms)}@${domain}`
  const base = email
  for (let attempt = 0; isTaken(email); attempt++) {
    email = base.replace('@', `${randomInt(random, 1, 999)}@`)
  }
  return email
}

const TAGS = [
  'shop',
  'tienda',
  'promo',
  'newsletter',
  'web',
  'compras',
  'offerte',
  'online',
  'app',
  'store',
]

// prettier-ignore
const DOMAIN_TYPOS: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': ['gmial.com', 'gmai.com', 'gmail.co', 'gamil.com', 'gmail.con', 'gmaill.com',
      'gmail.es', 'gmal.com'],
  'hotmail.com': ['hotmial.com', 'hotmail.con', 'hotmai.com', 'hotamil.com', 'hotmail.co',
      'hotmal.com'],
  'hotmail.es': ['hotmial.es', 'hotmail.ed', 'hotmal.es', 'hotmail.e'],
  'hotmail.it': ['hotmial.it', 'hotmail.ir', 'hotmal.it'],
  'hotmail.co.uk': ['hotmail.co.uj', 'hotmial.co.uk', 'hotmail.couk', 'hotmail.co.k'],
  'yahoo.es': ['yaho.es', 'yahooo.es', 'yhaoo.es'],
  'yahoo.it': ['yaho.it', 'yahoo.ir', 'yhaoo.it'],
  'yahoo.co.uk': ['yaho.co.uk', 'yahoo.couk', 'yhaoo.co.uk'],
  'outlook.com': ['outlok.com', 'outllok.com', 'outlook.con', 'otlook.com'],
  'outlook.es': ['outlok.es', 'outlook.ed'],
  'libero.it': ['libero.ir', 'lbero.it', 'libeo.it', 'libero.i'],
  'btinternet.com': ['btinternet.con', 'btinterent.com', 'btinternt.com'],
  'icloud.com': ['icloud.con', 'iclod.com', 'icoud.com'],
}

/**
 * The same mailbox written differently: case, a +tag, Gmail's ignored dots, googlemail.com,
 * a mistyped domain, stray spaces, or one slip in the local part. All but the last two are
 * the same mailbox; a domain slip is still recognisable.
 */
export function emailVariant(random: Random, email: string): string {
  const at = email.indexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  const isGmail = domain === 'gmail.com'
  const roll = random()
  if (roll < 0.28) {
    const capitalised = local.replace(
      /(^|[._])([a-z])/g,
      (_m, before: string, letter: string) => before + letter.toUpperCase(),
    )
    return random() < 0.75
      ? `${capitalised}@${domain[0].toUpperCase()}${domain.slice(1)}`
      : email.toUpperCase()
  }
  if (
    roll < 0.4 &&
    (isGmail ||
      domain.startsWith('outlook') ||
      domain.startsWith('hotmail') ||
      domain === 'icloud.com')
  ) {
    return `${local}+${pick(random, TAGS)}@${domain}`
  }
  // Gmail ignores dots, and people who know it leave them out
  if (roll < 0.55 && isGmail && local.includes('.')) return `${local.replace(/\./g, '')}@${domain}`
  if (roll < 0.6 && isGmail) return `${local}@googlemail.com`
  if (roll < 0.82) {
    const typos = DOMAIN_TYPOS[domain]
    return `${local}@${typos ? pick(random, typos) : keyboardTypo(random, domain)}`
  }
  if (roll < 0.9) return random() < 0.5 ? ` ${email}` : `${email} `
  return `${keyboardTypo(random, local)}@${domain}`
}

/** Filler addresses tills accept when the customer gives none. */
// prettier-ignore
export const PLACEHOLDER_EMAILS: Record<SyntheticCountry, readonly string[]> = {
  ES: ['noemail@tienda.com', 'sinemail@gmail.com', 'no@no.com', 'nomail@nomail.com',
      'notiene@correo.es', 'a@a.com'],
  IT: ['nessuna@email.it', 'noemail@negozio.it', 'no@no.it', 'nomail@nomail.com', 'a@a.it'],
  GB: ['none@none.com', 'noemail@noemail.com', 'no@no.com', 'na@na.com', 'customer@store.co.uk'],
}
