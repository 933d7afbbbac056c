/**
 * Benchmark: `certflow render` (whole process) beside Go kustomize `build` on the same trees in
 * the same run: a 4,000-resource overlay (the size of kustomize#5084) and the seed-sized
 * overlay. Prints both figures, the ratio, whether the outputs are byte-identical, and the anchors.
 *
 * Run: node_modules/.bin/node bench/render.ts [--runs N] [--keep DIR [--trees-only]]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kustomizeBinary } from "../test/kustomize/oracle.ts";

const repo = new URL("../", import.meta.url).pathname;
const node = process.execPath;
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

function largeTree(dir: string, n: number): void {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
        docs.push(`apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert-${i}
  labels:
    app: app-${i}
spec:
  secretName: cert-${i}-tls
  duration: 2160h
  renewBefore: 360h
  issuerRef:
    name: issuer-${i + 1}
    kind: Issuer
  dnsNames:
  - app-${i}.example.com
  - app-${i}.internal.example.com
`);
        break;
      case 1:
        docs.push(`apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: issuer-${i}
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ops@example.com
    privateKeySecretRef:
      name: issuer-${i}-account
    solvers:
    - http01:
        ingress:
          class: nginx
`);
        break;
      case 2:
        docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-${i}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
  description: settings for service number ${i} in the large benchmark overlay
`);
        break;
      case 3:
        docs.push(`apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
spec:
  selector:
    app: app-${i}
  ports:
  - name: https
    port: 443
    targetPort: 8443
`);
        break;
      default:
        // Secrets rather than Ingresses: kustomize's name-reference pass is quadratic in
        // referrers (an Ingress-heavy tree of this size takes it minutes, not seconds).
        docs.push(`apiVersion: v1
kind: Secret
metadata:
  name: dns-credentials-${i}
  annotations:
    cert-manager.io/allow-direct-injection: "true"
type: Opaque
stringData:
  api-token: token-${i}
`);
    }
  }
  mkdirSync(join(dir, "base"), { recursive: true });
  mkdirSync(join(dir, "overlay"), { recursive: true });
  writeFileSync(join(dir, "base/all.yaml"), docs.join("---\n"));
  writeFileSync(join(dir, "base/kustomization.yaml"), "resources:\n- all.yaml\n");
  writeFileSync(
    join(dir, "overlay/kustomization.yaml"),
    `resources:
- ../base
namespace: production
labels:
- pairs:
    env: production
commonAnnotations:
  team: platform
patches:
- target:
    group: cert-manager.io
    kind: Issuer
  patch: |-
    - op: replace
      path: /spec/acme/server
      value: https://acme-staging-v02.api.letsencrypt.org/directory
`,
  );
}

const TIME_BIN = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Wall time, and CPU time (user+sys, via /usr/bin/time when present: steadier on a busy machine). */
function time(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { ms: number; cpuMs: number; out: string; ok: boolean } {
  const t = performance.now();
  const opts = { maxBuffer: 512 << 20, encoding: "utf8" as const, env };
  const r = TIME_BIN
    ? spawnSync(TIME_BIN, ["-f", "cpu %U %S", cmd, ...args], opts)
    : spawnSync(cmd, args, opts);
  const ms = performance.now() - t;
  const m = /cpu ([0-9.]+) ([0-9.]+)\s*$/.exec(r.stderr ?? "");
  const cpuMs = m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN;
  return { ms, cpuMs, out: r.stdout, ok: r.status === 0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const kustomize = await kustomizeBinary();
  const version = execFileSync(kustomize, ["version"], { encoding: "utf8" }).trim();
  // --keep DIR writes the trees to DIR and leaves them there (for profiling).
  const keepArg = process.argv.indexOf("--keep");
  const keep = keepArg > 0 ? process.argv[keepArg + 1] : undefined;
  const tmp = keep ?? mkdtempSync(join(tmpdir(), "certflow-bench-render-"));
  if (keep) mkdirSync(keep, { recursive: true });
  try {
    largeTree(join(tmp, "large"), 4000);
    cpSync(join(repo, "test/kustomize/cases/seed-production"), join(tmp, "seed"), { recursive: true });
    if (process.argv.includes("--trees-only")) {
      console.log(`trees written under ${tmp}`);
      return;
    }
    const trees = [
      {
        name: "4,000-resource overlay",
        dir: join(tmp, "large/overlay"),
        target: 500,
        anchor: "kustomize 5: ~1.8 s (kustomize#5082/#5084)",
      },
      {
        name: "seed overlay (production)",
        dir: join(tmp, "seed/seed/overlays/production"),
        target: 100,
        anchor: "target < 100 ms",
      },
    ];
    console.log(
      `certflow render vs Go kustomize ${version} (median of ${runs} runs, wall time, whole process)`,
    );
    console.log(
      `machine load: ${(await import("node:os"))
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    // `certflow render` enables Node's compile cache for the engine; setting NODE_COMPILE_CACHE
    // (as bin/certflow could) also covers the CLI entry modules and skips the TS stripper.
    const cacheEnv = { ...process.env, NODE_COMPILE_CACHE: join(tmp, "node-compile-cache") };
    const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
    for (const t of trees) {
      const ours: number[] = [];
      const oursCached: number[] = [];
      const oursInstalled: number[] = [];
      // bin/certflow as a user runs it: the dist/ build when present (make bench builds it), compile cache on.
      const installed = join(repo, "bin", "certflow");
      const theirs: number[] = [];
      const oursCpu: number[] = [];
      const theirsCpu: number[] = [];
      let same = true;
      time(node, [join(repo, "cli/main.ts"), "render", t.dir], cacheEnv); // warm the compile cache
      for (let i = 0; i < runs; i++) {
        const a = time(node, [join(repo, "cli/main.ts"), "render", t.dir]);
        const c = time(node, [join(repo, "cli/main.ts"), "render", t.dir], cacheEnv);
        const d = time(installed, ["render", t.dir]);
        if (!a.ok || !c.ok || !d.ok) throw new Error(`certflow failed on ${t.dir}`);
        oursInstalled.push(d.ms);
        ours.push(a.ms);
        oursCached.push(c.ms);
        oursCpu.push(a.cpuMs);
        // Go kustomize needs tens of seconds on the large tree: once is enough for a figure.
        if (i === 0 || t.target < 500) {
          const b = time(kustomize, ["build", t.dir]);
          if (!b.ok) throw new Error(`kustomize failed on ${t.dir}`);
          same &&= a.out === b.out && c.out === b.out && d.out === b.out;
          theirs.push(b.ms);
          theirsCpu.push(b.cpuMs);
        }
      }
      const o = median(ours);
      const oc = median(oursCached);
      const k = median(theirs);
      const oi = median(oursInstalled);
      console.log(`${t.name}:`);
      console.log(
        `  certflow render           ${fmt(o).padStart(9)}   (target < ${fmt(t.target)}: ${o < t.target ? "met" : "MISSED"})`,
      );
      console.log(
        `  certflow, NODE_COMPILE_CACHE ${fmt(oc).padStart(6)}   (target < ${fmt(t.target)}: ${oc < t.target ? "met" : "MISSED"})`,
      );
      console.log(
        `  bin/certflow render (dist) ${fmt(oi).padStart(8)}   (target < ${fmt(t.target)}: ${oi < t.target ? "met" : "MISSED"}; how users run it)`,
      );
      console.log(
        `  Go kustomize build        ${fmt(k).padStart(9)}   ratio kustomize/certflow ${(k / o).toFixed(1)}x (${(k / oc).toFixed(1)}x with cache)`,
      );
      console.log(
        `  CPU time (user+sys)      certflow ${fmt(median(oursCpu))}, kustomize ${fmt(median(theirsCpu))}`,
      );
      console.log(`  identical output: ${same ? "yes" : "NO"}   anchor: ${t.anchor}`);
    }
  } finally {
    if (!keep) rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
