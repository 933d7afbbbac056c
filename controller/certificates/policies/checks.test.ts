import assert from "node:assert/strict";
import type { KeyObject } from "node:crypto";
import { before, describe, test } from "node:test";
import type { Certificate, CertificateRequest } from "../../../api/types.ts";
import { certificatePem, signCertificate } from "../../../lib/pki/certificate.ts";
import { buildCsrPem } from "../../../lib/pki/csr.ts";
import { encodePrivateKeyPem, generatePrivateKey, spkiDer } from "../../../lib/pki/keys.ts";
import { encodeName } from "../../../lib/pki/name.ts";
import type { Secret } from "../../context.ts";
import { evaluate, readinessChain, triggerChain, type PolicyInput } from "./checks.ts";
import { specSans } from "./request-match.ts";
import { temporaryCertificatePem } from "../issuing/temporary.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const HOUR = 3600_000;
let caKey: KeyObject;
let key: KeyObject;
let otherKey: KeyObject;
const caSubject = encodeName({ commonName: "ca" });

function cert(spec: Partial<Certificate["spec"]> = {}, status: Certificate["status"] = {}): Certificate {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "c", namespace: "ns", uid: "u" },
    spec: {
      secretName: "s",
      issuerRef: { name: "ca", kind: "ClusterIssuer" },
      dnsNames: ["a.example"],
      privateKey: { algorithm: "ECDSA" },
      ...spec,
    },
    status,
  };
}

function leafPem(k: KeyObject, dnsNames: string[], notBefore = T0, hours = 90 * 24): string {
  return certificatePem(
    signCertificate(
      {
        subjectRaw: encodeName({}),
        spki: spkiDer(k),
        notBefore,
        notAfter: new Date(notBefore.getTime() + hours * HOUR),
        sans: { dnsNames, ipAddresses: [], uris: [], emailAddresses: [], otherNames: [] },
        sanCritical: true,
        keyUsage: [0],
        extKeyUsage: [],
        isCA: false,
      },
      { subjectRaw: caSubject, key: caKey },
    ),
  );
}

function secret(data: Record<string, string> | undefined, annotations: Record<string, string> = {}): Secret {
  const d: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) d[k] = Buffer.from(v).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: "s",
      namespace: "ns",
      annotations: {
        "cert-manager.io/issuer-name": "ca",
        "cert-manager.io/issuer-kind": "ClusterIssuer",
        "cert-manager.io/issuer-group": "",
        "cert-manager.io/certificate-name": "c",
        ...annotations,
      },
    },
    data: data ? d : undefined,
  };
}

function request(c: Certificate, k: KeyObject): CertificateRequest {
  const csr = buildCsrPem({ sans: specSans(c.spec), usages: [], isCA: false, encodeUsages: true, key: k });
  assert.ok("pem" in csr);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name: "c-1", annotations: { "cert-manager.io/certificate-revision": "1" } },
    spec: { issuerRef: c.spec.issuerRef, request: Buffer.from(csr.pem).toString("base64"), isCA: false },
  };
}

describe("trigger and readiness policy chains (injected clock)", () => {
  before(async () => {
    caKey = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
    key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
    otherKey = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
  });

  const good = (): Record<string, string> => ({
    "tls.key": encodePrivateKeyPem(key),
    "tls.crt": leafPem(key, ["a.example"]),
  });

  const cases: { name: string; input: () => PolicyInput; trigger?: string; ready?: string }[] = [
    {
      name: "issue as the Secret does not exist",
      input: () => ({ certificate: cert(), now: T0 }),
      trigger: "DoesNotExist",
      ready: "DoesNotExist",
    },
    {
      name: "issue as the Secret has no data",
      input: () => ({ certificate: cert(), secret: secret(undefined), now: T0 }),
      trigger: "MissingData",
      ready: "MissingData",
    },
    {
      name: "issue as the Secret has no private key",
      input: () => ({ certificate: cert(), secret: secret({ "tls.crt": "x" }), now: T0 }),
      trigger: "MissingData",
    },
    {
      name: "issue as the Secret holds garbage for a certificate",
      input: () => ({ certificate: cert(), secret: secret({ ...good(), "tls.crt": "garbage" }), now: T0 }),
      trigger: "InvalidCertificate",
      ready: "InvalidCertificate",
    },
    {
      name: "issue as the private key is undecodable",
      input: () => ({
        certificate: cert(),
        secret: secret({
          ...good(),
          "tls.key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        }),
        now: T0,
      }),
      trigger: "InvalidKeyPair",
    },
    {
      name: "issue as key and certificate do not belong together",
      input: () => ({
        certificate: cert(),
        secret: secret({ ...good(), "tls.key": encodePrivateKeyPem(otherKey) }),
        now: T0,
      }),
      trigger: "InvalidKeyPair",
    },
    {
      name: "issue as the issuerRef changed",
      input: () => ({
        certificate: cert({ issuerRef: { name: "other", kind: "ClusterIssuer" } }),
        secret: secret(good()),
        now: T0,
      }),
      trigger: "IncorrectIssuer",
    },
    {
      name: "no issue when only the default kind/group is spelled out",
      input: () => ({
        certificate: cert({ issuerRef: { name: "ca", kind: "ClusterIssuer", group: "cert-manager.io" } }),
        secret: secret(good()),
        now: T0,
      }),
    },
    {
      name: "issue as another Certificate wrote the Secret",
      input: () => ({
        certificate: cert(),
        secret: secret(good(), { "cert-manager.io/certificate-name": "other" }),
        now: T0,
      }),
      trigger: "IncorrectCertificate",
    },
    {
      name: "issue as the key algorithm changed",
      input: () => ({
        certificate: cert({ privateKey: { algorithm: "RSA" } }),
        secret: secret(good()),
        now: T0,
      }),
      trigger: "SecretMismatch",
    },
    {
      name: "issue as the current request was made for another key",
      input: () => ({
        certificate: cert(),
        secret: secret(good()),
        currentRequest: request(cert(), otherKey),
        now: T0,
      }),
      trigger: "SecretMismatch",
    },
    {
      name: "issue as dnsNames changed (against the current request)",
      input: () => ({
        certificate: cert({ dnsNames: ["a.example", "b.example"] }),
        secret: secret(good()),
        currentRequest: request(cert(), key),
        now: T0,
      }),
      trigger: "RequestChanged",
      ready: "RequestChanged",
    },
    {
      name: "issue as dnsNames changed (against the certificate, no request left)",
      input: () => ({ certificate: cert({ dnsNames: ["b.example"] }), secret: secret(good()), now: T0 }),
      trigger: "SecretMismatch",
    },
    {
      name: "no issue for a label-only change",
      input: () => ({
        certificate: { ...cert(), metadata: { name: "c", namespace: "ns", labels: { a: "b" } } },
        secret: secret(good()),
        currentRequest: request(cert(), key),
        now: T0,
      }),
    },
    {
      name: "no issue for secretTemplate/output-format changes",
      input: () => ({
        certificate: cert({
          secretTemplate: { labels: { x: "y" } },
          additionalOutputFormats: [{ type: "DER" }],
        }),
        secret: secret(good()),
        currentRequest: request(cert(), key),
        now: T0,
      }),
    },
    {
      name: "renew at two thirds of the lifetime",
      input: () => ({
        certificate: cert(),
        secret: secret(good()),
        now: new Date(T0.getTime() + 60 * 24 * HOUR),
      }),
      trigger: "Renewing",
    },
    {
      name: "no renewal a second before two thirds",
      input: () => ({
        certificate: cert(),
        secret: secret(good()),
        now: new Date(T0.getTime() + 60 * 24 * HOUR - 1000),
      }),
    },
    {
      name: "renewBefore moves the renewal earlier",
      input: () => ({
        certificate: cert({ renewBefore: "1080h" }),
        secret: secret(good()),
        now: new Date(T0.getTime() + 60 * 24 * HOUR - 1000),
      }),
      trigger: "Renewing",
    },
    {
      name: "renewal policy Disabled never renews",
      input: () => ({
        certificate: cert({ renewal: { policy: "Disabled" } }),
        secret: secret(good()),
        now: new Date(T0.getTime() + 89 * 24 * HOUR),
      }),
    },
    {
      name: "expired certificate is not Ready",
      input: () => ({
        certificate: cert({ renewal: { policy: "Disabled" } }),
        secret: secret(good()),
        now: new Date(T0.getTime() + 91 * 24 * HOUR),
      }),
      ready: "Expired",
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const input = c.input();
      assert.equal(evaluate(triggerChain, input)?.reason, c.trigger);
      if (c.ready !== undefined || c.trigger === undefined)
        assert.equal(evaluate(readinessChain, input)?.reason, c.ready);
    });
  }

  test("messages match cert-manager's", () => {
    assert.equal(
      evaluate(triggerChain, { certificate: cert(), now: T0 })?.message,
      "Issuing certificate as Secret does not exist",
    );
    const v = evaluate(triggerChain, {
      certificate: cert({ dnsNames: ["a.example", "b.example"] }),
      secret: secret(good()),
      currentRequest: request(cert(), key),
      now: T0,
    });
    assert.equal(
      v?.message,
      "Fields on existing CertificateRequest resource not up to date: [spec.dnsNames]",
    );
    const r = evaluate(triggerChain, {
      certificate: cert(),
      secret: secret(good()),
      now: new Date(T0.getTime() + 61 * 24 * HOUR),
    });
    assert.equal(r?.message, "Renewing certificate as renewal was scheduled at 2026-03-02T00:00:00Z");
  });

  test("a temporary certificate is never Ready and is re-issued if left behind", async () => {
    const c = cert({}, {});
    const pem = await temporaryCertificatePem(c, key, T0);
    const input: PolicyInput = {
      certificate: c,
      secret: secret({ "tls.crt": pem, "tls.key": encodePrivateKeyPem(key, "PKCS1") }),
      now: new Date(T0.getTime() + HOUR),
    };
    const want = {
      reason: "TemporaryCertificate",
      message: "Certificate issuance in progress. Temporary certificate issued.",
    };
    assert.deepEqual(evaluate(readinessChain, input), want);
    assert.deepEqual(evaluate(triggerChain, input), want);
  });
});
