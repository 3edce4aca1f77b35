import { foldAccents } from './text.js'

/** The address fields of a normalised record; '' means missing. */
export interface NormalisedAddress {
  street: string
  house_number: string
  unit: string
}

// Street types written before the name (Spanish, Italian) and after it (English). Keys are
// folded tokens after punctuation split them off ('Avda.' -> 'avda').
const SPANISH_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    c: 'calle',
    cl: 'calle',
    cll: 'calle',
    calle: 'calle',
    avda: 'avenida',
    avd: 'avenida',
    av: 'avenida',
    ave: 'avenida',
    avenida: 'avenida',
    ps: 'paseo',
    pso: 'paseo',
    paseo: 'paseo',
    pza: 'plaza',
    pz: 'plaza',
    plz: 'plaza',
    pl: 'plaza',
    plaza: 'plaza',
    ctra: 'carretera',
    crta: 'carretera',
    carretera: 'carretera',
    cno: 'camino',
    cmno: 'camino',
    camino: 'camino',
    rda: 'ronda',
    ronda: 'ronda',
    trav: 'travesia',
    trv: 'travesia',
    travesia: 'travesia',
    urb: 'urbanizacion',
    urbanizacion: 'urbanizacion',
    bo: 'barrio',
    barrio: 'barrio',
    glta: 'glorieta',
    glorieta: 'glorieta',
    pje: 'pasaje',
    psje: 'pasaje',
    pasaje: 'pasaje',
    cjon: 'callejon',
    callejon: 'callejon',
    pol: 'poligono',
    polig: 'poligono',
    poligono: 'poligono',
    rbla: 'rambla',
    rambla: 'rambla',
    via: 'via',
  }),
)

const ITALIAN_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    v: 'via',
    via: 'via',
    vle: 'viale',
    viale: 'viale',
    pzza: 'piazza',
    pza: 'piazza',
    piazza: 'piazza',
    ple: 'piazzale',
    piazzale: 'piazzale',
    cso: 'corso',
    corso: 'corso',
    vic: 'vicolo',
    vco: 'vicolo',
    vicolo: 'vicolo',
    lgo: 'largo',
    largo: 'largo',
    str: 'strada',
    strada: 'strada',
    loc: 'localita',
    localita: 'localita',
    cda: 'contrada',
    contrada: 'contrada',
    fraz: 'frazione',
    frazione: 'frazione',
  }),
)

// 'st' is not here: it is Saint at the front of a street name and Street elsewhere.
const ENGLISH_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    rd: 'road',
    ave: 'avenue',
    av: 'avenue',
    avenue: 'avenue',
    ln: 'lane',
    dr: 'drive',
    ct: 'court',
    crt: 'court',
    pl: 'place',
    sq: 'square',
    cres: 'crescent',
    cresc: 'crescent',
    gdns: 'gardens',
    gdn: 'garden',
    tce: 'terrace',
    terr: 'terrace',
    ter: 'terrace',
    cl: 'close',
    pk: 'park',
    hwy: 'highway',
    gr: 'grove',
    gro: 'grove',
    blvd: 'boulevard',
    pde: 'parade',
    mt: 'mount',
    cct: 'circuit',
    str: 'street',
    street: 'street',
    road: 'road',
  }),
)

// Both Latin tables for records whose country is neither Spain nor Italy; they never disagree.
const LATIN_TYPES: ReadonlyMap<string, string> = new Map([...ITALIAN_TYPES, ...SPANISH_TYPES])

// Particles carry no identity ('Calle de Alcalá' / 'Calle Alcalá'). Apostrophes split, so
// "Via dell'Orto" leaves 'dell'.
const STREET_PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'el',
  'di',
  'della',
  'dello',
  'delle',
  'dei',
  'degli',
  'dell',
  'da',
  'dal',
  'dalla',
  'd',
  'l',
])

// Words that open a floor / door / flat designation and are dropped from the unit itself.
const UNIT_KEYWORDS = new Set([
  'piso',
  'planta',
  'plta',
  'puerta',
  'pta',
  'pt',
  'escalera',
  'esc',
  'portal',
  'ptal',
  'bloque',
  'blq',
  'bl',
  'flat',
  'flt',
  'apt',
  'apartment',
  'apartamento',
  'apto',
  'unit',
  'suite',
  'int',
  'interno',
  'scala',
  'sc',
  'piano',
  'floor',
  'fl',
  'door',
  'room',
])

const UNIT_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    izquierda: 'izq',
    izq: 'izq',
    izqda: 'izq',
    izda: 'izq',
    iz: 'izq',
    derecha: 'dcha',
    dcha: 'dcha',
    dch: 'dcha',
    dra: 'dcha',
    der: 'dcha',
    centro: 'centro',
    ctro: 'centro',
    bajo: 'bajo',
    bj: 'bajo',
    bjo: 'bajo',
    atico: 'atico',
    at: 'atico',
    entresuelo: 'entlo',
    entlo: 'entlo',
    principal: 'pral',
    pral: 'pral',
    sotano: 'sotano',
    ground: 'ground',
    basement: 'basement',
    top: 'top',
  }),
)

// Abbreviations that only their punctuation tells apart, rewritten before tokens are split;
// 'nº 12' and ordinal marks ('3ºB', '2ª') are dropped. The look-behind keeps 'camino 12' from
// reading as 'cami' + 'no 12'.
const MARKER_PATTERNS = [
  'c\\/', // C/ Mayor
  's\\/n(?![a-z])', // s/n: sin número
  's\\.n\\.',
  'v\\.le(?![a-z])', // viale
  'p\\.zz?a(?![a-z])', // piazza
  'p\\.le(?![a-z])', // piazzale
  'c\\.so(?![a-z])', // corso
  'l\\.go(?![a-z])', // largo
  'c\\.da(?![a-z])', // contrada
  'p\\.?\\s?[º°]', // Pº, P.º: paseo
  'b\\.?\\s?[º°]', // Bº: barrio
  'n(?:\\.?\\s?[º°o]\\.?|um\\.?|umero)\\s*(?=\\d)', // nº 12, No. 12, núm. 12
  'n\\.\\s*(?=\\d)', // n. 12, n.12: Italian numero
  'civ(?:\\.|ico)\\s*(?=\\d)', // civ. 12, civico 12
]
const MARKERS = new RegExp(`(?<![a-z0-9])(?:${MARKER_PATTERNS.join('|')})|[º°ª]`, 'g')

function replaceMarker(match: string): string {
  const first = match.charCodeAt(0)
  if (match.length === 1) return ' '
  switch (first) {
    case 0x63: // c
      if (match.startsWith('civ')) return ' '
      return match === 'c/' ? ' calle ' : match === 'c.so' ? ' corso ' : ' contrada '
    case 0x73: // s
      return ' sn '
    case 0x76: // v
      return ' viale '
    case 0x6c: // l
      return ' largo '
    case 0x62: // b
      return ' barrio '
    case 0x70: // p
      if (match.startsWith('p.z')) return ' piazza '
      if (match === 'p.le') return ' piazzale '
      return ' paseo '
    default:
      return ' '
  }
}

const SEGMENT_BREAK = ','
const NO_NUMBER = 'sn'

interface Token {
  text: string
  /** The punctuation mark between this token and the previous one, else ' '. */
  before: string
  /** True when no space separates this token from the previous one ('12-14', not '12 - 3'). */
  tight: boolean
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

function isLetter(code: number): boolean {
  return code >= 0x61 && code <= 0x7a
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = []
  let current = ''
  let before = ' '
  let separator = ' '
  let tight = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isDigit(code) || isLetter(code)) {
      if (current.length === 0) {
        before = separator
        tight = i > 0 && text[i - 1] !== ' ' && text[i - 1] !== '\t'
      }
      current += text[i]
      continue
    }
    if (current.length > 0) {
      tokens.push({ text: current, before, tight })
      current = ''
      separator = ' '
    }
    const char = text[i]
    if (char === ',' || char === ';' || char === '\n') {
      if (tokens.length > 0 && tokens[tokens.length - 1].text !== SEGMENT_BREAK) {
        tokens.push({ text: SEGMENT_BREAK, before: ' ', tight: false })
      }
      separator = ' '
    } else if (char !== ' ' && char !== '\t') separator = char
  }
  if (current.length > 0) tokens.push({ text: current, before, tight })
  return tokens
}

/** '12', '12a', '5a' (from '5/a'), '12bis': digits and an optional letter or 'bis'. */
function isHouseNumber(text: string): boolean {
  let i = 0
  while (i < text.length && isDigit(text.charCodeAt(i))) i++
  if (i === 0) return false
  const rest = text.length - i
  return rest === 0 || (rest === 1 && isLetter(text.charCodeAt(i))) || text.endsWith('bis')
}

function cleanHouseNumber(text: string): string {
  let start = 0
  while (start < text.length - 1 && text.charCodeAt(start) === 0x30) start++
  const number = start === 0 ? text : text.slice(start)
  return number === '0' ? '' : number
}

// Glues '5 / a' and '12 bis' into one house number, and keeps the first of a range '12-14'.
function glueHouseNumbers(tokens: Token[]): Token[] {
  const out: Token[] = []
  for (const token of tokens) {
    const previous = out[out.length - 1]
    const previousIsDigits = previous !== undefined && isAllDigits(previous.text)
    if (
      previousIsDigits &&
      token.before === '-' &&
      token.tight &&
      isAllDigits(token.text) &&
      Number(token.text) > Number(previous.text)
    ) {
      continue
    }
    if (
      previousIsDigits &&
      ((token.text.length === 1 && token.before === '/' && isLetter(token.text.charCodeAt(0))) ||
        token.text === 'bis')
    ) {
      out[out.length - 1] = { ...previous, text: previous.text + token.text }
    } else out.push(token)
  }
  return out
}

function isAllDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false
  return text.length > 0
}

const MAX_UNIT_DIGITS = 3

/**
 * Floor / door tokens: '3b' -> '3 b', keywords dropped, Spanish door words shortened. Other
 * words (a town, a building name) are not part of a unit and are skipped.
 */
function unitTokens(tokens: string[], out: string[]): void {
  for (const token of tokens) {
    const word = UNIT_WORDS.get(token)
    if (word !== undefined) {
      out.push(word)
      continue
    }
    let i = 0
    while (i < token.length && isDigit(token.charCodeAt(i))) i++
    if (i === 0) {
      if (token.length === 1 && isLetter(token.charCodeAt(0))) out.push(token)
    } else if (i === token.length) {
      // Floors and doors are short; a longer number is a postcode or a phone that strayed in.
      if (i <= MAX_UNIT_DIGITS) out.push(cleanHouseNumber(token) || '0')
    } else if (token.length - i <= 2) {
      out.push(cleanHouseNumber(token.slice(0, i)) || '0', token.slice(i))
    }
  }
}

function dropStreetParticles(tokens: string[]): string[] {
  let kept = 0
  for (const token of tokens) if (!STREET_PARTICLES.has(token)) kept++
  if (kept === tokens.length || kept === 0) return tokens
  return tokens.filter((token) => !STREET_PARTICLES.has(token))
}

interface Locale {
  latin: ReadonlyMap<string, string> | undefined
  english: boolean
}

const SPANISH_LOCALE: Locale = { latin: SPANISH_TYPES, english: false }
const ITALIAN_LOCALE: Locale = { latin: ITALIAN_TYPES, english: false }
const ENGLISH_LOCALE: Locale = { latin: undefined, english: true }
const ANY_LOCALE: Locale = { latin: LATIN_TYPES, english: true }
const ENGLISH_COUNTRIES = new Set(['GB', 'IE', 'US', 'CA', 'AU', 'NZ', 'IM', 'JE', 'GG', 'GI'])

function localeOf(country: string): Locale {
  if (country === 'ES') return SPANISH_LOCALE
  if (country === 'IT' || country === 'SM' || country === 'VA') return ITALIAN_LOCALE
  if (ENGLISH_COUNTRIES.has(country)) return ENGLISH_LOCALE
  return ANY_LOCALE
}

function expandStreet(words: string[], locale: Locale, numberFirst: boolean): string[] {
  const out = words.slice()
  const last = out.length - 1
  for (let i = 0; i <= last; i++) {
    const word = out[i]
    const latin = i === 0 && locale.latin !== undefined ? locale.latin.get(word) : undefined
    // A Latin type word opens the street; English types close it, so a Latin reading wins only
    // in first place, and there only when the English table has no claim or the locale is Latin.
    if (latin !== undefined && (!locale.english || !numberFirst || !ENGLISH_TYPES.has(word))) {
      out[i] = latin
    } else if (locale.english) {
      if (word === 'st') out[i] = i === 0 && last > 0 ? 'saint' : 'street'
      else {
        const english = ENGLISH_TYPES.get(word)
        if (english !== undefined && (i > 0 || last === 0 || numberFirst)) out[i] = english
      }
    }
  }
  return dropStreetParticles(out)
}

const EMPTY_ADDRESS: NormalisedAddress = Object.freeze({ street: '', house_number: '', unit: '' })

interface Parsed {
  street: string[]
  number: string
  unit: string[]
}

/**
 * A unit opened by a keyword at position i ('flat 3', 'piso 3 puerta b', 'scala a int 5'):
 * returns the index after it, or i when no unit starts there.
 */
function takeKeywordUnit(words: string[], i: number, unit: string[]): number {
  let j = i
  while (j < words.length && UNIT_KEYWORDS.has(words[j])) {
    j++
    if (j < words.length && words[j] !== SEGMENT_BREAK && !UNIT_KEYWORDS.has(words[j])) j++
  }
  if (j > i) unitTokens(words.slice(i, j), unit)
  return j
}

function namedWords(street: string[]): number {
  let count = 0
  for (const word of street) if (!STREET_PARTICLES.has(word)) count++
  return count
}

/**
 * The start of a later segment that reads '12 High St' (a number, then a street word), or -1:
 * in 'Rose Cottage, 12 High St' what comes before is a house name.
 */
function findNumberFirstSegment(words: string[], from: number): number {
  for (let i = from; i < words.length - 2; i++) {
    if (words[i] !== SEGMENT_BREAK || !isHouseNumber(words[i + 1])) continue
    for (let j = i + 2; j < words.length && words[j] !== SEGMENT_BREAK; j++) {
      const word = words[j]
      if (word.length > 1 && !UNIT_WORDS.has(word) && !UNIT_KEYWORDS.has(word)) {
        if (!isHouseNumber(word)) return i + 1
      }
    }
  }
  return -1
}

function parseWords(words: string[], locale: Locale): Parsed {
  const unit: string[] = []
  let i = 0
  // A leading unit: 'Flat 3, 12 High Street', 'Apt 4 12 High St'.
  i = takeKeywordUnit(words, i, unit)
  while (i < words.length && words[i] === SEGMENT_BREAK) i++
  let numberFirst = i < words.length && isHouseNumber(words[i])
  if (!numberFirst && locale.english) {
    const start = findNumberFirstSegment(words, i)
    if (start !== -1) {
      i = start
      numberFirst = true
    }
  }
  const street: string[] = []
  let number = ''
  let numberSeen = false
  if (numberFirst) {
    number = cleanHouseNumber(words[i])
    numberSeen = true
    i++
    // '49, Main Road': a comma may follow the number.
    while (i < words.length && words[i] === SEGMENT_BREAK) i++
    while (i < words.length && words[i] !== SEGMENT_BREAK) street.push(words[i++])
    // What follows the street in English addresses is locality, not unit, unless it says so.
    while (i < words.length) {
      if (words[i] === SEGMENT_BREAK) i++
      else if (UNIT_KEYWORDS.has(words[i])) i = takeKeywordUnit(words, i, unit)
      else break
    }
    return { street: expandStreet(street, locale, true), number, unit }
  }
  while (i < words.length) {
    const word = words[i]
    if (word === SEGMENT_BREAK) {
      i++
      if (street.length === 0) continue
      // 'Bº Salamanca, C/ Goya 5': a district before the street; the street is what follows.
      if (locale.latin !== undefined && i < words.length && locale.latin.has(words[i])) {
        street.length = 0
        continue
      }
      break
    }
    if (word === NO_NUMBER) {
      numberSeen = true
      i++
      break
    }
    // '2 de Mayo', '25 de Abril': a number followed by 'de' names the street.
    if (isHouseNumber(word) && street.length > 0 && words[i + 1] !== 'de') {
      number = cleanHouseNumber(word)
      numberSeen = true
      i++
      break
    }
    // 'Calle Mayor piso 3' has no number; but 'Loc. Piano 3' is a street named Piano.
    if (UNIT_KEYWORDS.has(word) && namedWords(street) >= 2) break
    street.push(word)
    i++
  }
  if (!numberSeen) {
    // 'Calle Mayor, nº 12, 3ºB': the number may open the next segment.
    while (i < words.length && words[i] === SEGMENT_BREAK) i++
    if (i < words.length && words[i] === NO_NUMBER) i++
    else if (i < words.length && isHouseNumber(words[i])) number = cleanHouseNumber(words[i++])
  }
  unitTokens(words.slice(i), unit)
  return { street: expandStreet(street, locale, false), number, unit }
}

function prepare(raw: string): string[] {
  let text = foldAccents(raw)
  text = text.replace(MARKERS, replaceMarker)
  const words: string[] = []
  for (const token of glueHouseNumbers(tokenise(text))) words.push(token.text)
  while (words.length > 0 && words[words.length - 1] === SEGMENT_BREAK) words.pop()
  return words
}

/**
 * Splits address lines into street (type word expanded, particles dropped: 'calle mayor'),
 * house number ('12', '12a') and unit ('3 b'). Spanish and Italian lines carry the number
 * after the street ('C/ Mayor 12, 3ºB'), English ones before it ('Flat 3, 12 High St');
 * 's/n' means no number. The country (ISO alpha-2, '' when unknown) picks the abbreviation
 * table where they disagree ('Cl' is calle in Spain, close in Britain); unknown tries all.
 * address_line2 contributes only a unit ('Piso 3 Puerta B', 'Flat 3'); building names and
 * localities there are ignored.
 */
export function normaliseAddress(
  line1: string | undefined,
  line2: string | undefined,
  country: string,
): NormalisedAddress {
  const locale = localeOf(country)
  let parsed: Parsed | undefined
  if (line1 !== undefined && line1.length > 0) {
    const words = prepare(line1)
    if (words.length > 0) parsed = parseWords(words, locale)
  }
  const unit = parsed?.unit ?? []
  if (line2 !== undefined && line2.length > 0 && unit.length === 0) {
    const words = prepare(line2)
    if (words.length > 0 && (UNIT_KEYWORDS.has(words[0]) || isUnitLike(words))) {
      unitTokens(words, unit)
    }
  }
  if (parsed === undefined && unit.length === 0) return EMPTY_ADDRESS
  return {
    street: parsed?.street.join(' ') ?? '',
    house_number: parsed?.number ?? '',
    unit: unit.join(' '),
  }
}

// '3 B', '3b', '2 izq', 'Bajo': a bare floor and door, as tills type them into line 2.
function isUnitLike(words: string[]): boolean {
  if (words.length > 3) return false
  for (const word of words) {
    const ok =
      word === SEGMENT_BREAK ||
      UNIT_WORDS.has(word) ||
      isHouseNumber(word) ||
      (word.length === 1 && isLetter(word.charCodeAt(0)))
    if (!ok) return false
  }
  return true
}

const LEADING_TYPE_WORDS = new Set([...SPANISH_TYPES.values(), ...ITALIAN_TYPES.values()])
const TRAILING_TYPE_WORDS = new Set(ENGLISH_TYPES.values())

/**
 * A normalised street split into its type word ('calle', 'via', 'road': first in Spanish and
 * Italian, last in English) and its name ('calle de la paz' -> 'calle' + 'paz'; particles are
 * gone by now). No type word found: the whole street is the name.
 */
export interface StreetParts {
  readonly type: string
  readonly name: string
}

export function streetParts(street: string): StreetParts {
  const space = street.indexOf(' ')
  if (space > 0 && LEADING_TYPE_WORDS.has(street.slice(0, space))) return { type: street.slice(0, space), name: street.slice(space + 1) }
  const last = street.lastIndexOf(' ')
  if (last > 0 && TRAILING_TYPE_WORDS.has(street.slice(last + 1))) return { type: street.slice(last + 1), name: street.slice(0, last) }
  return { type: '', name: street }
}

