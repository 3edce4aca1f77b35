/**
 * Fixed-window counters kept in this process's memory: searches per key and per staff member,
 * failed card identifications per till, codes sent per contact point. Our own because the
 * counter needs to count some events and not others (only *failed* identifications, only codes
 * actually issued), which request-level limiters do not do; it is a Map and a clock.
 *
 * Limits are per server process: behind a load balancer with N processes a caller gets at most
 * N times the limit, still a hard bound for brute force against a 6-digit code (which also
 * locks after a few wrong tries, in the store, whatever process answers).
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>()

  constructor(
    private readonly windowMs: number,
    private readonly clock: () => number,
    /** Entries kept at most; past it, windows that have ended are dropped. */
    private readonly maxEntries = 100_000,
  ) {}

  /** Events counted in the key's current window. */
  count(key: string): number {
    const window = this.windows.get(key)
    if (window === undefined || this.clock() - window.startedAt >= this.windowMs) return 0
    return window.count
  }

  /** Counts one event. */
  hit(key: string): void {
    const now = this.clock()
    const window = this.windows.get(key)
    if (window === undefined || now - window.startedAt >= this.windowMs) {
      if (this.windows.size >= this.maxEntries) this.sweep(now)
      this.windows.set(key, { startedAt: now, count: 1 })
    } else {
      window.count += 1
    }
  }

  /** Counts one event unless the key already reached `limit`: whether it was allowed. */
  take(key: string, limit: number): boolean {
    if (this.count(key) >= limit) return false
    this.hit(key)
    return true
  }

  /** Seconds until the key's window ends (at least 1). */
  retryAfterSeconds(key: string): number {
    const window = this.windows.get(key)
    if (window === undefined) return 1
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.clock()) / 1000))
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(key)
  }
}
