/**
 * --enable-certificate-owner-ref against a real kube-apiserver + etcd: issued Secrets carry a
 * controller reference to their Certificate (so Kubernetes' garbage collector deletes them with
 * it), and a reference removed by hand is put back without a re-issuance.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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

describe("controller with --enable-certificate-owner-ref", () => {
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
