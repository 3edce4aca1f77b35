import { describe, expect, it } from 'vitest'

import { selectBlocks } from './select-blocks.js'

describe('selectBlocks', () => {
  it('reads every block within the per-key limit when no key is loose', () => {
    expect(selectBlocks(['a', 'b', 'c'], [3, 60, 0], 50)).toEqual({ read: [true, false, true], oversizedKeys: ['b'] })
  })

  it('reads loose blocks smallest first while they fit the budget; strict blocks whatever their size', () => {
    const keys = ['strict', 'big', 'mid', 'small', 'tie']
    const sizes = [40, 30, 12, 5, 12]
    const loose = { keys: ['big', 'mid', 'small', 'tie'], budget: 20 }
    // small 5, then mid 12 (asked before tie): 17; tie would make 29.
    expect(selectBlocks(keys, sizes, 50, loose)).toEqual({ read: [true, false, true, true, false], oversizedKeys: ['big', 'tie'] })
    expect(selectBlocks(keys, sizes, 50, { ...loose, budget: 29 }).oversizedKeys).toEqual(['big'])
    expect(selectBlocks(keys, sizes, 50, { ...loose, budget: 0 }).oversizedKeys).toEqual(['big', 'mid', 'small', 'tie'])
    // Over the per-key limit: oversized, and it spends none of the budget.
    expect(selectBlocks(keys, sizes, 20, { ...loose, budget: 29 }).oversizedKeys).toEqual(['strict', 'big'])
  })
})
