/**
 * Benchmark: `certflow validate` on a 50,000-document stream (whole process, as a user runs it),
 * beside kubeconform on the same input in the same run, and kubeconform's published figure.
 * Run: node_modules/.bin/node bench/validate.ts [--docs N] [--runs N]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { corpus } from "./validate-corpus.ts";
import { writeKubeconformSchemas } from "./validate-schemas.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGET = 20_000;
const KUBECONFORM_PUBLISHED = 7_600; // yannh/kubeconform README "Speed comparison": 50,714 resources in 6.71 s, -n 8, 4-core laptop

const { values } = parseArgs({
  options: { docs: { type: "string", default: "50000" }, runs: { type: "string", default: "3" } },
});
const docs = Number(values.docs);
const runs = Number(values.runs);

function timeBest(cmd: string, args: string[], expectCodes: number[]): { seconds: number; stdout: string } {
  let best = Infinity;
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error || !expectCodes.includes(r.status ?? -1)) {
      throw new Error(
        `${cmd} ${args.join(" ")} failed (${r.status}): ${r.error?.message ?? r.stderr.slice(0, 500)}`,
      );
    }
    if (s < best) best = s;
    stdout = r.stdout;
  }
  return { seconds: best, stdout };
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

const dir = mkdtempSync(join(tmpdir(), "certflow-bench-validate-"));
try {
  const file = join(dir, "stream.yaml");
  const text = corpus(docs);
  writeFileSync(file, text);
  console.log(
    `input: ${fmt(docs)} documents (40% Certificate, 10% Issuer, 20% Ingress, 15% Secret, 15% ConfigMap), ${(text.length / 1e6).toFixed(1)} MB; best of ${runs} runs`,
  );

  const ours = timeBest(process.execPath, ["cli/main.ts", "validate", file], [0]);
  const summary = ours.stdout.trim().split("\n").pop() ?? "";
  const oursRate = docs / ours.seconds;
  console.log(
    `certflow validate (whole process, node ${process.version}): ${ours.seconds.toFixed(2)} s = ${fmt(oursRate)} docs/s` +
      `   target ≥ ${fmt(TARGET)} docs/s: ${oursRate >= TARGET ? "met" : "NOT met"}   [${summary}]`,
  );

  const build = spawnSync("bash", ["scripts/build-kubeconform.sh"], { cwd: ROOT, encoding: "utf8" });
  const kc = build.status === 0 ? build.stdout.trim().split("\n").pop() : undefined;
  if (!kc) {
    console.log(
      `kubeconform (same input, same run): unavailable — ${build.stderr.trim().split("\n").pop() ?? "build failed"}`,
    );
  } else {
    const loc = writeKubeconformSchemas(join(dir, "schemas"));
    const theirs = timeBest(kc, ["-strict", "-summary", "-n", "2", "-schema-location", loc, file], [0]);
    const theirSummary = theirs.stdout.trim().split("\n").pop() ?? "";
    console.log(
      `kubeconform -strict -n 2 (same input, same run, offline schemas): ${theirs.seconds.toFixed(2)} s = ${fmt(docs / theirs.seconds)} docs/s   [${theirSummary}]`,
    );
    console.log(`certflow / kubeconform (same run): ${(theirs.seconds / ours.seconds).toFixed(1)}x`);
  }
  console.log(
    `kubeconform published anchor (README, -n 8, 4-core laptop): ~${fmt(KUBECONFORM_PUBLISHED)} resources/s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
