import { describe, expect, it } from 'vitest'

import { normaliseCity, normaliseRegion } from './city.js'

describe('normaliseCity', () => {
  it('should fold accents, case and punctuation when the city is written freely', () => {
    expect(normaliseCity('  SANT CUGAT DEL VALLÈS ')).toBe('sant cugat del valles')
  })

  it.each([
    ['Alacant', 'alicante'],
    ['Alicante/Alacant', 'alicante'],
    ['La Coruña', 'a coruna'],
    ['Coruña', 'a coruna'],
    ['Gerona', 'girona'],
    ['Lérida', 'lleida'],
    ['Orense', 'ourense'],
    ['Donostia', 'san sebastian'],
    ['Donostia-San Sebastián', 'san sebastian'],
    ['Gasteiz', 'vitoria'],
    ['València', 'valencia'],
    ['Milan', 'milano'],
    ['Rome', 'roma'],
    ['Turin', 'torino'],
    ['Naples', 'napoli'],
    ['Florence', 'firenze'],
    ['Venice', 'venezia'],
    ['Genoa', 'genova'],
    ['Londres', 'london'],
  ])('should map %s to %s when the city has another official or foreign name', (raw, expected) => {
    expect(normaliseCity(raw)).toBe(expected)
  })

  it('should drop a bracketed province when it follows the town', () => {
    expect(normaliseCity('Alcalá de Henares (Madrid)')).toBe('alcala de henares')
  })

  it('should return missing when the city is a placeholder or empty', () => {
    expect(normaliseCity('Desconocido')).toBe('')
    expect(normaliseCity('-')).toBe('')
    expect(normaliseCity('')).toBe('')
    expect(normaliseCity(undefined)).toBe('')
  })
})

describe('normaliseRegion', () => {
  it('should fold the region when it is written freely', () => {
    expect(normaliseRegion('Castilla y León')).toBe('castilla y leon')
    expect(normaliseRegion('NSW')).toBe('nsw')
  })

  it('should map co-official names of a province when there are several', () => {
    expect(normaliseRegion('Gipuzkoa')).toBe('guipuzcoa')
    expect(normaliseRegion('Illes Balears')).toBe('baleares')
  })

  it('should return missing when the region is empty or absent', () => {
    expect(normaliseRegion('')).toBe('')
    expect(normaliseRegion(undefined)).toBe('')
  })
})
