import { test } from "node:test";
import assert from "node:assert/strict";
import { addSyncWaves } from "./sync-waves.ts";

test("addSyncWaves orders CRDs and Namespaces, Secrets, Issuers, and keeps waves users set", () => {
  const objs: Record<string, unknown>[] = [
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "c" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "s", annotations: { keep: "me" } } },
    { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: "i" } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "ci", annotations: { "argocd.argoproj.io/sync-wave": "5" } },
    },
    { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "cert" } },
    { apiVersion: "example.com/v1", kind: "Issuer", metadata: { name: "foreign" } },
  ];
  const before = JSON.stringify(objs);
  const { objects, changed } = addSyncWaves(objs);
  assert.equal(changed, true);
  assert.equal(JSON.stringify(objs), before, "input objects are not mutated");
  const waves = objects.map(
    (o) =>
      (o["metadata"] as { annotations?: Record<string, string> }).annotations?.[
        "argocd.argoproj.io/sync-wave"
      ],
  );
  assert.deepEqual(waves, ["-3", "-3", "-2", "-1", "5", undefined, undefined]);
  assert.equal(
    (objects[2]?.["metadata"] as { annotations: Record<string, string> }).annotations["keep"],
    "me",
  );
  assert.equal(
    addSyncWaves([{ kind: "Certificate", apiVersion: "cert-manager.io/v1", metadata: { name: "x" } }])
      .changed,
    false,
  );
});
