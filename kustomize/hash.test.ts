import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contentHash, goJsonMarshal } from "./hash.ts";

describe("generator content hash", () => {
  // Suffixes taken from Go kustomize v5.8.2 output.
  test("ConfigMap hash ignores the name (kustomize looks it up with a path that never matches)", () => {
    assert.equal(
      contentHash({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "b" } }),
      "4h2mbtbbt6",
    );
    assert.equal(
      contentHash({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p-cm" }, data: { a: "b" } }),
      "4h2mbtbbt6",
    );
  });
  test("Go JSON escapes <, > and & and sorts keys by bytes", () => {
    assert.equal(goJsonMarshal({ b: "<&>", a: "\u2028" }), '{"a":"\\u2028","b":"\\u003c\\u0026\\u003e"}');
  });
});
