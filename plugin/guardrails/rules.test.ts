import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ResolvedEnvironment } from "../config/environment.ts";
import { defaultConfig, type CertflowConfig } from "../config/types.ts";
import type { SourcedObject } from "../findings.ts";
import { canonicalIssuerName } from "./rules.ts";
import { runGuardrails } from "./run.ts";

const prodServer = "https://acme-v02.api.letsencrypt.org/directory";
const stagingServer = "https://acme-staging-v02.api.letsencrypt.org/directory";

function doc(object: Record<string, unknown>, file = "overlay.yaml"): SourcedObject {
  return { object, file, line: 1 };
}
function clusterIssuer(name: string, server?: string): SourcedObject {
  const spec = server
    ? { acme: { server, privateKeySecretRef: { name: `${name}-key` }, solvers: [] } }
    : { ca: { secretName: "ca" } };
  return doc({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name }, spec });
}
function issuer(namespace: string, name: string): SourcedObject {
  return doc({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name, namespace },
    spec: { selfSigned: {} },
  });
}
function certificate(name: string, issuerRef: Record<string, unknown>, namespace = "apps"): SourcedObject {
  return doc({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace },
    spec: { secretName: name, dnsNames: ["a.example.com"], issuerRef },
  });
}
function ingress(name: string, annotations: Record<string, string>): SourcedObject {
  return doc({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "apps", annotations },
    spec: {},
  });
}
const production: ResolvedEnvironment = { name: "production", type: "production", source: "config" };
const staging: ResolvedEnvironment = { name: "staging", type: "staging", source: "config" };
const other: ResolvedEnvironment = { name: "dev", type: "other", source: "default" };

interface Case {
  environment: ResolvedEnvironment;
  documents: SourcedObject[];
  others?: { environment: ResolvedEnvironment; documents: SourcedObject[] }[];
  config?: Partial<CertflowConfig>;
  disabled?: string[];
  want: { rule: string; severity: string; name: string; field: string }[];
}

const cases: Record<string, Case> = {
  "production with a staging ACME directory is an error": {
    environment: production,
    documents: [clusterIssuer("letsencrypt-prod", stagingServer)],
    want: [
      {
        rule: "production-uses-staging-acme",
        severity: "error",
        name: "letsencrypt-prod",
        field: "spec.acme.server",
      },
    ],
  },
  "production with the production directory is clean": {
    environment: production,
    documents: [clusterIssuer("letsencrypt-prod", prodServer)],
    want: [],
  },
  "staging with the production directory is an error": {
    environment: staging,
    documents: [clusterIssuer("letsencrypt-prod", prodServer)],
    want: [
      {
        rule: "staging-uses-production-acme",
        severity: "error",
        name: "letsencrypt-prod",
        field: "spec.acme.server",
      },
    ],
  },
  "an environment of type other gets no ACME guardrail": {
    environment: other,
    documents: [clusterIssuer("le", prodServer), clusterIssuer("le-test", stagingServer)],
    want: [],
  },
  "the ACME guardrail can be switched off in certflow.yaml": {
    environment: staging,
    documents: [clusterIssuer("letsencrypt-prod", prodServer)],
    config: { guardrails: { ...defaultConfig().guardrails, "staging-uses-production-acme": "off" } },
    want: [],
  },
  "a level of warning reports a warning": {
    environment: staging,
    documents: [clusterIssuer("letsencrypt-prod", prodServer)],
    config: { guardrails: { ...defaultConfig().guardrails, "staging-uses-production-acme": "warning" } },
    want: [
      {
        rule: "staging-uses-production-acme",
        severity: "warning",
        name: "letsencrypt-prod",
        field: "spec.acme.server",
      },
    ],
  },
  "a Certificate naming an issuer the overlay lacks is an error": {
    environment: production,
    documents: [
      clusterIssuer("internal-ca"),
      certificate("api", { name: "letsencrypt-prod", kind: "ClusterIssuer" }),
    ],
    want: [{ rule: "issuer-not-defined", severity: "error", name: "api", field: "spec.issuerRef.name" }],
  },
  "an issuer declared external in certflow.yaml is accepted": {
    environment: production,
    documents: [certificate("api", { name: "vault", kind: "ClusterIssuer" })],
    config: { externalIssuers: [{ kind: "ClusterIssuer", name: "vault" }] },
    want: [],
  },
  "the guardrail can be switched off for one run": {
    environment: production,
    documents: [certificate("api", { name: "vault", kind: "ClusterIssuer" })],
    disabled: ["issuer-not-defined"],
    want: [],
  },
  "issuerRef.kind defaults to Issuer, which must be in the Certificate's namespace": {
    environment: production,
    documents: [issuer("other-ns", "local"), certificate("api", { name: "local" })],
    want: [{ rule: "issuer-not-defined", severity: "error", name: "api", field: "spec.issuerRef.name" }],
  },
  "an Issuer in the Certificate's namespace resolves": {
    environment: production,
    documents: [issuer("apps", "local"), certificate("api", { name: "local" })],
    want: [],
  },
  "an issuerRef to another API group is an external issuer, not checked": {
    environment: production,
    documents: [
      certificate("api", { name: "pca", kind: "AWSPCAClusterIssuer", group: "awspca.cert-manager.io" }),
    ],
    want: [],
  },
  "an Ingress annotation naming a missing ClusterIssuer is an error": {
    environment: production,
    documents: [
      clusterIssuer("letsencrypt-prod", prodServer),
      ingress("web", { "cert-manager.io/cluster-issuer": "letsencrypt" }),
    ],
    want: [
      {
        rule: "issuer-not-defined",
        severity: "error",
        name: "web",
        field: "metadata.annotations[cert-manager.io/cluster-issuer]",
      },
    ],
  },
  "the same Certificate on another issuer in another environment is an error": {
    environment: production,
    documents: [
      clusterIssuer("internal-ca"),
      certificate("api", { name: "internal-ca", kind: "ClusterIssuer" }),
    ],
    others: [
      {
        environment: staging,
        documents: [
          clusterIssuer("letsencrypt-staging", stagingServer),
          certificate("api", { name: "letsencrypt-staging", kind: "ClusterIssuer" }),
        ],
      },
    ],
    want: [
      {
        rule: "issuer-differs-between-environments",
        severity: "error",
        name: "api",
        field: "spec.issuerRef.name",
      },
    ],
  },
  "names that differ only by an environment word are the same issuer": {
    environment: production,
    documents: [
      clusterIssuer("letsencrypt-prod", prodServer),
      certificate("api", { name: "letsencrypt-prod", kind: "ClusterIssuer" }),
    ],
    others: [
      {
        environment: staging,
        documents: [
          clusterIssuer("letsencrypt-staging", stagingServer),
          certificate("api", { name: "letsencrypt-staging", kind: "ClusterIssuer" }),
        ],
      },
    ],
    want: [],
  },
  "equivalentIssuers makes unrelated names the same issuer": {
    environment: production,
    documents: [
      clusterIssuer("public", prodServer),
      certificate("api", { name: "public", kind: "ClusterIssuer" }),
    ],
    others: [
      {
        environment: staging,
        documents: [
          clusterIssuer("le-test", stagingServer),
          certificate("api", { name: "le-test", kind: "ClusterIssuer" }),
        ],
      },
    ],
    config: { equivalentIssuers: [["public", "le-test"]] },
    want: [],
  },
  "a kind change between environments is an error even with the same name": {
    environment: production,
    documents: [clusterIssuer("ca"), certificate("api", { name: "ca", kind: "ClusterIssuer" })],
    others: [{ environment: staging, documents: [issuer("apps", "ca"), certificate("api", { name: "ca" })] }],
    want: [
      {
        rule: "issuer-differs-between-environments",
        severity: "error",
        name: "api",
        field: "spec.issuerRef.name",
      },
    ],
  },
};

describe("guardrails", () => {
  for (const [name, tc] of Object.entries(cases)) {
    test(name, () => {
      const config = { ...defaultConfig(), ...tc.config };
      const findings = runGuardrails(
        {
          environment: tc.environment,
          documents: tc.documents,
          config,
          externalIssuers: config.externalIssuers,
          others: tc.others ?? [],
        },
        new Set(tc.disabled ?? []),
      );
      assert.deepEqual(
        findings.map((f) => ({ rule: f.rule, severity: f.severity, name: f.name, field: f.field })),
        tc.want,
      );
      for (const f of findings) assert.ok(f.message.length > 40, "messages explain what to do");
    });
  }

  test("canonicalIssuerName drops environment words", () => {
    const c = defaultConfig();
    assert.equal(canonicalIssuerName("letsencrypt-staging", c), "letsencrypt");
    assert.equal(canonicalIssuerName("letsencrypt-prod", c), "letsencrypt");
    assert.equal(canonicalIssuerName("internal-ca", c), "internal-ca");
    assert.equal(canonicalIssuerName("prod", c), "prod");
  });
});
