import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CertificateSpec } from "../../api/types.ts";
import { applyAnnotations, issuerFromAnnotations, splitCsv } from "./annotations.ts";

describe("ingress-shim annotations", () => {
  test("issuer selection", () => {
    assert.deepEqual(issuerFromAnnotations({ "cert-manager.io/cluster-issuer": "x" }), {
      ok: true,
      ref: { name: "x", kind: "ClusterIssuer" },
    });
    assert.deepEqual(issuerFromAnnotations({ "cert-manager.io/issuer": "y" }), {
      ok: true,
      ref: { name: "y", kind: "Issuer" },
    });
    assert.deepEqual(
      issuerFromAnnotations({
        "cert-manager.io/issuer": "y",
        "cert-manager.io/issuer-kind": "AWSPCAIssuer",
        "cert-manager.io/issuer-group": "awspca.cert-manager.io",
      }),
      {
        ok: true,
        ref: { name: "y", kind: "AWSPCAIssuer", group: "awspca.cert-manager.io" },
      },
    );
    assert.deepEqual(issuerFromAnnotations({}), { ok: false, skip: true });
    const both = issuerFromAnnotations({
      "cert-manager.io/issuer": "a",
      "cert-manager.io/cluster-issuer": "b",
    });
    assert.ok(!both.ok && "message" in both && both.message.includes("may not be set"));
  });

  test("tuning annotations map onto the spec", () => {
    const spec: CertificateSpec = { secretName: "s", issuerRef: { name: "x" }, dnsNames: ["a.example"] };
    const r = applyAnnotations(spec, {
      "cert-manager.io/common-name": "a.example",
      "cert-manager.io/alt-names": "b.example,c.example",
      "cert-manager.io/duration": "720h",
      "cert-manager.io/renew-before": "24h",
      "cert-manager.io/private-key-algorithm": "ECDSA",
      "cert-manager.io/private-key-size": "384",
      "cert-manager.io/subject-organizations": '"Acme, Inc.",Other',
      "cert-manager.io/revision-history-limit": "3",
      "cert-manager.io/secret-template": '{"labels":{"a":"b"}}',
    });
    assert.deepEqual(r, { ok: true });
    assert.deepEqual(spec.dnsNames, ["a.example", "b.example", "c.example"]);
    assert.equal(spec.commonName, "a.example");
    assert.deepEqual(spec.privateKey, { algorithm: "ECDSA", size: 384 });
    assert.deepEqual(spec.subject?.organizations, ["Acme, Inc.", "Other"]);
    assert.equal(spec.revisionHistoryLimit, 3);
    assert.deepEqual(spec.secretTemplate?.labels, { a: "b" });
  });

  test("bad values are reported with the annotation's name", () => {
    const spec: CertificateSpec = { secretName: "s", issuerRef: { name: "x" } };
    assert.deepEqual(applyAnnotations(spec, { "cert-manager.io/duration": "10m" }), {
      ok: false,
      message:
        'invalid ingress annotation "cert-manager.io/duration": certificate duration must be at least 1h',
    });
    assert.ok(!applyAnnotations(spec, { "cert-manager.io/private-key-size": "100" }).ok);
    assert.ok(
      !applyAnnotations(spec, {
        "cert-manager.io/secret-template": '{"annotations":{"cert-manager.io/x":"y"}}',
      }).ok,
    );
  });

  test("escaped CSV", () => assert.deepEqual(splitCsv('a, "b,c" ,"d""e"'), ["a", "b,c", 'd"e']));
});
