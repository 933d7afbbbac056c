import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseManifests } from "./manifests.ts";

const CERT = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: a
spec:
  secretName: a
`;

describe("parseManifests: the stream and the bad input it must survive", () => {
  test("multi-document YAML keeps each document's first line", () => {
    const text = `# leading comment\n---\n${CERT}---\n\n# c\n${CERT}...\n`;
    const r = parseManifests(text, "f.yaml");
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.documents.map((d) => [d.line, d.index]),
      [
        [3, 0],
        [12, 1],
      ],
    );
  });

  test("locate() maps a field path to its line and column", () => {
    const r = parseManifests(`---\n${CERT}  dnsNames:\n  - a.example.com\n  - b.example.com\n`, "f.yaml");
    const d = r.documents[0];
    assert.deepEqual(d?.locate?.("spec.secretName"), { line: 7, column: 3 });
    assert.deepEqual(d?.locate?.("spec.dnsNames[1]"), { line: 10, column: 5 });
    assert.deepEqual(
      d?.locate?.("spec.issuerRef.name"),
      { line: 6, column: 1 },
      "a missing field resolves to its parent",
    );
  });

  test("JSON documents", () => {
    const r = parseManifests(
      JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } }),
      "f.json",
    );
    assert.equal(r.documents.length, 1);
    assert.deepEqual(
      parseManifests('{"a": 1, "a": 2}', "f.json").findings.map((f) => f.message),
      ["YAML: duplicated mapping key"],
    );
  });

  const bad: [string, string, { line: number; message: RegExp }][] = [
    ["broken YAML", "a: [1, 2\nb: 3\n", { line: 2, message: /^YAML: / }],
    ["a list", "- a\n- b\n", { line: 1, message: /got a list$/ }],
    ["a scalar", "just text\n", { line: 1, message: /got a scalar \(string\)$/ }],
    ["duplicate keys", "a: 1\nb: 2\na: 3\n", { line: 3, message: /duplicated mapping key/ }],
    ["tabs for indentation", "a:\n\tb: 1\n", { line: 2, message: /^YAML: / }],
    ["binary bytes", "a: 1\nb: \u0000\u0001\u0002\n", { line: 2, message: /^YAML: / }],
  ];
  for (const [name, doc, want] of bad) {
    test(`${name}: one finding with its line, and the next document still parses`, () => {
      const text = `${CERT}---\n${doc}---\n${CERT}`;
      const r = parseManifests(text, "f.yaml");
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
      const f = r.findings[0];
      assert.equal(f?.severity, "error");
      assert.equal(f?.file, "f.yaml");
      assert.equal(f?.line, 7 + want.line, f?.message);
      assert.match(f?.message ?? "", want.message);
      assert.equal(r.documents.length, 2);
    });
  }

  test("a 10 MB document is refused with a finding, quickly", () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: "${"a".repeat(10 * 1024 * 1024)}"\n`;
    const t0 = performance.now();
    const r = parseManifests(`${big}---\n${CERT}`, "big.yaml");
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(r.documents.length, 1);
    assert.match(
      r.findings[0]?.message ?? "",
      /document is 10\.0 MiB; the Kubernetes API server accepts at most 3 MiB/,
    );
  });

  test("anchors and aliases are resolved", () => {
    const r = parseManifests("a: &x {b: 1}\nc: *x\n", "f.yaml");
    assert.deepEqual(r.documents[0]?.object, { a: { b: 1 }, c: { b: 1 } });
  });

  test("a billion laughs is stopped", () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(96 + i);
      const n = String.fromCharCode(97 + i);
      lol.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(",")}]`);
    }
    const t0 = performance.now();
    const r = parseManifests(lol.join("\n"), "lol.yaml");
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(r.documents.length, 0);
    assert.match(r.findings[0]?.message ?? "", /alias/i);
  });

  test("a byte-order mark and CRLF line ends are fine", () => {
    const r = parseManifests(`\ufeff${CERT.replace(/\n/g, "\r\n")}---\r\n${CERT}`, "f.yaml");
    assert.equal(r.findings.length, 0);
    assert.deepEqual(
      r.documents.map((d) => d.line),
      [1, 8],
    );
  });

  test("empty input and comment-only documents give nothing", () => {
    assert.deepEqual(parseManifests("", "f"), { documents: [], findings: [] });
    assert.deepEqual(parseManifests("# only\n---\n---\n", "f"), { documents: [], findings: [] });
  });

  test("timestamps stay strings (no Date objects)", () => {
    const r = parseManifests("t: 2026-01-01T00:00:00Z\n", "f");
    assert.equal(r.documents[0]?.object["t"], "2026-01-01T00:00:00Z");
  });
});
