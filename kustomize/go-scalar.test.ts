import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolvePlainV2, resolvePlainV3, v2ResolvesNonString } from "./go-scalar.ts";

describe("go-yaml scalar resolution", () => {
  test("v3 (kyaml input): YAML 1.2 booleans, legacy octal, timestamps", () => {
    assert.deepEqual(resolvePlainV3("yes"), { ok: true, value: "yes" });
    assert.deepEqual(resolvePlainV3("True"), { ok: true, value: true });
    assert.deepEqual(resolvePlainV3("012"), { ok: true, value: 10 });
    assert.deepEqual(resolvePlainV3("0o12"), { ok: true, value: 10 });
    assert.deepEqual(resolvePlainV3("1_000"), { ok: true, value: 1000 });
    assert.deepEqual(resolvePlainV3("1e400"), { ok: true, value: "1e400" });
    assert.deepEqual(resolvePlainV3("2001-12-14"), { ok: true, value: "2001-12-14T00:00:00Z" });
    assert.deepEqual(resolvePlainV3("12345678901234567890"), { ok: true, value: 12345678901234567890n });
    assert.equal(resolvePlainV3(".inf").ok, false);
  });
  test("v2 (kustomization files): YAML 1.1 booleans", () => {
    assert.deepEqual(resolvePlainV2("y"), { ok: true, value: true });
    assert.deepEqual(resolvePlainV2("off"), { ok: true, value: false });
    assert.deepEqual(resolvePlainV2("2001-12-14"), { ok: true, value: "2001-12-14" });
  });
  test("v2 output quoting decisions", () => {
    for (const s of ["yes", "n", "012", "1.5e3", "0x1F", "~", "null", "", "2024-01-02", "1_000", ".5"])
      assert.ok(v2ResolvesNonString(s), s);
    for (const s of ["1.2.3", "v1", "1e400", "abc", "<<", "-", "10.0.0.1"])
      assert.ok(!v2ResolvesNonString(s), s);
  });
});
