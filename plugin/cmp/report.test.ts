import { test } from "node:test";
import assert from "node:assert/strict";
import type { PluginFinding } from "../findings.ts";
import { formatFinding, formatReport } from "./report.ts";

const f: PluginFinding = {
  severity: "error",
  file: "/repo/base/api-tls.yaml",
  line: 12,
  column: 5,
  kind: "Certificate",
  namespace: "api",
  name: "api-tls",
  field: "spec.issuerRef.name",
  message: "refers to a missing issuer",
  rule: "issuer-not-defined",
};

test("a finding is one line: severity, file:line, object, field, message, rule", () => {
  assert.equal(
    formatFinding(f, "/repo"),
    "error: base/api-tls.yaml:12: Certificate api/api-tls spec.issuerRef.name: refers to a missing issuer [issuer-not-defined]",
  );
  assert.match(formatFinding(f, "/elsewhere"), /^error: \/repo\/base\/api-tls.yaml:12: /);
});

test("the report puts errors first and caps the list", () => {
  const warning: PluginFinding = { ...f, severity: "warning", rule: undefined };
  const many = [warning, ...Array.from({ length: 25 }, () => f)];
  const report = formatReport(
    "overlays/production",
    { name: "production", type: "production", source: "config" },
    many,
    "/repo",
  );
  const lines = report.trimEnd().split("\n");
  assert.equal(
    lines[0],
    "certflow: overlays/production (environment production, production, from certflow.yaml): 25 errors, 1 warning",
  );
  assert.match(lines[1] ?? "", /^error: /);
  assert.equal(lines.length, 22);
  assert.equal(lines.at(-1), "... and 6 more");
});
