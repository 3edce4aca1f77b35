import { describe, expect, it } from 'vitest'
import { isGenderVariant } from './gender-variant.js'

describe('isGenderVariant', () => {
  it.each([
    ['mario', 'maria'],
    ['giovanni', 'giovanna'],
    ['daniel', 'daniela'],
    ['francisca', 'francisco'],
    ['michele', 'michela'],
    ['luis', 'luisa'],
    ['antonio', 'antonia'],
  ])('should be true when %s and %s are the two forms of one name', (a, b) => {
    expect(isGenderVariant(a, b)).toBe(true)
  })

  it.each([
    ['maria', 'maria'],
    ['mario', 'marco'],
    ['maria', 'marta'],
    ['andrea', 'andres'],
    ['ana', 'anna'],
    ['jose', 'josefa'],
    ['al', 'ala'],
  ])('should be false when %s and %s are not gender forms', (a, b) => {
    expect(isGenderVariant(a, b)).toBe(false)
  })
})
