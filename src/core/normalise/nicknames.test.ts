import { describe, expect, it } from 'vitest'

import { canonicalGivenName, diminutiveCanStandFor, NICKNAME_GROUPS, NICKNAMES } from './nicknames.js'

describe('canonicalGivenName', () => {
  it.each([
    ['pepe', 'jose'],
    ['pepito', 'jose'],
    ['giuseppe', 'jose'],
    ['beppe', 'jose'],
    ['joseph', 'jose'],
    ['paco', 'francisco'],
    ['curro', 'francisco'],
    ['francesco', 'francisco'],
    ['lola', 'dolores'],
    ['concha', 'concepcion'],
    ['manolo', 'manuel'],
    ['nacho', 'ignacio'],
    ['quique', 'enrique'],
    ['henry', 'enrique'],
    ['gianni', 'juan'],
    ['jack', 'juan'],
    ['bill', 'guillermo'],
    ['liam', 'guillermo'],
    ['peggy', 'margarita'],
    ['chavi', 'salvador'],
    ['cettina', 'concepcion'],
    ['saretta', 'rosaria'],
    ['melina', 'carmela'],
    ['tel', 'terence'],
    ['jez', 'jeremy'],
    ['caz', 'carolina'],
    ['immy', 'imogen'],
    ['mo', 'muhammad'],
    ['mohammed', 'muhammad'],
    ['liz', 'isabel'],
    ['elisabetta', 'isabel'],
    ['toto', 'salvador'],
    ['mimmo', 'domingo'],
    ['enzo', 'vicente'],
    ['gigi', 'luis'],
    ['bob', 'roberto'],
    ['kate', 'catalina'],
    ['mary', 'maria'],
    ['joaco', 'joaquin'],
    ['ciccio', 'francisco'],
    ['paqui', 'francisca'],
    ['fina', 'josefa'],
    ['gino', 'luis'],
    ['kit', 'cristobal'],
    ['dai', 'david'],
    ['lino', 'angel'],
  ])('should map %s to %s when the name is a known variant', (token, canonical) => {
    expect(canonicalGivenName(token)).toBe(canonical)
  })

  it('should return two words when the diminutive stands for a compound name', () => {
    expect(canonicalGivenName('chema')).toBe('jose maria')
    expect(canonicalGivenName('maite')).toBe('maria teresa')
    expect(canonicalGivenName('pepelu')).toBe('jose luis')
    expect(canonicalGivenName('geli')).toBe('maria angeles')
  })

  it.each([
    ['toni', 'antonio'],
    ['alex', 'alejandro'],
    ['sasha', 'alejandra'],
    ['fran', 'francisco'],
    ['cris', 'cristina'],
    ['pat', 'patricia'],
  ])('should map the ambiguous %s to %s when looked up', (token, canonical) => {
    expect(canonicalGivenName(token)).toBe(canonical)
  })

  it('should return the token itself when the table does not know it', () => {
    expect(canonicalGivenName('zebulon')).toBe('zebulon')
  })

  it('should return a canonical that maps to itself when looked up again', () => {
    for (const canonical of new Set(NICKNAMES.values())) {
      expect(canonicalGivenName(canonical)).toBe(canonical)
    }
  })

  it('should not resolve an inherited property when the token is a prototype key', () => {
    expect(canonicalGivenName('constructor')).toBe('constructor')
  })
})

describe('NICKNAME_GROUPS', () => {
  it('should list each variant under one canonical only when built', () => {
    const seen = new Map<string, string>()
    const conflicts: string[] = []
    for (const [canonical, ...variants] of NICKNAME_GROUPS) {
      for (const name of [canonical, ...variants]) {
        const previous = seen.get(name)
        if (previous !== undefined && previous !== canonical) {
          conflicts.push(`${name}: ${previous} / ${canonical}`)
        }
        seen.set(name, canonical)
      }
    }
    expect(conflicts).toEqual([])
  })

  it('should hold folded names only when built', () => {
    for (const group of NICKNAME_GROUPS) {
      for (const name of group) expect(name).toMatch(/^[a-z]+( [a-z]+)?$/)
    }
  })

  it('should cover at least 450 names when built', () => {
    expect(NICKNAMES.size).toBeGreaterThanOrEqual(450)
  })
})

describe('diminutiveCanStandFor', () => {
  it.each([
    ['tina', 'antonia'],
    ['tina', 'concepcion'],
    ['tina', 'cristina'],
    ['lele', 'miguel'],
    ['teo', 'esteban'],
    ['toto', 'antonio'],
    ['jo', 'juana'],
    ['tino', 'agustin'],
    ['tino', 'valentin'],
    ['betta', 'benedetta'],
    ['gerry', 'gerald'],
  ])('should let %s stand for %s through one of its readings', (diminutive, canonical) => {
    expect(diminutiveCanStandFor(diminutive, canonical)).toBe(true)
  })

  it('should not let a diminutive stand for a name outside its readings, nor a full name for anything', () => {
    expect(diminutiveCanStandFor('tina', 'maria')).toBe(false)
    expect(diminutiveCanStandFor('antonia', 'tina')).toBe(false)
  })
})
