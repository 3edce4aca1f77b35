import { describe, expect, it } from 'vitest'
import { FeatureTableBuilder, FEATURE_NAMES, type FeatureName } from '../model/feature-table.js'
import { mulberry32 } from '../random.js'
import { blockOn, blockingRuleName, loose, parseBlockingRule } from './blocking-rule.js'
import { generateCandidatePairs, sampleRulePairs } from './candidate-pairs.js'

function tableOf(rows: Partial<Record<FeatureName, string>>[]) {
  const builder = new FeatureTableBuilder()
  for (const row of rows) {
    const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, row[name] ?? ''])) as Record<FeatureName, string>
    builder.addFeatures(features)
  }
  return builder.build()
}

const pairsOf = (result: { left: Int32Array; right: Int32Array; count: number }) =>
  Array.from({ length: result.count }, (_, k) => `${result.left[k]}-${result.right[k]}`).sort()

describe('generateCandidatePairs', () => {
  const table = tableOf([
    { email: 'a@x.com', phone: '+341' },
    { email: 'a@x.com', phone: '+341' },
    { email: 'b@x.com', phone: '+341' },
    { email: '', phone: '' },
    { email: '', phone: '' },
  ])

  it('should produce each pair once, under the first rule that finds it', () => {
    const result = generateCandidatePairs(table, [blockOn('email'), blockOn('phone')], { maxBlockSize: 100, pairBudgetPerRecord: 10, maxLooseBudgetPairs: 1_000_000 })
    expect(pairsOf(result)).toEqual(['0-1', '0-2', '1-2'])
    expect(result.report.rules.map((r) => r.pairs)).toEqual([1, 2])
    expect(result.report.rules[1].pairsBeforeDeduplication).toBe(3)
  })

  it('should never pair records on a missing value', () => {
    const result = generateCandidatePairs(table, [blockOn('email')], { maxBlockSize: 100, pairBudgetPerRecord: 10, maxLooseBudgetPairs: 1_000_000 })
    expect(pairsOf(result)).toEqual(['0-1'])
  })

  it('should skip and report blocks above the size cap', () => {
    const result = generateCandidatePairs(table, [blockOn('phone')], { maxBlockSize: 2, pairBudgetPerRecord: 10, maxLooseBudgetPairs: 1_000_000 })
    expect(result.count).toBe(0)
    expect(result.report.rules[0].oversizedBlocks).toBe(1)
    expect(result.report.rules[0].recordsInOversizedBlocks).toBe(3)
  })

  it('should skip a loose rule that would exceed the pair budget', () => {
    const result = generateCandidatePairs(table, [loose(blockOn('phone'))], { maxBlockSize: 100, pairBudgetPerRecord: 0.2, maxLooseBudgetPairs: 1_000_000 })
    expect(result.count).toBe(0)
    expect(result.report.rules[0].skipped).toMatch(/budget/)
  })
})

describe('sampleRulePairs', () => {
  it('should down-sample deterministically when a rule yields more pairs than asked', () => {
    const table = tableOf(Array.from({ length: 60 }, () => ({ city: 'madrid' })))
    const a = sampleRulePairs(table, blockOn('city'), 200, 1000, mulberry32(1))
    const b = sampleRulePairs(table, blockOn('city'), 200, 1000, mulberry32(1))
    expect(a.count).toBeGreaterThan(120)
    expect(a.count).toBeLessThan(300)
    expect(pairsOf(a)).toEqual(pairsOf(b))
  })
})

describe('blocking rules', () => {
  it('should reject unknown features when the rule is declared', () => {
    expect(() => blockOn('shoe_size' as FeatureName)).toThrow(/unknown/)
  })

  it('should round-trip a rule through its name', () => {
    const rule = loose(blockOn('name_key', 'birth_year'))
    expect(parseBlockingRule(blockingRuleName(rule))).toEqual(rule)
  })
})

describe('loose rule budget', () => {
  it('should skip a loose rule that would exceed the absolute cap even within the per-record budget', () => {
    const rows = Array.from({ length: 10 }, () => ({ city: 'madrid' }))
    const builder = tableOf(rows)
    const within = generateCandidatePairs(builder, [loose(blockOn('city'))], { maxBlockSize: 100, pairBudgetPerRecord: 10, maxLooseBudgetPairs: 1_000 })
    const capped = generateCandidatePairs(builder, [loose(blockOn('city'))], { maxBlockSize: 100, pairBudgetPerRecord: 10, maxLooseBudgetPairs: 44 })
    expect(within.count).toBe(45)
    expect(capped.count).toBe(0)
  })
})
