import { InputError, type Issue } from '../../core/errors.js'
import { CONTRACT_FIELDS, type ContractField } from '../../core/record/customer-record.js'

/** Fills one contract field from one or more columns of the input file. */
export interface ColumnMappingEntry {
  /** Source columns; the values of several are joined with one space, empty ones left out. */
  readonly from: readonly string[]
  readonly to: ContractField
}

/**
 * How the columns of a file feed the contract fields. Fields not named here are read from the
 * column of the same name.
 */
export type ColumnMapping = readonly ColumnMappingEntry[]

const CONTRACT_FIELD_SET: ReadonlySet<string> = new Set(CONTRACT_FIELDS)

/**
 * Parses `from=to` pairs such as `given_name=first_name` or
 * `street_number+address_1=address_line1` (columns joined by `+` are concatenated with a
 * space). Takes a list of pairs, or one string of comma-separated pairs.
 *
 * Throws InputError ERR_INPUT_MAPPING_INVALID, listing every bad pair, when a pair lacks `=`,
 * names an empty column, targets a field outside the data contract, or targets a field twice.
 */
export function parseColumnMapping(specs: string | readonly string[]): ColumnMapping {
  const pairs = typeof specs === 'string' ? specs.split(',') : specs
  const issues: Issue[] = []
  const mapping: ColumnMappingEntry[] = []
  pairs.forEach((raw, index) => {
    const spec = raw.trim()
    if (spec === '') return
    const parts = spec.split('=')
    if (parts.length !== 2) {
      issues.push({
        path: ['mapping', index],
        code: 'invalid_format',
        message: `"${spec}" is not a from=to pair (for example given_name=first_name)`,
      })
      return
    }
    const from = parts[0].split('+').map((column) => column.trim())
    const to = parts[1].trim()
    if (!CONTRACT_FIELD_SET.has(to)) {
      issues.push({
        path: ['mapping', index],
        code: 'unknown_field',
        message: `"${spec}" maps to "${to}", which is not a contract field; expected one of ${CONTRACT_FIELDS.join(', ')}`,
      })
      return
    }
    mapping.push({ from, to: to as ContractField })
  })
  issues.push(...mappingIssues(mapping))
  if (issues.length > 0) throw mappingError(issues)
  return mapping
}

/**
 * Checks a mapping built in code the way parseColumnMapping checks a parsed one.
 * Throws InputError ERR_INPUT_MAPPING_INVALID.
 */
export function assertValidColumnMapping(mapping: ColumnMapping): void {
  const issues = mappingIssues(mapping)
  mapping.forEach((entry, index) => {
    if (!CONTRACT_FIELD_SET.has(entry.to)) {
      issues.push({
        path: ['mapping', index],
        code: 'unknown_field',
        message: `"${String(entry.to)}" is not a contract field; expected one of ${CONTRACT_FIELDS.join(', ')}`,
      })
    }
  })
  if (issues.length > 0) throw mappingError(issues)
}

function mappingIssues(mapping: ColumnMapping): Issue[] {
  const issues: Issue[] = []
  const targets = new Set<string>()
  mapping.forEach((entry, index) => {
    const spec = `${entry.from.join('+')}=${entry.to}`
    if (entry.from.length === 0 || entry.from.some((column) => column === '')) {
      issues.push({
        path: ['mapping', index],
        code: 'empty_column',
        message: `"${spec}" names an empty column; expected column names joined by +`,
      })
    }
    if (targets.has(entry.to)) {
      issues.push({
        path: ['mapping', index],
        code: 'duplicate_target',
        message: `"${spec}" maps to ${entry.to} a second time; join the columns with + instead`,
      })
    }
    targets.add(entry.to)
  })
  return issues
}

function mappingError(issues: Issue[]): InputError {
  return new InputError({
    code: 'ERR_INPUT_MAPPING_INVALID',
    message: `invalid column mapping: ${issues.map((issue) => issue.message).join('; ')}`,
    issues,
  })
}
