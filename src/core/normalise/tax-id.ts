import { isPlaceholderTaxId } from './placeholder.js'

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

function isUpperLetterCode(code: number): boolean {
  return code >= 0x41 && code <= 0x5a
}

function allDigits(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(value.charCodeAt(i))) return false
  return true
}

/** 8 digits + letter (DNI) or X/Y/Z + 7 digits + letter (NIE), upper-case, compact. */
function isSpanishIdShape(id: string): boolean {
  if (id.length !== 9 || !isUpperLetterCode(id.charCodeAt(8))) return false
  const first = id[0]
  const start = first === 'X' || first === 'Y' || first === 'Z' ? 1 : 0
  return allDigits(id, start, 8)
}

/**
 * True when a compact, upper-case Spanish DNI ('12345678Z') or NIE ('X1234567L') carries the
 * right check letter (number mod 23; NIE prefixes X, Y, Z count as 0, 1, 2).
 */
export function isValidSpanishDni(id: string): boolean {
  if (!isSpanishIdShape(id)) return false
  const prefix = 'XYZ'.indexOf(id[0])
  const digits = prefix === -1 ? id.slice(0, 8) : String(prefix) + id.slice(1, 8)
  return DNI_LETTERS[Number(digits) % 23] === id[8]
}

function compactUpperCase(raw: string): string {
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (isDigitCode(code) || isUpperLetterCode(code)) out += raw[i]
    else if (code >= 0x61 && code <= 0x7a) out += String.fromCharCode(code - 0x20)
  }
  return out
}

/**
 * Normalises a national or tax id: upper-case, separators removed ('QQ 12 34 56 C' ->
 * 'QQ123456C'), a leading 'ES' VAT prefix dropped from a DNI / NIE, and the leading zero of a
 * 7-digit DNI restored ('1234567L' -> '01234567L'). Codice fiscale, NI numbers and plain digit
 * ids (FEBRL) are kept as they are; ids with a wrong check letter are kept too, because a
 * typo'd id is still evidence (see isValidSpanishDni). Placeholders (12345678Z, 00000000T,
 * one digit repeated) give ''.
 */
export function normaliseTaxId(raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return ''
  let id = compactUpperCase(raw)
  if (id.length === 0) return ''
  if (id.startsWith('ES') && isSpanishIdShape(id.slice(2))) id = id.slice(2)
  if (id.length === 8 && allDigits(id, 0, 7) && isUpperLetterCode(id.charCodeAt(7))) {
    id = '0' + id
  }
  return isPlaceholderTaxId(id) ? '' : id
}
