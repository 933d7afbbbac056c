import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createRunDir, isAlive, readOwner, reapStaleRunDirs, writeOwner } from "./run-dir.ts";

const base = mkdtempSync(join(tmpdir(), "certflow-rundir-test-"));
after(() => rmSync(base, { recursive: true, force: true }));

test("keeps the run directory of a live owner", () => {
  const dir = createRunDir(base);
  assert.equal(reapStaleRunDirs(base), 0);
  assert.ok(existsSync(dir));
  rmSync(dir, { recursive: true });
});

test("reaps a dead owner's directory and kills the servers it left behind", async () => {
  const dir = createRunDir(base, 2 ** 22 + 12345); // a pid that cannot exist (above pid_max's default)
  // A stand-in for an orphaned server: its command line names the run directory, as etcd's --data-dir does.
  const orphan = spawn("sh", ["-c", `sleep 60 # ${dir}`], { stdio: "ignore", detached: true });
  orphan.unref();
  const owner = readOwner(dir);
  assert.ok(owner && orphan.pid);
  writeOwner(dir, { ...owner, pids: [orphan.pid] });
  assert.equal(reapStaleRunDirs(base), 1);
  assert.equal(existsSync(dir), false);
  await sleep(100);
  assert.equal(isAlive(orphan.pid), false);
});

test("never kills a recorded pid that was reused by an unrelated process", () => {
  const dir = createRunDir(base, 2 ** 22 + 54321);
  const owner = readOwner(dir);
  assert.ok(owner);
  writeOwner(dir, { ...owner, pids: [process.pid] }); // our own pid: its cmdline does not mention dir
  assert.equal(reapStaleRunDirs(base), 1);
  assert.ok(isAlive(process.pid));
});

test("a missing base directory is not an error", () => {
  assert.equal(reapStaleRunDirs(join(base, "nope")), 0);
});
