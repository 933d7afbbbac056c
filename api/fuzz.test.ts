import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { KINDS } from "./schema/crds.ts";
import type { JSONSchemaProps } from "./schema/dsl.ts";
import { goQuote } from "./util/goquote.ts";
import { parseMailAddress } from "./util/mail.ts";
import { parseDN } from "../lib/pki/rfc4514.ts";
import { validateSources } from "./validate-sources.ts";
import { validateObject } from "./validation/validate-object.ts";

/** Deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED_FILES = [
  "clusterissuer-letsencrypt-prod.yaml",
  "clusterissuer-internal-ca.yaml",
  "certificate-api-internal.yaml",
  "ingress-my-app.yaml",
];
const SEEDS = SEED_FILES.map((f) =>
  readFileSync(new URL(`../test/fixtures/seed/${f}`, import.meta.url), "utf8"),
);
const ALPHABET = ":- \n\t{}[],&*!|>'\"#%@`?\\0aZ9.\u0000\u00ff\ufeff---\n...";

function checkReport(text: string): void {
  const r = validateSources([{ file: "f.yaml", text }]);
  for (const f of r.findings) {
    assert.ok(f.line >= 1 && f.column >= 1, JSON.stringify(f));
    assert.equal(typeof f.message, "string");
    assert.ok(f.severity === "error" || f.severity === "warning");
  }
}

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 8));
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor(r() * 20000) - 10000;
    case 3:
      return r() * 1e6;
    case 4:
      return ["", "x", "Bad_Name", "2160h", "-1m", "1.2.3.4", "CN=a,O=b", "*.example.com", "RSA"][
        Math.floor(r() * 9)
      ];
    case 5:
      return String.fromCharCode(
        ...Array.from({ length: Math.floor(r() * 8) }, () => Math.floor(r() * 0x2fff)),
      );
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]),
      );
  }
}

/** A value shaped by the schema most of the time, with random type errors mixed in. */
function fromSchema(s: JSONSchemaProps, r: () => number, depth = 0): unknown {
  if (r() < 0.05) return null;
  if (r() < 0.1 || depth > 8) return randomValue(r, 4);
  if (s.enum && r() < 0.8) return s.enum[Math.floor(r() * s.enum.length)];
  switch (s.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (r() < 0.4) out[k] = fromSchema(v, r, depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: Math.floor(r() * 3) }, () => fromSchema(s.items ?? {}, r, depth + 1));
    case "integer":
      return Math.floor(r() * 10000) - 100;
    case "boolean":
      return r() < 0.5;
    case "string":
      return randomValue(r, 4) ?? "";
    default:
      return randomValue(r, 3);
  }
}

describe("random and malformed input never throws", () => {
  test("random byte soup", () => {
    const r = rng(1);
    for (let i = 0; i < 400; i++) {
      const n = Math.floor(r() * 200);
      let s = "";
      for (let j = 0; j < n; j++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
      checkReport(s);
    }
  });

  test("mutated seed manifests", () => {
    const r = rng(2);
    for (let i = 0; i < 600; i++) {
      let s = SEEDS.join("---\n");
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * s.length);
        const op = Math.floor(r() * 3);
        const ch = ALPHABET[Math.floor(r() * ALPHABET.length)] ?? "";
        s =
          op === 0
            ? s.slice(0, at) + s.slice(at + 1)
            : op === 1
              ? s.slice(0, at) + ch + s.slice(at)
              : s.slice(0, at) + ch + s.slice(at + 1);
      }
      checkReport(s);
    }
  });

  test("schema-shaped objects with random values, on CREATE and UPDATE", () => {
    const r = rng(3);
    for (let i = 0; i < 1500; i++) {
      const def = KINDS[i % KINDS.length];
      if (!def) continue;
      const obj = () => ({
        apiVersion: `${def.group}/v1`,
        kind: def.kind,
        metadata:
          r() < 0.9
            ? { name: "n", namespace: "ns", annotations: { "cert-manager.io/x": String(r()) } }
            : randomValue(r),
        spec: fromSchema(def.spec(), r),
        status: r() < 0.5 ? fromSchema(def.status(), r) : undefined,
      });
      const a = obj();
      const out = validateObject(a, r() < 0.5 ? { oldObject: obj() } : {});
      assert.ok(Array.isArray(out));
      assert.ok(
        !out.some((f) => f.message.startsWith("internal validation error")),
        JSON.stringify({ a, out }),
      );
    }
  });

  test("non-objects and odd top-level values", () => {
    for (const v of [
      null,
      undefined,
      1,
      "x",
      [],
      [1],
      true,
      { apiVersion: 1, kind: [] },
      { apiVersion: "cert-manager.io/v1", kind: "Certificate" },
    ]) {
      assert.ok(Array.isArray(validateObject(v)));
    }
  });
});

describe("fuzz: the Go-text ports never throw", () => {
  const PIECES = [
    "@",
    "<",
    ">",
    '"',
    "\\",
    "(",
    ")",
    "[",
    "]",
    ":",
    ";",
    ",",
    "=",
    "+",
    "#",
    " ",
    "\t",
    "a",
    "Z",
    "0",
    "f",
    ".",
    "=?",
    "?=",
    "\u0001",
    "\u00e9",
    "\ud83d\ude00",
    "\ud800",
    "CN",
    "IPv6:",
  ];
  test("random strings through parseMailAddress, parseDN and goQuote", () => {
    const next = rng(4514);
    for (let n = 0; n < 3000; n++) {
      let s = "";
      const len = Math.floor(next() * 16);
      for (let i = 0; i < len; i++) s += PIECES[Math.floor(next() * PIECES.length)] ?? "";
      const m = parseMailAddress(s);
      assert.ok(
        m.ok ? typeof m.address === "string" : m.error.startsWith("mail: ") || m.error.startsWith("charset"),
        s,
      );
      const d = parseDN(s);
      assert.ok(d.ok || d.error.length > 0, s);
      assert.ok(goQuote(s).startsWith('"'));
    }
  });
});
