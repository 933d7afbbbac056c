import { setTimeout as sleep } from "node:timers/promises";

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  what: string;
  signal?: AbortSignal;
  /** Checked each round; when it returns a string the wait fails at once with that message (e.g. a process died). */
  failFast?: () => string | undefined;
}

/** Polls `probe` until it returns a value other than undefined. The last probe error is kept for the timeout message. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = "";
  for (;;) {
    opts.signal?.throwIfAborted();
    const fatal = opts.failFast?.();
    if (fatal) throw new Error(`${opts.what}: ${fatal}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last ? ` (last error: ${last})` : ""}`,
      );
    }
    await sleep(opts.intervalMs ?? 100, undefined, opts.signal ? { signal: opts.signal } : undefined);
  }
}
