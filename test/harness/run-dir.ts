import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every control plane lives in its own run directory `<base>/run-*` with an `owner.json` naming the
 * process that owns it and the pids it started. A later run reaps directories whose owner is gone,
 * so a crashed or SIGKILLed test never leaves an apiserver or a data directory that breaks the next run.
 */
export interface RunDirOwner {
  ownerPid: number;
  pids: number[];
  createdAt: string;
}

export function runBaseDir(env: NodeJS.ProcessEnv = process.env): string {
  return env["CERTFLOW_RUN_DIR"] ?? join(tmpdir(), "certflow-control-plane");
}

export function createRunDir(base: string, ownerPid: number = process.pid): string {
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `run-${ownerPid}-`));
  writeOwner(dir, { ownerPid, pids: [], createdAt: new Date().toISOString() });
  return dir;
}

export function writeOwner(dir: string, owner: RunDirOwner): void {
  writeFileSync(join(dir, "owner.json"), JSON.stringify(owner));
}

export function readOwner(dir: string): RunDirOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, "owner.json"), "utf8")) as RunDirOwner;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when `pid` is alive and its command line mentions `dir` (guards against pid reuse). */
function belongsTo(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir);
  } catch {
    return false;
  }
}

/** Kills the processes of run directories whose owner died, and removes those directories. Returns how many were reaped. */
export function reapStaleRunDirs(base: string): number {
  let reaped = 0;
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return 0;
  }
  for (const name of entries) {
    if (!name.startsWith("run-")) continue;
    const dir = join(base, name);
    const owner = readOwner(dir);
    if (owner && isAlive(owner.ownerPid)) continue;
    for (const pid of owner?.pids ?? []) {
      if (belongsTo(pid, dir)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    reaped++;
  }
  return reaped;
}
