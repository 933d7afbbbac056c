import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import { buildCsrPem, parseCsr } from "./csr.ts";
import { emptySans } from "./extensions.ts";
import { nameConstraintsExtension } from "./name-constraints.ts";
import { OID } from "./oids.ts";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

test("nameConstraints: Go's layout (DNS, IP with mask, email, URI), critical flag, bad CIDRs refused", () => {
  const ext = nameConstraintsExtension({
    critical: true,
    permitted: { dnsDomains: [".corp.example"], ipRanges: ["10.0.0.0/8"] },
    excluded: { ipRanges: ["2001:db8::/32"], emailAddresses: ["evil.example"], uriDomains: [".bad.example"] },
  });
  assert.ok(ext && typeof ext !== "string");
  assert.equal(ext.oid, OID.nameConstraints);
  assert.equal(ext.critical, true);
  // SEQUENCE { [0] { SEQ{[2] ".corp.example"} SEQ{[7] 0a000000 ff000000} } [1] { … } }
  const hex = ext.value.toString("hex");
  assert.ok(hex.startsWith("30"));
  assert.ok(hex.includes("a0"), "permitted subtrees");
  assert.ok(hex.includes("300a8708" + "0a000000" + "ff000000"), "IPv4 range as address + mask");
  assert.ok(hex.includes("8720" + "20010db8" + "00".repeat(12) + "ffffffff" + "00".repeat(12)), "IPv6 range");
  assert.equal(nameConstraintsExtension(undefined), undefined);
  assert.equal(nameConstraintsExtension({ critical: true, permitted: {} }), undefined);
  assert.equal(
    nameConstraintsExtension({ permitted: { ipRanges: ["10.0.0.0"] } }),
    "invalid CIDR address: 10.0.0.0",
  );
  assert.equal(
    nameConstraintsExtension({ permitted: { ipRanges: ["10.0.0.0/33"] } }),
    "invalid CIDR address: 10.0.0.0/33",
  );
  // Host bits are masked, as net.ParseCIDR does.
  const masked = nameConstraintsExtension({ permitted: { ipRanges: ["192.168.7.9/20"] } });
  assert.ok(masked && typeof masked !== "string");
  assert.ok(masked.value.toString("hex").includes("c0a80000fffff000"));
});

test(
  "a CA request carries the nameConstraints OpenSSL reads back; a leaf request does not",
  { skip: !hasOpenssl && "openssl not installed" },
  () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const nameConstraints = {
      critical: true,
      permitted: { dnsDomains: ["corp.example"], ipRanges: ["10.0.0.0/8"], emailAddresses: ["corp.example"] },
      excluded: { uriDomains: [".bad.example"] },
    };
    const base = {
      subject: { commonName: "sub CA" },
      sans: emptySans(),
      usages: [],
      encodeUsages: true,
      key: privateKey,
    };
    const ca = buildCsrPem({ ...base, isCA: true, nameConstraints });
    assert.ok("pem" in ca);
    const r = spawnSync("openssl", ["req", "-noout", "-text", "-verify"], {
      input: ca.pem,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const text = r.stdout.replace(/\s+/g, " ");
    assert.match(
      text,
      /X509v3 Name Constraints: critical Permitted: DNS:corp\.example IP:10\.0\.0\.0\/255\.0\.0\.0 email:corp\.example Excluded: URI:\.bad\.example/,
    );
    assert.ok(parseCsr(ca.pem).extensions.some((e) => e.oid === OID.nameConstraints));

    const leaf = buildCsrPem({ ...base, isCA: false, nameConstraints });
    assert.ok("pem" in leaf);
    assert.ok(!parseCsr(leaf.pem).extensions.some((e) => e.oid === OID.nameConstraints));
    assert.deepEqual(
      buildCsrPem({ ...base, isCA: true, nameConstraints: { permitted: { ipRanges: ["x/8"] } } }),
      {
        error: "invalid nameConstraints: invalid CIDR address: x/8",
      },
    );
  },
);
