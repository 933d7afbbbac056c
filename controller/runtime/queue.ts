/**
 * A work queue with client-go's guarantees: a key waiting twice is processed once, a key is
 * never handed to two workers at once (re-adds while it is processed run after it finishes),
 * failures are retried with per-key exponential backoff, and `addAfter` keeps one timer per
 * key (the earliest) so renewals fire at their time rather than on a periodic resync.
 */
export interface RateLimit {
  baseMs: number;
  maxMs: number;
}

/** setTimeout cannot wait longer than 2^31-1 ms; longer delays re-arm. */
const MAX_TIMER_MS = 2_147_000_000;

export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly limit: RateLimit;
  private shuttingDown = false;

  constructor(limit: RateLimit = { baseMs: 1000, maxMs: 30_000 }) {
    this.limit = limit;
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(key);
      this.processing.add(key);
      w(key);
      return;
    }
    this.queue.push(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = Date.now() + delayMs;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const wait = Math.min(delayMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (at - Date.now() > 0) this.addAfter(key, at - Date.now());
      else this.add(key);
    }, wait);
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.limit.baseMs * 2 ** n, this.limit.maxMs));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Next key, or undefined once shut down. */
  get(): Promise<string | undefined> {
    if (this.head < this.queue.length) {
      const key = this.queue[this.head++] as string;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
