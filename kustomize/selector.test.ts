import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Resource } from "./resource.ts";
import { parseLabelSelector, select } from "./selector.ts";

const res = (
  kind: string,
  name: string,
  labels: Record<string, string> = {},
  namespace?: string,
): Resource => ({
  obj: {
    apiVersion: kind === "Certificate" ? "cert-manager.io/v1" : "v1",
    kind,
    metadata: { name, labels, ...(namespace ? { namespace } : {}) },
  },
  source: { file: "x", line: 1 },
  prevIds: [],
  prefixes: [],
  suffixes: [],
  needsHash: false,
  seq: 0,
});

describe("patch target selection", () => {
  const all = [
    res("ConfigMap", "app-one", { tier: "web" }),
    res("ConfigMap", "other-app", { tier: "db" }),
    res("Certificate", "app-cert", {}, "prod"),
  ];
  test("names are anchored regular expressions", () => {
    assert.deepEqual(
      select(all, { name: "app-.*" }).map((r) => r.obj["kind"]),
      ["ConfigMap", "Certificate"],
    );
    assert.equal(select(all, { name: "app" }).length, 0);
  });
  test("group, kind and namespace (default matches unset)", () => {
    assert.equal(select(all, { group: "cert-manager.io" }).length, 1);
    assert.equal(select(all, { namespace: "default" }).length, 2);
  });
  test("label selectors", () => {
    assert.deepEqual(parseLabelSelector("a=b,c!=d,e in (x, y),!f,g"), [
      { key: "a", op: "=", values: ["b"] },
      { key: "c", op: "!=", values: ["d"] },
      { key: "e", op: "in", values: ["x", "y"] },
      { key: "f", op: "!", values: [] },
      { key: "g", op: "exists", values: [] },
    ]);
    assert.equal(select(all, { labelSelector: "tier in (web,api)" }).length, 1);
  });
});
