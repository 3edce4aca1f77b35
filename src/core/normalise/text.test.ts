import { describe, expect, it } from 'vitest'

import { firstToken, foldAccents, foldText, tokensOf } from './text.js'

describe('foldText', () => {
  it.each([
    ['José Luis', 'jose luis'],
    ['NÚÑEZ', 'nunez'],
    ['Françoise', 'francoise'],
    ['Straße', 'strasse'],
    ['Ørsted', 'orsted'],
    ['Æsir', 'aesir'],
    ['Œuvre', 'oeuvre'],
    ['Łukasz', 'lukasz'],
    ['Nicolò', 'nicolo'],
    ['Müller', 'muller'],
    ['Ignasi Puig·Gal·la', 'ignasi puiggalla'],
  ])('should fold accents and case when given %s', (input, expected) => {
    expect(foldText(input)).toBe(expected)
  })

  it.each([
    ["O'Brien", 'obrien'],
    ['D’Angelo', 'dangelo'],
    ["Nicolo'", 'nicolo'],
    ['dell`Acqua', 'dellacqua'],
  ])('should join letters across an apostrophe when given %s', (input, expected) => {
    expect(foldText(input)).toBe(expected)
  })

  it('should turn punctuation into single spaces when words are separated by marks', () => {
    expect(foldText('  García-López,  (José)  ')).toBe('garcia lopez jose')
  })

  it('should keep digits when the text mixes letters and digits', () => {
    expect(foldText('Piso 3-B')).toBe('piso 3 b')
  })

  it('should fold fullwidth and other non-Latin-1 letters when they decompose to ASCII', () => {
    expect(foldText('ＪＯＳＥ')).toBe('jose')
  })

  it('should keep letters of other scripts when they have no ASCII form', () => {
    expect(foldText('Σοφία')).toBe('σοφια')
  })

  it('should return an empty string when the text is only punctuation', () => {
    expect(foldText(' - . / ')).toBe('')
  })

  it('should treat emoji as separators when they appear between words', () => {
    expect(foldText('Ana😀Ruiz')).toBe('ana ruiz')
  })
})

describe('foldAccents', () => {
  it('should lower-case and strip accents when punctuation must stay', () => {
    expect(foldAccents('C/ Núñez, 3ºB')).toBe('c/ nunez, 3ºb')
  })

  it('should lower-case only when the text is ASCII', () => {
    expect(foldAccents('Via Roma, 5/A')).toBe('via roma, 5/a')
  })
})

describe('tokensOf', () => {
  it('should split on spaces when the text has tokens', () => {
    expect(tokensOf('jose luis')).toEqual(['jose', 'luis'])
  })

  it('should return no tokens when the text is empty', () => {
    expect(tokensOf('')).toEqual([])
  })
})

describe('firstToken', () => {
  it('should give the first word, the word itself, or empty for empty text', () => {
    expect(firstToken('maria del pilar')).toBe('maria')
    expect(firstToken('pilar')).toBe('pilar')
    expect(firstToken('')).toBe('')
  })
})
