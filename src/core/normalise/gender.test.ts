import { describe, expect, it } from 'vitest'
import { givenNameGender, titleGender } from './gender.js'

const tokens = (text: string) => text.split(' ')

describe('titleGender', () => {
  it.each([
    ['mr s king', 'm'],
    ['mrs d chadley', 'f'],
    ['ms t roberts', 'f'],
    ['miss z thomas', 'f'],
    ['sra garcia lopez', 'f'],
    ['sr garcia', 'm'],
    ['sig ra rossi', 'f'],
    ['sig rossi', 'm'],
    ['dott ssa bianchi', 'f'],
    ['dna maria lopez', 'f'],
    ['don jose lopez', 'm'],
  ])('should read the gender a title states: %s -> %s', (name, gender) => {
    expect(titleGender(tokens(name))).toBe(gender)
  })

  it('should state nothing for titles of both genders, neutral titles, a title alone or no title', () => {
    expect(titleGender(tokens('mr mrs smith'))).toBe('')
    expect(titleGender(tokens('dr smith'))).toBe('')
    expect(titleGender(tokens('dott bianchi'))).toBe('')
    expect(titleGender(tokens('prof rossi'))).toBe('')
    expect(titleGender(tokens('mrs'))).toBe('')
    expect(titleGender(tokens('susan king'))).toBe('')
    // a title only counts at the front
    expect(titleGender(tokens('king mr'))).toBe('')
  })

  it('should read a neutral title before a gendered one', () => {
    expect(titleGender(tokens('dr mrs smith'))).toBe('f')
  })
})

describe('givenNameGender', () => {
  it.each([
    ['david', 'm'],
    ['susan', 'f'],
    ['doreen', 'f'],
    ['giuseppe', 'm'],
    ['beatrice', 'f'],
    // the Spanish and Italian endings, for names the dictionary knows
    ['giuseppina', 'f'],
    ['massimo', 'm'],
    // the exceptions to them
    ['luca', 'm'],
    ['mattia', 'm'],
    ['borja', 'm'],
    ['rocio', 'f'],
    ['consuelo', 'f'],
    // a nickname by the name it stands for, whose ending may mislead
    ['chema', 'm'],
    ['juanma', 'm'],
    ['bego', 'f'],
    ['mariajo', 'f'],
  ])('should know %s as %s', (name, gender) => {
    expect(givenNameGender(name)).toBe(gender)
  })

  it('should know no gender for a name given to both, an initial, or a word it does not know', () => {
    for (const name of ['andrea', 'nicola', 'simone', 'rosario', 'alex', 'jo', 'd', 'zose', 'chadleya', '', 'ale', 'dani', 'tina', 'rafa', 'loreto', 'mari', 'pepe']) {
      expect(givenNameGender(name)).toBe('')
    }
  })
})
