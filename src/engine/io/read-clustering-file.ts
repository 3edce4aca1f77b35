import { InputError, type Issue } from '../../core/errors.js'
import { openCsvRows } from './csv-rows.js'
import { readUtf8Chunks } from './utf8-chunks.js'

const BATCH_SIZE = 10_000

/** Cluster columns tried in order when none is given: a truth file names people or entities. */
const TRUTH_CLUSTER_COLUMNS = ['person_id', 'entity_id', 'cluster', 'customer_id'] as const
/** A prediction file is usually Tessera's own output, which names customers. */
const PREDICTION_CLUSTER_COLUMNS = ['customer_id', 'cluster', 'entity_id', 'person_id'] as const

export interface ReadClusteringFileOptions {
  /** Column holding the record_id. Default 'record_id'. */
  idColumn?: string
  /** Column holding the entity or cluster id. Default: the first of the usual names present. */
  clusterColumn?: string
}

/**
 * Reads a ground-truth CSV (record_id plus one of person_id, entity_id, cluster or
 * customer_id, tried in that order, or the columns given) into a Map from record_id to entity
 * id. Other columns are ignored. Every row must be good: a truth with holes would skew the
 * scores, so there is no skip mode.
 *
 * Throws InputError ERR_INPUT_FILE_UNREADABLE, ERR_INPUT_ENCODING, ERR_INPUT_HEADER_INVALID,
 * ERR_INPUT_COLUMN_MISSING, ERR_INPUT_ROW_INVALID (bad CSV, empty id) or
 * ERR_INPUT_DUPLICATE_ID, naming the line and column, never a value.
 */
export function readTruthFile(
  path: string,
  options: ReadClusteringFileOptions = {},
): Promise<Map<string, string>> {
  return readClusteringFile(path, options, TRUTH_CLUSTER_COLUMNS)
}

/**
 * Reads a predicted clustering, such as the resolution output (`record_id,customer_id`), into a
 * Map from record_id to cluster id; cluster columns are tried in the order customer_id,
 * cluster, entity_id, person_id. Rules and errors as readTruthFile.
 */
export function readPredictionFile(
  path: string,
  options: ReadClusteringFileOptions = {},
): Promise<Map<string, string>> {
  return readClusteringFile(path, options, PREDICTION_CLUSTER_COLUMNS)
}

async function readClusteringFile(
  path: string,
  options: ReadClusteringFileOptions,
  clusterColumns: readonly string[],
): Promise<Map<string, string>> {
  const rows = await openCsvRows(readUtf8Chunks(path), {
    label: path,
    trim: true,
    batchSize: BATCH_SIZE,
  })
  const idColumn = options.idColumn ?? 'record_id'
  const clusterColumn =
    options.clusterColumn ?? clusterColumns.find((name) => rows.header.includes(name))
  const idIndex = rows.header.indexOf(idColumn)
  const clusterIndex = clusterColumn === undefined ? -1 : rows.header.indexOf(clusterColumn)
  if (idIndex === -1 || clusterIndex === -1) {
    rows.close()
    const missing = [
      ...(idIndex === -1 ? [idColumn] : []),
      ...(clusterIndex === -1 ? [clusterColumn ?? clusterColumns.join(' or ')] : []),
    ]
    throw new InputError({
      code: 'ERR_INPUT_COLUMN_MISSING',
      // Header names are not listed: in a file without a header they are a customer's data.
      message: `${path}: no ${missing.join(' column and no ')} column (the header has ${rows.header.length} columns); expected a header such as record_id,${clusterColumns[0]}, or name the columns to use`,
      issues: missing.map((name) => ({
        path: ['column', name],
        code: 'missing_column',
        message: `no ${name} column`,
      })),
    })
  }

  const clusterOf = new Map<string, string>()
  const lineOf = new Map<string, number>()
  const fail = (issue: Issue): never => {
    const [, line, field] = issue.path
    const where = field === undefined ? `line ${line}` : `line ${line}, ${field}`
    throw new InputError({
      code: issue.code === 'duplicate_id' ? 'ERR_INPUT_DUPLICATE_ID' : 'ERR_INPUT_ROW_INVALID',
      message: `${path} ${where}: ${issue.message}; fix the row and retry`,
      issues: [issue],
    })
  }
  for await (const entries of rows.batches) {
    for (const entry of entries) {
      if ('issue' in entry) fail(entry.issue)
      else {
        const { fields, line } = entry
        const recordId = fields[idIndex]
        const clusterId = fields[clusterIndex]
        if (recordId === '' || clusterId === '') {
          const column = recordId === '' ? idColumn : (clusterColumn as string)
          fail({
            path: ['line', line, column],
            code: 'missing_value',
            message: `empty; expected a ${column} on every row`,
          })
        }
        const firstLine = lineOf.get(recordId)
        if (firstLine !== undefined) {
          fail({
            path: ['line', line, idColumn],
            code: 'duplicate_id',
            message: `same ${idColumn} as line ${firstLine}; expected each record once`,
          })
        }
        lineOf.set(recordId, line)
        clusterOf.set(recordId, clusterId)
      }
    }
  }
  return clusterOf
}
