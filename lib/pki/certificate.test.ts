import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, test } from "node:test";
import {
  certificatePem,
  isSelfSigned,
  isSignedBy,
  parseCertificatesPem,
  signCertificate,
} from "./certificate.ts";
import { buildCsrPem, parseCsr, verifyCsrSignature } from "./csr.ts";
import { bytesToIp, canonicalIp, emptySans, ipToBytes } from "./extensions.ts";
import { encodePrivateKeyPem, generatePrivateKey, keyMismatches, spkiDer, type KeySpec } from "./keys.ts";
import { encodeLiteralName, encodeName } from "./name.ts";

const specs: KeySpec[] = [
  { algorithm: "RSA", size: 2048 },
  { algorithm: "ECDSA", size: 256 },
  { algorithm: "ECDSA", size: 384 },
  { algorithm: "ECDSA", size: 521 },
  { algorithm: "Ed25519", size: 0 },
];

async function makeCA(spec: KeySpec) {
  const key = await generatePrivateKey(spec);
  const subject = encodeName({ commonName: "Test CA", organizations: ["certflow"] });
  const der = signCertificate(
    {
      subjectRaw: subject,
      spki: spkiDer(key),
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      sans: emptySans(),
      sanCritical: false,
      keyUsage: [0, 5, 6],
      extKeyUsage: [],
      isCA: true,
    },
    { subjectRaw: subject, key },
  );
  return { key, der, parsed: parseCertificatesPem(certificatePem(der))[0]! };
}

describe("CSR and certificate building", () => {
  for (const caSpec of specs) {
    for (const leafSpec of specs) {
      test(`${leafSpec.algorithm}-${leafSpec.size} leaf signed by ${caSpec.algorithm}-${caSpec.size} CA verifies with OpenSSL`, async () => {
        const ca = await makeCA(caSpec);
        const key = await generatePrivateKey(leafSpec);
        const csr = buildCsrPem({
          subject: { commonName: "app", organizations: ["Ünïcode Org"] },
          sans: {
            dnsNames: ["app.example"],
            ipAddresses: ["10.1.2.3", "2001:db8::1"],
            uris: ["spiffe://t/app"],
            emailAddresses: ["a@example.com"],
            otherNames: [],
          },
          usages: ["server auth", "client auth", "digital signature"],
          isCA: false,
          encodeUsages: true,
          key,
        });
        assert.ok("pem" in csr);
        const parsed = parseCsr(csr.pem);
        assert.ok(verifyCsrSignature(parsed));
        const der = signCertificate(
          {
            subjectRaw: parsed.subjectRaw,
            spki: parsed.spki,
            notBefore: new Date(),
            notAfter: new Date(Date.now() + 3600_000),
            sans: parsed.sans,
            sanCritical: false,
            keyUsage: parsed.keyUsage ?? [],
            extKeyUsage: parsed.extKeyUsage ?? [],
            isCA: false,
          },
          { subjectRaw: ca.parsed.subjectRaw, keyId: ca.parsed.subjectKeyId, key: ca.key },
        );
        const x = new X509Certificate(der);
        const caX = new X509Certificate(ca.der);
        assert.ok(x.verify(caX.publicKey));
        assert.ok(x.checkIssued(caX));
        assert.ok(x.checkPrivateKey(key));
        for (const part of [
          "DNS:app.example",
          "URI:spiffe://t/app",
          "IP Address:10.1.2.3",
          "email:a@example.com",
        ])
          assert.ok(x.subjectAltName?.includes(part), part);
        assert.match(x.subject, /CN=app/);
        assert.deepEqual(x.keyUsage, ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
        const p = parseCertificatesPem(certificatePem(der))[0]!;
        assert.deepEqual(p.sans.ipAddresses, ["10.1.2.3", "2001:db8::1"]);
        assert.equal(p.subject.organizations?.[0], "Ünïcode Org");
        assert.ok(isSignedBy(p, ca.key));
        assert.ok(isSelfSigned(ca.parsed));
        assert.equal(p.isCA, false);
      });
    }
  }

  test("literalSubject keeps its order and multi-valued RDNs", () => {
    const der = encodeLiteralName("CN=foo,O=Bar\\, Inc.+OU=x,C=DE");
    assert.ok(Buffer.isBuffer(der));
    assert.equal(typeof encodeLiteralName("nonsense"), "string");
  });

  test("literalSubject is read as the webhook reads it (go-ldap): escapes, ';', DC and UID, upper-case names", async () => {
    const key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
    const name = (dn: string): string => {
      const der = encodeLiteralName(dn);
      assert.ok(Buffer.isBuffer(der), `${dn}: ${String(der)}`);
      return new X509Certificate(
        signCertificate(
          {
            subjectRaw: der,
            spki: spkiDer(key),
            notBefore: new Date("2026-01-01T00:00:00Z"),
            notAfter: new Date("2026-02-01T00:00:00Z"),
            sans: emptySans(),
            sanCritical: false,
            keyUsage: [0],
            extKeyUsage: [],
            isCA: false,
          },
          { subjectRaw: der, key },
        ),
      ).subject;
    };
    assert.equal(name("CN=a\\2Cb,O=x"), "O=x\nCN=a\\,b");
    assert.equal(name("CN=a;O=b"), "O=b\nCN=a");
    assert.equal(name("UID=jane,DC=example,DC=com"), "DC=com\nDC=example\nUID=jane");
    assert.equal(encodeLiteralName("cn=lower"), 'unknown attribute type "cn"');
    assert.equal(encodeLiteralName("CN=a,"), "DN ended with incomplete type, value pair");
  });

  test("IP addresses format like Go", () => {
    assert.equal(bytesToIp(ipToBytes("2001:0db8:0000:0000:0000:0000:0000:0001")!), "2001:db8::1");
    assert.equal(canonicalIp("::ffff:10.0.0.1"), "10.0.0.1");
    assert.equal(canonicalIp("fe80::"), "fe80::");
    assert.equal(bytesToIp(ipToBytes("1:0:0:1:0:0:0:1")!), "1:0:0:1::1");
  });

  test("key encodings and spec matching", async () => {
    const rsa = await generatePrivateKey({ algorithm: "RSA", size: 2048 });
    const ec = await generatePrivateKey({ algorithm: "ECDSA", size: 384 });
    const ed = await generatePrivateKey({ algorithm: "Ed25519", size: 0 });
    assert.match(encodePrivateKeyPem(rsa, "PKCS1"), /BEGIN RSA PRIVATE KEY/);
    assert.match(encodePrivateKeyPem(ec, "PKCS1"), /BEGIN EC PRIVATE KEY/);
    assert.match(encodePrivateKeyPem(ed, "PKCS1"), /BEGIN PRIVATE KEY/);
    assert.match(encodePrivateKeyPem(rsa, "PKCS8"), /BEGIN PRIVATE KEY/);
    createPrivateKey(encodePrivateKeyPem(ec, "PKCS1"));
    assert.deepEqual(keyMismatches(ec, { algorithm: "ECDSA", size: 384 }), []);
    assert.deepEqual(keyMismatches(ec, { algorithm: "ECDSA", size: 256 }), ["spec.privateKey.size"]);
    assert.deepEqual(keyMismatches(rsa, { algorithm: "ECDSA", size: 256 }), ["spec.privateKey.algorithm"]);
    await assert.rejects(generatePrivateKey({ algorithm: "RSA", size: 1024 }), /between 2048 and 8192/);
  });
});
