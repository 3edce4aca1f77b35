import {
  CONTRACT_FIELDS,
  createFeatureTable,
  createPairScorer,
  explainPair,
  formatExplanation,
  InputError,
  normaliseRecord,
  type CustomerRecord,
} from '../../core/index.js'
import { readAllRecords, parseColumnMapping } from '../../engine/index.js'
import { reportError } from '../output.js'
import { configFromFlags, loadModelFile, type InputFlags } from './shared.js'

export interface ExplainFlags extends InputFlags {
  model: string
  input?: string
  ids?: string
  left?: string
  right?: string
}

function parseRecordJson(text: string, side: 'left' | 'right'): CustomerRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InputError({ code: 'ERR_RECORD_INVALID', message: `--${side} is not valid JSON; expected an object such as {"first_name":"Ana","email":"ana@example.com"}` })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError({ code: 'ERR_RECORD_INVALID', message: `--${side} must be a JSON object of contract fields` })
  }
  const record: Record<string, string> = { record_id: side, source: 'explain' }
  for (const [key, raw] of Object.entries(value)) {
    if (!(CONTRACT_FIELDS as readonly string[]).includes(key)) {
      throw new InputError({ code: 'ERR_RECORD_INVALID', message: `--${side}: "${key}" is not a contract field; expected one of ${CONTRACT_FIELDS.join(', ')}` })
    }
    if (raw !== null && raw !== undefined) record[key] = String(raw)
  }
  return record as CustomerRecord
}

/** `tessera explain`: the per-comparison weights of one pair, readable. */
export async function runExplain(flags: ExplainFlags): Promise<number> {
  try {
    const config = configFromFlags(flags)
    const model = loadModelFile(flags.model)
    const options = config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }
    let records: CustomerRecord[]
    let left: number
    let right: number
    let termFrequencies = true
    if (flags.input !== undefined) {
      const ids = (flags.ids ?? '').split(',').map((id) => id.trim())
      if (ids.length !== 2 || ids.some((id) => id === '')) {
        throw new InputError({ code: 'ERR_USAGE', message: '--ids must name two record_ids separated by a comma, e.g. --ids web-1,store:MAD-01/7' })
      }
      const read = await readAllRecords(flags.input, {
        onError: flags.onError,
        mapping: parseColumnMapping(config.mapping),
        ...(flags.format === undefined ? {} : { format: flags.format }),
        ...(flags.source === undefined ? {} : { source: flags.source }),
      })
      records = read.records
      const index = new Map(records.map((record, i) => [record.record_id, i]))
      const found = ids.map((id) => index.get(id))
      const missing = ids.filter((_, k) => found[k] === undefined)
      if (missing.length > 0) {
        throw new InputError({ code: 'ERR_NOT_IN_INPUT', message: `${missing.length} of the --ids record_ids are not in ${flags.input}; check the ids` })
      }
      left = found[0]!
      right = found[1]!
    } else if (flags.left !== undefined && flags.right !== undefined) {
      records = [parseRecordJson(flags.left, 'left'), parseRecordJson(flags.right, 'right')]
      left = 0
      right = 1
      termFrequencies = false
    } else {
      throw new InputError({ code: 'ERR_USAGE', message: 'give either --input FILE --ids A,B or --left JSON --right JSON' })
    }
    const table = createFeatureTable(records.map((record) => normaliseRecord(record, options)))
    const scorer = createPairScorer(model, table, { termFrequencies })
    const explanation = explainPair(model, scorer, left, right)
    process.stdout.write(`${records[left].record_id} ~ ${records[right].record_id}\n${formatExplanation(explanation)}\n`)
    if (!termFrequencies) process.stdout.write('  (no term-frequency adjustment: pass --input to use a file\'s value frequencies)\n')
    return 0
  } catch (error) {
    return reportError(error)
  }
}
