import type { FeatureTable } from '../model/feature-table.js'
import type { Random } from '../random.js'
import { blockingRuleName, type BlockingRule } from './blocking-rule.js'

export interface BlockingOptions {
  /** Blocks with more records than this are skipped and reported (a 'Smith' block of 10,000 is useless). */
  readonly maxBlockSize: number
  /** Loose rules are used only while the total stays under pairBudgetPerRecord × records… */
  readonly pairBudgetPerRecord: number
  /**
   * …and under this many pairs in all. Loose rules rescue noisy records of small and medium
   * files; on a large one they mostly pair namesakes (9M same-name pairs at a million records).
   */
  readonly maxLooseBudgetPairs: number
}

export const DEFAULT_BLOCKING_OPTIONS: BlockingOptions = {
  maxBlockSize: 500,
  pairBudgetPerRecord: 20,
  maxLooseBudgetPairs: 2_000_000,
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

/**
 * Records grouped by their key under one rule: members[start[b] .. start[b+1]), blocks in order
 * of their first record, members in record order. key[i] is record i's block, -1 when it lacks
 * one of the rule's features.
 */
interface Blocks {
  readonly members: Int32Array
  readonly start: Int32Array
  readonly blockCount: number
  readonly key: Int32Array
}

/**
 * Groups records by the rule's key with a counting sort on a dense key id. Why not a Map of
 * arrays: a million records times a dozen rules would allocate millions of small arrays.
 */
function groupByRule(table: FeatureTable, rule: BlockingRule): Blocks {
  const n = table.size
  const key = new Int32Array(n)
  const first = table.columns[rule.features[0]]
  for (let i = 0; i < n; i++) key[i] = first.ids[i] === 0 ? -1 : first.ids[i]
  let cardinality = first.values.length
  for (let f = 1; f < rule.features.length; f++) {
    cardinality = combineKeys(key, table.columns[rule.features[f]].ids)
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
  return { members, start, blockCount: cardinality, key }
}

/**
 * Replaces key[i] by a dense id of the pair (key[i], ids[i]), numbered in order of first
 * appearance; -1 where either is missing. Returns the number of ids. Why an open-addressing
 * table in typed arrays rather than a Map: a Map of a million float keys per rule and feature
 * was a fifth of the blocking time at a million records.
 */
function combineKeys(key: Int32Array, ids: Int32Array): number {
  const n = key.length
  let capacity = 1024
  while (capacity < n * 2) capacity *= 2
  const mask = capacity - 1
  const slotKey = new Int32Array(capacity).fill(-1)
  const slotId = new Int32Array(capacity)
  const slotDense = new Int32Array(capacity)
  let next = 0
  for (let i = 0; i < n; i++) {
    const a = key[i]
    const b = ids[i]
    if (a === -1 || b === 0) {
      key[i] = -1
      continue
    }
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask
    for (;;) {
      const held = slotKey[slot]
      if (held === -1) {
        slotKey[slot] = a
        slotId[slot] = b
        slotDense[slot] = next
        key[i] = next++
        break
      }
      if (held === a && slotId[slot] === b) {
        key[i] = slotDense[slot]
        break
      }
      slot = (slot + 1) & mask
    }
  }
  return next
}

/** True when records i and j agree on every feature of the rule (none missing). */
export function pairSatisfiesRule(
  table: FeatureTable,
  rule: BlockingRule,
  i: number,
  j: number,
): boolean {
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

  /** Makes room for `more` pairs at once, so that a rule's pairs are never copied twice. */
  reserve(more: number): void {
    const needed = this.count + more
    if (needed <= this.left.length) return
    const capacity = Math.max(needed, Math.floor(this.left.length * 1.25))
    const left = new Int32Array(capacity)
    left.set(this.left.subarray(0, this.count))
    const right = new Int32Array(capacity)
    right.set(this.right.subarray(0, this.count))
    const rules = new Uint8Array(capacity)
    rules.set(this.rule.subarray(0, this.count))
    this.left = left
    this.right = right
    this.rule = rules
  }

  push(i: number, j: number, rule: number): void {
    if (this.count === this.left.length) this.reserve(this.left.length)
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
  const budget = Math.min(options.pairBudgetPerRecord * table.size, options.maxLooseBudgetPairs)
  const n = table.size
  // The block keys of the rules used so far, record by record (usedKeys[i * stride + e]): a pair
  // an earlier rule produced shows as an equal key, and one record's keys share a cache line or
  // two, where reading every feature of every earlier rule for both records cost a third of
  // the blocking time.
  const stride = rules.length - 1
  const usedKeys = new Int32Array(n * Math.max(0, stride))
  let used = 0
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
        skipped: `loose rule would exceed the pair budget (${options.pairBudgetPerRecord} per record, at most ${options.maxLooseBudgetPairs})`,
      })
      continue
    }
    const ruleIndex = used
    const startCount = buffer.count
    buffer.reserve(before)
    const { members, start } = blocks
    for (let b = 0; b < blocks.blockCount; b++) {
      const from = start[b]
      const to = start[b + 1]
      const size = to - from
      if (size < 2 || size > options.maxBlockSize) continue
      for (let x = from; x < to; x++) {
        const i = members[x]
        const rowI = i * stride
        for (let y = x + 1; y < to; y++) {
          const j = members[y]
          const rowJ = j * stride
          let seen = false
          for (let e = 0; e < used; e++) {
            const k = usedKeys[rowI + e]
            if (k !== -1 && k === usedKeys[rowJ + e]) {
              seen = true
              break
            }
          }
          if (seen) continue
          // Members are in record order, so i < j already.
          buffer.push(i, j, ruleIndex)
        }
      }
    }
    if (used < stride) {
      const { key } = blocks
      for (let i = 0; i < n; i++) usedKeys[i * stride + used] = key[i]
    }
    used += 1
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
  return {
    left: buffer.left.subarray(0, buffer.count),
    right: buffer.right.subarray(0, buffer.count),
    count: buffer.count,
  }
}
