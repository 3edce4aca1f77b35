// Per-character replacement tables, built once at load so that the hot loops below only index
// arrays. Latin-1, Latin Extended-A and -B cover every letter Spanish, Italian, Catalan,
// Galician, Basque and British records use; anything above goes through the slow path.
const TABLE_SIZE = 0x0250
const SEPARATOR = ' '
const JOIN = ''

// Letters whose NFD form has no ASCII base: they are folded the way people type them on a
// keyboard without the letter ('Ørsted' -> 'orsted', 'Straße' -> 'strasse').
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ł: 'l',
  Ł: 'l',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ŀ: 'l',
  Ŀ: 'l',
  ĸ: 'k',
  ŋ: 'n',
  Ŋ: 'n',
  ſ: 's',
  ª: 'a',
  º: 'o',
}

// Apostrophes and the Catalan middle dot join the letters around them: O'Brien -> obrien,
// D’Angelo -> dangelo, Nicolo' -> nicolo, Col·lell -> collell.
const JOINERS = new Set([0x27, 0x60, 0xb4, 0xb7, 0x2018, 0x2019, 0x201b, 0x2032, 0x02bb, 0x02bc])

const COMBINING_MARKS = /[\u0300-\u036f]/g
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u

function foldCharacter(char: string): string {
  const special = SPECIAL_LETTERS[char]
  if (special !== undefined) return special
  const base = char.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase()
  if (base.length === 0) return JOIN
  for (const c of base) {
    if (!LETTER_OR_DIGIT.test(c)) return SEPARATOR
  }
  return base
}

function buildTokenTable(): string[] {
  const table = new Array<string>(TABLE_SIZE)
  for (let code = 0; code < TABLE_SIZE; code++) {
    if (JOINERS.has(code)) table[code] = JOIN
    else table[code] = foldCharacter(String.fromCharCode(code))
  }
  return table
}

function buildAccentTable(): string[] {
  const table = new Array<string>(TABLE_SIZE)
  for (let code = 0; code < TABLE_SIZE; code++) {
    const char = String.fromCharCode(code)
    const folded = foldCharacter(char)
    // Ordinal indicators stay: the address parser reads '3ºB' and 'Nº 12' through them.
    const keep = folded === SEPARATOR || folded === JOIN || char === 'º' || char === 'ª'
    table[code] = keep ? char : folded
  }
  return table
}

const TOKEN_TABLE = buildTokenTable()
const ACCENT_TABLE = buildAccentTable()

// Characters above the tables (Greek, Cyrillic, fullwidth forms, typographic dashes...) are rare;
// they are folded once and remembered. The repertoire of characters is finite, and the cap
// keeps a hostile input from growing the map without bound.
const MAX_CACHED_CHARACTERS = 4096
const extendedCache = new Map<number, string>()

function foldExtended(code: number): string {
  const cached = extendedCache.get(code)
  if (cached !== undefined) return cached
  let folded: string
  if (JOINERS.has(code)) folded = JOIN
  else if (code >= 0xd800 && code <= 0xdfff) folded = SEPARATOR
  else folded = foldCharacter(String.fromCharCode(code))
  if (extendedCache.size < MAX_CACHED_CHARACTERS) extendedCache.set(code, folded)
  return folded
}

/**
 * Folds free text to matching form: accents stripped (ñ -> n, ç -> c, ß -> ss, ø -> o, æ -> ae),
 * lower-cased, apostrophes removed so the letters around them join (O'Brien -> obrien), every
 * other punctuation mark turned into a space, and runs of spaces collapsed and trimmed.
 */
export function foldText(input: string): string {
  let out = ''
  let pendingSpace = false
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i)
    let piece: string
    if (code >= 0x61 && code <= 0x7a) piece = input[i]
    else if (code < TABLE_SIZE) piece = TOKEN_TABLE[code]
    else piece = foldExtended(code)
    if (piece === JOIN) continue
    if (piece === SEPARATOR) {
      pendingSpace = out.length > 0
      continue
    }
    if (pendingSpace) {
      out += SEPARATOR
      pendingSpace = false
    }
    out += piece
  }
  return out
}

/**
 * Lower-cases and strips accents but keeps punctuation and spacing as they are, for parsers
 * (addresses) that need the punctuation to find their way.
 */
export function foldAccents(input: string): string {
  let ascii = true
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return input.toLowerCase()
  let out = ''
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i)
    if (code < TABLE_SIZE) out += ACCENT_TABLE[code]
    else {
      const folded = foldExtended(code)
      out += folded === SEPARATOR || folded === JOIN ? input[i] : folded
    }
  }
  return out
}

/** The first space-separated word of folded text ('maria del pilar' → 'maria'); '' stays ''. */
export function firstToken(folded: string): string {
  const space = folded.indexOf(' ')
  return space === -1 ? folded : folded.slice(0, space)
}

/** Splits text already folded by {@link foldText} into its tokens; '' gives no tokens. */
export function tokensOf(folded: string): string[] {
  return folded.length === 0 ? [] : folded.split(SEPARATOR)
}
