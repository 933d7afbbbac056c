import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateSources } from "../validate-sources.ts";

const lines = (text: string, strict = false): string[] =>
  validateSources([{ file: "m.yaml", text }], { strict }).findings.map(
    (f) => `${f.line}: ${f.severity} ${f.kind} ${f.namespace ?? ""}/${f.name} ${f.field}: ${f.message}`,
  );

const CI = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca
spec:
  ca:
    secretName: ca-keypair
`;
const cert = (
  name: string,
  secret: string,
  issuer: string,
  kind = "ClusterIssuer",
  ns = "app",
): string => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  secretName: ${secret}
  issuerRef:
    name: ${issuer}
    kind: ${kind}
  dnsNames: [${name}.example.com]
`;
const ingress = (
  annotations: string,
  tlsHost = "a.example.com",
  ruleHost = "a.example.com",
): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: app
  annotations:
${annotations}
spec:
  tls:
  - hosts: [${tlsHost}]
    secretName: web-tls
  rules:
  - host: ${ruleHost}
`;

describe("checks across documents", () => {
  test("an issuer present in the set is found; a missing one is a warning", () => {
    assert.deepEqual(lines(`${CI}---\n${cert("a", "a-tls", "ca")}`), []);
    assert.deepEqual(lines(`${CI}---\n${cert("a", "a-tls", "other")}`), [
      '17: warning Certificate app/a spec.issuerRef.name: ClusterIssuer "other" is not among the rendered manifests (it may exist in the cluster)',
    ]);
  });

  test("--strict makes a missing issuer an error", () => {
    assert.deepEqual(lines(cert("a", "a-tls", "other"), true), [
      '9: error Certificate app/a spec.issuerRef.name: ClusterIssuer "other" is not among the rendered manifests (it may exist in the cluster)',
    ]);
  });

  test("a namespaced Issuer must be in the Certificate's namespace", () => {
    const iss =
      "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: local, namespace: other}\nspec: {selfSigned: {}}\n";
    assert.deepEqual(lines(`${iss}---\n${cert("a", "a-tls", "local", "Issuer")}`), [
      '14: warning Certificate app/a spec.issuerRef.name: Issuer "local" is not among the rendered manifests in namespace "app" (it may exist in the cluster)',
    ]);
  });

  test("two Certificates writing one Secret in a namespace", () => {
    const text = `${CI}---\n${cert("a", "shared", "ca")}---\n${cert("b", "shared", "ca")}---\n${cert("c", "shared", "ca", "ClusterIssuer", "elsewhere")}`;
    assert.deepEqual(lines(text), [
      '27: error Certificate app/b spec.secretName: Duplicate value: "shared": Certificate app/a (m.yaml:9) writes the same Secret; each Secret needs exactly one Certificate',
    ]);
  });

  test("an Ingress with both issuer annotations", () => {
    const text = `${CI}---\n${ingress("    cert-manager.io/issuer: x\n    cert-manager.io/cluster-issuer: ca")}`;
    assert.deepEqual(lines(text), [
      '14: error Ingress app/web metadata.annotations: both "cert-manager.io/issuer" and "cert-manager.io/cluster-issuer" may not be set',
    ]);
  });

  test("an Ingress annotation naming an issuer missing from the set", () => {
    assert.deepEqual(lines(ingress("    cert-manager.io/cluster-issuer: letsencrypt-prod")), [
      '7: warning Ingress app/web metadata.annotations[cert-manager.io/cluster-issuer]: ClusterIssuer "letsencrypt-prod" is not among the rendered manifests (it may exist in the cluster)',
    ]);
  });

  test("an Ingress TLS host missing from its rules", () => {
    assert.deepEqual(
      lines(`${CI}---\n${ingress("    cert-manager.io/cluster-issuer: ca", "b.example.com")}`),
      [
        '18: error Ingress app/web spec.tls[0].hosts[0]: host "b.example.com" has a TLS entry but no rule in spec.rules: the certificate would be issued for a host this Ingress does not serve (and an HTTP-01 challenge for it cannot be routed)',
      ],
    );
  });

  test("a ClusterIssuer given a namespace", () => {
    const text = CI.replace("  name: ca\n", "  name: ca\n  namespace: cert-manager\n");
    assert.deepEqual(lines(text), [
      '5: warning ClusterIssuer cert-manager/ca metadata.namespace: a ClusterIssuer is cluster-scoped: namespace "cert-manager" is ignored, and the Secrets it references are read from the controller\'s cluster resource namespace',
    ]);
  });

  test("checks span files", () => {
    const r = validateSources([
      { file: "issuer.yaml", text: CI },
      { file: "cert.yaml", text: cert("a", "a-tls", "ca") },
    ]);
    assert.deepEqual(r.findings, []);
    assert.equal(r.documents, 2);
  });

  test("a committed Secret that a Certificate writes", () => {
    const secret =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: a-tls, namespace: app}\ntype: kubernetes.io/tls\n";
    assert.deepEqual(lines(`${CI}---\n${secret}---\n${cert("a", "a-tls", "ca")}`), [
      '20: warning Certificate app/a spec.secretName: Secret "a-tls" is also in the rendered manifests (m.yaml:9): cert-manager writes this Secret, so the GitOps tool and cert-manager will keep overwriting each other',
    ]);
  });

  test("a CA Issuer whose committed Secret lacks the key pair", () => {
    const secret =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: ca-kp, namespace: app}\ndata: {tls.crt: AAAA}\n";
    const iss =
      "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: ca, namespace: app}\nspec:\n  ca:\n    secretName: ca-kp\n";
    assert.deepEqual(lines(`${secret}---\n${iss}`), [
      '11: error Issuer app/ca spec.ca.secretName: Secret "ca-kp" (m.yaml:1) has no tls.key: the CA issuer needs the CA\'s certificate and private key there',
    ]);
  });

  test("a v1 List stands for its items, located inside it", () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${CI.trimEnd().split("\n").join("\n  ")}\n- ${cert("a", "", "ca").trimEnd().split("\n").join("\n  ")}\n`;
    assert.deepEqual(lines(list), ["17: error Certificate app/a spec.secretName: Required value"]);
  });
});

const gateway = (annotations: string, listeners: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: app
  annotations:
${annotations}
spec:
  gatewayClassName: example
  listeners:
${listeners}`;
const HTTPS_OK = `  - name: https
    protocol: HTTPS
    port: 443
    hostname: a.example.com
    tls:
      mode: Terminate
      certificateRefs:
      - name: a-tls
`;
const SKIPS =
  'cert-manager\'s gateway-shim skips this listener (event "Skipped a listener block") and creates no Certificate for it';

describe("checks across documents: Gateway API (cert-manager's gateway-shim)", () => {
  const CIA = "    cert-manager.io/cluster-issuer: ca";
  const rows: [string, string, string[], boolean?][] = [
    ["an annotated Gateway with a complete HTTPS listener", `${CI}---\n${gateway(CIA, HTTPS_OK)}`, []],
    [
      "both issuer annotations on a Gateway",
      `${CI}---\n${gateway(`    cert-manager.io/issuer: x\n${CIA}`, HTTPS_OK.replace("    hostname: a.example.com\n", ""))}`,
      [
        '14: error Gateway app/gw metadata.annotations: both "cert-manager.io/issuer" and "cert-manager.io/cluster-issuer" may not be set',
      ],
    ],
    [
      "a Gateway issuer annotation naming an Issuer missing from the set (warning)",
      gateway("    cert-manager.io/issuer: nope", HTTPS_OK),
      [
        '7: warning Gateway app/gw metadata.annotations[cert-manager.io/issuer]: Issuer "nope" is not among the rendered manifests in namespace "app" (it may exist in the cluster)',
      ],
    ],
    [
      "the same with --strict is an error",
      gateway("    cert-manager.io/cluster-issuer: nope", HTTPS_OK),
      [
        '7: error Gateway app/gw metadata.annotations[cert-manager.io/cluster-issuer]: ClusterIssuer "nope" is not among the rendered manifests (it may exist in the cluster)',
      ],
      true,
    ],
    [
      "a Terminate listener without hostname",
      `${CI}---\n${gateway(CIA, HTTPS_OK.replace("    hostname: a.example.com\n", ""))}`,
      [
        `19: warning Gateway app/gw spec.listeners[0].hostname: Required value: the hostname cannot be empty; ${SKIPS}`,
      ],
    ],
    [
      "a Terminate listener with empty certificateRefs (the shim's path is singular)",
      `${CI}---\n${gateway(CIA, HTTPS_OK.replace("      certificateRefs:\n      - name: a-tls\n", "      certificateRefs: []\n"))}`,
      [
        `25: warning Gateway app/gw spec.listeners[0].tls.certificateRef: Required value: listener has no certificateRefs; ${SKIPS}`,
      ],
    ],
    [
      "an HTTPS listener without a TLS block, under --strict",
      `${CI}---\n${gateway(CIA, HTTPS_OK.split("    tls:")[0] ?? "")}`,
      [
        `19: error Gateway app/gw spec.listeners[0].tls: Required value: the TLS block cannot be empty; ${SKIPS}`,
      ],
      true,
    ],
    [
      "certificateRefs to another kind, group and namespace, and Passthrough mode",
      `${CI}---\n${gateway(
        CIA,
        HTTPS_OK.replace("mode: Terminate", "mode: Passthrough").replace(
          "      - name: a-tls\n",
          "      - {name: a-tls, group: example.com, kind: ConfigMap, namespace: other}\n",
        ),
      )}`,
      [
        `24: warning Gateway app/gw spec.listeners[0].tls.mode: Unsupported value: "Passthrough": supported values: "Terminate"; ${SKIPS}`,
        `26: warning Gateway app/gw spec.listeners[0].tls.certificateRef[0].group: Unsupported value: "example.com": supported values: "core", ""; ${SKIPS}`,
        `26: warning Gateway app/gw spec.listeners[0].tls.certificateRef[0].kind: Unsupported value: "ConfigMap": supported values: "Secret", ""; ${SKIPS}`,
        `26: warning Gateway app/gw spec.listeners[0].tls.certificateRef[0].namespace: Invalid value: "other": cross-namespace secret references are not allowed in listeners; ${SKIPS}`,
      ],
    ],
    [
      "HTTP listeners and un-annotated Gateways are not the shim's business",
      `${gateway("    example.com/x: y", HTTPS_OK.replace("    hostname: a.example.com\n", ""))}---\n${gateway(CIA, "  - {name: http, protocol: HTTP, port: 80}\n").replace("name: gw", "name: gw2")}---\n${CI}`,
      [],
    ],
    [
      "mode and certificateRef group/kind left to their API defaults are fine",
      `${CI}---\n${gateway(CIA, HTTPS_OK.replace("      mode: Terminate\n", ""))}`,
      [],
    ],
  ];
  for (const [name, text, expected, strict] of rows) {
    test(name, () => assert.deepEqual(lines(text, strict === true), expected));
  }
});
