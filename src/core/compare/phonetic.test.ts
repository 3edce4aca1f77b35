import { describe, expect, it } from 'vitest'

import { phoneticKey } from './phonetic.js'

const SPELLING_VARIANTS: readonly (readonly [string, string])[] = [
  // Spanish
  ['gimenez', 'jimenez'],
  ['jimenez', 'ximenez'],
  ['vazquez', 'vasquez'],
  ['gonzalez', 'gonzales'],
  ['baldomero', 'valdomero'],
  ['yolanda', 'iolanda'],
  ['quintana', 'kintana'],
  ['cecilia', 'zezilia'],
  ['cecilia', 'sesilia'],
  ['guillermo', 'gillermo'],
  ['llorente', 'yorente'],
  ['ochoa', 'hochoa'],
  ['javier', 'xavier'],
  ['fernandez', 'fernandes'],
  ['rodriguez', 'rodrigues'],
  ['diaz', 'dias'],
  ['helena', 'elena'],
  ['enrique', 'enric'],
  ['etxeberria', 'echeverria'],
  ['ayala', 'aiala'],
  // Italian
  ['giuseppe', 'giusepe'],
  ['gianni', 'giani'],
  ['chiara', 'kiara'],
  ['schiavone', 'skiavone'],
  ['gnocchi', 'nocchi'],
  ['troiano', 'troyano'],
  ['jacopo', 'iacopo'],
  ['hugo', 'ugo'],
  ['ferrari', 'ferari'],
  ['camilla', 'camila'],
  // English
  ['philips', 'filips'],
  ['phillips', 'philips'],
  ['catherine', 'katherine'],
  ['catherine', 'kathryn'],
  ['smith', 'smyth'],
  ['thompson', 'thomson'],
  ['stephen', 'steven'],
  ['stephens', 'stevens'],
  ['mackenzie', 'mckenzie'],
  ['russell', 'russel'],
  ['bryan', 'brian'],
  ['katie', 'katy'],
  ['kelley', 'kelly'],
  ['christina', 'cristina'],
  ['theresa', 'teresa'],
  ['sarah', 'sara'],
  ['wright', 'right'],
  ['moore', 'more'],
  ['nicholas', 'nicolas'],
]

const DIFFERENT_NAMES: readonly (readonly [string, string])[] = [
  // Spanish
  ['hernandez', 'fernandez'],
  ['vazquez', 'velazquez'],
  ['diaz', 'diez'],
  ['garcia', 'garza'],
  ['perez', 'porras'],
  ['perez', 'paris'],
  ['marin', 'moran'],
  ['mario', 'maria'],
  ['francisco', 'francisca'],
  ['sanchez', 'sanchis'],
  ['gomez', 'gamez'],
  ['martinez', 'martins'],
  ['rodriguez', 'rodrigo'],
  ['gonzalez', 'gonzalo'],
  ['jimenez', 'jimeno'],
  ['llorente', 'lorente'],
  ['serrano', 'soriano'],
  ['sahara', 'sara'],
  ['cecilia', 'cecilio'],
  // Italian
  ['rossi', 'russo'],
  ['bianchi', 'bianco'],
  ['giulio', 'giulia'],
  ['paolo', 'paola'],
  ['romano', 'romani'],
  ['ferrari', 'ferrara'],
  ['conti', 'conte'],
  ['gianni', 'gianna'],
  ['giuseppe', 'giuseppa'],
  ['chiara', 'ciara'],
  // English
  ['smith', 'schmidt'],
  ['thomas', 'thompson'],
  ['john', 'joan'],
  ['taylor', 'tyler'],
  ['jones', 'james'],
  ['allen', 'ellen'],
  ['anne', 'anna'],
  ['jane', 'jean'],
  ['mitchell', 'michelle'],
  ['lewis', 'louis'],
]

describe('phoneticKey', () => {
  it.each(SPELLING_VARIANTS)('should collide when given the variants %s and %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b))
  })

  it.each(DIFFERENT_NAMES)('should differ when given the distinct names %s and %s', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b))
  })

  it('should cover at least 25 variant and 25 distinct pairs when the tables are counted', () => {
    expect(SPELLING_VARIANTS.length).toBeGreaterThanOrEqual(25)
    expect(DIFFERENT_NAMES.length).toBeGreaterThanOrEqual(25)
  })

  it.each([
    ['jimenez', 'JIMNES'],
    ['catherine', 'KATRIN'],
    ['chiara', 'KIARA'],
    ['ochoa', 'OXOA'],
    ['hernandez', 'ERNNDES'],
  ])('should produce the documented key when given %s', (name, key) => {
    expect(phoneticKey(name)).toBe(key)
  })

  it('should key each token and join them with single spaces when given several tokens', () => {
    expect(phoneticKey('maria  jose ')).toBe(`${phoneticKey('maria')} ${phoneticKey('jose')}`)
  })

  it('should return an empty key when given no letters', () => {
    expect(phoneticKey('')).toBe('')
    expect(phoneticKey('   ')).toBe('')
    expect(phoneticKey('123')).toBe('')
  })

  it('should skip characters outside a-z when a token contains them', () => {
    expect(phoneticKey('o-brien')).toBe(phoneticKey('obrien'))
    expect(phoneticKey('john 2')).toBe(phoneticKey('john'))
  })

  it('should return a key when given names from other languages', () => {
    expect(phoneticKey('nguyen')).not.toBe('')
    expect(phoneticKey('x')).toBe('KS')
    expect(phoneticKey('y')).toBe('I')
  })

  it('should grow its buffers when given a very long token', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz'.repeat(10)
    expect(phoneticKey(long).length).toBeGreaterThan(100)
  })
})
