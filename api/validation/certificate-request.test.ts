import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeCSR } from "../testdata/csr.ts";
import type { CertificateRequestSpec } from "../types.ts";
import { renderFieldError } from "../field.ts";
import { validateCertificateRequestSpec } from "./certificate-request.ts";
import { validateObject } from "./validate-object.ts";

const DEFAULT_KU = ["digital signature", "key encipherment"];
const GOOD = makeCSR({ keyUsages: DEFAULT_KU });
const KU_ONLY_DS = makeCSR({ keyUsages: ["digital signature"] });
const EKU_SERVER = makeCSR({ keyUsages: DEFAULT_KU, extKeyUsages: ["server auth"] });
const BC_CA = makeCSR({ basicConstraintsCA: true });
const HELLO = Buffer.from("hello").toString("base64");

/** The webhook prints spec.request as Go's `%#v` of the decoded []byte. */
function goBytes(base64: string): string {
  return `[]byte{${Array.from(Buffer.from(base64, "base64"), (b) => `0x${b.toString(16)}`).join(", ")}}`;
}

function cr(
  spec: Record<string, unknown>,
  status?: Record<string, unknown>,
  annotations?: Record<string, string>,
): Record<string, unknown> {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name: "r", namespace: "ns", ...(annotations ? { annotations } : {}) },
    spec: { issuerRef: { name: "ca" }, request: GOOD, ...spec },
    ...(status ? { status } : {}),
  };
}
const lines = (fs: { field: string; message: string }[]): string[] =>
  fs.map((f) => `${f.field}: ${f.message}`);

const createCases: [string, Record<string, unknown>, string[], Record<string, unknown>?][] = [
  ["a CSR with the default usages", {}, []],
  ["a CSR without usage extensions is not compared", { request: makeCSR(), usages: ["server auth"] }, []],
  [
    "issuerRef rules are shared with Certificate",
    { issuerRef: { name: "", kind: "Bogus" } },
    [
      "spec.issuerRef.name: Required value: must be specified",
      'spec.issuerRef.kind: Invalid value: "Bogus": must be one of Issuer or ClusterIssuer (did you forget to set spec.issuerRef.kind.group?)',
    ],
  ],
  ["request empty", { request: "" }, ["spec.request: Required value: must be specified"]],
  [
    "request not base64 (CRD format byte)",
    { request: "not base64!" },
    ['spec.request: Invalid value: "not base64!": spec.request in body must be of type byte: "not base64!"'],
  ],
  [
    "request not a PEM CSR",
    { request: HELLO },
    [
      "spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f}: error decoding certificate request PEM block: no PEM data was found in given input",
    ],
  ],
  [
    "CSR with a bad signature",
    { request: makeCSR({ corruptSignature: true }) },
    ["spec.request: Invalid value: PLACEHOLDER"],
  ],
  [
    "CSR key usages differ from the (default) usages",
    { request: KU_ONLY_DS },
    [
      `spec.request: Invalid value: ${goBytes(KU_ONLY_DS)}: encoded CSR error: the KeyUsages [ 'digital signature' ] do not match the expected KeyUsages [ 'digital signature', 'key encipherment' ]`,
    ],
  ],
  [
    "CSR ext key usages differ from spec.usages",
    {
      request: EKU_SERVER,
      usages: ["signing", "key encipherment", "server auth", "client auth"],
    },
    [
      `spec.request: Invalid value: ${goBytes(EKU_SERVER)}: encoded CSR error: the ExtKeyUsages [ 'server auth' ] do not match the expected ExtKeyUsages [ 'server auth', 'client auth' ]`,
    ],
  ],
  [
    "isCA adds cert sign to the expected usages",
    { request: makeCSR({ keyUsages: [...DEFAULT_KU, "cert sign"], basicConstraintsCA: true }), isCA: true },
    [],
  ],
  [
    "CSR basic constraints must match isCA",
    { request: BC_CA },
    [
      `spec.request: Invalid value: ${goBytes(BC_CA)}: encoded CSR error: IsCA true does not match expected value false`,
    ],
  ],
  [
    "two Approved conditions",
    {},
    ['status.conditions: Forbidden: multiple "Approved" conditions present'],
    {
      conditions: [
        { type: "Approved", status: "True" },
        { type: "Approved", status: "True" },
      ],
    },
  ],
  [
    "Approved must be True",
    {},
    ['status.conditions.Approved: Invalid value: "False": "Approved" condition may only be set to True'],
    { conditions: [{ type: "Approved", status: "False" }] },
  ],
  [
    "Approved and Denied together",
    {},
    ["status.conditions: Forbidden: both 'Denied' and 'Approved' conditions cannot coexist"],
    {
      conditions: [
        { type: "Approved", status: "True" },
        { type: "Denied", status: "True" },
      ],
    },
  ],
];

describe("CertificateRequest: the webhook's rules (inventory §2.5)", () => {
  for (const [name, spec, expected, status] of createCases) {
    test(`CREATE: ${name}`, () => {
      const got = lines(validateObject(cr(spec, status)));
      if (expected[0]?.endsWith("PLACEHOLDER")) {
        assert.equal(got.length, 1);
        assert.match(
          got[0] ?? "",
          /^spec\.request: Invalid value: \[\]byte\{0x2d, [0-9a-fx, ]+\}: x509: ECDSA verification failure$/,
        );
      } else assert.deepEqual(got, expected);
    });
  }

  test("UPDATE: spec is immutable", () => {
    const old = cr({});
    const got = lines(validateObject(cr({ duration: "1h" }), { oldObject: old }));
    assert.deepEqual(got, ["spec: Forbidden: cannot change spec after creation"]);
  });

  test("UPDATE: cert-manager annotations are immutable, others are not", () => {
    const old = cr({}, undefined, { "cert-manager.io/certificate-name": "a", "example.com/x": "1" });
    const next = cr({}, undefined, {
      "cert-manager.io/certificate-name": "b",
      "example.com/x": "2",
      "acme.cert-manager.io/y": "z",
    });
    assert.deepEqual(lines(validateObject(next, { oldObject: old })), [
      "metadata.annotations.cert-manager.io/certificate-name: Forbidden: cannot change cert-manager annotation after creation",
      "metadata.annotations.cert-manager.io/certificate-name: Forbidden: cannot change cert-manager annotation after creation",
      "metadata.annotations.acme.cert-manager.io/y: Forbidden: cannot change cert-manager annotation after creation",
    ]);
  });

  test("UPDATE: an Approved condition may not change once set", () => {
    const old = cr({}, { conditions: [{ type: "Approved", status: "True", reason: "a" }] });
    const next = cr({}, { conditions: [{ type: "Approved", status: "True", reason: "b" }] });
    assert.deepEqual(lines(validateObject(next, { oldObject: old })), [
      "status.conditions: Forbidden: 'Approved' condition may not be modified once set",
    ]);
  });

  test("UPDATE: adding Approved to a request without it is fine", () => {
    const old = cr({});
    const next = cr({}, { conditions: [{ type: "Approved", status: "True", reason: "cert-manager.io" }] });
    assert.deepEqual(validateObject(next, { oldObject: old }), []);
  });

  test("identity: on CREATE the spec must carry the requester's identity", () => {
    const user = { username: "alice", uid: "u1", groups: ["dev", "system:authenticated"] };
    const ok = cr({ username: "alice", uid: "u1", groups: ["system:authenticated", "dev"] });
    assert.deepEqual(validateObject(ok, { userInfo: user }), []);
    const forged = cr({ username: "bob", uid: "u1", groups: ["dev"] });
    assert.deepEqual(lines(validateObject(forged, { userInfo: user })), [
      "spec.username: Forbidden: username identity must be that of the requester",
      "spec.groups: Forbidden: groups identity must be that of the requester",
    ]);
  });

  test("identity: on UPDATE it may not change", () => {
    const old = cr({ username: "alice", uid: "u1" });
    const next = cr({ username: "mallory", uid: "u1" });
    assert.deepEqual(lines(validateObject(next, { oldObject: old, userInfo: { username: "mallory" } })), [
      "spec.username: Forbidden: username identity cannot be changed once set",
      "spec: Forbidden: cannot change spec after creation",
    ]);
  });
});

describe("CertificateRequest: request and usages texts as cert-manager prints them", () => {
  const spec = (s: Record<string, unknown>): Record<string, unknown> => ({ issuerRef: { name: "ca" }, ...s });
  const rows: [string, Record<string, unknown>, string[]][] = [
    [
      "unknown usages print the whole internal slice as Go's %#v",
      { request: GOOD, usages: ["digital signature", "bogus", "worse"] },
      [
        'spec.usages: Invalid value: []certmanager.KeyUsage{"digital signature", "bogus", "worse"}: unknown key usages: [bogus worse]',
      ],
    ],
    [
      "an empty request is reported before unknown usages (and alone)",
      { request: "", usages: ["bogus"] },
      ["spec.request: Required value: must be specified"],
    ],
    [
      "a request above cert-manager's PEM size cap",
      { request: Buffer.alloc(36501, 0x41).toString("base64") },
      [
        `spec.request: Invalid value: []byte{${Array(36501).fill("0x41").join(", ")}}: error decoding certificate request PEM block: provided PEM data was larger than the maximum 36500B`,
      ],
    ],
  ];
  for (const [name, s, expected] of rows) {
    test(name, () => {
      const got = validateCertificateRequestSpec(spec(s) as unknown as CertificateRequestSpec).map(
        renderFieldError,
      );
      assert.deepEqual(got, expected);
    });
  }
});
