import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the write-ahead log back into
 * the database file and fsyncs it; left to SQLite, it runs inside whichever commit crosses the
 * threshold, and that request waits for it (tens of milliseconds on a busy log: the p99). Here
 * the writer never checkpoints (wal_autocheckpoint = 0) and a worker thread with its own
 * connection runs PASSIVE checkpoints, which never block readers or the writer, every interval.
 *
 * The worker is inline source so that it runs the same from TypeScript sources (tests) and
 * from the build, and it loads the same better-sqlite3 the store uses.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs })
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) })
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.postMessage('stopped')
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

export function startCheckpointer(path: string, options: { intervalMs?: number; busyTimeoutMs?: number } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, intervalMs: options.intervalMs ?? 250, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 },
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
