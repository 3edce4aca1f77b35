import { isPlaceholderEmail } from './placeholder.js'

/** The email fields of a normalised record; all '' when the email is missing or unusable. */
export interface NormalisedEmail {
  email: string
  email_local: string
  email_domain: string
}

// Typos seen often enough to fix outright; the distance check below catches the rest.
// '.co' and '.cm' are real top-level domains, so they are fixed only for these providers.
const DOMAIN_TYPOS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'gmial.com': 'gmail.com',
    'gmai.com': 'gmail.com',
    'gmal.com': 'gmail.com',
    'gamil.com': 'gmail.com',
    'gnail.com': 'gmail.com',
    'gmaill.com': 'gmail.com',
    'gmail.con': 'gmail.com',
    'gmail.cmo': 'gmail.com',
    'gmail.comm': 'gmail.com',
    'gmail.co': 'gmail.com',
    'gmail.cm': 'gmail.com',
    'gmail.om': 'gmail.com',
    'gmail.es': 'gmail.com',
    'gmail.it': 'gmail.com',
    'gmail.co.uk': 'gmail.com',
    'gmali.com': 'gmail.com',
    'gmil.com': 'gmail.com',
    'googlemail.com': 'gmail.com',
    'hotmial.com': 'hotmail.com',
    'hotmal.com': 'hotmail.com',
    'hotmai.com': 'hotmail.com',
    'hotmil.com': 'hotmail.com',
    'homail.com': 'hotmail.com',
    'hotamil.com': 'hotmail.com',
    'hotmaill.com': 'hotmail.com',
    'hotmail.con': 'hotmail.com',
    'hotmail.cmo': 'hotmail.com',
    'hotmail.comm': 'hotmail.com',
    'hotmail.co': 'hotmail.com',
    'hotmail.cm': 'hotmail.com',
    'hotmail.om': 'hotmail.com',
    'hotmial.es': 'hotmail.es',
    'hotmal.es': 'hotmail.es',
    'hotmai.es': 'hotmail.es',
    'hotmial.it': 'hotmail.it',
    'hotmal.it': 'hotmail.it',
    'yaho.com': 'yahoo.com',
    'yahooo.com': 'yahoo.com',
    'yahoo.con': 'yahoo.com',
    'yahoo.cmo': 'yahoo.com',
    'yahoo.comm': 'yahoo.com',
    'yahoo.co': 'yahoo.com',
    'yahoo.cm': 'yahoo.com',
    'yaho.es': 'yahoo.es',
    'yahooo.es': 'yahoo.es',
    'yaho.it': 'yahoo.it',
    'yahooo.it': 'yahoo.it',
    'outlok.com': 'outlook.com',
    'outllok.com': 'outlook.com',
    'oulook.com': 'outlook.com',
    'outlook.con': 'outlook.com',
    'outlook.cmo': 'outlook.com',
    'outlook.comm': 'outlook.com',
    'outlook.co': 'outlook.com',
    'outlok.es': 'outlook.es',
    'outllok.es': 'outlook.es',
    'icloud.con': 'icloud.com',
    'icloud.co': 'icloud.com',
    'iclod.com': 'icloud.com',
    'icoud.com': 'icloud.com',
    'live.con': 'live.com',
    'live.co': 'live.com',
    'libero.ti': 'libero.it',
    'libeor.it': 'libero.it',
  }),
)

// Major providers: a domain one edit away from one of these is taken as a typo of it. Real
// country variants are listed so that 'yahoo.de' is not "fixed" to 'yahoo.es'.
const KNOWN_DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'hotmail.es',
  'hotmail.it',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'outlook.com',
  'outlook.es',
  'outlook.it',
  'outlook.fr',
  'outlook.de',
  'live.com',
  'live.co.uk',
  'live.it',
  'live.fr',
  'msn.com',
  'yahoo.com',
  'yahoo.es',
  'yahoo.it',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'ymail.com',
  'icloud.com',
  'aol.com',
  'libero.it',
  'virgilio.it',
  'tiscali.it',
  'alice.it',
  'fastwebnet.it',
  'email.it',
  'inwind.it',
  'gmx.com',
  'gmx.es',
  'gmx.net',
  'gmx.de',
  'telefonica.net',
  'movistar.es',
  'terra.es',
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'ntlworld.com',
  'talktalk.net',
  'blueyonder.co.uk',
  'protonmail.com',
  'proton.me',
]
const KNOWN_DOMAIN_SET = new Set(KNOWN_DOMAINS)

// Short domains are one edit away from too many real ones (tim.it / tin.it), so only domains at
// least this long are corrected by distance.
const MIN_FUZZY_DOMAIN_LENGTH = 8

/**
 * True when the optimal-string-alignment (restricted Damerau–Levenshtein) distance between two
 * strings is at most 1: one insertion, deletion, substitution or adjacent transposition.
 */
export function isWithinOneEdit(a: string, b: string): boolean {
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > 1) return false
  let i = 0
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++
  if (i === la && i === lb) return true
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    )
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

// Misspelt '.com' endings; fixed only when the rest of the domain then names a known provider
// ('gmial.con' -> 'gmail.com'), as these are not all invalid top-level domains.
const COM_TYPOS = ['.con', '.cmo', '.comm', '.cpm', '.vom', '.xom', '.ocm', '.co', '.cm', '.om']

function correctDomain(domain: string): string {
  const corrected = correctProviderName(domain)
  if (corrected !== domain || KNOWN_DOMAIN_SET.has(domain)) return corrected
  for (const typo of COM_TYPOS) {
    if (domain.endsWith(typo)) {
      const candidate = correctProviderName(domain.slice(0, -typo.length) + '.com')
      return KNOWN_DOMAIN_SET.has(candidate) ? candidate : domain
    }
  }
  return domain
}

function correctProviderName(domain: string): string {
  const fixed = DOMAIN_TYPOS.get(domain)
  if (fixed !== undefined) return fixed
  if (KNOWN_DOMAIN_SET.has(domain) || domain.length < MIN_FUZZY_DOMAIN_LENGTH) return domain
  let match = ''
  for (const known of KNOWN_DOMAINS) {
    if (isWithinOneEdit(domain, known)) {
      // Two providers equally close: no way to tell which was meant.
      if (match !== '') return domain
      match = known
    }
  }
  return match === '' ? domain : match
}

const EMPTY_EMAIL: NormalisedEmail = Object.freeze({ email: '', email_local: '', email_domain: '' })

function isValidDomain(domain: string): boolean {
  if (domain.length < 3) return false
  const dot = domain.indexOf('.')
  if (dot <= 0 || domain.endsWith('.') || domain.includes('..')) return false
  for (let i = 0; i < domain.length; i++) {
    const code = domain.charCodeAt(i)
    const ok =
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x2e ||
      code === 0x2d ||
      code >= 0x80
    if (!ok) return false
  }
  return true
}

function hasWhitespaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code <= 0x20 || code === 0x7f || code === 0xa0) return true
  }
  return false
}

/**
 * Normalises an email to the form two copies of one mailbox share: trimmed, lower-case,
 * `mailto:` and `<...>` stripped, `+tag` removed (every provider), gmail dots removed,
 * googlemail.com -> gmail.com, and provider typos fixed by table or by one edit.
 * Invalid addresses (no single @, no dot in the domain, spaces inside) and placeholders
 * (noemail@..., test@..., ...@example.com) give all ''.
 */
export function normaliseEmail(raw: string | undefined): NormalisedEmail {
  if (raw === undefined) return EMPTY_EMAIL
  let value = raw.trim().toLowerCase()
  if (value.length === 0) return EMPTY_EMAIL
  const open = value.indexOf('<')
  if (open !== -1) {
    const close = value.indexOf('>', open + 1)
    value = value.slice(open + 1, close === -1 ? undefined : close).trim()
  }
  if (value.startsWith('mailto:')) value = value.slice(7)
  const at = value.indexOf('@')
  if (at <= 0 || at !== value.lastIndexOf('@') || hasWhitespaceOrControl(value)) {
    return EMPTY_EMAIL
  }
  let local = value.slice(0, at)
  let domain = value.slice(at + 1)
  if (domain.endsWith('.')) domain = domain.slice(0, -1)
  if (!isValidDomain(domain)) return EMPTY_EMAIL
  domain = correctDomain(domain)
  const plus = local.indexOf('+')
  if (plus !== -1) local = local.slice(0, plus)
  if (domain === 'gmail.com' && local.includes('.')) local = local.replaceAll('.', '')
  if (local.length === 0 || isPlaceholderEmail(local, domain)) return EMPTY_EMAIL
  return { email: `${local}@${domain}`, email_local: local, email_domain: domain }
}
