/**
 * Differential test: every tree under test/kustomize/cases is rendered by Go kustomize (the
 * oracle) and by certflow's render(); outputs must be byte-identical, and where kustomize fails
 * certflow must fail too (with a message naming the kustomization file).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { render } from "../../kustomize/index.ts";
import { CASES_DIR, kustomizeBinary, kustomizeBuild, readCaseMeta, REPO_ROOT } from "../kustomize/oracle.ts";

const cases = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("certflow render matches kustomize build", () => {
  let bin = "";
  before(async () => {
    bin = await kustomizeBinary();
  });

  test("there are at least 100 cases", () => {
    assert.ok(cases.length >= 100, `only ${cases.length} cases`);
  });

  // The repository's example GitOps layout (overlays-example/) must render identically too.
  const example = join(REPO_ROOT, "overlays-example");
  const exampleRoots = existsSync(join(example, "overlays"))
    ? [
        join(example, "base"),
        ...readdirSync(join(example, "overlays")).map((d) => join(example, "overlays", d)),
      ].filter((d) => existsSync(join(d, "kustomization.yaml")))
    : [];
  for (const dir of exampleRoots) {
    test(`overlays-example/${dir.slice(example.length + 1)}`, async () => {
      const [theirs, ours] = await Promise.all([kustomizeBuild(bin, dir, {}), render(dir)]);
      assert.ok(theirs.ok, theirs.ok ? "" : theirs.stderr);
      assert.ok(ours.ok, ours.ok ? "" : JSON.stringify(ours.error));
      if (ours.ok && theirs.ok) assert.equal(ours.yaml, theirs.yaml);
    });
  }

  for (const name of cases) {
    test(name, async () => {
      const caseDir = join(CASES_DIR, name);
      const meta = readCaseMeta(caseDir);
      const dir = join(caseDir, meta.root ?? ".");
      const [theirs, ours] = await Promise.all([
        kustomizeBuild(bin, dir, meta),
        render(dir, { loadRestrictor: meta.loadRestrictor ?? "rootOnly" }),
      ]);
      if (!theirs.ok) {
        assert.equal(ours.ok, false, `kustomize failed but certflow rendered.\nkustomize: ${theirs.stderr}`);
        if (!ours.ok)
          assert.ok(
            !ours.error.message.startsWith("internal error"),
            `certflow failed with an internal error: ${ours.error.message}`,
          );
        return;
      }
      assert.ok(
        ours.ok,
        `certflow failed but kustomize rendered: ${ours.ok ? "" : JSON.stringify(ours.error)}`,
      );
      if (ours.ok) assert.equal(ours.yaml, theirs.yaml);
    });
  }
});

describe("certflow render (CLI)", () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "cli/main.ts"), "render", ...args], {
      encoding: "utf8",
      env: { ...process.env, CERTFLOW_CACHE_DIR: join(tmpdir(), "certflow-test-cache") },
    });

  test("prints only the YAML stream on stdout", () => {
    const r = cli([join(CASES_DIR, "seed-base/seed/base")]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^apiVersion: cert-manager.io\/v1\nkind: Certificate\n/);
    assert.equal(r.stderr, "");
  });

  test("--output json gives documents with their sources", () => {
    const r = cli([join(CASES_DIR, "seed-base/seed/base"), "--output", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const docs = JSON.parse(r.stdout) as {
      object: { kind: string };
      source: { file: string; line: number };
    }[];
    assert.deepEqual(
      docs.map((d) => d.object.kind),
      ["Certificate", "ClusterIssuer", "ClusterIssuer", "Ingress"],
    );
    assert.ok(docs.every((d) => d.source.file.startsWith(CASES_DIR) && d.source.line >= 1));
  });

  test("bad input exits 2 naming the kustomization file and field, without a stack trace", () => {
    const r = cli([join(CASES_DIR, "err-generator-dupkey")]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /err-generator-dupkey\/kustomization\.yaml: configMapGenerator\[0\]: configmap dup illegally repeats the key `a`/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test("a cycle between bases is reported", () => {
    const r = cli([join(CASES_DIR, "err-cycle/a")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cycle detected/);
  });
});
