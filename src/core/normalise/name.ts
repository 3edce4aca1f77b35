import { titleGender, type Gender } from './gender.js'
import { isAlsoSurname, isKnownGivenName } from './given-names.js'
import { canonicalGivenName } from './nicknames.js'
import { isPlaceholderName } from './placeholder.js'
import { foldText, tokensOf } from './text.js'

/** The name fields of a customer record, as typed. */
export interface NameInput {
  first_name?: string
  last_name?: string
  full_name?: string
}

/** The name fields of a normalised record; '' means missing. */
export interface NormalisedName {
  first_name: string
  first_name_canonical: string
  last_name: string
}

// Particles carry no identity and come and go between channels ('Fuente' / 'de la Fuente'),
// so they are dropped from given names and surnames alike. 'y', 'i' and 'e' join double
// surnames (García y López, Puig i Cadafalch, Rossi e Bianchi).
const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'della',
  'delle',
  'dello',
  'dei',
  'degli',
  'di',
  'da',
  'dal',
  'van',
  'von',
  'der',
  'den',
  'le',
  'lo',
  'du',
  'dos',
  'das',
  'y',
  'i',
  'e',
])

// Titles are dropped only from the front of a name. 'sig ra', 'dott ssa' and 'prof ssa' are
// 'Sig.ra', 'Dott.ssa' and 'Prof.ssa' after folding turned the dot into a space.
const TITLES = new Set([
  'sr',
  'sra',
  'srta',
  'srita',
  'senor',
  'senora',
  'senorita',
  'signor',
  'signora',
  'signorina',
  'dna',
  'dona',
  'sig',
  'sigra',
  'signa',
  'sigg',
  'dott',
  'dottssa',
  'dottor',
  'dottore',
  'dottoressa',
  'prof',
  'profssa',
  'ing',
  'avv',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'sir',
  'dame',
  'rev',
])
const TITLE_TAILS = new Set(['ra', 'na', 'ssa'])
// 'Don' is also an English given name and 'D.' an initial: they are titles only before a given
// name ('Don José', 'D. José'), never before a surname ('Don Smith').
const TITLES_BEFORE_GIVEN_NAME = new Set(['don', 'd'])

const SUFFIXES = new Set(['jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'ii', 'iii', 'iv'])

// Abbreviations of given names as tills write them. 'ma' is 'Mª' or 'Ma.'; a lone 'm' is María
// only when a given name follows ('M. José', 'M. Carmen'), otherwise it stays an initial.
const GIVEN_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ma: 'maria',
    fco: 'francisco',
    fdo: 'fernando',
    gpe: 'guadalupe',
    jse: 'jose',
  }),
)

const SURNAME_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    fdez: 'fernandez',
    fernz: 'fernandez',
    fndez: 'fernandez',
    glez: 'gonzalez',
    gzlez: 'gonzalez',
    gonz: 'gonzalez',
    rguez: 'rodriguez',
    rdguez: 'rodriguez',
    rodz: 'rodriguez',
    hdez: 'hernandez',
    hndez: 'hernandez',
    hrdez: 'hernandez',
    mtnez: 'martinez',
    mtez: 'martinez',
    martz: 'martinez',
    gcia: 'garcia',
    gmez: 'gomez',
    dguez: 'dominguez',
    dmguez: 'dominguez',
    vzquez: 'vazquez',
    vzqz: 'vazquez',
    jmnez: 'jimenez',
    jmez: 'jimenez',
    lpz: 'lopez',
    prz: 'perez',
    sanchz: 'sanchez',
  }),
)

// Prefixes written either apart or joined ('Mc Donald' / 'McDonald', 'O Brien' / "O'Brien").
const JOINED_PREFIXES = new Set(['mc', 'mac', 'o', 'fitz'])

const ORDINAL_A = /ª/g
const ORDINAL_O = /º/g

// 'Mª' is María and 'Jº' an abbreviated initial; folding alone would make them 'ma' and 'jo'.
function foldName(raw: string): string {
  let text = raw
  if (text.includes('ª')) text = text.replace(ORDINAL_A, 'a ')
  if (text.includes('º')) text = text.replace(ORDINAL_O, ' ')
  return foldText(text)
}

function stripTitles(tokens: string[]): string[] {
  let start = 0
  while (start < tokens.length - 1) {
    const token = tokens[start]
    if (TITLES.has(token)) {
      start++
      if (start < tokens.length - 1 && TITLE_TAILS.has(tokens[start])) start++
    } else if (TITLES_BEFORE_GIVEN_NAME.has(token) && isGivenNameAfterTitle(tokens[start + 1])) {
      start++
    } else break
  }
  return start === 0 ? tokens : tokens.slice(start)
}

function isGivenNameAfterTitle(token: string): boolean {
  return token.length > 1 && (isKnownGivenName(token) || GIVEN_ABBREVIATIONS.has(token))
}

function stripSuffixes(tokens: string[]): string[] {
  let end = tokens.length
  while (end > 1 && SUFFIXES.has(tokens[end - 1])) end--
  return end === tokens.length ? tokens : tokens.slice(0, end)
}

function expandGivenAbbreviations(tokens: string[]): string[] {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    const expanded = GIVEN_ABBREVIATIONS.get(token)
    if (expanded !== undefined) tokens[i] = expanded
    else if (token === 'm' && i + 1 < tokens.length && isGivenNameAfterTitle(tokens[i + 1])) {
      tokens[i] = 'maria'
    }
  }
  return tokens
}

function expandSurnameAbbreviations(tokens: string[]): string[] {
  for (let i = 0; i < tokens.length; i++) {
    const expanded = SURNAME_ABBREVIATIONS.get(tokens[i])
    if (expanded !== undefined) tokens[i] = expanded
  }
  return tokens
}

function joinPrefixes(tokens: string[]): string[] {
  let out: string[] | undefined
  for (let i = 0; i < tokens.length; i++) {
    if (JOINED_PREFIXES.has(tokens[i]) && i + 1 < tokens.length) {
      out ??= tokens.slice(0, i)
      out.push(tokens[i] + tokens[i + 1])
      i++
    } else if (out !== undefined) out.push(tokens[i])
  }
  return out ?? tokens
}

// A name made only of particles ('De La', the Vietnamese surname 'Le') keeps them: dropping
// them would turn a real value into a missing one.
function dropParticles(tokens: string[]): string[] {
  let kept = 0
  for (const token of tokens) if (!PARTICLES.has(token)) kept++
  if (kept === tokens.length || kept === 0) return tokens
  return tokens.filter((token) => !PARTICLES.has(token))
}

function givenTokens(raw: string | undefined): string[] {
  if (raw === undefined || raw.length === 0) return []
  const folded = foldName(raw)
  if (isPlaceholderName(folded)) return []
  const tokens = stripSuffixes(stripTitles(tokensOf(folded)))
  if (tokens.length === 1 && (isPlaceholderName(tokens[0]) || TITLES.has(tokens[0]))) return []
  return dropParticles(expandGivenAbbreviations(tokens))
}

function surnameTokens(raw: string | undefined): string[] {
  if (raw === undefined || raw.length === 0) return []
  const folded = foldName(raw)
  if (isPlaceholderName(folded)) return []
  const tokens = stripSuffixes(stripTitles(tokensOf(folded)))
  if (tokens.length === 1 && isPlaceholderName(tokens[0])) return []
  return dropParticles(joinPrefixes(expandSurnameAbbreviations(tokens)))
}

const MAX_GIVEN_NAMES = 2

function splitUncommaedName(folded: string): { given: string[]; surname: string[] } {
  const tokens = dropParticles(stripSuffixes(stripTitles(tokensOf(folded))))
  const n = tokens.length
  if (n === 0) return { given: [], surname: [] }
  if (GIVEN_ABBREVIATIONS.has(tokens[0]) || tokens[0] === 'm') {
    expandGivenAbbreviations(tokens)
  }
  if (n === 1) {
    return isKnownGivenName(tokens[0])
      ? { given: tokens, surname: [] }
      : { given: [], surname: tokens }
  }
  // 'GARCIA LOPEZ JOSE', 'VACCECCHI ANNA MARIA', 'ZANELLO MATTEO': a first token that is no
  // given name, and given names at the end, is the surnames-first order of registers and tills.
  if (!isKnownGivenName(tokens[0]) && isKnownGivenName(tokens[n - 1])) {
    let givenCount = 1
    while (givenCount < MAX_GIVEN_NAMES && n - givenCount > 1 && isKnownGivenName(tokens[n - givenCount - 1])) {
      givenCount++
    }
    return { given: tokens.slice(n - givenCount), surname: tokens.slice(0, n - givenCount) }
  }
  let givenCount = 1
  while (
    givenCount < MAX_GIVEN_NAMES &&
    n - givenCount > 1 &&
    isKnownGivenName(tokens[givenCount]) &&
    !(n === 3 && isAlsoSurname(tokens[givenCount]))
  ) {
    givenCount++
  }
  return { given: tokens.slice(0, givenCount), surname: tokens.slice(givenCount) }
}

function fullNameTokens(fullName: string): { given: string[]; surname: string[] } {
  const comma = fullName.indexOf(',')
  if (comma !== -1) {
    return {
      given: givenTokens(fullName.slice(comma + 1)),
      surname: surnameTokens(fullName.slice(0, comma)),
    }
  }
  const folded = foldName(fullName)
  if (isPlaceholderName(folded)) return { given: [], surname: [] }
  const { given, surname } = splitUncommaedName(folded)
  return { given, surname: dropParticles(joinPrefixes(expandSurnameAbbreviations(surname))) }
}

/**
 * Splits and normalises a full name typed into one field: 'LAST, FIRST' on the comma;
 * otherwise leading known given names (at most 2, the first token always) are given names and
 * the rest surnames, except that a name whose first token is no given name and which ends in
 * given names reads surnames first ('GARCIA LOPEZ JOSE', 'VACCECCHI ANNA MARIA'). A lone token is a given name when
 * the dictionary knows it, else a surname.
 */
export function splitFullName(fullName: string): { first_name: string; last_name: string } {
  const { given, surname } = fullNameTokens(fullName)
  return { first_name: given.join(' '), last_name: surname.join(' ') }
}

const EMPTY_NAME: NormalisedName = Object.freeze({
  first_name: '',
  first_name_canonical: '',
  last_name: '',
})

function canonicalOf(tokens: string[]): string {
  let out = ''
  for (const token of tokens) {
    out += (out.length > 0 ? ' ' : '') + canonicalGivenName(token)
  }
  return out
}

/**
 * The whole name typed into one name field, the other left empty: 'Isabel Lozano Alcanares' as
 * the first name, 'Lozano Alcanares Isabel' as the last. Read as a full name only when the split
 * is unambiguous: a first name splits when the tokens it would give up are no given names
 * ('Maria Dolores' stays a compound given name); a last name splits only in the surnames-first
 * order with given names at the end ('Garcia Lopez' stays two surnames).
 */
function wholeNameInOneField(input: NameInput, given: string[], surname: string[]): { given: string[]; surname: string[] } | undefined {
  if (surname.length === 0 && given.length >= 2 && input.first_name && isKnownGivenName(given[0])) {
    const split = fullNameTokens(input.first_name)
    if (split.given[0] === given[0] && split.surname.length > 0 && !split.surname.some(isKnownGivenName)) return split
  }
  if (given.length === 0 && surname.length >= 2 && input.last_name) {
    if (isKnownGivenName(surname[0]) || !isKnownGivenName(surname[surname.length - 1])) return undefined
    const split = fullNameTokens(input.last_name)
    if (split.given.length > 0 && split.surname.length > 0) return split
  }
  return undefined
}

/**
 * Normalises the name fields: folded, titles / suffixes / particles removed, abbreviations
 * expanded ('Mª' -> maria, 'Fco.' -> francisco, 'Fdez.' -> fernandez), and canonical given
 * names through the nickname tables. full_name is read only to fill a missing first or last
 * name, through {@link splitFullName}.
 */
export function normaliseName(input: NameInput): NormalisedName {
  let given = givenTokens(input.first_name)
  let surname = surnameTokens(input.last_name)
  if ((given.length === 0 || surname.length === 0) && input.full_name) {
    const split = fullNameTokens(input.full_name)
    if (given.length === 0) given = split.given
    if (surname.length === 0) surname = split.surname
  }
  if (!input.full_name) {
    const whole = wholeNameInOneField(input, given, surname)
    if (whole !== undefined) ({ given, surname } = whole)
  }
  if (given.length === 0 && surname.length === 0) return EMPTY_NAME
  return {
    first_name: given.join(' '),
    first_name_canonical: canonicalOf(given),
    last_name: surname.join(' '),
  }
}

/**
 * The gender the titles in the name fields state ('Mrs D Chadley', 'Smith, Mr John', 'Sig.ra
 * Rossi', 'Sra. García'): '' when none does, or when they disagree.
 */
export function statedGenderOfName(input: NameInput): Gender {
  let gender: Gender = ''
  for (const field of [input.full_name, input.first_name, input.last_name]) {
    if (field === undefined || field.length === 0) continue
    for (const part of field.split(',')) {
      const stated = titleGender(tokensOf(foldName(part)))
      if (stated === '') continue
      if (gender !== '' && gender !== stated) return ''
      gender = stated
    }
  }
  return gender
}
