import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runCli } from "../run.ts";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/validate/", import.meta.url));

async function run(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(["validate", ...args], {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    env: {},
    cwd: FIXTURES,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe("certflow validate", () => {
  test("the seed overlay is valid: exit 0", async () => {
    const r = await run(["overlay"]);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, "4 documents checked: 0 errors, 0 warnings\n");
  });

  test("a directory of Kustomize roots: each is rendered and judged on its own", async () => {
    const example = fileURLToPath(new URL("../../overlays-example", import.meta.url));
    const r = await run([example]);
    assert.equal(r.code, 0, r.out + r.err);
    // base (10) + staging (10) + production (11): one Certificate per environment writes each
    // Secret, so no duplicate-secretName findings across environments.
    assert.equal(r.out, "31 documents checked: 0 errors, 0 warnings\n");
    const raw = await run(["--raw", example]);
    assert.notEqual(raw.code, 0, "patches read as manifests are not whole objects");
    assert.match(raw.out, /patches\/use-letsencrypt-staging\.yaml:1:1: document must be a Kubernetes object/);
  });

  test("a Kustomize root that fails to build: exit 2 naming the directory", async () => {
    const r = await run(["kustomize-broken"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^certflow validate: kustomize-broken: kustomize build failed: /);
  });

  test("findings point at the offending line: exit 1", async () => {
    const r = await run(["invalid.yaml"]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trimEnd().split("\n"), [
      "invalid.yaml:9:3: Certificate app/web: spec.duration: Invalid value: 30m0s: certificate duration must be greater than 1h0m0s",
      'invalid.yaml:11:5: warning: Certificate app/web: spec.issuerRef.name: ClusterIssuer "missing-issuer" is not among the rendered manifests (it may exist in the cluster)',
      'invalid.yaml:22:3: Certificate app/web-copy: spec.secretName: Duplicate value: "web-tls": Certificate app/web (invalid.yaml:2) writes the same Secret; each Secret needs exactly one Certificate',
      'invalid.yaml:24:5: warning: Certificate app/web-copy: spec.issuerRef.name: ClusterIssuer "missing-issuer" is not among the rendered manifests (it may exist in the cluster)',
      "2 documents checked: 2 errors, 2 warnings",
    ]);
  });

  test("--strict turns missing issuers into errors", async () => {
    const r = await run(["--strict", "invalid.yaml"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /2 documents checked: 4 errors, 0 warnings/);
  });

  test("an annotated Gateway from stdin: shim-skipped listener is a warning, an error with --strict", async () => {
    const gw = [
      "apiVersion: gateway.networking.k8s.io/v1",
      "kind: Gateway",
      "metadata:",
      "  name: gw",
      "  namespace: app",
      "  annotations: {cert-manager.io/cluster-issuer: ca}",
      "spec:",
      "  gatewayClassName: example",
      "  listeners:",
      "  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: gw-tls}]}}",
      "---",
      "apiVersion: cert-manager.io/v1",
      "kind: ClusterIssuer",
      "metadata: {name: ca}",
      "spec: {selfSigned: {}}",
      "",
    ].join("\n");
    const r = await run(["-"], gw);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(r.out.trimEnd().split("\n"), [
      `-:10:5: warning: Gateway app/gw: spec.listeners[0].hostname: Required value: the hostname cannot be empty; cert-manager's gateway-shim skips this listener (event "Skipped a listener block") and creates no Certificate for it`,
      "2 documents checked: 0 errors, 1 warning",
    ]);
    const strict = await run(["--strict", "-"], gw);
    assert.equal(strict.code, 1);
    assert.match(strict.out, /^-:10:5: Gateway app\/gw: spec\.listeners\[0\]\.hostname: Required value/m);
  });

  test("unparseable input: exit 2, still reporting the rest", async () => {
    const r = await run(["broken.yaml", "invalid.yaml"]);
    assert.equal(r.code, 2);
    assert.match(r.out, /^broken\.yaml:7:1: YAML: /m);
    assert.match(r.out, /invalid\.yaml:9:3/);
  });

  test("a missing path: exit 2 with a message, no stack trace", async () => {
    const r = await run(["nope.yaml"]);
    assert.equal(r.code, 2);
    assert.equal(r.err, "certflow validate: nope.yaml: no such file or directory\n");
  });

  test("stdin and --output json", async () => {
    const r = await run(
      ["--output", "json", "-"],
      "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: i, namespace: n}\nspec: {}\n",
    );
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as {
      documents: number;
      errors: number;
      findings: { file: string; line: number; field: string; message: string }[];
    };
    assert.equal(report.documents, 1);
    assert.equal(report.errors, 1);
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.line, f.field, f.message]),
      [["-", 4, "spec", "Required value: at least one issuer must be configured"]],
    );
  });

  test("bad flags are usage errors (exit 2)", async () => {
    assert.equal((await run(["--output", "xml", "x"])).code, 2);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(["--bogus", "x"])).code, 2);
  });
});
