import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { EXIT_CODES, reportError } from './output.js'
import { runResolve } from './commands/resolve.js'
import { runTrain } from './commands/train.js'
import { runExplain } from './commands/explain.js'
import { runEval } from './commands/eval.js'
import { runGenerate } from './commands/generate.js'
import { runImport } from './commands/import.js'
import { runExport } from './commands/export.js'
import { runServe } from './commands/serve.js'
import { runKeysCreate, runKeysList, runKeysRevoke } from './commands/keys.js'
import { DEFAULT_HOST, DEFAULT_PORT } from '../api/index.js'
import { API_KEY_ROLES } from '../engine/index.js'

const collect = (value: string, previous: string[]) => [...previous, value]

// Checked here because it is not a config setting: a value such as 'abc' would otherwise become
// NaN and silently write every pair.
const probability = (value: string): number => {
  const parsed = Number(value)
  if (value.trim() === '' || !(parsed >= 0 && parsed <= 1)) {
    throw new InvalidArgumentError('expected a probability from 0 to 1, e.g. 0.5.')
  }
  return parsed
}

const port = (value: string): number => {
  const parsed = Number(value)
  if (!/^\d+$/.test(value.trim()) || parsed > 65_535) {
    throw new InvalidArgumentError('expected a port from 0 to 65535 (0 picks a free one).')
  }
  return parsed
}

/** Builds the command-line program; parsing argv is all this file does. */
export function createProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: one customer ID across every sales channel')
    .version('0.1.0')
    .exitOverride()
    // A usage error then says what to do next, not only what was wrong.
    .showHelpAfterError('(run the command with --help for its options)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })

  const inputOptions = (command: Command) =>
    command
      .option('--config <file>', 'JSON configuration file (see docs/config.md)')
      .option('--map <from=to>', 'map a column to a contract field; repeatable; join columns with +', collect, [])
      .option('--source <name>', 'source for files without a source column (default: the file name)')
      .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices(['csv', 'jsonl']))
      .addOption(new Option('--on-error <mode>', 'what to do with a bad row').choices(['fail', 'skip']).default('fail'))
      .option('--country <code>', 'default country (ISO alpha-2) for records without one, e.g. ES')
      .option('--seed <n>', 'seed for training samples', (v) => Number.parseInt(v, 10))
      .option('--workers <n>', 'worker threads (0 = none)', (v) => Number.parseInt(v, 10))

  inputOptions(
    program
      .command('resolve')
      .description('give every record of a customer file a customer id')
      .argument('<input>', 'CSV or JSON Lines file of customer records')
      .requiredOption('--out <file>', 'output CSV: record_id,customer_id')
      .option('--model <file>', 'trained model JSON (default: train on the input)')
      .option('--pairs <file>', 'also write the scored pairs with their explanation')
      .option('--pairs-min-probability <p>', 'lowest match probability written to --pairs', probability, 0.01)
      .option('--threshold <p>', 'match probability needed for a link', Number.parseFloat)
      .option('--decisions <file>', 'decisions people took, as labelled pairs (record_id_l,record_id_r,is_match; tessera export --labels): 1 joins, 0 keeps apart')
      .option('--stats-json <file>', 'also write the run summary (stage seconds, pairs, peak memory) as JSON'),
  ).action(async (input: string, options) => {
    process.exitCode = await runResolve(input, options)
  })

  inputOptions(
    program
      .command('train')
      .description('train a match model on a customer file (unsupervised, or from labelled pairs)')
      .argument('<input>', 'CSV or JSON Lines file of customer records')
      .requiredOption('--out <file>', 'model JSON to write')
      .option('--labels <file>', 'CSV of labelled pairs: record_id_l,record_id_r,is_match (1/0)'),
  ).action(async (input: string, options) => {
    process.exitCode = await runTrain(input, options)
  })

  inputOptions(
    program
      .command('explain')
      .description('explain the match score of two records, comparison by comparison')
      .requiredOption('--model <file>', 'trained model JSON')
      .option('--input <file>', 'file holding the two records (their term frequencies are used too)')
      .option('--ids <left,right>', 'the two record_ids to explain, with --input')
      .option('--left <json>', 'the first record as JSON')
      .option('--right <json>', 'the second record as JSON'),
  ).action(async (options) => {
    process.exitCode = await runExplain(options)
  })

  program
    .command('eval')
    .description('compare a resolution with the truth: pairwise and B-cubed precision, recall, F1')
    .requiredOption('--truth <file>', 'CSV record_id,<entity column>')
    .requiredOption('--pred <file>', 'CSV record_id,customer_id (the output of resolve)')
    .option('--json', 'print the figures as JSON')
    .action(async (options) => {
      process.exitCode = await runEval(options)
    })

  program
    .command('generate')
    .description('generate synthetic omnichannel customer records with ground truth')
    .requiredOption('--persons <n>', 'number of people', (v) => Number.parseInt(v, 10))
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
    .addOption(new Option('--profile <name>', 'noise profile').choices(['standard', 'hard']).default('standard'))
    .requiredOption('--out <file>', 'records CSV to write')
    .requiredOption('--truth <file>', 'truth CSV (record_id,person_id) to write')
    .action(async (options) => {
      process.exitCode = await runGenerate(options)
    })

  inputOptions(
    program
      .command('import')
      .description('load an existing customer export into the identity store (resumable)')
      .argument('<input>', 'CSV or JSON Lines file of customer records')
      .option('--db <file>', 'SQLite database file (default: ./tessera.db)')
      .option('--database-url <url>', 'PostgreSQL URL (default: TESSERA_DATABASE_URL)'),
  ).action(async (input: string, options) => {
    process.exitCode = await runImport(input, options)
  })

  program
    .command('export')
    .description('write record_id,customer_id for every stored record')
    .requiredOption('--out <file>', 'output CSV: record_id,customer_id')
    .option('--labels <file>', 'also write the decisions people took as labelled pairs (record_id_l,record_id_r,is_match) for tessera train --labels')
    .option('--db <file>', 'SQLite database file (default: ./tessera.db)')
    .option('--database-url <url>', 'PostgreSQL URL (default: TESSERA_DATABASE_URL)')
    .option('--config <file>', 'JSON configuration file (see docs/config.md)')
    .action(async (options) => {
      process.exitCode = await runExport(options)
    })

  const storeOptions = (command: Command) =>
    command
      .option('--db <file>', 'SQLite database file (default: ./tessera.db)')
      .option('--database-url <url>', 'PostgreSQL URL (default: TESSERA_DATABASE_URL)')
      .option('--config <file>', 'JSON configuration file (see docs/config.md)')

  storeOptions(
    program
      .command('serve')
      .description('serve the HTTP API (docs at /docs) until SIGINT or SIGTERM')
      .option('--port <n>', 'port to listen on (0 picks a free one)', port, DEFAULT_PORT)
      .option('--host <address>', 'address to listen on (0.0.0.0 for every interface)', DEFAULT_HOST)
      .option('--no-warm-up', 'listen at once instead of first reading the store into memory (SQLite; PostgreSQL with pg_prewarm)'),
  ).action(async (options) => {
    process.exitCode = await runServe(options)
  })

  const keys = program.command('keys').description('manage API keys (stored hashed; a secret is shown once)')
  storeOptions(
    keys
      .command('create')
      .description('create an API key and print its secret once')
      .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES).makeOptionMandatory())
      .option('--name <name>', 'a name to recognise the key by')
      .option('--source <source>', 'for a channel key: the source its records carry, e.g. web'),
  ).action(async (options) => {
    process.exitCode = await runKeysCreate(options)
  })
  storeOptions(keys.command('list').description('list API keys (never their secrets)')).action(async (options) => {
    process.exitCode = await runKeysList(options)
  })
  storeOptions(keys.command('revoke').description('revoke an API key (a running server stops accepting it within service.apiKeyCacheSeconds, 5 s by default)').argument('<key_id>', 'the key to revoke, e.g. key_01J…')).action(
    async (keyId: string, options) => {
      process.exitCode = await runKeysRevoke(keyId, options)
    },
  )

  return program
}

export async function main(argv: string[]): Promise<number> {
  const program = createProgram()
  try {
    await program.parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_CODES.invalid_input
    }
    return reportError(error)
  }
}

