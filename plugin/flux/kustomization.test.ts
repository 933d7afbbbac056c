import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { isFluxKustomization, parseFluxKustomization } from "./kustomization.ts";
import { mergeFluxFields, needsMerge } from "./merge.ts";

const ks = (spec: Record<string, unknown>) => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name: "issuers", namespace: "flux-system" },
  spec: { sourceRef: { kind: "GitRepository", name: "gitops" }, prune: true, ...spec },
});

describe("Flux Kustomization", () => {
  test("the examples in plugin/flux parse and health-check Certificates with CEL", async () => {
    for (const env of ["staging", "production"]) {
      const docs = parseAllDocuments(await readFile(new URL(`../flux/${env}.yaml`, import.meta.url), "utf8"));
      const objs = (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as Record<string, unknown>);
      const k = objs.filter(isFluxKustomization);
      assert.equal(k.length, 1);
      const r = parseFluxKustomization(k[0] ?? {});
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.kustomization.path, `./overlays-example/overlays/${env}`);
      assert.equal(r.kustomization.wait, true);
      assert.ok(
        r.kustomization.healthCheckExprs.some(
          (e) => e.kind === "Certificate" && e.failed?.includes("'Ready'"),
        ),
      );
    }
  });

  test("reports wrong fields by path", () => {
    const r = parseFluxKustomization({
      ...ks({ postBuild: { substitute: { "bad-name": "x", n: 3 } }, components: ["https://example.com/c"] }),
      spec: { postBuild: { substitute: { "bad-name": "x", n: 3 } }, components: ["https://example.com/c"] },
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.errors.map((e) => e.split(":")[0]),
      [
        "spec.postBuild.substitute.bad-name",
        "spec.postBuild.substitute.n",
        "spec.components[0]",
        "spec.sourceRef is required",
        "spec.prune is required (true or false)",
      ],
    );
  });

  test("merging overrides namespace and name affixes, appends patches, images, components", () => {
    const r = parseFluxKustomization(
      ks({
        targetNamespace: "certs",
        namePrefix: "eu-",
        patches: [{ patch: "p2" }],
        images: [{ name: "x" }],
        components: ["../c"],
      }),
    );
    assert.ok(r.ok);
    assert.ok(needsMerge(r.kustomization));
    const merged = mergeFluxFields(
      { namespace: "old", resources: ["a.yaml"], patches: [{ patch: "p1" }] },
      r.kustomization,
    );
    assert.deepEqual(merged, {
      namespace: "certs",
      namePrefix: "eu-",
      resources: ["a.yaml"],
      patches: [{ patch: "p1" }, { patch: "p2" }],
      images: [{ name: "x" }],
      components: ["../c"],
    });
  });

  test("nothing to merge for a plain Kustomization", () => {
    const r = parseFluxKustomization(ks({ path: "./x" }));
    assert.ok(r.ok);
    assert.equal(needsMerge(r.kustomization), false);
  });
});
