import { describe, expect, it } from 'vitest'

import { namesLookSwapped, namesSplitDifferently } from './swap.js'

describe('namesLookSwapped', () => {
  it('should return true when first and last names are exchanged', () => {
    expect(namesLookSwapped('maria', 'garcia', 'garcia', 'maria')).toBe(true)
  })

  it('should see a swap through a diminutive of several names: Max is a Massimo too', () => {
    // 'Bruno | Massimo' typed the wrong way round against 'Max | Bruno'.
    expect(namesLookSwapped('bruno', 'massimo', 'max', 'bruno')).toBe(true)
    expect(namesLookSwapped('max', 'bruno', 'bruno', 'massimo')).toBe(true)
    expect(namesLookSwapped('bruno', 'massimo', 'luca', 'bruno')).toBe(false)
  })

  it('should return true when the first name matches one of two Spanish surnames', () => {
    expect(namesLookSwapped('maria', 'garcia lopez', 'garcia', 'maria')).toBe(true)
    expect(namesLookSwapped('maria', 'garcia lopez', 'garcia lopez', 'maria')).toBe(true)
  })

  it('should return true when the exchanged names also carry a typo', () => {
    expect(namesLookSwapped('giuseppe', 'rossi', 'rosi', 'giusepe')).toBe(true)
  })

  it('should return true when the given name crossing over is a nickname of the other', () => {
    // 'Rosucci, Gabriele' typed the wrong way round, and 'Lele Rosucci' (Lele is Gabriele).
    expect(namesLookSwapped('rosucci', 'gabriele', 'lele', 'rosucci')).toBe(true)
    // 'Mikey Pemwood' and 'Pemwood, Michael': the nickname on the straight side.
    expect(namesLookSwapped('mikey', 'pemwood', 'pemwood', 'michael')).toBe(true)
  })

  it('should return false when the crossed given names are unrelated, nickname table or not', () => {
    expect(namesLookSwapped('rosucci', 'gabriele', 'marco', 'rosucci')).toBe(false)
  })

  it('should return false when the names are in their own fields', () => {
    expect(namesLookSwapped('maria', 'garcia', 'maria', 'garcia')).toBe(false)
  })

  it('should return false when only one name crosses over', () => {
    expect(namesLookSwapped('maria', 'garcia', 'lopez', 'maria')).toBe(false)
  })

  it('should return false when first and last name are the same word', () => {
    expect(namesLookSwapped('garcia', 'garcia', 'garcia', 'garcia')).toBe(false)
  })

  it('should return false when a name is missing', () => {
    expect(namesLookSwapped('', 'garcia', 'garcia', '')).toBe(false)
    expect(namesLookSwapped('maria', '', 'garcia', 'maria')).toBe(false)
  })

  it('should honour the threshold when it is raised', () => {
    expect(namesLookSwapped('giuseppe', 'rossi', 'rosi', 'giusepe', 1)).toBe(false)
  })
})

describe('namesSplitDifferently', () => {
  it('should see a surname typed among the given names of one record', () => {
    expect(namesSplitDifferently('lidia toronillo', 'zamora', 'lidai', 'toronillo')).toBe(true)
    expect(namesSplitDifferently('lidia', 'toronillo', 'lidia toronilo', 'zamora')).toBe(true)
  })

  it('should not see it in compound given names that hold no surname of the other', () => {
    expect(namesSplitDifferently('maria pilar', 'garcia', 'pilar', 'lopez garcia')).toBe(false)
    expect(namesSplitDifferently('jose', 'garcia', 'pedro', 'martin')).toBe(false)
  })
})
