import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateObject } from "./validate-object.ts";

const REQ = Buffer.from("csr").toString("base64");
function order(spec: Record<string, unknown>, status?: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "acme.cert-manager.io/v1",
    kind: "Order",
    metadata: { name: "o", namespace: "ns" },
    spec: {
      request: REQ,
      issuerRef: { name: "le", kind: "ClusterIssuer" },
      dnsNames: ["a.example.com"],
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}
const AUTHZ = {
  url: "https://acme/authz/1",
  identifier: "a.example.com",
  wildcard: false,
  initialState: "pending",
  challenges: [{ url: "https://acme/chall/1", type: "http-01", token: "t1" }],
};
const lines = (fs: { field: string; message: string }[]): string[] =>
  fs.map((f) => `${f.field}: ${f.message}`);

describe("Order and Challenge: immutability on UPDATE (inventory §2.7)", () => {
  test("CREATE has no webhook rules", () => {
    assert.deepEqual(validateObject(order({})), []);
  });

  test("fields set once may be filled in but not changed", () => {
    const old = order({}, { url: "https://acme/order/1", authorizations: [AUTHZ] });
    assert.deepEqual(
      validateObject(
        order({}, { url: "https://acme/order/1", finalizeURL: "https://acme/fin", authorizations: [AUTHZ] }),
        { oldObject: old },
      ),
      [],
    );
    const changed = order(
      { request: Buffer.from("other").toString("base64") },
      {
        url: "https://acme/order/2",
        authorizations: [
          { ...AUTHZ, identifier: "b.example.com", challenges: [{ ...AUTHZ.challenges[0], token: "t2" }] },
        ],
      },
    );
    assert.deepEqual(lines(validateObject(changed, { oldObject: old })), [
      "spec.request: Forbidden: field is immutable once set",
      "status.url: Forbidden: field is immutable once set",
      "status.authorizations[0].identifier: Forbidden: field is immutable once set",
      "status.authorizations[0].challenges[0].token: Forbidden: field is immutable once set",
    ]);
  });

  test("the number of authorizations may not change", () => {
    const old = order({}, { authorizations: [AUTHZ] });
    assert.deepEqual(
      lines(validateObject(order({}, { authorizations: [AUTHZ, AUTHZ] }), { oldObject: old })),
      ["status.authorizations: Forbidden: field is immutable once set"],
    );
  });

  const challenge = (token: string): Record<string, unknown> => ({
    apiVersion: "acme.cert-manager.io/v1",
    kind: "Challenge",
    metadata: { name: "c", namespace: "ns" },
    spec: {
      url: "https://acme/chall/1",
      authorizationURL: "https://acme/authz/1",
      dnsName: "a.example.com",
      type: "HTTP-01",
      token,
      key: `${token}.thumb`,
      solver: { http01: { ingress: {} } },
      issuerRef: { name: "le", kind: "ClusterIssuer" },
    },
  });

  test("a Challenge's spec is immutable", () => {
    assert.deepEqual(validateObject(challenge("t")), []);
    assert.deepEqual(validateObject(challenge("t"), { oldObject: challenge("t") }), []);
    assert.deepEqual(lines(validateObject(challenge("u"), { oldObject: challenge("t") })), [
      "spec: Forbidden: challenge spec is immutable after creation",
    ]);
  });
});
