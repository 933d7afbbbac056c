import { rmSync } from "node:fs";
import type { ManagedProcess } from "./managed-process.ts";

interface Registered {
  procs: ManagedProcess[];
  dir: string;
  keepDir: boolean;
}

const live = new Set<Registered>();
let installed = false;

function killAllSync(): void {
  for (const r of live) {
    for (const p of r.procs) p.killNow();
    if (!r.keepDir) rmSync(r.dir, { recursive: true, force: true });
  }
  live.clear();
}

/**
 * Makes sure servers die with the process that started them: on normal exit, on an uncaught
 * failure, and on SIGINT/SIGTERM (re-raised afterwards so the exit status stays the signal's).
 * Installed on first use, not at import time.
 */
export function registerForCleanup(r: Registered): () => void {
  if (!installed) {
    installed = true;
    process.on("exit", killAllSync);
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      const handler = (): void => {
        // Another listener (e.g. the CLI's graceful stop) owns the signal: it calls stop(); the exit hook is the backstop.
        if (process.listenerCount(sig) > 1) return;
        killAllSync();
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      };
      process.on(sig, handler);
    }
  }
  live.add(r);
  return () => live.delete(r);
}
