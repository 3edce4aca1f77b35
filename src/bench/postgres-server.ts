/**
 * A throwaway PostgreSQL server for the test run (STYLE T4): initdb + pg_ctl in a temp dir,
 * listening on 127.0.0.1 on a free port, tuned for speed over durability (no fsync). The
 * vitest globalSetup (postgres-global-setup.ts) starts it once per run and hands its URL to the
 * test files; each test file or test then works in a database of its own
 * (postgres-test-database.ts). This file runs in vitest's main process, so it must not import
 * 'vitest' itself.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'

export interface PostgresServer {
  readonly url: string
  stop(): Promise<void>
}

interface PostgresBinaries {
  readonly initdb: string
  readonly pgCtl: string
}

const run = promisify(execFile)

/** Debian/Ubuntu install each major version side by side here. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql'
/** initdb and postgres refuse to run as root; as root the server runs as this user. */
const POSTGRES_SYSTEM_USER = 'postgres'
const START_TIMEOUT_S = 30
/** Another process can take the free port between our probe and the server's bind. */
const START_ATTEMPTS = 3
/** Server settings that trade durability, which a throwaway server does not need, for speed. */
const SERVER_SETTINGS = ['-F', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200']
/**
 * A production-like server for benchmarks: durable commits, as a real deployment runs, and
 * buffers sized as usual for the machine (a quarter of its 24 GB; a million-record store takes
 * about 4.5 GB), which `tessera serve` fills with pg_prewarm before it listens.
 */
const DURABLE_SERVER_SETTINGS = ['-c max_connections=200', '-c shared_buffers=6GB']

export interface StartPostgresOptions {
  /** Durable commits (fsync on), for benchmarks; tests run without, for speed. */
  readonly durable?: boolean
  /** Extensions created in the database the URL names (as its operator would), e.g. pg_prewarm. */
  readonly extensions?: readonly string[]
}

/** initdb and pg_ctl of the newest PostgreSQL under /usr/lib/postgresql, else from PATH. */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  if (existsSync(DEBIAN_POSTGRES_ROOT)) {
    const versions = readdirSync(DEBIAN_POSTGRES_ROOT)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    for (const version of versions) {
      const bin = join(DEBIAN_POSTGRES_ROOT, version, 'bin')
      const binaries = { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') }
      if (existsSync(binaries.initdb) && existsSync(binaries.pgCtl)) return binaries
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter((entry) => entry !== '')) {
    const binaries = { initdb: join(dir, 'initdb'), pgCtl: join(dir, 'pg_ctl') }
    if (existsSync(binaries.initdb) && existsSync(binaries.pgCtl)) return binaries
  }
  return undefined
}

/** A TCP port nobody listens on right now (the OS picks it; we let go of it at once). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const runningAsRoot = (): boolean => process.getuid?.() === 0

/** The command line that runs a PostgreSQL program as the data directory's owner: us, or `postgres` when we are root. */
function asOwner(program: string, args: readonly string[]): [string, string[]] {
  return runningAsRoot() ? ['runuser', ['-u', POSTGRES_SYSTEM_USER, '--', program, ...args]] : [program, [...args]]
}

async function runAsOwner(program: string, args: readonly string[], cwd: string): Promise<void> {
  // cwd: the postgres user may not be allowed into ours, and the programs fail if they cannot
  // resolve their working directory.
  const [file, fileArgs] = asOwner(program, args)
  await run(file, fileArgs, { cwd })
}

/**
 * A fresh temp dir the server's user can write to. As root the dir is handed to `postgres`;
 * if a parent of TMPDIR does not let that user through, /tmp is tried instead.
 */
async function createServerDir(): Promise<string> {
  const bases = [...new Set([tmpdir(), '/tmp'])]
  const problems: string[] = []
  for (const base of bases) {
    let dir: string
    try {
      dir = await mkdtemp(join(base, 'tessera-pg-'))
    } catch (error) {
      problems.push(`cannot create a temp dir in ${base}: ${describeFailure(error)}`)
      continue
    }
    if (!runningAsRoot()) return dir
    await run('chown', ['-R', `${POSTGRES_SYSTEM_USER}:${POSTGRES_SYSTEM_USER}`, dir])
    try {
      // `test -w` as postgres fails unless every parent is traversable and the dir is writable.
      await run('runuser', ['-u', POSTGRES_SYSTEM_USER, '--', 'test', '-w', dir], { cwd: '/' })
      return dir
    } catch {
      problems.push(`${dir} is not reachable by the ${POSTGRES_SYSTEM_USER} user`)
      await rm(dir, { recursive: true, force: true })
    }
  }
  throw new Error(`no usable temp dir for the server: ${problems.join('; ')}`)
}

async function logTail(logFile: string): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).trim().split('\n').slice(-15).join('\n')
  } catch {
    return '(no server log)'
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr
    return typeof stderr === 'string' && stderr.trim() !== '' ? `${error.message.split('\n')[0]}: ${stderr.trim()}` : error.message
  }
  return String(error)
}

/**
 * Creates a cluster in a temp dir and starts it on 127.0.0.1. Throws with the reason (and the
 * tail of the server log) when the binaries are missing or the server does not come up.
 */
export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const serverSettings = options.durable === true ? DURABLE_SERVER_SETTINGS : SERVER_SETTINGS
  const binaries = findPostgresBinaries()
  if (binaries === undefined) {
    throw new Error(
      `initdb and pg_ctl were not found under ${DEBIAN_POSTGRES_ROOT}/*/bin or on PATH; ` +
        'install PostgreSQL or set TESSERA_TEST_PG_URL to a server the tests may create databases on',
    )
  }
  const dir = await createServerDir()
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'postgres.log')
  // Synchronous, so that it can also run from a process 'exit' handler.
  const stopSync = () => {
    const [file, args] = asOwner(binaries.pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop'])
    try {
      execFileSync(file, args, { cwd: dir, stdio: 'ignore' })
    } catch {
      // Not running (any more): nothing to stop.
    }
  }

  try {
    await runAsOwner(binaries.initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], dir)
    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort()
      const serverOptions = [`-p ${port}`, '-h 127.0.0.1', `-k ${dir}`, ...serverSettings].join(' ')
      try {
        await runAsOwner(
          binaries.pgCtl,
          ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', String(START_TIMEOUT_S), 'start'],
          dir,
        )
        break
      } catch (error) {
        const log = await logTail(logFile)
        if (attempt >= START_ATTEMPTS || !/could not bind|already in use/i.test(log)) {
          throw new Error(`pg_ctl start failed: ${describeFailure(error)}\nserver log:\n${log}`, { cause: error })
        }
      }
    }
    for (const extension of options.extensions ?? []) {
      if (!/^[a-z_][a-z0-9_]*$/.test(extension)) throw new Error(`not an extension name: ${extension}`)
      const psql = join(dirname(binaries.pgCtl), 'psql')
      await runAsOwner(psql, ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE EXTENSION IF NOT EXISTS ${extension}`], dir)
    }
    // A run killed before its teardown must not leave a server behind.
    process.once('exit', stopSync)
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', stopSync)
        stopSync()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    stopSync()
    await rm(dir, { recursive: true, force: true })
    throw new Error(`could not start PostgreSQL (${binaries.pgCtl}): ${describeFailure(error)}`, { cause: error })
  }
}
