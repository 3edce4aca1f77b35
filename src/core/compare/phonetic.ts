/*
 * A phonetic key for Spanish, Italian and English names, designed for this project: Soundex,
 * Metaphone and NYSIIS are English-only, and their vowel dropping merges Spanish surnames that
 * differ only in a vowel (Díaz / Díez, Pérez / Porras).
 *
 * Each token is keyed separately. Letters outside a-z are ignored and doubled letters count once
 * (Giuseppe / Giusepe, Russell / Russel, Camilla / Camila). Then, letter by letter:
 *
 *   b, v                     -> B   Spanish b/v (Baldomero / Valdomero)
 *   s, z, tz, c before e i y -> S   seseo (Cecilia / Zezilia / Sesilia, Vázquez / Vasquez)
 *   c, k, q, qu, ck          -> K   u after q is silent (Quintana / Kintana)
 *   ch before e i y r l      -> K   Italian ch (Chiara / Kiara), Greek chr (Christina / Cristina)
 *   ch in -chael, ich-ol     -> K   Michael, Nicholas
 *   other ch, sh, tch        -> X   (Ochoa / Hochoa, Chávez, Charles)
 *   tx                       -> as ch, Basque spelling (Etxeberria / Echeverría)
 *   sch before e i y         -> SK  Italian (Schiavone / Skiavone); other sch -> X (Schmidt)
 *   j, g or gu before e i y  -> J   Giménez / Jiménez, Guillermo / Gillermo
 *   x starting a token before a vowel, ll starting a token, y or i before a vowel at the
 *   start of a token or after a vowel
 *                            -> J   Ximénez, Xavier / Javier, Llorente / Yorente,
 *                                   Yolanda / Iolanda, Maya / Maia
 *   gi before a vowel        -> J   the i is silent in Italian (Gianni / Giani)
 *   gh before a vowel        -> G   Italian (Ghirardi); other gh is silent (Wright / Right)
 *   gn, initial kn           -> N   Italian gn (Gnocchi / Nocchi); g in gli is silent
 *   ph                       -> F   (Philips / Filips); in -ephen(s) -> B (Stephen / Steven)
 *   th -> T, wh -> W, initial wr -> R, other h silent (Ochoa / Hochoa, Helena / Elena)
 *   p in mps, initial pn ps pt, d before g + e i y: silent (Thompson / Thomson, Bridget)
 *   w before a vowel -> W, other w silent; other x -> KS (Alexis); initial mc- reads mac-
 *   y elsewhere -> the vowel I (Smyth / Smith, Bryan / Brian)
 *   final -ie, -ey after a consonant -> I (Katie / Katy, Kelley / Kelly)
 *   final e after a consonant, once a vowel was seen -> silent (Catherine, Enrique / Enric)
 *
 * Equal consecutive consonant codes count once (ck, sc before e/i). Vowels stay, but only the
 * first and the last vowel runs of the token are kept: medial vowels are where English spelling
 * varies (Catherine / Katherine / Kathryn -> KATRIN), while the first vowel and the final
 * syllable's vowel tell Spanish and Italian names apart (Díaz / Díez, Mario / Maria,
 * Rossi / Russo, Bianchi / Bianco).
 *
 * Known trade-offs: ll inside a token is a double l (Isabella / Isabela) rather than yeísmo, so
 * Olalla / Olaya differ; gu before e/i shares J with soft g so that Guillermo / Gillermo collide;
 * y, i and j share J (Iacopo / Jacopo); Alexandra / Alejandra, Jorge / George and
 * Caterina / Catherine differ.
 */

const SPACE = 32

const a = 97
const b = 98
const c = 99
const d = 100
const e = 101
const f = 102
const g = 103
const h = 104
const i = 105
const j = 106
const k = 107
const l = 108
const m = 109
const n = 110
const o = 111
const p = 112
const q = 113
const r = 114
const s = 115
const t = 116
const u = 117
const v = 118
const w = 119
const x = 120
const y = 121
const z = 122

const CODE_B = 66
const CODE_D = 68
const CODE_E = 69
const CODE_F = 70
const CODE_G = 71
const CODE_I = 73
const CODE_J = 74
const CODE_K = 75
const CODE_L = 76
const CODE_M = 77
const CODE_N = 78
const CODE_P = 80
const CODE_R = 82
const CODE_S = 83
const CODE_T = 84
const CODE_W = 87
const CODE_X = 88

const CHARACTERS: readonly string[] = Array.from({ length: 128 }, (_, code) =>
  String.fromCharCode(code),
)

// Working buffers reused across calls; grown on demand.
let letters = new Uint8Array(64)
let codes = new Uint8Array(128)
let vowelFlags = new Uint8Array(128)

let letterCount = 0
let codeCount = 0
let hasVowel = false

const ensureCapacity = (length: number): void => {
  if (letters.length >= length) return
  let size = letters.length
  while (size < length) size *= 2
  letters = new Uint8Array(size)
  codes = new Uint8Array(size * 2)
  vowelFlags = new Uint8Array(size * 2)
}

const isVowel = (letter: number): boolean =>
  letter === a || letter === e || letter === i || letter === o || letter === u

const isFront = (letter: number): boolean => letter === e || letter === i || letter === y

const lastIsConsonant = (): boolean => codeCount > 0 && vowelFlags[codeCount - 1] === 0

const lastIsVowel = (): boolean => codeCount > 0 && vowelFlags[codeCount - 1] === 1

const consonant = (code: number): void => {
  if (lastIsConsonant() && codes[codeCount - 1] === code) return
  codes[codeCount] = code
  vowelFlags[codeCount] = 0
  codeCount++
}

const vowel = (code: number): void => {
  codes[codeCount] = code
  vowelFlags[codeCount] = 1
  codeCount++
  hasVowel = true
}

const letterAt = (index: number): number => (index < letterCount ? letters[index] : 0)

/**
 * Loads the a-z letters of name[start, end), doubled letters once and mc- read as mac-; returns
 * whether the raw token starts with ll, which the collapsing hides.
 */
const load = (name: string, start: number, end: number): boolean => {
  ensureCapacity(end - start + 2)
  letterCount = 0
  let initialDoubleL = false
  let seen = 0
  for (let index = start; index < end; index++) {
    const code = name.charCodeAt(index)
    if (code < a || code > z) continue
    seen++
    if (seen === 2) {
      if (letters[0] === l && code === l) initialDoubleL = true
      if (letters[0] === m && code === c) letters[letterCount++] = a
    }
    if (letterCount > 0 && letters[letterCount - 1] === code) continue
    letters[letterCount++] = code
  }
  return initialDoubleL
}

const encode = (initialDoubleL: boolean): void => {
  codeCount = 0
  hasVowel = false
  let index = 0
  while (index < letterCount) {
    const letter = letters[index]
    const previous = index > 0 ? letters[index - 1] : 0
    const next = letterAt(index + 1)
    const afterNext = letterAt(index + 2)
    let step = 1
    switch (letter) {
      case a:
      case o:
      case u:
        vowel(letter - 32)
        break
      case e:
        if (index === letterCount - 1 && hasVowel && lastIsConsonant()) break
        if (next === y && index + 2 === letterCount && lastIsConsonant()) {
          vowel(CODE_I)
          step = 2
        } else vowel(CODE_E)
        break
      case i:
        if (isVowel(next) && (codeCount === 0 || lastIsVowel())) consonant(CODE_J)
        else if (next === e && index + 2 === letterCount && hasVowel && lastIsConsonant()) {
          vowel(CODE_I)
          step = 2
        } else vowel(CODE_I)
        break
      case y:
        if (isVowel(next) && (codeCount === 0 || lastIsVowel())) consonant(CODE_J)
        else vowel(CODE_I)
        break
      case b:
      case v:
        consonant(CODE_B)
        break
      case c:
        if (next === h) {
          consonant(chCode(index, previous, afterNext))
          step = 2
        } else consonant(isFront(next) ? CODE_S : CODE_K)
        break
      case d:
        if (!(next === g && isFront(afterNext))) consonant(CODE_D)
        break
      case g:
        if (next === h) {
          if (isVowel(afterNext)) consonant(CODE_G)
          step = 2
        } else if (next === n) {
          // Italian gn and English initial gn: the n carries the sound.
        } else if (next === l && afterNext === i && index > 0) {
          // Italian gli: the l carries the sound.
        } else if (next === u && isFront(afterNext)) {
          consonant(CODE_J)
          step = 2
        } else if (isFront(next)) {
          consonant(CODE_J)
          if (next === i && isVowel(afterNext)) step = 2
        } else consonant(CODE_G)
        break
      case h:
        break
      case k:
        if (!(index === 0 && next === n)) consonant(CODE_K)
        break
      case l:
        consonant(index === 0 && initialDoubleL ? CODE_J : CODE_L)
        break
      case m:
        consonant(CODE_M)
        break
      case n:
        consonant(CODE_N)
        break
      case p:
        if (next === h) {
          consonant(isStephen(index, previous, afterNext) ? CODE_B : CODE_F)
          step = 2
        } else if (index === 0 && (next === n || next === s || next === t)) {
          // Greek pn-, ps-, pt-: the p is silent.
        } else if (!(previous === m && next === s)) consonant(CODE_P)
        break
      case q:
        consonant(CODE_K)
        if (next === u) step = 2
        break
      case r:
        consonant(CODE_R)
        break
      case s:
        if (next === h) {
          consonant(CODE_X)
          step = 2
        } else if (next === c && afterNext === h) {
          if (isFront(letterAt(index + 3))) {
            consonant(CODE_S)
            consonant(CODE_K)
          } else consonant(CODE_X)
          step = 3
        } else consonant(CODE_S)
        break
      case t:
        if (next === h) {
          consonant(CODE_T)
          step = 2
        } else if (next === c && afterNext === h) {
          consonant(CODE_X)
          step = 3
        } else if (next === x) {
          consonant(chCode(index, previous, afterNext))
          step = 2
        } else if (next === z) {
          consonant(CODE_S)
          step = 2
        } else consonant(CODE_T)
        break
      case w:
        if (index === 0 && next === r) {
          // English initial wr: the r carries the sound.
        } else if (next === h) {
          consonant(CODE_W)
          step = 2
        } else if (isVowel(next)) consonant(CODE_W)
        break
      case x:
        if (codeCount === 0 && isVowel(next)) consonant(CODE_J)
        else {
          consonant(CODE_K)
          consonant(CODE_S)
        }
        break
      case z:
        consonant(CODE_S)
        break
      case f:
        consonant(CODE_F)
        break
      case j:
        consonant(CODE_J)
        break
    }
    index += step
  }
}

/** The code of ch (or Basque tx) at index: K where Italian or Greek spelling makes it hard. */
const chCode = (index: number, previous: number, afterCh: number): number => {
  if (isFront(afterCh) || afterCh === r || afterCh === l) return CODE_K
  // Michael, Rachael; Nicholas, Nicholson.
  if (afterCh === a && letterAt(index + 3) === e && letterAt(index + 4) === l) return CODE_K
  if (previous === i && afterCh === o && letterAt(index + 3) === l) return CODE_K
  return CODE_X
}

/** Stephen, Stephens: ph sounds v between e and a final -en or -ens. */
const isStephen = (index: number, previous: number, afterPh: number): boolean => {
  if (previous !== e || afterPh !== e || letterAt(index + 3) !== n) return false
  return index + 4 === letterCount || (index + 5 === letterCount && letters[index + 4] === s)
}

/** The encoded token with only its first and last vowel runs kept. */
const render = (): string => {
  let firstStart = -1
  let firstEnd = -1
  let lastStart = -1
  for (let index = 0; index < codeCount; index++) {
    if (vowelFlags[index] === 0) continue
    if (index === 0 || vowelFlags[index - 1] === 0) {
      if (firstStart < 0) firstStart = index
      lastStart = index
    }
    if (firstStart === lastStart) firstEnd = index + 1
  }
  let key = ''
  for (let index = 0; index < codeCount; index++) {
    if (
      vowelFlags[index] === 0 ||
      (index >= firstStart && index < firstEnd) ||
      index >= lastStart
    ) {
      key += CHARACTERS[codes[index]]
    }
  }
  return key
}

/**
 * A phonetic key for Spanish, Italian and English names, so that spelling variants collide
 * (Giménez / Jiménez / Ximénez, Chiara / Kiara, Catherine / Kathryn) while different names
 * differ (Hernández / Fernández, Díaz / Díez, Mario / Maria).
 *
 * Expects normalised input (lower case, accent-folded); each space-separated token is keyed on
 * its own and the keys are joined by single spaces. Allocates its result: compute it once per
 * record, not per pair. '' for input without letters.
 */
export const phoneticKey = (name: string): string => {
  let result = ''
  let index = 0
  const length = name.length
  while (index < length) {
    while (index < length && name.charCodeAt(index) === SPACE) index++
    const start = index
    while (index < length && name.charCodeAt(index) !== SPACE) index++
    if (start === index) break
    encode(load(name, start, index))
    if (codeCount === 0) continue
    const key = render()
    result = result === '' ? key : result + ' ' + key
  }
  return result
}
