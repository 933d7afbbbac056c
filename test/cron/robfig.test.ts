/**
 * Differential test of lib/cron against robfig/cron/v3, the library cert-manager evaluates
 * renewal windows with: the same expressions, time zones and starting instants (daylight-saving
 * changes in both hemispheres, half-hour and 45-minute zones, year ends) must give the same
 * activations and the same parse errors. The oracle is built from the Go module proxy into the
 * cache outside git, keyed by its sources.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCron } from "../../lib/cron/schedule.ts";
import { repoRoot } from "../harness/repo-root.ts";

const REPO_ROOT = repoRoot();

function oracle(): string {
  const dir = join(REPO_ROOT, "test/cron/oracle");
  const hash = createHash("sha256");
  for (const f of ["go.mod", "go.sum", "main.go"]) hash.update(readFileSync(join(dir, f)));
  const cache = join(
    process.env["CERTFLOW_CACHE_DIR"] ??
      join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "certflow"),
    "tools",
    `cron-oracle-${hash.digest("hex").slice(0, 12)}`,
  );
  const bin = join(cache, "cron-oracle");
  if (existsSync(bin)) return bin;
  mkdirSync(cache, { recursive: true });
  const tmp = `${bin}.tmp.${process.pid}`;
  const r = spawnSync("go", ["build", "-trimpath", "-o", tmp, "."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0" },
  });
  assert.equal(
    r.status,
    0,
    `building the robfig/cron oracle (go build in test/cron/oracle) failed:\n${r.stderr}`,
  );
  renameSync(tmp, bin);
  return bin;
}

const EXPRESSIONS = [
  "0 2 * * *",
  "30 2 * * *",
  "*/15 * * * *",
  "0 */3 * * *",
  "0 0 1 * *",
  "0 0 13 * 5",
  "0 9 * * MON-FRI",
  "15 1,2,3 * * *",
  "0 0 29 2 *",
  "59 23 31 12 *",
  "0 12 * jan,jul SUN",
  "5/20 2 * * *",
  "@daily",
  "@weekly",
  "@monthly",
  "@hourly",
  "0 0 * * 0",
  "0 0 * * 1-5/2",
  "1-10/3 4-6 * * *",
  "0 0 31 * *",
  "0 0 */2 * *",
  "0 1 * 3,10 *",
  "0 3 L * *",
  "60 * * * *",
  "0 0 * * 7",
];
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/Sao_Paulo",
  "Pacific/Chatham",
];
const STARTS = [
  "2026-03-08T06:30:00Z",
  "2026-03-27T23:59:30Z",
  "2026-03-29T00:30:00Z",
  "2026-10-24T23:00:00Z",
  "2026-10-25T00:00:00Z",
  "2026-11-01T05:30:00Z",
  "2026-04-05T14:00:00Z",
  "2026-12-31T23:59:59Z",
  "2027-02-27T10:00:00Z",
  "2026-10-04T15:30:00Z",
];
const N = 6;

test("lib/cron gives robfig/cron's activations and errors", () => {
  const cases = EXPRESSIONS.flatMap((e) => ZONES.flatMap((z) => STARTS.map((s) => [e, z, s] as const)));
  const r = spawnSync(oracle(), {
    input: `${cases.map((c) => [...c, N].join("\t")).join("\n")}\n`,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const want = r.stdout.trimEnd().split("\n");
  const diffs: string[] = [];
  cases.forEach(([e, z, s], i) => {
    const sched = parseCron(e, z);
    let got: string;
    if (typeof sched === "string") got = "ERR";
    else {
      const out: string[] = [];
      let t = new Date(s);
      for (let k = 0; k < N; k++) {
        const x = sched.next(t);
        if (!x) break;
        out.push(x.toISOString().replace(".000Z", "Z"));
        t = x;
      }
      got = out.join(" ");
    }
    // robfig's error texts carry the CRON_TZ prefix the oracle adds; compare that both refuse.
    const w = (want[i] ?? "").startsWith("ERR") ? "ERR" : (want[i] ?? "");
    if (got !== w) diffs.push(`${e} | ${z} | ${s}\n  robfig: ${want[i]}\n  ours:   ${got}`);
  });
  assert.equal(
    diffs.length,
    0,
    `${diffs.length} of ${cases.length} differ:\n${diffs.slice(0, 10).join("\n")}`,
  );
});
