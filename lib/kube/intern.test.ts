import assert from "node:assert/strict";
import { test } from "node:test";
import { StringPool } from "./intern.ts";

test("string pool: equal values come back as the first copy; past the bound values pass through", () => {
  const p = new StringPool(2);
  const a = p.intern(["Cluster", "Issuer"].join(""));
  assert.equal(p.intern("ClusterIssuer"), a);
  assert.equal(p.intern(undefined), undefined);
  p.intern("b");
  p.intern("c");
  assert.equal(p.size, 2, "bounded");
  assert.equal(p.intern("c"), "c");
  const labels = { app: "x", "cert-manager.io/alt": "y" };
  p.internValues(labels, (k) => k === "app");
  assert.deepEqual(labels, { app: "x", "cert-manager.io/alt": "y" });
});
