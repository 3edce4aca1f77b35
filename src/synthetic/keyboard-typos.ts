import type { Random } from '../core/random.js'

const QWERTY_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm']

/**
 * Keys next to each key on a QWERTY keyboard (same row and the rows above and below, offset as
 * on a real keyboard). Spanish and Italian layouts differ only in punctuation keys, which names
 * do not use.
 */
const KEY_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const neighbours = new Map<string, string>()
  const rowOffsets = [0, 0.5, 0.75, 1.25]
  const position = new Map<string, [number, number]>()
  QWERTY_ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) position.set(row[c], [r, c + rowOffsets[r]])
  })
  for (const [key, [r, x]] of position) {
    let near = ''
    for (const [other, [r2, x2]] of position) {
      if (other === key) continue
      const rowDistance = Math.abs(r2 - r)
      if (rowDistance === 0 && Math.abs(x2 - x) <= 1) near += other
      else if (rowDistance === 1 && Math.abs(x2 - x) <= 0.8) near += other
    }
    neighbours.set(key, near)
  }
  return neighbours
})()

// prettier-ignore
const ACCENTED: Readonly<Record<string, string>> = {
  á: 'a', à: 'a', â: 'a', ä: 'a', ã: 'a', é: 'e', è: 'e', ê: 'e', ë: 'e', í: 'i', ì: 'i',
  î: 'i', ï: 'i', ó: 'o', ò: 'o', ô: 'o', ö: 'o', õ: 'o', ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ñ: 'n', ç: 'c', Á: 'A', À: 'A', Â: 'A', Ä: 'A', É: 'E', È: 'E', Ê: 'E', Ë: 'E', Í: 'I',
  Ì: 'I', Î: 'I', Ï: 'I', Ó: 'O', Ò: 'O', Ô: 'O', Ö: 'O', Ú: 'U', Ù: 'U', Û: 'U', Ü: 'U',
  Ñ: 'N', Ç: 'C', º: 'o', ª: 'a',
}

const ACCENTED_PATTERN = /[áàâäãéèêëíìîïóòôöõúùûüñçÁÀÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜÑÇºª]/g

/** Drops diacritics the way a keyboard without them does: 'Peña' → 'Pena', 'Nicolò' → 'Nicolo'. */
export function stripAccents(text: string): string {
  // most names are plain ASCII, and for them the regex pass is wasted work
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127)
      return text.replace(ACCENTED_PATTERN, (char) => ACCENTED[char] ?? char)
  }
  return text
}

/** Puts an accent where none belongs, as over-corrected forms do: 'Ruben' → 'Rubén'-like slips. */
export function addAccent(random: Random, text: string): string {
  const vowels: number[] = []
  for (let i = 0; i < text.length; i++) if ('aeiou'.includes(text[i])) vowels.push(i)
  if (vowels.length === 0) return text
  const at = vowels[Math.floor(random() * vowels.length)]
  const accented = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' }[text[at] as 'a']
  return text.slice(0, at) + accented + text.slice(at + 1)
}

function matchCase(replacement: string, original: string): string {
  return original === original.toUpperCase() && original !== original.toLowerCase()
    ? replacement.toUpperCase()
    : replacement
}

function neighbourOf(random: Random, char: string): string {
  const lower = stripAccents(char).toLowerCase()
  const near = KEY_NEIGHBOURS.get(lower)
  if (!near) return char
  return matchCase(near[Math.floor(random() * near.length)], char)
}

/**
 * One keyboard slip: a neighbouring key instead of the right one (the most common slip), a
 * dropped letter, a doubled or stray neighbouring letter, or two letters swapped. Spaces and
 * punctuation are never touched, so a slip stays inside one word.
 */
export function keyboardTypo(random: Random, text: string): string {
  const letters: number[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // letters and digits only (ASCII alnum or Latin-1 / Latin Extended letters)
    if (
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      code >= 192
    ) {
      letters.push(i)
    }
  }
  if (letters.length < 2) return text
  // slips are rarer on the first letter, which people check
  const at =
    letters[
      letters.length > 3 && random() < 0.85
        ? 1 + Math.floor(random() * (letters.length - 1))
        : Math.floor(random() * letters.length)
    ]
  const char = text[at]
  const roll = random()
  if (roll < 0.45) return text.slice(0, at) + neighbourOf(random, char) + text.slice(at + 1)
  if (roll < 0.65) return text.slice(0, at) + text.slice(at + 1)
  if (roll < 0.8) {
    const inserted = random() < 0.5 ? char : neighbourOf(random, char)
    return text.slice(0, at) + inserted + text.slice(at)
  }
  const next = at + 1 < text.length && letters.includes(at + 1) ? at + 1 : at - 1
  if (next < 0 || !letters.includes(next))
    return text.slice(0, at) + neighbourOf(random, char) + text.slice(at + 1)
  const [first, second] = next > at ? [at, next] : [next, at]
  return text.slice(0, first) + text[second] + text[first] + text.slice(second + 1)
}

/** One wrong digit, a swap of two neighbouring digits, or a dropped digit: a typed-number slip. */
export function digitTypo(random: Random, digits: string): string {
  if (digits.length < 2) return digits
  const at = Math.floor(random() * digits.length)
  const roll = random()
  if (roll < 0.55) {
    let replacement = String.fromCharCode(48 + Math.floor(random() * 10))
    if (replacement === digits[at])
      replacement = String.fromCharCode(48 + ((digits.charCodeAt(at) - 47) % 10))
    return digits.slice(0, at) + replacement + digits.slice(at + 1)
  }
  if (roll < 0.9 && at + 1 < digits.length) {
    return digits.slice(0, at) + digits[at + 1] + digits[at] + digits.slice(at + 2)
  }
  return digits.slice(0, at) + digits.slice(at + 1)
}
