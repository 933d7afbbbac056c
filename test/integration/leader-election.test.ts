import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import { waitFor } from "../harness/wait.ts";

const candidateScript = fileURLToPath(new URL("./fixtures/lease-candidate.ts", import.meta.url));

interface Candidate {
  proc: ChildProcess;
  out: () => string;
}

function startCandidate(kubeconfig: string, id: string): Candidate {
  const proc = spawn(process.execPath, [candidateScript, kubeconfig, id], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { proc, out: () => out };
}

async function leads(c: Candidate, id: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  await waitFor(async () => (c.out().includes(`LEADING ${id}`) ? true : undefined), {
    what: `${id} to lead (output: ${c.out().trim()})`,
    timeoutMs,
    intervalMs: 50,
  });
  return Date.now() - start;
}

describe("Lease-based leader election between two processes", () => {
  let cp: ControlPlane;
  const procs: ChildProcess[] = [];
  before(async () => {
    cp = await startControlPlane();
  });
  after(async () => {
    for (const p of procs) p.kill("SIGKILL");
    await cp?.stop();
  });

  test("hands over to the second process when the leader stops cleanly", async () => {
    const a = startCandidate(cp.kubeconfigPath, "a");
    procs.push(a.proc);
    await leads(a, "a", 15_000);
    const b = startCandidate(cp.kubeconfigPath, "b");
    procs.push(b.proc);
    await waitFor(async () => (b.out().includes("CANDIDATE b") ? true : undefined), {
      what: "b to start",
      timeoutMs: 15_000,
    });
    await sleep(1500); // several retry periods: b must not take a lease that a keeps renewing
    assert.ok(!b.out().includes("LEADING b"), "b led while a was still leading");
    a.proc.kill("SIGTERM");
    await once(a.proc, "exit");
    assert.match(a.out(), /STOPPED a stopped/);
    // a releases the lease on a clean stop, so b takes over well before the 3 s lease would expire.
    const took = await leads(b, "b", 10_000);
    assert.ok(took < 3000, `hand-over took ${took} ms`);
    b.proc.kill("SIGTERM");
    await once(b.proc, "exit");
  });

  test("takes over after the lease expires when the leader is killed", async () => {
    const c = startCandidate(cp.kubeconfigPath, "c");
    procs.push(c.proc);
    await leads(c, "c", 15_000);
    const d = startCandidate(cp.kubeconfigPath, "d");
    procs.push(d.proc);
    await waitFor(async () => (d.out().includes("CANDIDATE d") ? true : undefined), {
      what: "d to start",
      timeoutMs: 15_000,
    });
    c.proc.kill("SIGKILL"); // no release: d must wait for the lease to run out
    await leads(d, "d", 15_000);
    d.proc.kill("SIGTERM");
    await once(d.proc, "exit");
  });
});
