import type { FeatureTable } from '../model/feature-table.js'
import type { Random } from '../random.js'
import { blockingRuleName, type BlockingRule } from './blocking-rule.js'

export interface BlockingOptions {
  /** Blocks with more records than this are skipped and reported (a 'Smith' block of 10,000 is useless). */
  readonly maxBlockSize: number
  /** Loose rules are used only while the total stays under pairBudgetPerRecord × records. */
  readonly pairBudgetPerRecord: number
}

export const DEFAULT_BLOCKING_OPTIONS: BlockingOptions = {
  maxBlockSize: 500,
  pairBudgetPerRecord: 8,
}

export interface BlockingRuleReport {
  readonly rule: string
  /** Pairs this rule added (pairs an earlier rule already produced are not counted again). */
  readonly pairs: number
  /** Pairs the rule produces on its own, before deduplication. */
  readonly pairsBeforeDeduplication: number
  readonly blocks: number
  readonly largestBlock: number
  readonly oversizedBlocks: number
  readonly recordsInOversizedBlocks: number
  /** Why the rule was not used, if it was not. */
  readonly skipped?: string
}

export interface BlockingReport {
  readonly records: number
  readonly candidatePairs: number
  readonly rules: readonly BlockingRuleReport[]
}

/** Candidate pairs as two parallel arrays, i < j, each pair once. */
export interface CandidatePairs {
  readonly left: Int32Array
  readonly right: Int32Array
  readonly count: number
  /** Index of the rule that produced each pair. */
  readonly rule: Uint8Array
  readonly report: BlockingReport
}

/** Records grouped by their key under one rule: members[start[b] .. start[b+1]). */
interface Blocks {
  readonly members: Int32Array
  readonly start: Int32Array
  readonly blockCount: number
}

/**
 * Groups records by the rule's key with a counting sort on a dense key id. Why not a Map of
 * arrays: a million records times a dozen rules would allocate millions of small arrays.
 */
function groupByRule(table: FeatureTable, rule: BlockingRule): Blocks {
  const n = table.size
  const key = new Int32Array(n).fill(-1)
  let cardinality = 0
  const first = table.columns[rule.features[0]]
  for (let i = 0; i < n; i++) {
    const id = first.ids[i]
    if (id !== 0) key[i] = id
  }
  cardinality = first.values.length
  for (let f = 1; f < rule.features.length; f++) {
    const column = table.columns[rule.features[f]]
    const width = column.values.length
    const dense = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      if (key[i] === -1) continue
      const id = column.ids[i]
      if (id === 0) {
        key[i] = -1
        continue
      }
      const combined = key[i] * width + id
      let denseId = dense.get(combined)
      if (denseId === undefined) {
        denseId = dense.size
        dense.set(combined, denseId)
      }
      key[i] = denseId
    }
    cardinality = dense.size
  }
  const counts = new Int32Array(cardinality + 1)
  for (let i = 0; i < n; i++) if (key[i] !== -1) counts[key[i] + 1] += 1
  for (let k = 1; k <= cardinality; k++) counts[k] += counts[k - 1]
  const start = counts.slice()
  const members = new Int32Array(counts[cardinality])
  const cursor = counts.slice(0, cardinality)
  for (let i = 0; i < n; i++) {
    if (key[i] !== -1) members[cursor[key[i]]++] = i
  }
  return { members, start, blockCount: cardinality }
}

/** True when records i and j agree on every feature of the rule (none missing). */
export function pairSatisfiesRule(table: FeatureTable, rule: BlockingRule, i: number, j: number): boolean {
  for (const feature of rule.features) {
    const ids = table.columns[feature].ids
    const a = ids[i]
    if (a === 0 || a !== ids[j]) return false
  }
  return true
}

class PairBuffer {
  left = new Int32Array(1 << 16)
  right = new Int32Array(1 << 16)
  rule = new Uint8Array(1 << 16)
  count = 0

  push(i: number, j: number, rule: number): void {
    if (this.count === this.left.length) {
      const capacity = this.left.length * 2
      const left = new Int32Array(capacity)
      left.set(this.left)
      const right = new Int32Array(capacity)
      right.set(this.right)
      const rules = new Uint8Array(capacity)
      rules.set(this.rule)
      this.left = left
      this.right = right
      this.rule = rules
    }
    this.left[this.count] = i
    this.right[this.count] = j
    this.rule[this.count] = rule
    this.count += 1
  }
}

function blockPairCount(blocks: Blocks, maxBlockSize: number): number {
  let pairs = 0
  for (let b = 0; b < blocks.blockCount; b++) {
    const size = blocks.start[b + 1] - blocks.start[b]
    if (size >= 2 && size <= maxBlockSize) pairs += (size * (size - 1)) / 2
  }
  return pairs
}

/**
 * Generates the candidate pairs of several blocking rules. A pair is kept under the first rule
 * that produces it (later rules skip pairs an earlier rule satisfies), so no pair is scored
 * twice and the report counts what each rule adds.
 */
export function generateCandidatePairs(
  table: FeatureTable,
  rules: readonly BlockingRule[],
  options: BlockingOptions = DEFAULT_BLOCKING_OPTIONS,
): CandidatePairs {
  const buffer = new PairBuffer()
  const reports: BlockingRuleReport[] = []
  const budget = options.pairBudgetPerRecord * table.size
  const used: BlockingRule[] = []
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]
    const blocks = groupByRule(table, rule)
    const before = blockPairCount(blocks, options.maxBlockSize)
    let largestBlock = 0
    let oversizedBlocks = 0
    let recordsInOversizedBlocks = 0
    for (let b = 0; b < blocks.blockCount; b++) {
      const size = blocks.start[b + 1] - blocks.start[b]
      if (size > largestBlock) largestBlock = size
      if (size > options.maxBlockSize) {
        oversizedBlocks += 1
        recordsInOversizedBlocks += size
      }
    }
    const base = {
      rule: blockingRuleName(rule),
      pairsBeforeDeduplication: before,
      blocks: blocks.blockCount,
      largestBlock,
      oversizedBlocks,
      recordsInOversizedBlocks,
    }
    if (rule.loose && buffer.count + before > budget) {
      reports.push({
        ...base,
        pairs: 0,
        skipped: `loose rule would exceed the pair budget (${options.pairBudgetPerRecord} per record)`,
      })
      continue
    }
    const ruleIndex = used.length
    const startCount = buffer.count
    const { members, start } = blocks
    for (let b = 0; b < blocks.blockCount; b++) {
      const from = start[b]
      const to = start[b + 1]
      const size = to - from
      if (size < 2 || size > options.maxBlockSize) continue
      for (let x = from; x < to; x++) {
        const i = members[x]
        for (let y = x + 1; y < to; y++) {
          const j = members[y]
          let seen = false
          for (let e = 0; e < used.length && !seen; e++) seen = pairSatisfiesRule(table, used[e], i, j)
          if (seen) continue
          if (i < j) buffer.push(i, j, ruleIndex)
          else buffer.push(j, i, ruleIndex)
        }
      }
    }
    used.push(rule)
    reports.push({ ...base, pairs: buffer.count - startCount })
  }
  return {
    left: buffer.left.subarray(0, buffer.count),
    right: buffer.right.subarray(0, buffer.count),
    rule: buffer.rule.subarray(0, buffer.count),
    count: buffer.count,
    report: { records: table.size, candidatePairs: buffer.count, rules: reports },
  }
}

/**
 * Pairs of a single rule, down-sampled to at most maxPairs (for training: EM needs a few
 * hundred thousand pairs, not every pair of a postcode block). Deterministic for a given random.
 */
export function sampleRulePairs(
  table: FeatureTable,
  rule: BlockingRule,
  maxPairs: number,
  maxBlockSize: number,
  random: Random,
): { left: Int32Array; right: Int32Array; count: number } {
  const blocks = groupByRule(table, rule)
  const total = blockPairCount(blocks, maxBlockSize)
  const keep = total <= maxPairs ? 1 : maxPairs / total
  const buffer = new PairBuffer()
  for (let b = 0; b < blocks.blockCount; b++) {
    const from = blocks.start[b]
    const to = blocks.start[b + 1]
    const size = to - from
    if (size < 2 || size > maxBlockSize) continue
    for (let x = from; x < to; x++) {
      for (let y = x + 1; y < to; y++) {
        if (keep < 1 && random() >= keep) continue
        buffer.push(blocks.members[x], blocks.members[y], 0)
      }
    }
  }
  return { left: buffer.left.subarray(0, buffer.count), right: buffer.right.subarray(0, buffer.count), count: buffer.count }
}
