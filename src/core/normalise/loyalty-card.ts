import { isPlaceholderCode } from './placeholder.js'

/**
 * Normalises a loyalty card number: upper-case, spaces, dashes and other separators removed;
 * a card of one repeated character ('0000000000') gives ''.
 */
export function normaliseLoyaltyCard(raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return ''
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a)) out += raw[i]
    else if (code >= 0x61 && code <= 0x7a) out += String.fromCharCode(code - 0x20)
  }
  return isPlaceholderCode(out) ? '' : out
}
