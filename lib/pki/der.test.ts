import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DerError, children, oid, parse, readOid, readTime, seq, setOf, time, uint } from "./der.ts";

describe("der", () => {
  test("OIDs round-trip, including multi-byte arcs", () => {
    for (const o of [
      "1.2.840.113549.1.1.11",
      "2.5.29.17",
      "1.3.6.1.4.1.311.20.2.3",
      "2.16.840.1.113730.4.1",
      "1.3.101.112",
    ]) {
      assert.equal(readOid(parse(oid(o))), o);
    }
    assert.equal(oid("2.5.4.3").toString("hex"), "0603550403");
  });

  test("INTEGER adds a sign byte and strips leading zeros", () => {
    assert.equal(uint(0).toString("hex"), "020100");
    assert.equal(uint(127).toString("hex"), "02017f");
    assert.equal(uint(128).toString("hex"), "02020080");
    assert.equal(uint(Buffer.from([0, 0, 1])).toString("hex"), "020101");
  });

  test("long lengths and nested sequences parse back", () => {
    const big = seq(Buffer.alloc(300, 1));
    assert.equal(big.subarray(0, 4).toString("hex"), "3082012c");
    const nested = seq(seq(uint(1)), uint(2));
    assert.equal(children(parse(nested)).length, 2);
  });

  test("SET OF is sorted by encoding (DER)", () => {
    assert.deepEqual(setOf(uint(2), uint(1)), setOf(uint(1), uint(2)));
  });

  test("UTCTime before 2050, GeneralizedTime from 2050", () => {
    const a = time(new Date("2049-12-31T23:59:59Z"));
    const b = time(new Date("2050-01-01T00:00:00Z"));
    assert.equal(a[0], 0x17);
    assert.equal(b[0], 0x18);
    assert.equal(readTime(parse(a)).toISOString(), "2049-12-31T23:59:59.000Z");
    assert.equal(readTime(parse(b)).toISOString(), "2050-01-01T00:00:00.000Z");
  });

  test("truncated or trailing input is rejected", () => {
    assert.throws(() => parse(Buffer.from("3005020101", "hex")), DerError);
    assert.throws(() => parse(Buffer.from("02010100", "hex")), DerError);
  });
});
