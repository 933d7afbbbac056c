import assert from "node:assert/strict";
import { test } from "node:test";
import type { Certificate } from "../../../api/types.ts";
import { emptySans } from "../../../lib/pki/extensions.ts";
import type { Secret } from "../../context.ts";
import { desiredSecret, joinCsv, secretSatisfies } from "./secret.ts";

const cert: Certificate = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "web", namespace: "prod", uid: "0b30159a-0460-4808-b3ef-162f6e6da80a" },
  spec: {
    secretName: "web-tls",
    issuerRef: { name: "ca", kind: "ClusterIssuer" },
    dnsNames: ["a.example", "b.example"],
    secretTemplate: { labels: { team: "blue" }, annotations: { "cert-manager.io/x": "no", note: "yes" } },
  },
};
const leaf = {
  subject: { commonName: "a.example" },
  sans: { ...emptySans(), dnsNames: ["a.example", "b.example"] },
};

test("desired Secret: cert-manager's annotations win over secretTemplate, labels merged, fao label set", () => {
  const s = desiredSecret(cert, undefined, leaf, { chainPem: "", caPem: "" });
  assert.equal(s.metadata.annotations?.["note"], "yes");
  assert.equal(s.metadata.annotations?.["cert-manager.io/x"], undefined);
  assert.equal(s.metadata.annotations?.["cert-manager.io/alt-names"], "a.example,b.example");
  assert.deepEqual(s.metadata.labels, { team: "blue", "controller.cert-manager.io/fao": "true" });
  assert.equal(s.metadata.ownerReferences, undefined, "no owner reference unless asked for");
  assert.equal(joinCsv(["a,b", 'c"d', "e"]), '"a,b","c""d",e');
});

test("--enable-certificate-owner-ref: a controller reference to the Certificate, checked like SecretOwnerRefMismatch", () => {
  const want = desiredSecret(cert, undefined, leaf, { chainPem: "", caPem: "", ownerRef: true });
  assert.deepEqual(want.metadata.ownerReferences, [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      name: "web",
      uid: "0b30159a-0460-4808-b3ef-162f6e6da80a",
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  const without: Secret = { ...want, metadata: { ...want.metadata, ownerReferences: undefined } };
  assert.equal(secretSatisfies(without, want), false, "missing reference is repaired");
  assert.equal(secretSatisfies(want, want), true);
  const notController: Secret = {
    ...want,
    metadata: {
      ...want.metadata,
      ownerReferences: [{ ...want.metadata.ownerReferences![0]!, controller: false }],
    },
  };
  assert.equal(secretSatisfies(notController, want), false);
  const plain = desiredSecret(cert, undefined, leaf, { chainPem: "", caPem: "" });
  assert.equal(
    secretSatisfies(want, plain),
    true,
    "a reference left over when the flag is off is not a mismatch",
  );
});
