import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { Engine, RenderResultLike } from "../engine-types.ts";
import { checkFluxKustomization, type FluxCheckInput } from "./check.ts";
import { parseFluxKustomization, type FluxKustomization } from "./kustomization.ts";

function fluxKs(spec: Record<string, unknown>): FluxKustomization {
  const r = parseFluxKustomization({
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "issuers", namespace: "flux-system" },
    spec: {
      sourceRef: { kind: "GitRepository", name: "gitops" },
      prune: true,
      path: "./overlays/staging",
      ...spec,
    },
  });
  assert.ok(r.ok);
  return r.kustomization;
}

const issuer = {
  apiVersion: "cert-manager.io/v1",
  kind: "ClusterIssuer",
  metadata: { name: "letsencrypt-staging" },
  spec: {
    acme: {
      server: "https://acme-staging-v02.api.letsencrypt.org/directory",
      email: "${acme_email:=ops@example.com}",
    },
  },
};
const cert = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "api-${cluster_env}", namespace: "api" },
  spec: {
    secretName: "api-tls",
    dnsNames: ["api.example.com"],
    issuerRef: { name: "letsencrypt-staging", kind: "ClusterIssuer" },
  },
};

/** A renderer that records the kustomization.yaml it was asked to build and returns canned objects. */
function engine(objects: Record<string, unknown>[]): Engine & { seen: Record<string, unknown>[] } {
  const seen: Record<string, unknown>[] = [];
  return {
    seen,
    async render(dir) {
      seen.push(parse(await readFile(join(dir, "kustomization.yaml"), "utf8")) as Record<string, unknown>);
      const result: RenderResultLike = {
        ok: true,
        documents: objects.map((object, i) => ({
          object,
          source: { file: join(dir, "r.yaml"), line: i + 1 },
        })),
        yaml: "",
      };
      return result;
    },
    validate: () => [],
  };
}

describe("checkFluxKustomization", () => {
  let root = "";
  const input = (k: FluxKustomization, extra: Partial<FluxCheckInput> = {}): FluxCheckInput => ({
    kustomization: k,
    file: join(root, "clusters/staging/issuers.yaml"),
    sourceRoot: root,
    available: [],
    overrides: new Map(),
    strictSubstitution: true,
    environment: "auto",
    ...extra,
  });

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "certflow-flux-"));
    await mkdir(join(root, "overlays/staging"), { recursive: true });
    await writeFile(
      join(root, "overlays/staging/kustomization.yaml"),
      "resources: [r.yaml]\nnamespace: old\n",
    );
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("merges Flux fields into a copy, substitutes variables and keeps the source untouched", async () => {
    const e = engine([issuer, cert]);
    const k = fluxKs({
      targetNamespace: "certs",
      postBuild: { substitute: { cluster_env: "staging" } },
      wait: true,
      healthCheckExprs: [
        { apiVersion: "cert-manager.io/v1", kind: "Certificate", failed: "x", current: "y" },
      ],
    });
    const r = await checkFluxKustomization(input(k), e);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(e.seen[0]?.["namespace"], "certs");
    assert.equal(
      await readFile(join(root, "overlays/staging/kustomization.yaml"), "utf8"),
      "resources: [r.yaml]\nnamespace: old\n",
    );
    assert.match(r.yaml, /name: api-staging/);
    assert.match(r.yaml, /email: ops@example.com/);
    assert.equal(r.environment.type, "staging");
    assert.deepEqual(r.findings, []);
  });

  test("strict substitution fails on a variable without value or default", async () => {
    const k = fluxKs({ postBuild: { substitute: { other: "x" } } });
    const r = await checkFluxKustomization(input(k), engine([issuer, cert]));
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.match(
        r.errors.join("\n"),
        /Certificate api\/api-\$\{cluster_env\}: variable "cluster_env" is not set/,
      );
  });

  test("substituteFrom reads ConfigMaps given on the command line; a missing one is an error", async () => {
    const k = fluxKs({ postBuild: { substituteFrom: [{ kind: "ConfigMap", name: "cluster-vars" }] } });
    const missing = await checkFluxKustomization(input(k), engine([issuer, cert]));
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.match(missing.errors.join("\n"), /ConfigMap\/cluster-vars .* --vars-file/);
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-vars", namespace: "flux-system" },
      data: { cluster_env: "staging" },
    };
    const found = await checkFluxKustomization(input(k, { available: [cm] }), engine([issuer, cert]));
    assert.ok(found.ok, JSON.stringify(found));
  });

  test("warns when failing Certificates would only show as 'in progress'", async () => {
    const k = fluxKs({ wait: true });
    const r = await checkFluxKustomization(
      input(k),
      engine([issuer, { ...cert, metadata: { name: "api", namespace: "api" } }]),
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.field]),
      [["flux-certificate-health", "spec.healthCheckExprs"]],
    );
  });

  test("the environment guardrails apply to the build", async () => {
    const prodIssuer = {
      ...issuer,
      spec: { acme: { server: "https://acme-v02.api.letsencrypt.org/directory" } },
    };
    const r = await checkFluxKustomization(input(fluxKs({})), engine([prodIssuer]));
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.deepEqual(
        r.findings.map((f) => f.rule),
        ["staging-uses-production-acme"],
      );
  });

  test("without a kustomization.yaml, one is generated from the manifests and sub-kustomizations", async () => {
    await mkdir(join(root, "plain/sub"), { recursive: true });
    await writeFile(
      join(root, "plain/issuer.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
    );
    await writeFile(join(root, "plain/notes.yaml"), "just: data\n");
    await writeFile(join(root, "plain/sub/kustomization.yaml"), "resources: []\n");
    const e = engine([issuer]);
    const r = await checkFluxKustomization(input(fluxKs({ path: "./plain" })), e);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(e.seen[0]?.["resources"], ["issuer.yaml", "sub"]);
  });

  test("a path outside the source is refused", async () => {
    const r = await checkFluxKustomization(input(fluxKs({ path: "../elsewhere" })), engine([]));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join(), /leaves the source/);
  });
});
