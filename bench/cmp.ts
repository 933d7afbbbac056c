// Whole-process time of `certflow cmp generate` on overlays-example, as argocd-cmp-server
// runs it (fresh process, working copy, Argo CD's environment). Anchors: the issue's
// target (< 1 s), Argo CD's repo-server deadline (60 s default, exec timeout 90 s), and
// a bare `node -e ""` start measured in the same run (the floor no plugin can beat).
// Run: node_modules/.bin/node bench/cmp.ts [runs]
// The image runs compiled JavaScript; to measure that too, first build it outside dist/:
//   node_modules/.bin/tsc -p tsconfig.build.json --outDir .cache/bench-dist
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { argoEnv, makeWorkingCopy, runGenerate } from "../test/integration/cmp-run.ts";

const runs = Number(process.argv[2] ?? 10);

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: s.at(-1) ?? NaN };
}

function fmt(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

const wc = await makeWorkingCopy();
try {
  const nodeStart: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(join(process.cwd(), "node_modules/.bin/node"), ["-e", ""]);
    nodeStart.push(performance.now() - t);
  }
  const base = stats(nodeStart);
  console.log(`runs per figure: ${runs} (whole process, wall clock)`);
  console.log(`anchor  node -e "" (same run):            p50 ${fmt(base.p50)}  p95 ${fmt(base.p95)}`);
  // cold: a fresh process with no compile cache; warm: NODE_COMPILE_CACHE as the image sets it.
  const cacheDir = join(wc.root, "compile-cache");
  const dist = join(process.cwd(), ".cache/bench-dist/cli/main.js");
  const entries: [string, string | undefined][] = [["src", undefined]];
  if (existsSync(dist)) entries.push(["dist", dist]);
  else console.log("(no .cache/bench-dist: compiled-JS figures skipped; see the header for how to build it)");
  for (const [label, entry] of entries)
    for (const mode of ["cold", "warm"] as const) {
      for (const env of ["staging", "production"]) {
        const app = `overlays-example/overlays/${env}`;
        const extra: Record<string, string> =
          mode === "warm" ? { NODE_COMPILE_CACHE: join(cacheDir, label) } : {};
        if (mode === "warm") await runGenerate(join(wc.repo, app), argoEnv(app, extra), entry); // fills the cache
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const r = await runGenerate(join(wc.repo, app), argoEnv(app, extra), entry);
          if (r.code !== 0) throw new Error(`cmp generate ${env} failed:\n${r.stderr}`);
          times.push(r.ms);
        }
        const s = stats(times);
        const verdict = s.p95 < 1000 ? "meets" : "MISSES";
        console.log(
          `cmp generate ${env.padEnd(10)} ${label} ${mode}  p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}  | target < 1000 ms (${verdict}); Argo CD deadline 60000 ms; node start ${fmt(base.p50)}`,
        );
      }
    }
} finally {
  await wc.cleanup();
}
