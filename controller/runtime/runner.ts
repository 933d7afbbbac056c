import type { WorkQueue } from "./queue.ts";

export interface ReconcileResult {
  /** Look at this key again after this long (e.g. a renewal time or a backoff ending). */
  requeueAfterMs?: number;
}

export interface Reconciler {
  /** cert-manager's controller name (label of the sync counters), e.g. "certificates-trigger". */
  readonly name: string;
  readonly queue: WorkQueue;
  reconcile(key: string): Promise<ReconcileResult | void>;
}

export interface SyncCounters {
  syncCall(controller: string): void;
  syncError(controller: string): void;
}

/**
 * Runs `workers` concurrent loops over the reconciler's queue until the signal aborts.
 * Errors are logged and retried with the queue's rate limit; they never escape.
 */
export async function runReconciler(
  r: Reconciler,
  workers: number,
  signal: AbortSignal,
  counters: SyncCounters,
  log: (line: string) => void,
): Promise<void> {
  const stop = (): void => r.queue.shutDown();
  signal.addEventListener("abort", stop, { once: true });
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = await r.queue.get();
      if (key === undefined) return;
      counters.syncCall(r.name);
      try {
        const res = await r.reconcile(key);
        r.queue.forget(key);
        if (res?.requeueAfterMs !== undefined) r.queue.addAfter(key, res.requeueAfterMs);
      } catch (err) {
        counters.syncError(r.name);
        if (!signal.aborted) {
          log(`${r.name}: ${key}: ${(err as Error).message}`);
          r.queue.addRateLimited(key);
        }
      } finally {
        r.queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}
