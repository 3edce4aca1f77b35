import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the write-ahead log back into
 * the database file and fsyncs it; left to SQLite, it runs inside whichever commit crosses the
 * threshold, and that request waits for it (tens of milliseconds on a busy log: the p99). Here
 * a worker thread with its own connection runs PASSIVE checkpoints, which never block readers
 * or the writer, every interval.
 *
 * Under a steady stream of commits a passive checkpoint never reaches the end of the log (the
 * writer appends while it copies), and SQLite fsyncs the database file only when one does. The
 * pages it copied then pile up unsynced in the OS cache, and the writer's own checkpoint, when
 * the log reaches its limit, paid for all of them inside one request (an fsync of 90–350 ms
 * measured on this machine). So after every checkpoint that copied pages, this thread fsyncs the
 * database file itself, and the writer's rare checkpoint is left the pages of the last interval.
 * (This only adds durability: the log keeps every copied page until a checkpoint completes.)
 * Measured over 4,666 resolves into a 113,000-record store, four runs each: resolves slower
 * than 20 ms 7–8 instead of 12–13, 530–741 ms in all instead of 821–978 ms; p50 and p99 alike
 * within this machine's noise.
 *
 * Under load it checkpoints every 10 ms, not every 250: a pass then has few frames to copy and
 * often reaches the end of the log, after which the writer starts the log again from its
 * beginning, so the log stops growing and the writer's own checkpoint (about 100 ms inside one
 * request, at 25,000 pages) no longer comes. Measured over 2,339 resolves into a 240,000-record
 * store, runs alternated: the slowest resolve 15–42 ms instead of 97–125 ms (nine runs each),
 * commits 0.26–0.28 ms a resolve instead of 0.33 (two each); p50 and p99 within this machine's
 * noise. An idle store is checked less and less often, back to every 250 ms.
 *
 * The worker is inline source so that it runs the same from TypeScript sources (tests) and
 * from the build, and it loads the same better-sqlite3 the store uses.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs })
const databaseFile = fs.openSync(workerData.path, 'r+')
let copiedBefore = -1
// Whether the pass copied frames: the log is being written, so the next pass comes soon.
const checkpoint = () => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)')
    // log: frames in the log; checkpointed: frames of it now in the database file (-1, -1
    // without a log). A checkpoint that reached the end of the log has synced the file itself.
    const log = state ? state.log : -1
    const copied = state ? state.checkpointed : -1
    const progressed = copied > 0 && copied !== copiedBefore
    if (progressed && copied < log) fs.fsyncSync(databaseFile)
    copiedBefore = copied
    return progressed
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) })
    return false
  }
}
let delay = workerData.busyIntervalMs
let timer
const pass = () => {
  delay = checkpoint() ? workerData.busyIntervalMs : Math.min(workerData.idleIntervalMs, delay * 2)
  timer = setTimeout(pass, delay)
}
timer = setTimeout(pass, delay)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearTimeout(timer)
  checkpoint()
  db.close()
  fs.closeSync(databaseFile)
  parentPort.postMessage('stopped')
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

export interface CheckpointerOptions {
  /** Between passes while the log is being written (default 10 ms). */
  readonly busyIntervalMs?: number
  /** At most this long between passes of an idle store (default 250 ms). */
  readonly idleIntervalMs?: number
  readonly busyTimeoutMs?: number
}

export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const busyIntervalMs = options.busyIntervalMs ?? 10
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver,
      busyIntervalMs,
      idleIntervalMs: Math.max(busyIntervalMs, options.idleIntervalMs ?? 250),
      busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    },
  })
  // A checkpoint that fails (disk full, say) leaves the log growing; the next one retries, and
  // the writer's own commits still succeed, so this is not an error of any request.
  worker.on('message', () => undefined)
  worker.on('error', () => undefined)
  worker.unref()
  let stopping: Promise<void> | undefined
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().then(() => resolve(), () => resolve())
        }
        worker.once('exit', () => resolve())
        worker.on('message', (message) => {
          if (message === 'stopped') done()
        })
        // Unreferenced while it idles (it must not keep a finished process alive), but waited
        // for now: without a reference, the process would exit in the middle of close().
        worker.ref()
        worker.postMessage('stop')
        // A worker stuck on a locked database must not hold close() for ever.
        setTimeout(done, 2_000).unref()
      })
      return stopping
    },
  }
}
