import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emitObject, formatNumber, v2KeyLess } from "./yaml-emit.ts";

// Expected strings were checked against Go kustomize v5.8.2 (see test/kustomize/cases for the full oracle runs).
describe("emitObject (kustomize build's YAML)", () => {
  test("sorts keys, leaves sequences unindented, quotes like go-yaml v2", () => {
    const out = emitObject({
      kind: "ConfigMap",
      apiVersion: "v1",
      data: { yes: "yes", n: "012", z: "a: b", list: ["x", { b: 1, a: true }] },
    } as never);
    assert.equal(
      out,
      'apiVersion: v1\ndata:\n  list:\n  - x\n  - a: true\n    b: 1\n  "n": "012"\n  "yes": "yes"\n  z: \'a: b\'\nkind: ConfigMap\n',
    );
  });
  test("multi-line strings are literal blocks with chomping indicators", () => {
    assert.equal(
      emitObject({ a: "x\ny", b: "x\n", c: "x\n\n", d: " lead\n" }),
      "a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\nd: |2\n   lead\n",
    );
  });
  test("long plain strings fold after column 80", () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
    assert.equal(
      emitObject({ k: words }),
      "k: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n  word13 word14 word15 word16 word17 word18 word19\n",
    );
  });
  test("empty collections are flow style", () => {
    assert.equal(emitObject({ a: {}, b: [], c: null, d: "" }), 'a: {}\nb: []\nc: null\nd: ""\n');
  });
  test("non-printable characters are escaped, astral ones too", () => {
    assert.equal(emitObject({ a: "t\tb", e: "😀" }), 'a: "t\\tb"\ne: "\\U0001F600"\n');
  });
});

describe("formatNumber (JSON then go-yaml v2)", () => {
  test("integers and floats", () => {
    assert.equal(formatNumber(1500), "1500");
    assert.equal(formatNumber(1.5), "1.5");
    assert.equal(formatNumber(1e20), "1e+20");
    assert.equal(formatNumber(1e19), "10000000000000000000");
    assert.equal(formatNumber(0.000001), "1e-06");
    assert.equal(formatNumber(1234567.5), "1.2345675e+06");
    assert.equal(formatNumber(12345678901234567890n), "12345678901234567890");
  });
});

describe("v2KeyLess (go-yaml v2 key order)", () => {
  test("numbers compare by value, non-letters before letters", () => {
    const keys = ["item10", "item9", "Z", "_x", "1", "01", "10", "9", "a-b", "ab"];
    keys.sort((a, b) => (v2KeyLess(a, b) ? -1 : v2KeyLess(b, a) ? 1 : 0));
    assert.deepEqual(keys, ["_x", "1", "01", "9", "10", "Z", "a-b", "ab", "item9", "item10"]);
  });
});
