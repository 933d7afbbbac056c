import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { load } from "js-yaml";
import { generateCrds, KINDS } from "../../api/schema/crds.ts";
import { validateObject } from "../../api/validation/validate-object.ts";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";

const SEED = new URL("../fixtures/seed/", import.meta.url);
type Obj = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
};

function seed(name: string): Obj {
  return load(readFileSync(new URL(name, SEED), "utf8")) as Obj;
}

function resourcePath(o: Obj): string {
  const def = KINDS.find((k) => `${k.group}/v1` === o.apiVersion && k.kind === o.kind);
  if (!def) throw new Error(`unknown kind ${o.apiVersion} ${o.kind}`);
  const ns = def.scope === "Namespaced" ? `/namespaces/${o.metadata.namespace ?? "default"}` : "";
  return `/apis/${def.group}/v1${ns}/${def.plural}`;
}

async function create(cp: ControlPlane, o: Obj): Promise<{ status: number; json: Record<string, unknown> }> {
  return cp.request("POST", `${resourcePath(o)}?fieldValidation=Strict`, o);
}

async function established(cp: ControlPlane, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await cp.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    const conds =
      (r.json["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (conds.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline)
      throw new Error(`CRD ${name} not Established within 30 s: ${JSON.stringify(conds)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the generated CRDs in a real kube-apiserver", () => {
  let cp: ControlPlane;

  before(async () => {
    cp = await startControlPlane();
    for (const crd of generateCrds()) {
      const r = await cp.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
      assert.equal(
        r.status,
        201,
        `CRD ${(crd["metadata"] as { name: string }).name} rejected: ${JSON.stringify(r.json["message"])}`,
      );
    }
    for (const crd of generateCrds()) await established(cp, (crd["metadata"] as { name: string }).name);
    await cp.request("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "backend" },
    });
  });
  after(async () => {
    await cp?.stop();
  });

  test("all six CRDs are established, structural, with names, short names and the status subresource", async () => {
    for (const def of KINDS) {
      const r = await cp.request(
        "GET",
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${def.plural}.${def.group}`,
      );
      const status = r.json["status"] as { conditions: { type: string; status: string; message?: string }[] };
      const nonStructural = status.conditions.find((c) => c.type === "NonStructuralSchema");
      assert.equal(nonStructural, undefined, `${def.kind}: ${nonStructural?.message}`);
      const spec = r.json["spec"] as {
        names: { shortNames?: string[] };
        versions: { subresources?: { status?: unknown } }[];
      };
      assert.deepEqual(spec.names.shortNames ?? [], def.shortNames);
      assert.ok(spec.versions[0]?.subresources?.status, `${def.kind} has a status subresource`);
    }
  });

  test("the seed's ClusterIssuers and Certificate are accepted by certflow and by the API server", async () => {
    for (const f of [
      "clusterissuer-letsencrypt-prod.yaml",
      "clusterissuer-internal-ca.yaml",
      "certificate-api-internal.yaml",
    ]) {
      const obj = seed(f);
      assert.deepEqual(validateObject(obj), [], `certflow accepts ${f}`);
      const r = await create(cp, obj);
      assert.equal(r.status, 201, `${f}: ${JSON.stringify(r.json["message"])}`);
      assert.ok(!("warnings" in r.json));
    }
  });

  test("the seed's dns01 route53 solver is accepted inside a ClusterIssuer", async () => {
    const fragment = load(readFileSync(new URL("solver-dns01-route53.yaml", SEED), "utf8")) as {
      solvers: unknown[];
    };
    const obj: Obj = {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "letsencrypt-dns" },
      spec: {
        acme: {
          server: "https://acme-v02.api.letsencrypt.org/directory",
          privateKeySecretRef: { name: "letsencrypt-dns-key" },
          solvers: fragment.solvers,
        },
      },
    };
    assert.deepEqual(validateObject(obj), []);
    const r = await create(cp, obj);
    assert.equal(r.status, 201, JSON.stringify(r.json["message"]));
    // preserve-unknown-fields objects keep their content (no pruning)
    const withConfig: Obj = {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "webhook-solver", namespace: "backend" },
      spec: {
        acme: {
          server: "https://acme.example/dir",
          privateKeySecretRef: { name: "k" },
          solvers: [
            {
              dns01: {
                webhook: { groupName: "acme.example.com", solverName: "x", config: { zone: "a", n: 1 } },
              },
            },
          ],
        },
      },
    };
    const w = await create(cp, withConfig);
    assert.equal(w.status, 201, JSON.stringify(w.json["message"]));
    const solvers = (w.json["spec"] as { acme: { solvers: { dns01: { webhook: { config: unknown } } }[] } })
      .acme.solvers;
    assert.deepEqual(solvers[0]?.dns01.webhook.config, { zone: "a", n: 1 });
  });

  test("printer columns are served as declared", async () => {
    const r = await cp.request(
      "GET",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io",
    );
    const v1 = (r.json["spec"] as { versions: { additionalPrinterColumns: { name: string }[] }[] })
      .versions[0];
    assert.deepEqual(
      v1?.additionalPrinterColumns.map((c) => c.name),
      ["Ready", "Secret", "Issuer", "Status", "Expiration", "Age"],
    );
  });

  const schemaCases: { name: string; obj: Obj }[] = [
    {
      name: "an enum violation",
      obj: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "bad-alg", namespace: "backend" },
        spec: {
          secretName: "s",
          issuerRef: { name: "internal-ca" },
          dnsNames: ["a"],
          privateKey: { algorithm: "DSA" },
        },
      },
    },
    {
      name: "a wrong type",
      obj: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "bad-type", namespace: "backend" },
        spec: { secretName: 42, issuerRef: { name: "internal-ca" }, dnsNames: ["a"] },
      },
    },
    {
      name: "a missing required field",
      obj: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "bad-missing", namespace: "backend" },
        spec: { issuerRef: { name: "internal-ca" }, dnsNames: ["a"] },
      },
    },
    {
      name: "a null list item",
      obj: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "bad-null", namespace: "backend" },
        spec: { secretName: "s", issuerRef: { name: "internal-ca" }, dnsNames: ["a", null] },
      },
    },
    {
      name: "a too long preferredChain",
      obj: {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "bad-chain" },
        spec: {
          acme: { server: "https://x", privateKeySecretRef: { name: "k" }, preferredChain: "x".repeat(65) },
        },
      },
    },
  ];
  for (const c of schemaCases) {
    test(`the API server and certflow report ${c.name} with the same text`, async () => {
      const ours = validateObject(c.obj);
      assert.equal(ours.length, 1, JSON.stringify(ours));
      const expected = `${ours[0]?.field}: ${ours[0]?.message}`;
      const r = await create(cp, c.obj);
      assert.equal(r.status, 422);
      assert.ok(
        String(r.json["message"]).includes(expected),
        `API server said ${JSON.stringify(r.json["message"])}; we say ${expected}`,
      );
    });
  }

  test("an unknown field is rejected under strict field validation, as certflow reports it", async () => {
    const obj: Obj = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "typo", namespace: "backend" },
      spec: { secretName: "s", secretname: "s", issuerRef: { name: "internal-ca" }, dnsNames: ["a"] },
    };
    const ours = validateObject(obj);
    assert.equal(ours[0]?.message, 'unknown field "spec.secretname"');
    const r = await create(cp, obj);
    assert.equal(r.status, 400);
    assert.match(String(r.json["message"]), /unknown field "spec\.secretname"/);
  });

  test("the venafi one-of rule is enforced by the API server (CEL)", async () => {
    const r = await create(cp, {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "venafi-none" },
      spec: { venafi: { zone: "z" } },
    });
    assert.equal(r.status, 422);
    assert.match(String(r.json["message"]), /exactly one of tpp, cloud, or ngts must be configured/);
  });
});
