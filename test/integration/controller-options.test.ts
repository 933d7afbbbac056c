/**
 * Controller options against a real kube-apiserver + etcd, with a controller run as a policy
 * engine deployment would: the built-in approver off (requests wait for an outside approval) and
 * --enable-certificate-owner-ref on. Covers issue-temporary-certificate while a request waits,
 * and owner references on Secrets.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { CertificateRequest } from "../../api/types.ts";
import { startController, type RunningController } from "../../controller/index.ts";
import { KubeClient, type KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import {
  applyObject,
  certificate,
  ensureNamespace,
  getCert,
  installCrds,
  until,
  waitReady,
} from "./controller-support.ts";

describe("controller with the approver off and --enable-certificate-owner-ref", () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let ctl: RunningController;
  const stop = new AbortController();

  before(async () => {
    cp = await startControlPlane();
    client = await KubeClient.create(cp.kubeConfig);
    await installCrds(client);
    await ensureNamespace(client, "owned");
    await applyObject(client, RT.issuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "self", namespace: "owned" },
      spec: { selfSigned: {} },
    } as KubeObject);
    ctl = await startController({
      kubeConfig: cp.kubeConfig,
      signal: stop.signal,
      enableCertificateOwnerRef: true,
      approver: false,
      minBackoffMs: 2000,
      maxBackoffMs: 4000,
    });
  });

  after(async () => {
    stop.abort();
    await ctl?.stopped;
    client?.close();
    await cp?.stop();
  });

  /** Approves every waiting request of the namespace, as an outside approver would. */
  const approveAll = async (ns: string): Promise<number> => {
    const { items } = await client.request<{ items: CertificateRequest[] }>(
      "GET",
      `/apis/cert-manager.io/v1/namespaces/${ns}/certificaterequests`,
    );
    let n = 0;
    for (const cr of items) {
      if (cr.status?.conditions?.some((c) => c.type === "Approved")) continue;
      await client.apply(
        RT.certificateRequests,
        {
          apiVersion: "cert-manager.io/v1",
          kind: "CertificateRequest",
          metadata: { name: cr.metadata.name, namespace: ns },
          status: {
            conditions: [
              {
                type: "Approved",
                status: "True",
                reason: "policy.example",
                message: "approved by the test",
                lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
              },
            ],
          },
        } as KubeObject,
        "test-approver",
        "status",
      );
      n++;
    }
    return n;
  };
  const tlsCrt = async (ns: string, name: string): Promise<X509Certificate | undefined> => {
    const s = await client
      .get<KubeObject & { data?: Record<string, string> }>(RT.secrets, ns, name)
      .catch(() => undefined);
    const crt = s?.data?.["tls.crt"];
    return crt ? new X509Certificate(Buffer.from(crt, "base64")) : undefined;
  };

  test("issue-temporary-certificate: a placeholder while the request waits for approval, then the real certificate", async () => {
    await applyObject(client, RT.certificates, {
      ...certificate("owned", "early", {
        secretName: "early-tls",
        issuerRef: { name: "self" },
        commonName: "early.owned.svc",
        dnsNames: ["early.owned.svc"],
      }),
      metadata: {
        name: "early",
        namespace: "owned",
        annotations: { "cert-manager.io/issue-temporary-certificate": "true" },
      },
    });
    const temp = await until("temporary certificate", 15_000, async () => {
      const c = await tlsCrt("owned", "early-tls");
      return c?.issuer.includes("cert-manager.local") ? c : undefined;
    });
    assert.match(temp.subject, /serialNumber=1234567890/);
    assert.equal(temp.subjectAltName, "DNS:early.owned.svc");
    const pending = await until("Ready=False TemporaryCertificate", 15_000, async () => {
      const c = await getCert(client, "owned", "early");
      const r = c?.status?.conditions?.find((x) => x.type === "Ready");
      return r?.reason === "TemporaryCertificate" ? r : undefined;
    });
    assert.equal(pending.status, "False");
    assert.equal(pending.message, "Certificate issuance in progress. Temporary certificate issued.");

    assert.equal(await approveAll("owned"), 1);
    await waitReady(client, "owned", "early");
    const real = await tlsCrt("owned", "early-tls");
    assert.equal(real?.issuer, "CN=early.owned.svc", "self-signed: issuer is the subject");
    assert.equal(
      real?.publicKey.export({ type: "spki", format: "der" }).toString("hex"),
      temp.publicKey.export({ type: "spki", format: "der" }).toString("hex"),
      "same (next) private key",
    );
  });

  test("the Secret is owned by its Certificate; a reference removed by hand comes back without re-issuance", async () => {
    await applyObject(
      client,
      RT.certificates,
      certificate("owned", "web", {
        secretName: "web-tls",
        issuerRef: { name: "self" },
        dnsNames: ["web.owned.svc"],
      }),
    );
    await until("request created", 15_000, async () => ((await approveAll("owned")) > 0 ? true : undefined));
    const cert = await waitReady(client, "owned", "web");
    const refs = async (): Promise<KubeObject["metadata"]["ownerReferences"]> =>
      (await client.get<KubeObject>(RT.secrets, "owned", "web-tls")).metadata.ownerReferences;
    assert.deepEqual(await refs(), [
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        name: "web",
        uid: cert.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);

    await client.mergePatch(RT.secrets, "owned", "web-tls", { metadata: { ownerReferences: null } });
    await until("owner reference restored", 15_000, async () =>
      (await refs())?.some((r) => r.uid === cert.metadata.uid && r.controller) ? true : undefined,
    );
    assert.equal((await getCert(client, "owned", "web"))?.status?.revision, 1, "no re-issuance");
  });
});
