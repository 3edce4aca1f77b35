import { describe, expect, it } from 'vitest'

import { isWithinOneEdit, normaliseEmail } from './email.js'

const MISSING = { email: '', email_local: '', email_domain: '' }

describe('normaliseEmail', () => {
  it('should split local part and domain when the email is valid', () => {
    expect(normaliseEmail('ana.ruiz@empresa.es')).toEqual({
      email: 'ana.ruiz@empresa.es',
      email_local: 'ana.ruiz',
      email_domain: 'empresa.es',
    })
  })

  it('should trim and lower-case when the email has spaces around and capitals', () => {
    expect(normaliseEmail('  Ana.Ruiz@Empresa.ES ').email).toBe('ana.ruiz@empresa.es')
  })

  it('should remove gmail dots and the tag when the email is a gmail address', () => {
    expect(normaliseEmail('Jose.Garcia+shop@Gmail.com').email).toBe('josegarcia@gmail.com')
  })

  it('should map googlemail.com to gmail.com when the email uses the old domain', () => {
    expect(normaliseEmail('jose.garcia@googlemail.com').email).toBe('josegarcia@gmail.com')
  })

  it('should remove the tag but keep dots when the provider is not gmail', () => {
    expect(normaliseEmail('jose.garcia+news@hotmail.es').email).toBe('jose.garcia@hotmail.es')
  })

  it('should strip mailto and angle brackets when the email is wrapped', () => {
    expect(normaliseEmail('mailto:ana@empresa.es').email).toBe('ana@empresa.es')
    expect(normaliseEmail('<ana@empresa.es>').email).toBe('ana@empresa.es')
    expect(normaliseEmail('Ana Ruiz <ana@empresa.es>').email).toBe('ana@empresa.es')
  })

  it('should drop a trailing dot when the domain ends with one', () => {
    expect(normaliseEmail('ana@empresa.es.').email).toBe('ana@empresa.es')
  })

  it.each([
    ['gmial.com', 'gmail.com'],
    ['gmai.com', 'gmail.com'],
    ['gmal.com', 'gmail.com'],
    ['gamil.com', 'gmail.com'],
    ['gnail.com', 'gmail.com'],
    ['gmaill.com', 'gmail.com'],
    ['gmail.con', 'gmail.com'],
    ['gmail.cmo', 'gmail.com'],
    ['gmail.comm', 'gmail.com'],
    ['gmail.co', 'gmail.com'],
    ['hotmial.com', 'hotmail.com'],
    ['hotmal.com', 'hotmail.com'],
    ['hotmai.com', 'hotmail.com'],
    ['hotmail.con', 'hotmail.com'],
    ['yaho.com', 'yahoo.com'],
    ['yahooo.com', 'yahoo.com'],
    ['outlok.com', 'outlook.com'],
    ['outllok.com', 'outlook.com'],
  ])('should fix the domain typo when the domain is %s', (typo, fixed) => {
    expect(normaliseEmail(`ana@${typo}`).email_domain).toBe(fixed)
  })

  it.each([
    ['hotmial.es', 'hotmail.es'],
    ['gmail.cim', 'gmail.com'],
    ['hotmali.com', 'hotmail.com'],
    ['libreo.it', 'libero.it'],
    ['virgilo.it', 'virgilio.it'],
    ['btinternt.com', 'btinternet.com'],
  ])('should fix the domain by one edit when %s is close to one provider', (typo, fixed) => {
    expect(normaliseEmail(`ana@${typo}`).email_domain).toBe(fixed)
  })

  it.each(['hotmail.es', 'hotmail.it', 'hotmail.co.uk', 'yahoo.de', 'gmx.es', 'gmx.de'])(
    'should keep the real provider domain %s when it is known',
    (domain) => {
      expect(normaliseEmail(`ana@${domain}`).email_domain).toBe(domain)
    },
  )

  it('should fix the ending and the provider when both are misspelt', () => {
    expect(normaliseEmail('ana@gmial.con').email_domain).toBe('gmail.com')
    expect(normaliseEmail('ana@hotmial.cmo').email_domain).toBe('hotmail.com')
  })

  it('should keep a .co domain when the provider is not a known one', () => {
    expect(normaliseEmail('ana@empresa.co').email_domain).toBe('empresa.co')
  })

  it('should keep the domain when it is too short to correct safely', () => {
    expect(normaliseEmail('ana@tim.it').email_domain).toBe('tim.it')
  })

  it('should keep the domain when it is one edit from two providers', () => {
    expect(normaliseEmail('ana@yahoo.ed').email_domain).toBe('yahoo.ed')
  })

  it('should keep an unknown domain when it is not close to a provider', () => {
    expect(normaliseEmail('ana@midominio.com').email_domain).toBe('midominio.com')
  })

  it.each([
    'noemail@gmail.com',
    'sinemail@hotmail.es',
    'no@no.com',
    'a@a.com',
    'test@test.com',
    'test@empresa.es',
    'ana@example.com',
    'NOEMAIL+x@GMAIL.COM',
  ])('should return missing when the email is the placeholder %s', (email) => {
    expect(normaliseEmail(email)).toEqual(MISSING)
  })

  it.each([
    'ana.ruiz',
    'ana@',
    '@empresa.es',
    'ana@empresa',
    'ana@@empresa.es',
    'ana ruiz@empresa.es',
    'ana@empresa..es',
    'ana@.empresa.es',
    'ana@empre_sa.es',
    '+tag@empresa.es',
  ])('should return missing when the email %s is invalid', (email) => {
    expect(normaliseEmail(email)).toEqual(MISSING)
  })

  it('should return missing when the email is empty or absent', () => {
    expect(normaliseEmail('')).toEqual(MISSING)
    expect(normaliseEmail('   ')).toEqual(MISSING)
    expect(normaliseEmail(undefined)).toEqual(MISSING)
  })
})

describe('isWithinOneEdit', () => {
  it('should be true when strings are equal', () => {
    expect(isWithinOneEdit('gmail.com', 'gmail.com')).toBe(true)
  })

  it('should be true when one substitution, insertion, deletion or transposition apart', () => {
    expect(isWithinOneEdit('gmail.cam', 'gmail.com')).toBe(true)
    expect(isWithinOneEdit('gmaill.com', 'gmail.com')).toBe(true)
    expect(isWithinOneEdit('gmai.com', 'gmail.com')).toBe(true)
    expect(isWithinOneEdit('gmial.com', 'gmail.com')).toBe(true)
  })

  it('should be false when two edits apart', () => {
    expect(isWithinOneEdit('gmx.com', 'gmail.com')).toBe(false)
    expect(isWithinOneEdit('gamli.com', 'gmail.com')).toBe(false)
    expect(isWithinOneEdit('abc', 'cba')).toBe(false)
  })
})
