// Placeholders are the values staff and customers type to get past a mandatory field. Many
// unrelated people share each of them, so treating one as evidence would merge strangers: every
// normaliser turns them into '' (missing) instead.

// Whole folded names, and tokens that make a name a placeholder when every token is one.
// Whole names tills type for a customer they do not register: '(cliente) contado',
// 'privato', 'walk-in', 'cash customer'.
const PLACEHOLDER_NAMES = new Set([
  'n a',
  'n d',
  's n',
  'no name',
  'sin nombre',
  'senza nome',
  'walk in',
  'walkin',
  'cash customer',
  'cash sale',
  'cliente contado',
  'contado',
  'cliente anonimo',
  'anonimo',
  'anonymous',
  'privato',
  'cliente privato',
  'private customer',
])
const PLACEHOLDER_NAME_TOKENS = new Set([
  'test',
  'testing',
  'prueba',
  'xxx',
  'xx',
  'na',
  'nd',
  'none',
  'null',
  'nil',
  'nan',
  'undefined',
  'unknown',
  'desconocido',
  'desconocida',
  'sconosciuto',
  'sconosciuta',
  'ignoto',
  'cliente',
  'clienta',
  'client',
  'customer',
  'contado',
  'generico',
  'varios',
  'anonimo',
  'anonima',
  'anonymous',
  'asdf',
  'qwerty',
  'nombre',
  'apellido',
  'apellidos',
  'nome',
  'cognome',
  'name',
  'surname',
  'firstname',
  'lastname',
  'ninguno',
  'nessuno',
  'nobody',
])

/** True when every character of a non-empty string is the same one ('0000', 'xxxx'). */
export function isRepeatedCharacter(value: string): boolean {
  if (value.length === 0) return false
  const first = value.charCodeAt(0)
  for (let i = 1; i < value.length; i++) {
    if (value.charCodeAt(i) !== first) return false
  }
  return true
}

/**
 * True when a name folded by foldText is junk ('test', 'xxx', 'n/a', 'cliente', 'desconocido',
 * 'sconosciuto', 'unknown'...), including a token repeated letter ('aaa') and names made only
 * of junk tokens ('cliente contado', 'test test'). Single letters are initials, not junk.
 */
export function isPlaceholderName(folded: string): boolean {
  if (folded.length === 0) return false
  if (PLACEHOLDER_NAMES.has(folded)) return true
  let start = 0
  while (start <= folded.length) {
    let end = folded.indexOf(' ', start)
    if (end === -1) end = folded.length
    const token = folded.slice(start, end)
    const junk =
      PLACEHOLDER_NAME_TOKENS.has(token) || (token.length >= 3 && isRepeatedCharacter(token))
    if (!junk) return false
    start = end + 1
  }
  return true
}

const PLACEHOLDER_EMAIL_LOCALS = new Set([
  'noemail',
  'noemails',
  'nomail',
  'nohaymail',
  'sinemail',
  'sinmail',
  'sincorreo',
  'nocorreo',
  'notiene',
  'notengo',
  'noreply',
  'no-reply',
  'donotreply',
  'nessuna',
  'nessunaemail',
  'nessunamail',
  'noname',
  'none',
  'null',
  'test',
  'prueba',
  'asdf',
  'qwerty',
  'xxx',
  'na',
  'no',
  'email',
  'mail',
  'correo',
  'cliente',
  'customer',
  'unknown',
  'desconocido',
  'sconosciuto',
])

const PLACEHOLDER_EMAIL_DOMAINS = new Set([
  'example.com',
  'example.org',
  'example.net',
  'example.es',
  'example.it',
  'example.co.uk',
  'test.com',
  'test.es',
  'test.it',
  'no.com',
  'no.es',
  'none.com',
  'noemail.com',
  'nomail.com',
  'sinemail.com',
  'sinmail.com',
  'sincorreo.com',
  'nocorreo.com',
  'notiene.com',
  'email.invalid',
  'localhost',
])

/**
 * True when a canonical email (lower-case, tags removed) is junk: a placeholder local part
 * (noemail@, sinemail@, test@, no@...), a reserved or junk domain (example.com, test.com,
 * no.com...), or a local part that repeats one character and equals the domain's first label
 * (a@a.com, xx@xx.es).
 */
export function isPlaceholderEmail(local: string, domain: string): boolean {
  if (PLACEHOLDER_EMAIL_LOCALS.has(local)) return true
  if (PLACEHOLDER_EMAIL_DOMAINS.has(domain)) return true
  if (domain.endsWith('.example') || domain.endsWith('.invalid') || domain.endsWith('.test')) {
    return true
  }
  if (isRepeatedCharacter(local)) {
    const label = domain.slice(0, domain.indexOf('.'))
    if (label === local || isRepeatedCharacter(label)) return true
  }
  return false
}

const PLACEHOLDER_DIGIT_RUNS = ['0123456789', '1234567890', '9876543210', '0987654321']

/**
 * True when the national digits of a phone number are junk: fewer than 6 digits, one digit
 * repeated (000000000), one leading digit then one digit repeated (600000000), or a straight
 * run (123456789, 987654321).
 */
export function isPlaceholderPhone(nationalDigits: string): boolean {
  if (nationalDigits.length < 6) return true
  if (isRepeatedCharacter(nationalDigits) || isRepeatedCharacter(nationalDigits.slice(1))) {
    return true
  }
  for (const run of PLACEHOLDER_DIGIT_RUNS) {
    if (run.includes(nationalDigits)) return true
  }
  // '600000000', '600000001', '3400000000', '07000000001': a prefix and a run of zeros is a
  // filler; no numbering plan we serve hands out six zeros in a row to a subscriber.
  return nationalDigits.includes('000000')
}

// Defaults that systems write when a date is unknown: the start of a century or of the
// calendar, the end of time, and repeated digits.
const PLACEHOLDER_DATES = new Set([
  '1900-01-01',
  '1901-01-01',
  // The Unix epoch: what a system writes for a date it never had.
  '1970-01-01',
  '1899-12-31',
  '1899-12-30',
  '0001-01-01',
  '1000-01-01',
  '9999-12-31',
  '2100-12-31',
  '1111-11-11',
])

/** True when an ISO birth date ('YYYY-MM-DD') is a system default such as 1900-01-01. */
export function isPlaceholderBirthDate(iso: string): boolean {
  return PLACEHOLDER_DATES.has(iso)
}

/** True when a compact postcode is one character repeated ('00000', '99999', 'XXXXX'). */
export function isPlaceholderPostcode(compact: string): boolean {
  return isRepeatedCharacter(compact)
}

// 12345678Z is the specimen DNI printed in every form and tutorial (and it passes the checksum,
// so validating forms accept it): it is typed far more often by strangers than by its holder.
const PLACEHOLDER_TAX_IDS = new Set(['12345678Z', '00000000T', '99999999R', 'X0000000T'])

/**
 * True when a compact tax id is junk: the specimen DNI 12345678Z, ids whose digits are all one
 * digit (00000000T, 11111111H), or one character repeated.
 */
export function isPlaceholderTaxId(compact: string): boolean {
  if (PLACEHOLDER_TAX_IDS.has(compact)) return true
  if (isRepeatedCharacter(compact)) return true
  let digits = ''
  for (let i = 0; i < compact.length; i++) {
    const code = compact.charCodeAt(i)
    if (code >= 0x30 && code <= 0x39) digits += compact[i]
  }
  return digits.length >= 6 && isRepeatedCharacter(digits)
}

/** True when a compact code (loyalty card) is junk: one character repeated ('0000000000'). */
export function isPlaceholderCode(compact: string): boolean {
  return isRepeatedCharacter(compact)
}
