/**
 * A work queue with client-go's guarantees: a key waiting twice is processed once, a key is
 * never handed to two workers at once (re-adds while it is processed run after it finishes),
 * failures are retried with per-key exponential backoff, and `addAfter` keeps one due time per
 * key (the earliest) so renewals fire at their time rather than on a periodic resync.
 *
 * Delayed keys sit in a binary min-heap (parallel arrays, no object per entry) behind a single
 * timer, as client-go's delaying queue does: a Node Timeout per key cost ~250 bytes, and every
 * Certificate has a renewal time waiting.
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
  /** key → due time (ms since epoch) of its delayed add */
  private readonly due = new Map<string, number>();
  /** min-heap of due times; entries whose time no longer matches `due` are stale and skipped */
  private readonly heapAt: number[] = [];
  private readonly heapKey: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
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
    return this.due.size;
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
    const existing = this.due.get(key);
    if (existing !== undefined && existing <= at) return;
    this.due.set(key, at);
    this.push(at, key);
    if (this.heapAt.length > 4 * this.due.size + 1024) this.compact();
    this.arm();
  }

  private push(at: number, key: string): void {
    const ats = this.heapAt;
    const keys = this.heapKey;
    let i = ats.length;
    ats.push(at);
    keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((ats[p] as number) <= at) break;
      ats[i] = ats[p] as number;
      keys[i] = keys[p] as string;
      i = p;
    }
    ats[i] = at;
    keys[i] = key;
  }

  private pop(): void {
    const ats = this.heapAt;
    const keys = this.heapKey;
    const lastAt = ats.pop() as number;
    const lastKey = keys.pop() as string;
    const n = ats.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (ats[r] as number) < (ats[l] as number) ? r : l;
      if ((ats[c] as number) >= lastAt) break;
      ats[i] = ats[c] as number;
      keys[i] = keys[c] as string;
      i = c;
    }
    ats[i] = lastAt;
    keys[i] = lastKey;
  }

  /** Rebuilds the heap from `due` when stale entries (superseded earlier times) pile up. */
  private compact(): void {
    this.heapAt.length = 0;
    this.heapKey.length = 0;
    for (const [key, at] of this.due) this.push(at, key);
  }

  /** Keeps the one timer set for the earliest due time. */
  private arm(): void {
    const next = this.heapAt[0];
    if (next === undefined) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer && this.timerAt <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    // setTimeout cannot wait longer than 2^31-1 ms; longer waits re-arm when it fires.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(next - Date.now(), MAX_TIMER_MS)));
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    while (this.heapAt.length > 0 && (this.heapAt[0] as number) <= now) {
      const at = this.heapAt[0] as number;
      const key = this.heapKey[0] as string;
      this.pop();
      if (this.due.get(key) !== at) continue;
      this.due.delete(key);
      this.add(key);
    }
    if (!this.shuttingDown) this.arm();
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due.clear();
    this.heapAt.length = 0;
    this.heapKey.length = 0;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
