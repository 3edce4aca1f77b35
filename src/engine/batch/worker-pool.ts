import { Worker } from 'node:worker_threads'
import { InternalError } from '../../core/index.js'
import type { WorkerTask } from './batch-worker.js'

/**
 * A fixed pool of worker threads running batch-worker.js. Why threads: normalising and scoring
 * are CPU-bound and independent per chunk, and these machines have two cores.
 */
export class WorkerPool {
  readonly #workers: Worker[]
  readonly #idle: Worker[] = []
  readonly #queue: {
    task: WorkerTask
    transfer: ArrayBuffer[]
    resolve: (v: unknown) => void
    reject: (e: Error) => void
  }[] = []
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; worker: Worker }
  >()
  #nextId = 0

  constructor(size: number) {
    const url = new URL('./batch-worker.js', import.meta.url)
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(url)
      worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
        const pending = this.#pending.get(message.id)
        if (pending === undefined) return
        this.#pending.delete(message.id)
        if (message.error !== undefined) {
          pending.reject(
            new InternalError({
              code: 'ERR_WORKER_FAILED',
              message: `a worker thread failed: ${message.error}`,
            }),
          )
        } else pending.resolve(message.result)
        this.#release(worker)
      })
      worker.on('error', (error) => {
        for (const [id, pending] of this.#pending) {
          if (pending.worker === worker) {
            this.#pending.delete(id)
            pending.reject(
              new InternalError({
                code: 'ERR_WORKER_FAILED',
                message: 'a worker thread crashed',
                cause: error,
              }),
            )
          }
        }
      })
      this.#idle.push(worker)
      return worker
    })
  }

  get size(): number {
    return this.#workers.length
  }

  /** Runs a task on the next idle worker. */
  run<T>(task: WorkerTask, transfer: ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ task, transfer, resolve: resolve as (v: unknown) => void, reject })
      this.#dispatch()
    })
  }

  /** Runs the same task on every worker (e.g. loading the model and table). */
  broadcast(task: WorkerTask): Promise<unknown[]> {
    return Promise.all(
      this.#workers.map(
        (worker) =>
          new Promise<unknown>((resolve, reject) => {
            const id = this.#nextId++
            this.#pending.set(id, { resolve, reject, worker })
            // A busy worker takes the task after its current one (messages are handled in order).
            const idle = this.#idle.indexOf(worker)
            if (idle !== -1) this.#idle.splice(idle, 1)
            worker.postMessage({ id, task })
          }),
      ),
    )
  }

  #release(worker: Worker): void {
    if (!this.#idle.includes(worker)) this.#idle.push(worker)
    this.#dispatch()
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift()!
      const job = this.#queue.shift()!
      const id = this.#nextId++
      this.#pending.set(id, { resolve: job.resolve, reject: job.reject, worker })
      worker.postMessage({ id, task: job.task }, job.transfer)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }
}

/** True when compiled worker code is available next to this module (not when running .ts sources). */
export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js')
}
