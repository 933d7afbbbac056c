import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateObject } from "./validate-object.ts";

const DNS_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function cert(spec: Record<string, unknown>, base = true): Record<string, unknown> {
  const b = base ? { secretName: "tls", issuerRef: { name: "ca" }, dnsNames: ["a.example.com"] } : {};
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "c", namespace: "ns" },
    spec: { ...b, ...spec },
  };
}

/** [case name, spec overrides, expected `field: message` lines (errors and warnings)] */
const cases: [string, Record<string, unknown>, string[]][] = [
  ["a minimal valid Certificate", {}, []],
  ["1 secretName empty", { secretName: "" }, ["spec.secretName: Required value: must be specified"]],
  [
    "2 secretName not a DNS subdomain",
    { secretName: "Bad_Name" },
    [`spec.secretName: Invalid value: "Bad_Name": ${DNS_MSG}`],
  ],
  [
    "3 issuerRef.name empty",
    { issuerRef: { name: "" } },
    ["spec.issuerRef.name: Required value: must be specified"],
  ],
  [
    "4 unknown kind without group gets the group hint",
    { issuerRef: { name: "x", kind: "AWSPCAIssuer" } },
    [
      'spec.issuerRef.kind: Invalid value: "AWSPCAIssuer": must be one of Issuer or ClusterIssuer (did you forget to set spec.issuerRef.kind.group?)',
    ],
  ],
  [
    "4 unknown kind with the cert-manager group has no hint",
    { issuerRef: { name: "x", kind: "Foo", group: "cert-manager.io" } },
    ['spec.issuerRef.kind: Invalid value: "Foo": must be one of Issuer or ClusterIssuer'],
  ],
  [
    "4 external issuer groups are not checked",
    { issuerRef: { name: "x", kind: "AWSPCAIssuer", group: "awspca.cert-manager.io" } },
    [],
  ],
  [
    "5 literalSubject is allowed (gate on by default)",
    { dnsNames: undefined, literalSubject: "CN=foo,O=bar" },
    [],
  ],
  [
    "6 literalSubject excludes commonName",
    { literalSubject: "O=bar", commonName: "x" },
    [
      'spec.commonName: Invalid value: "x": When providing a `LiteralSubject` no `commonName` may be provided.',
    ],
  ],
  [
    "7 literalSubject excludes subject",
    { literalSubject: "O=bar", subject: { organizations: ["o"] } },
    [
      'spec.subject: Invalid value: certmanager.X509Subject{Organizations:[]string{"o"}, Countries:[]string(nil), OrganizationalUnits:[]string(nil), Localities:[]string(nil), Provinces:[]string(nil), StreetAddresses:[]string(nil), PostalCodes:[]string(nil), SerialNumber:""}: When providing a `LiteralSubject` no `Subject` properties may be provided.',
    ],
  ],
  [
    "7 an empty list and a serialNumber print as Go prints them",
    { literalSubject: "CN=x", subject: { organizations: [], serialNumber: "42" } },
    [
      'spec.subject: Invalid value: certmanager.X509Subject{Organizations:[]string{}, Countries:[]string(nil), OrganizationalUnits:[]string(nil), Localities:[]string(nil), Provinces:[]string(nil), StreetAddresses:[]string(nil), PostalCodes:[]string(nil), SerialNumber:"42"}: When providing a `LiteralSubject` no `Subject` properties may be provided.',
    ],
  ],
  [
    "8 literalSubject must parse",
    { literalSubject: "CN" },
    ['spec.literalSubject: Invalid value: "CN": DN ended with incomplete type, value pair'],
  ],
  ...(
    [
      ["CN=a,,O=b", "incomplete type, value pair"],
      ["=a", "DN ended with incomplete type, value pair"],
      ["CN=a\\", "got corrupted escaped character: 'a\\'"],
      ["CN=a\\4", "failed to decode escaped character: encoding/hex: invalid byte: 4"],
      ["CN=a\\zz,O=b", "failed to decode escaped character: encoding/hex: invalid byte: U+007A 'z'"],
      ["CN=#0g", "failed to decode BER encoding: encoding/hex: invalid byte: U+0067 'g'"],
      ["CN=#041", "failed to decode BER encoding: encoding/hex: odd length hex string"],
      ["CN=#04", "failed to unmarshal hex-encoded string: asn1: syntax error: data truncated"],
      ["CN=#0c0161ff", "trailing data after unmarshalling hex-encoded string"],
    ] as const
  ).map(([dn, err]): [string, Record<string, unknown>, string[]] => [
    `8 literalSubject parse error (go-ldap ParseDN): ${err}`,
    { literalSubject: dn },
    [`spec.literalSubject: Invalid value: ${JSON.stringify(dn)}: ${err}`],
  ]),
  [
    "10 attribute names are case-sensitive (cn is not CN)",
    { literalSubject: "cn=foo" },
    [
      'spec.literalSubject: Invalid value: "cn=foo": Literal subject contains unrecognized key with value [foo]',
    ],
  ],
  ["10 a dotted OID attribute type is recognised", { literalSubject: "1.2.840.113549.1.9.1=a,CN=x" }, []],
  [
    "10 unrecognized keys are reported in RDNSequence order (the string reversed)",
    { literalSubject: "FOO=a,BAR=b" },
    [
      'spec.literalSubject: Invalid value: "FOO=a,BAR=b": Literal subject contains unrecognized key with value [b]',
      'spec.literalSubject: Invalid value: "FOO=a,BAR=b": Literal subject contains unrecognized key with value [a]',
    ],
  ],
  [
    "12 the first CN written is the one cert-manager keeps (RDNSequence is reversed)",
    { literalSubject: `CN=${"a".repeat(65)},CN=short` },
    ["spec.commonName: Too long: may not be more than 64 bytes"],
  ],
  ["12 a long later CN is not the one kept", { literalSubject: `CN=short,CN=${"a".repeat(65)}` }, []],
  ["8 a hex-encoded value decodes to its content", { dnsNames: [], literalSubject: "CN=#0c03616263" }, []],
  [
    "10 literalSubject with an unknown attribute",
    { literalSubject: "FOO=bar,CN=x" },
    [
      'spec.literalSubject: Invalid value: "FOO=bar,CN=x": Literal subject contains unrecognized key with value [bar]',
    ],
  ],
  [
    "11 at least one identity",
    { dnsNames: [] },
    [
      'spec: Invalid value: "": at least one of commonName (from the commonName field or from a literalSubject), dnsNames, emailSANs, ipAddresses, otherNames, or uriSANs must be set',
    ],
  ],
  ["11 a CN from literalSubject counts as identity", { dnsNames: [], literalSubject: "CN=foo" }, []],
  [
    "12 commonName longer than 64 bytes",
    { commonName: "x".repeat(65) },
    ["spec.commonName: Too long: may not be more than 64 bytes"],
  ],
  [
    "13 invalid IP address",
    { ipAddresses: ["10.0.0.1", "1.2.3"] },
    ['spec.ipAddresses[1]: Invalid value: "1.2.3": invalid IP address'],
  ],
  [
    "14 email without @",
    { emailAddresses: ["foo"] },
    [
      "spec.emailAddresses[0]: Invalid value: \"foo\": invalid email address: mail: missing '@' or angle-addr",
    ],
  ],
  [
    "14 email with a display name",
    { emailAddresses: ["Foo <a@example.com>"] },
    [
      'spec.emailAddresses[0]: Invalid value: "Foo <a@example.com>": invalid email address: make sure the supplied value only contains the email address itself',
    ],
  ],
  ...(
    [
      ["Foo Bar", "mail: no angle-addr"],
      ["", "mail: no address"],
      ["a@b@c.com", 'mail: expected single address, got "@c.com"'],
      ["<a@example.com", "mail: unclosed angle-addr"],
      ["@example.com", "mail: missing word in phrase: mail: invalid string"],
      ["a@example.com x", 'mail: expected single address, got "x"'],
      ["a@[foo]", "mail: missing '@' or angle-addr"],
      [
        '"a\u0001"@example.com',
        "mail: missing word in phrase: mail: bad character in quoted-string: '\\x01'",
      ],
      ["g: a@example.com, b@example.com;", "mail: group with multiple addresses"],
      ["g: ;", "mail: empty group"],
      [
        "=?x-unknown?Q?a?= <a@example.com>",
        'mail: missing word in phrase: charset not supported: "x-unknown"',
      ],
    ] as const
  ).map(([addr, err]): [string, Record<string, unknown>, string[]] => [
    `14 email parse error (Go net/mail): ${err}`,
    { emailAddresses: [addr] },
    [
      `spec.emailAddresses[0]: Invalid value: ${JSON.stringify(addr).replace("\\u0001", "\\x01")}: invalid email address: ${err}`,
    ],
  ]),
  [
    "14 email with a trailing comment parses to the bare address, which differs from the value",
    { emailAddresses: ["a@example.com (Alice)"] },
    [
      'spec.emailAddresses[0]: Invalid value: "a@example.com (Alice)": invalid email address: make sure the supplied value only contains the email address itself',
    ],
  ],
  ["14 email with an IP domain literal is valid", { emailAddresses: ["a@[192.0.2.1]"] }, []],
  [
    "16 otherName without oid",
    { otherNames: [{ utf8Value: "v" }] },
    [
      "spec.otherNames[0].oid: Required value: must be specified",
      'spec.otherNames[0].oid: Invalid value: "": invalid oid syntax',
    ],
  ],
  [
    "16 otherName with a bad oid",
    { otherNames: [{ oid: "1.x", utf8Value: "v" }] },
    ['spec.otherNames[0].oid: Invalid value: "1.x": invalid oid syntax'],
  ],
  [
    "17 otherName without value",
    { otherNames: [{ oid: "1.3.6.1.4.1.311.20.2.3" }] },
    ["spec.otherNames[0].utf8Value: Required value: must be set to a valid non-empty UTF8 string"],
  ],
  [
    "18 RSA size below 2048",
    { privateKey: { size: 1024 } },
    ["spec.privateKey.size: Invalid value: 1024: must be between 2048 and 8192 for rsa keyAlgorithm"],
  ],
  ["18 any RSA size in range is accepted (quirk)", { privateKey: { algorithm: "RSA", size: 3000 } }, []],
  [
    "19 ECDSA size not a curve",
    { privateKey: { algorithm: "ECDSA", size: 300 } },
    ['spec.privateKey.size: Unsupported value: 300: supported values: "256", "384", "521"'],
  ],
  [
    "20 unknown algorithm is stopped by the CRD enum before the webhook",
    { privateKey: { algorithm: "DSA" } },
    ['spec.privateKey.algorithm: Unsupported value: "DSA": supported values: "RSA", "ECDSA", "Ed25519"'],
  ],
  [
    "21 signature algorithm must fit the key algorithm",
    { privateKey: { algorithm: "ECDSA" }, signatureAlgorithm: "SHA256WithRSA" },
    [
      'spec.signatureAlgorithm: Invalid value: "SHA256WithRSA": for key algorithm ECDSA the allowed signature algorithms are [ECDSAWithSHA256 ECDSAWithSHA384 ECDSAWithSHA512]',
    ],
  ],
  [
    "21 the key algorithm defaults to RSA",
    { signatureAlgorithm: "PureEd25519" },
    [
      'spec.signatureAlgorithm: Invalid value: "PureEd25519": for key algorithm RSA the allowed signature algorithms are [SHA256WithRSA SHA384WithRSA SHA512WithRSA]',
    ],
  ],
  [
    "22 duration below 1h",
    { duration: "30m" },
    ["spec.duration: Invalid value: 30m0s: certificate duration must be greater than 1h0m0s"],
  ],
  [
    "23 renewBefore and renewBeforePercentage together",
    { renewBefore: "10m", renewBeforePercentage: 50 },
    [
      "spec.renewBefore: Invalid value: 10m0s: renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set",
      "spec.renewBeforePercentage: Invalid value: 50: renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set",
    ],
  ],
  [
    "24 renewBefore below 5m",
    { renewBefore: "1m" },
    ["spec.renewBefore: Invalid value: 1m0s: certificate renewBefore must be greater than 5m0s"],
  ],
  [
    "25 renewBefore not below the (default) duration",
    { renewBefore: "3000h" },
    [
      "spec.renewBefore: Invalid value: 3000h0m0s: certificate duration 2160h0m0s must be greater than renewBefore 3000h0m0s",
    ],
  ],
  [
    "26 percentage leaving less than 5m",
    { duration: "1h", renewBeforePercentage: 95 },
    [
      "spec.renewBeforePercentage: Invalid value: 95: certificate renewBeforePercentage must result in a renewBefore greater than 5m0s",
    ],
  ],
  [
    "27 percentage 0 gives renewBefore = duration",
    { duration: "24h", renewBeforePercentage: 0 },
    [
      "spec.renewBeforePercentage: Invalid value: 0: certificate renewBeforePercentage must result in a renewBefore less than duration",
    ],
  ],
  [
    "22-27 quirk: percentage is not checked without duration or renewBefore",
    { renewBeforePercentage: 0 },
    [],
  ],
  ["seed: 2160h with renewBefore 360h", { duration: "2160h", renewBefore: "360h" }, []],
  [
    "28 unknown usage is stopped by the CRD enum",
    { usages: ["server auth", "bogus"] },
    [
      'spec.usages[1]: Unsupported value: "bogus": supported values: "signing", "digital signature", "content commitment", "key encipherment", "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any", "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc"',
    ],
  ],
  [
    "a null list item is a type error (CRD)",
    { dnsNames: ["a.example.com", null] },
    ['spec.dnsNames[1]: Invalid value: "null": spec.dnsNames[1] in body must be of type string: "null"'],
  ],
  [
    "null fields are pruned like the API server does",
    { commonName: null, privateKey: null, duration: null },
    [],
  ],
  [
    "29 revisionHistoryLimit below 1",
    { revisionHistoryLimit: 0 },
    ["spec.revisionHistoryLimit: Invalid value: 0: must not be less than 1"],
  ],
  [
    "30 secretTemplate label value invalid",
    { secretTemplate: { labels: { app: "-bad" } } },
    [
      "spec.secretTemplate.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    "31 cert-manager.io annotations are not allowed on the Secret",
    {
      secretTemplate: {
        annotations: { "cert-manager.io/foo": "x", "cert-manager.io/allow-direct-injection": "true" },
      },
    },
    [
      'spec.secretTemplate.annotations: Invalid value: "cert-manager.io/foo": cert-manager.io/* annotations are not allowed',
    ],
  ],
  [
    "33 nameConstraints need isCA",
    { nameConstraints: { permitted: { dnsDomains: ["example.com"] } } },
    [
      "spec.nameConstraints: Invalid value: &certmanager.NameConstraints{...}: isCA should be true when nameConstraints is set",
    ],
  ],
  [
    "34 nameConstraints need permitted or excluded",
    { isCA: true, nameConstraints: { critical: true } },
    [
      "spec.nameConstraints: Invalid value: &certmanager.NameConstraints{...}: either permitted or excluded must be set",
    ],
  ],
  [
    "35 nameConstraints ipRanges must be CIDRs",
    { isCA: true, nameConstraints: { excluded: { ipRanges: ["10.0.0.0/8", "10.0.0.1"] } } },
    ['spec.nameConstraints.excluded.ipRanges[1]: Invalid value: "10.0.0.1": invalid CIDR address'],
  ],
  [
    "36 additionalOutputFormats unique by type",
    { additionalOutputFormats: [{ type: "DER" }, { type: "CombinedPEM" }, { type: "DER" }] },
    ['spec.additionalOutputFormats[type]: Duplicate value: "DER"'],
  ],
  [
    "37 JKS with both passwords",
    { keystores: { jks: { create: true, password: "p", passwordSecretRef: { name: "s", key: "k" } } } },
    [
      "spec.keystores.jks: Forbidden: exactly one of passwordSecretRef and password must be provided for JKS keystores; cannot set both",
    ],
  ],
  [
    "38 JKS without password",
    { keystores: { jks: { create: true } } },
    [
      "spec.keystores.jks: Forbidden: must set exactly one of passwordSecretRef and password must for JKS keystores",
    ],
  ],
  [
    "39 JKS empty literal password",
    { keystores: { jks: { create: true, password: "" } } },
    ["spec.keystores.jks.password: Forbidden: literal password cannot be empty if set on JKS keystores"],
  ],
  [
    "40 PKCS#12 without password",
    { keystores: { pkcs12: { create: true } } },
    [
      "spec.keystores.pkcs12: Forbidden: must set exactly one of passwordSecretRef and password must for PKCS#12 keystores",
    ],
  ],
  [
    "41 renewal policy outside the CRD enum",
    { renewal: { policy: "Sometimes" } },
    ['spec.renewal.policy: Unsupported value: "Sometimes": supported values: "RenewBefore", "Disabled"'],
  ],
  [
    "42 Disabled forbids windows",
    { renewal: { policy: "Disabled", windows: [{ cron: "0 0 * * *", windowDuration: "1h" }] } },
    ["spec.renewal.windows: Forbidden: windows cannot be set when `renewal.policy` is set to Disabled"],
  ],
  [
    "43 windowDuration is required (by the CRD)",
    { renewal: { windows: [{ cron: "0 0 * * *" }] } },
    ["spec.renewal.windows[0].windowDuration: Required value"],
  ],
  [
    "44 timezone must be IANA",
    { renewal: { windows: [{ cron: "0 0 * * *", windowDuration: "1h", timezone: "Mars/Base" }] } },
    [
      'spec.renewal.windows[0].timezone: Invalid value: "Mars/Base": invalid value for timezone. timezone must be IANA compliant',
    ],
  ],
  [
    "45 cron must parse",
    { renewal: { windows: [{ cron: "0 0 * *", windowDuration: "1h" }] } },
    [
      'spec.renewal.windows[0].cron: Invalid value: "0 0 * *": invalid cron syntax: expected exactly 5 fields, found 4: [0 0 * *]. cron needs to follow: cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow',
    ],
  ],
  [
    "45 a valid window",
    {
      renewal: {
        policy: "RenewBefore",
        windows: [{ cron: "0 2 * * MON-FRI", windowDuration: "2h", timezone: "Europe/Berlin" }],
      },
    },
    [],
  ],
];

describe("Certificate: the webhook's rules (inventory §2.4)", () => {
  for (const [name, spec, expected] of cases) {
    test(name, () => {
      const got = validateObject(cert(spec)).map(
        (f) => `${f.field === "" ? "" : `${f.field}: `}${f.message}`,
      );
      assert.deepEqual(got, expected);
    });
  }

  test("every finding names the object", () => {
    const [f] = validateObject(cert({ secretName: "" }));
    assert.equal(f?.kind, "Certificate");
    assert.equal(f?.namespace, "ns");
    assert.equal(f?.name, "c");
    assert.equal(f?.severity, "error");
  });
});
