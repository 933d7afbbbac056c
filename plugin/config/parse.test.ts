import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig } from "./parse.ts";

describe("parseConfig", () => {
  test("reads environments, external issuers and guardrail levels", () => {
    const r = parseConfig(
      [
        "apiVersion: certflow.dev/v1alpha1",
        "kind: Config",
        "environments:",
        "  - name: staging",
        "    overlays: [./overlays/staging/]",
        "  - name: prod-eu",
        "    type: production",
        "    overlays: [overlays/prod-eu]",
        "externalIssuers:",
        "  - ClusterIssuer/vault",
        "  - { kind: Issuer, namespace: team-a, name: local }",
        "guardrails:",
        "  issuer-not-defined: warning",
        "  issuer-differs-between-environments: false",
      ].join("\n"),
      "/repo/certflow.yaml",
    );
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.config.environments, [
      { name: "staging", type: "staging", overlays: ["overlays/staging"] },
      { name: "prod-eu", type: "production", overlays: ["overlays/prod-eu"] },
    ]);
    assert.deepEqual(r.config.externalIssuers, [
      { kind: "ClusterIssuer", name: "vault" },
      { kind: "Issuer", namespace: "team-a", name: "local" },
    ]);
    assert.equal(r.config.guardrails["issuer-not-defined"], "warning");
    assert.equal(r.config.guardrails["issuer-differs-between-environments"], "off");
    assert.equal(r.config.guardrails["production-uses-staging-acme"], "error");
  });

  const bad: Record<string, { text: string; field: string; line: number; message: RegExp }> = {
    "a misspelt guardrail id is an error on its line": {
      text: "guardrails:\n  issuer-not-definde: off\n",
      field: "guardrails.issuer-not-definde",
      line: 2,
      message: /unknown guardrail/,
    },
    "an unknown top-level field is an error": {
      text: "environment: []\n",
      field: "environment",
      line: 1,
      message: /unknown field/,
    },
    "an environment whose name is no type needs an explicit type": {
      text: "environments:\n  - name: eu-west\n    overlays: [a]\n",
      field: "environments[0].type",
      line: 2,
      message: /expected one of production, staging, other/,
    },
    "a malformed external issuer is an error": {
      text: "externalIssuers:\n  - vault\n",
      field: "externalIssuers[0]",
      line: 2,
      message: /expected ClusterIssuer\/<name>/,
    },
    "invalid YAML is reported with its line": {
      text: "environments:\n  - name: [unclosed\n",
      field: "(syntax)",
      line: 3,
      message: /./,
    },
  };
  for (const [name, tc] of Object.entries(bad)) {
    test(name, () => {
      const r = parseConfig(tc.text, "certflow.yaml");
      assert.equal(r.ok, false);
      if (r.ok) return;
      const issue = r.issues[0];
      assert.ok(issue);
      assert.equal(issue.field, tc.field);
      assert.equal(issue.line, tc.line);
      assert.match(issue.message, tc.message);
    });
  }

  test("an empty file gives the defaults", () => {
    const r = parseConfig("", "certflow.yaml");
    assert.ok(r.ok);
    assert.deepEqual(r.config.environments, []);
  });
});
