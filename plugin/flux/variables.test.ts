import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFluxKustomization } from "./kustomization.ts";
import { collectVariables } from "./variables.ts";

test("variables: substituteFrom in order, then inline substitute, then overrides", () => {
  const parsed = parseFluxKustomization({
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "k", namespace: "flux-system" },
    spec: {
      sourceRef: { kind: "GitRepository", name: "g" },
      prune: true,
      postBuild: {
        substitute: { inline: "from-inline", shared: "inline-wins" },
        substituteFrom: [
          { kind: "ConfigMap", name: "cm" },
          { kind: "Secret", name: "sec" },
          { kind: "ConfigMap", name: "absent", optional: true },
        ],
      },
    },
  });
  assert.ok(parsed.ok);
  const available = [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm", namespace: "flux-system" },
      data: { a: "cm", shared: "cm", nl: "x\ny" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "sec" },
      data: { a: Buffer.from("secret").toString("base64") },
      stringData: { s: "plain" },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm", namespace: "other" },
      data: { wrong: "ns" },
    },
  ];
  const r = collectVariables(parsed.kustomization, available, new Map([["override", "cli"]]));
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(Object.fromEntries(r.vars), {
    a: "secret",
    shared: "inline-wins",
    nl: "xy",
    s: "plain",
    inline: "from-inline",
    override: "cli",
  });
});
