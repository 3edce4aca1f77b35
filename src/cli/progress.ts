import type { ImportProgressEvent } from '../engine/index.js'

type Stage = ImportProgressEvent['stage']

const BAR_WIDTH = 28
const TTY_REFRESH_MS = 100
const LINE_INTERVAL_MS = 5_000

const NOUNS: Record<Stage, string> = {
  read: 'records read',
  normalise: 'records normalised',
  block: 'candidate pairs',
  train: 'model trained',
  score: 'pairs scored',
  cluster: 'customers',
  persist: 'records stored',
  resolve: 'records resolved',
  optimise: 'store statistics updated',
}

export interface ProgressReporter {
  update(event: ImportProgressEvent): void
  /** Clears a bar in progress so the next message starts on a clean line. */
  finish(): void
}

/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds (and at each
 * stage change) otherwise, so logs of CI jobs stay readable. Hand-written because it needs both
 * modes and stage awareness in a few lines; a library would add more code than it saves.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressReporter {
  const tty = stream.isTTY === true
  let lastDraw = 0
  let lastStage: Stage | undefined
  let drawn = false
  const format = (event: ImportProgressEvent): string => {
    const count = event.done.toLocaleString('en-US')
    if (event.total === undefined || event.total === 0) return `${event.stage}: ${count} ${NOUNS[event.stage]}`
    const share = Math.min(1, event.done / event.total)
    if (!tty) return `${event.stage}: ${count} / ${event.total.toLocaleString('en-US')} ${NOUNS[event.stage]} (${Math.round(share * 100)}%)`
    const filled = Math.round(share * BAR_WIDTH)
    return `${event.stage.padEnd(9)} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${Math.round(share * 100)}% ${count} ${NOUNS[event.stage]}`
  }
  return {
    update(event) {
      const time = now()
      const stageChanged = event.stage !== lastStage
      const complete = event.total !== undefined && event.done >= event.total
      if (tty) {
        if (!stageChanged && !complete && time - lastDraw < TTY_REFRESH_MS) return
        stream.write(`\r\x1b[2K${format(event)}`)
        drawn = true
        if (complete) {
          stream.write('\n')
          drawn = false
        }
      } else {
        if (!stageChanged && !complete && time - lastDraw < LINE_INTERVAL_MS) return
        stream.write(`${format(event)}\n`)
      }
      lastDraw = time
      lastStage = event.stage
    },
    finish() {
      if (tty && drawn) stream.write('\n')
      drawn = false
    },
  }
}
