/**
 * Restart safety and high availability, against a real kube-apiserver + etcd: a controller
 * killed mid-issuance, an apiserver restart mid-issuance, and two replicas behind a Lease.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import type { CertificateRequest } from "../../api/types.ts";
import { startController } from "../../controller/index.ts";
import { KubeClient, type KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import {
  applyObject,
  caSecret,
  certificate,
  ensureNamespace,
  installCrds,
  makeCA,
  until,
  waitReady,
} from "./controller-support.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));

describe("controller: restarts, apiserver outages and leader election", () => {
  let cp: ControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await startControlPlane();
    client = await KubeClient.create(cp.kubeConfig);
    await installCrds(client);
    await ensureNamespace(client, "cert-manager");
    await applyObject(client, RT.secrets, caSecret("cert-manager", "ca", await makeCA()));
    await applyObject(client, RT.clusterIssuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "ca" },
      spec: { ca: { secretName: "ca" } },
    } as KubeObject);
  });

  after(async () => {
    client?.close();
    await cp?.stop();
  });

  const requests = async (ns: string): Promise<CertificateRequest[]> =>
    (
      await client.request<{ items: CertificateRequest[] }>(
        "GET",
        `/apis/cert-manager.io/v1/namespaces/${ns}/certificaterequests`,
      )
    ).items;
  const tempKeys = async (ns: string): Promise<number> =>
    (
      await client.request<{ items: unknown[] }>(
        "GET",
        `/api/v1/namespaces/${ns}/secrets?labelSelector=cert-manager.io/next-private-key`,
      )
    ).items.length;

  async function createMany(
    ns: string,
    n: number,
    algorithm: "RSA" | "ECDSA",
    size: number,
  ): Promise<string[]> {
    await ensureNamespace(client, ns);
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    await Promise.all(
      names.map((name) =>
        applyObject(
          client,
          RT.certificates,
          certificate(ns, name, {
            secretName: `${name}-tls`,
            issuerRef: { name: "ca", kind: "ClusterIssuer" },
            dnsNames: [`${name}.example`],
            privateKey: { algorithm, size },
          }),
        ),
      ),
    );
    return names;
  }

  async function assertOneRequestEach(ns: string, names: string[]): Promise<void> {
    for (const name of names) await waitReady(client, ns, name, 60_000);
    const crs = await requests(ns);
    assert.deepEqual(
      crs.map((r) => r.metadata.name).sort(),
      names.map((n) => `${n}-1`).sort(),
      "exactly one CertificateRequest per Certificate, revision 1",
    );
    await until("temporary keys cleaned up", 10_000, async () =>
      (await tempKeys(ns)) === 0 ? true : undefined,
    );
  }

  test("a controller killed mid-issuance and restarted finishes without duplicate CertificateRequests", async () => {
    const ns = "killed";
    const child = spawn(
      process.execPath,
      [
        "cli/main.ts",
        "controller",
        "--kubeconfig",
        cp.kubeconfigPath,
        "--leader-elect=false",
        "--metrics-listen-address=",
        "--health-listen-address=",
        "--cluster-resource-namespace=cert-manager",
      ],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    try {
      // RSA-4096 keys take long enough to generate that the kill lands mid-issuance.
      const names = await createMany(ns, 6, "RSA", 4096);
      await until(
        `first CertificateRequest (controller output: ${out})`,
        60_000,
        async () => ((await requests(ns)).length > 0 ? true : undefined),
        20,
      );
      child.kill("SIGKILL");
      await once(child, "exit");
      const readyAtKill = (
        await Promise.all(
          names.map((n) =>
            client.get<KubeObject & { status?: { revision?: number } }>(RT.certificates, ns, n),
          ),
        )
      ).filter((c) => c.status?.revision).length;
      assert.ok(readyAtKill < names.length, "the kill must land mid-issuance");

      const stop = new AbortController();
      const ctl = await startController({
        kubeConfig: cp.kubeConfig,
        clusterResourceNamespace: "cert-manager",
        signal: stop.signal,
      });
      try {
        await assertOneRequestEach(ns, names);
      } finally {
        stop.abort();
        await ctl.stopped;
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  test("the apiserver restarting mid-issuance loses nothing", async () => {
    const ns = "outage";
    const stop = new AbortController();
    const ctl = await startController({
      kubeConfig: cp.kubeConfig,
      clusterResourceNamespace: "cert-manager",
      signal: stop.signal,
    });
    try {
      const names = await createMany(ns, 8, "RSA", 2048);
      await until(
        "issuance under way",
        30_000,
        async () => ((await requests(ns)).length > 0 ? true : undefined),
        20,
      );
      await cp.restartApiserver();
      await assertOneRequestEach(ns, names);
    } finally {
      stop.abort();
      await ctl.stopped;
    }
  });

  test("two controllers run and only the leader acts; the other takes over when it stops", async () => {
    const ns = "ha";
    await ensureNamespace(client, ns);
    const lease = { leaderElection: true, leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 400 };
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = await startController({
      kubeConfig: cp.kubeConfig,
      clusterResourceNamespace: "cert-manager",
      signal: stopA.signal,
      metricsPort: 0,
      listenHost: "127.0.0.1",
      identity: "a",
      ...lease,
    });
    const b = await startController({
      kubeConfig: cp.kubeConfig,
      clusterResourceNamespace: "cert-manager",
      signal: stopB.signal,
      metricsPort: 0,
      listenHost: "127.0.0.1",
      identity: "b",
      ...lease,
    });
    const syncs = async (port: number | undefined): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return [...text.matchAll(/^certmanager_controller_sync_call_count\{[^}]*\} (\d+)$/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    };
    try {
      const leader = await until("a leader", 10_000, async () =>
        a.isLeader() ? a : b.isLeader() ? b : undefined,
      );
      const follower = leader === a ? b : a;
      assert.equal(follower.isLeader(), false);
      await applyObject(
        client,
        RT.certificates,
        certificate(ns, "one", {
          secretName: "one-tls",
          issuerRef: { name: "ca", kind: "ClusterIssuer" },
          dnsNames: ["one.example"],
          privateKey: { algorithm: "ECDSA" },
        }),
      );
      await waitReady(client, ns, "one");
      assert.equal(await syncs(follower.metricsPort), 0, "the follower reconciles nothing");
      assert.ok((await syncs(leader.metricsPort)) > 0);

      (leader === a ? stopA : stopB).abort();
      await leader.stopped;
      await until("the follower takes over", 10_000, async () => (follower.isLeader() ? true : undefined));
      await applyObject(
        client,
        RT.certificates,
        certificate(ns, "two", {
          secretName: "two-tls",
          issuerRef: { name: "ca", kind: "ClusterIssuer" },
          dnsNames: ["two.example"],
          privateKey: { algorithm: "ECDSA" },
        }),
      );
      await waitReady(client, ns, "two");
    } finally {
      stopA.abort();
      stopB.abort();
      await Promise.all([a.stopped, b.stopped]);
    }
  });
});
