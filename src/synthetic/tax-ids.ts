import type { Random } from '../core/random.js'
import type { Gender } from './country.js'
import { stripAccents } from './keyboard-typos.js'
import { pick, randomDigits } from './sampling.js'

/** DNI / NIE check letters, indexed by the number modulo 23 (Real Decreto 1553/2005). */
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'

/** Spanish DNI: eight digits and the check letter. */
export function createDni(random: Random): string {
  // issued numbers run from the low millions (older people) to ~80 million
  const number = 1_000_000 + Math.floor(random() * 79_000_000)
  return String(number).padStart(8, '0') + DNI_LETTERS[number % 23]
}

/**
 * Spanish NIE (foreign residents): X, Y or Z, seven digits, check letter computed with X=0, Y=1,
 * Z=2.
 */
export function createNie(random: Random): string {
  const prefixIndex = random() < 0.45 ? 0 : random() < 0.9 ? 1 : 2
  const digits = randomDigits(random, 7)
  return 'XYZ'[prefixIndex] + digits + DNI_LETTERS[Number(`${prefixIndex}${digits}`) % 23]
}

/** True when a DNI or NIE carries the right check letter. */
export function isValidSpanishTaxId(taxId: string): boolean {
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(taxId)
  if (!match) return false
  const prefix = match[1] === '' ? '' : String('XYZ'.indexOf(match[1]))
  return DNI_LETTERS[Number(prefix + match[2]) % 23] === match[3]
}

const CF_MONTHS = 'ABCDEHLMPRST'
// prettier-ignore
const CF_ODD: Readonly<Record<string, number>> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20,
  O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}

/** Cadastral (Belfiore) codes of the comuni people are born in, used by the codice fiscale. */
// prettier-ignore
export const BELFIORE_CODES: Readonly<Record<string, string>> = {
  Roma: 'H501', Milano: 'F205', Napoli: 'F839', Torino: 'L219', Palermo: 'G273', Genova: 'D969',
  Bologna: 'A944', Firenze: 'D612', Bari: 'A662', Catania: 'C351', Venezia: 'L736',
  Verona: 'L781', Messina: 'F158', Padova: 'G224', Trieste: 'L424', Brescia: 'B157',
  Parma: 'G337', Taranto: 'L049', Prato: 'G999', Modena: 'F257', 'Reggio Calabria': 'H224',
  'Reggio Emilia': 'H223', Perugia: 'G478', Livorno: 'E625', Ravenna: 'H199', Cagliari: 'B354',
  Foggia: 'D643', Rimini: 'H294', Salerno: 'H703', Ferrara: 'D548', Latina: 'E472',
  Monza: 'F704', Bergamo: 'A794', Pescara: 'G482', Vicenza: 'L840', Trento: 'L378',
  Novara: 'F952', Ancona: 'A271', 'Sesto San Giovanni': 'I690', Fiumicino: 'M297',
  'Giugliano in Campania': 'E054', 'Torre del Greco': 'L259',
}

function letters(text: string): string {
  return stripAccents(text)
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
}

function splitVowels(text: string): { consonants: string; vowels: string } {
  let consonants = ''
  let vowels = ''
  for (const char of text) {
    if ('AEIOU'.includes(char)) vowels += char
    else consonants += char
  }
  return { consonants, vowels }
}

/**
 * Italian codice fiscale, computed as the Agenzia delle Entrate does (DM 23/12/1976): three
 * letters of the surname, three of the given name, year, month letter, day (+40 for women),
 * comune code and check letter.
 */
export function createCodiceFiscale(
  surname: string,
  givenName: string,
  birth: { year: number; month: number; day: number },
  gender: Gender,
  birthPlaceCode: string,
): string {
  const surnameParts = splitVowels(letters(surname))
  const surnamePart = (surnameParts.consonants + surnameParts.vowels + 'XXX').slice(0, 3)
  const givenParts = splitVowels(letters(givenName))
  const givenPart =
    givenParts.consonants.length >= 4
      ? givenParts.consonants[0] + givenParts.consonants[2] + givenParts.consonants[3]
      : (givenParts.consonants + givenParts.vowels + 'XXX').slice(0, 3)
  const day = gender === 'F' ? birth.day + 40 : birth.day
  const body =
    surnamePart +
    givenPart +
    String(birth.year % 100).padStart(2, '0') +
    CF_MONTHS[birth.month - 1] +
    String(day).padStart(2, '0') +
    birthPlaceCode
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    const char = body[i]
    // positions are counted from 1, so index 0 is an odd position
    if (i % 2 === 0) sum += CF_ODD[char]
    else sum += char >= '0' && char <= '9' ? char.charCodeAt(0) - 48 : char.charCodeAt(0) - 65
  }
  return body + String.fromCharCode(65 + (sum % 26))
}

const NI_FIRST = 'ABCEGHJKLMNOPRSTWXYZ'
const NI_SECOND = 'ABCEGHJKLMNPRSTWXYZ'
const NI_EXCLUDED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])

/** UK National Insurance number (AB123456C) with HMRC's allowed prefix letters. */
export function createNiNumber(random: Random): string {
  let prefix = ''
  do prefix = pick(random, [...NI_FIRST]) + pick(random, [...NI_SECOND])
  while (NI_EXCLUDED_PREFIXES.has(prefix))
  return prefix + randomDigits(random, 6) + 'ABCD'[Math.floor(random() * 4)]
}

/**
 * The tax id as a form or till may record it: separators, spaces, lower case, a Spanish DNI
 * that lost its leading zero. None of these change the identifier after normalisation.
 */
export function formatTaxId(random: Random, taxId: string): string {
  const roll = random()
  if (roll < 0.6) return taxId
  if (roll < 0.7) return taxId.toLowerCase()
  if (/^\d{8}[A-Z]$/.test(taxId)) {
    const forms = [
      `${taxId.slice(0, 8)}-${taxId[8]}`,
      `${taxId.slice(0, 8)} ${taxId[8]}`,
      `${taxId.slice(0, 2)}.${taxId.slice(2, 5)}.${taxId.slice(5, 8)}-${taxId[8]}`,
      taxId.replace(/^0+/, ''),
    ]
    return pick(random, forms)
  }
  if (/^[XYZ]\d{7}[A-Z]$/.test(taxId)) return `${taxId[0]}-${taxId.slice(1, 8)}-${taxId[8]}`
  if (/^[A-Z]{2}\d{6}[A-D]$/.test(taxId)) {
    return taxId.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5')
  }
  return taxId
}
