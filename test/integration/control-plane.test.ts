import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { CoreV1Api, Watch, type V1Secret } from "@kubernetes/client-node";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import { httpGet } from "../harness/http.ts";

describe("the local control plane (real etcd + kube-apiserver)", () => {
  let cp: ControlPlane;
  let core: CoreV1Api;

  before(async () => {
    cp = await startControlPlane({ acme: true });
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cp?.stop();
  });

  test("writes a kubeconfig with an admin token, reachable only on loopback", () => {
    assert.match(cp.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    const text = readFileSync(cp.kubeconfigPath, "utf8");
    assert.match(text, /certificate-authority-data/);
    assert.equal(cp.kubeConfig.getCurrentCluster()?.server, cp.server);
  });

  test("creates a namespace, writes and reads a Secret", async () => {
    await core.createNamespace({ body: { metadata: { name: "harness-a" } } });
    await core.createNamespacedSecret({
      namespace: "harness-a",
      body: { metadata: { name: "s1" }, stringData: { hello: "world" } },
    });
    const got = await core.readNamespacedSecret({ name: "s1", namespace: "harness-a" });
    assert.equal(Buffer.from(got.data?.["hello"] ?? "", "base64").toString(), "world");
  });

  test("watches a Secret change", async () => {
    await core.createNamespace({ body: { metadata: { name: "harness-w" } } });
    await core.createNamespacedSecret({
      namespace: "harness-w",
      body: { metadata: { name: "w1" }, stringData: { v: "1" } },
    });
    const seen: string[] = [];
    const modified = new Promise<V1Secret>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no MODIFIED event within 10 s")), 10_000);
      void new Watch(cp.kubeConfig)
        .watch(
          "/api/v1/namespaces/harness-w/secrets",
          {},
          (type: string, obj: V1Secret) => {
            seen.push(`${type} ${obj.metadata?.name}`);
            if (type === "MODIFIED" && obj.metadata?.name === "w1") {
              clearTimeout(timer);
              resolve(obj);
            }
          },
          (err: unknown) => {
            if (err) reject(err as Error);
          },
        )
        .then((ctrl) => {
          void modified.finally(() => ctrl.abort());
          // Change it only once the watch is open, so the event cannot be missed.
          setTimeout(() => {
            void core.patchNamespacedSecret({
              name: "w1",
              namespace: "harness-w",
              body: [{ op: "replace", path: "/data/v", value: Buffer.from("2").toString("base64") }],
            });
          }, 100);
        }, reject);
    });
    const obj = await modified;
    assert.equal(Buffer.from(obj.data?.["v"] ?? "", "base64").toString(), "2");
    assert.ok(seen.includes("ADDED w1"), `events seen: ${seen.join(", ")}`);
  });

  test("RBAC is on: an unknown token is refused, anonymous cannot list secrets", async () => {
    const res = await httpGet(`${cp.server}/api/v1/secrets`, { ca: cp.caData });
    assert.ok(res.status === 401 || res.status === 403, `anonymous list answered ${res.status}`);
  });

  test("Pebble serves an ACME directory", async () => {
    assert.ok(cp.acme);
    const res = await httpGet(cp.acme.directoryUrl, { ca: cp.acme.apiCaPem });
    assert.equal(res.status, 200);
    const dir = JSON.parse(res.body) as Record<string, unknown>;
    assert.equal(typeof dir["newOrder"], "string");
  });

  test("the apiserver restarts on the same data without losing anything", async () => {
    await cp.restartApiserver();
    const got = await core.readNamespacedSecret({ name: "s1", namespace: "harness-a" });
    assert.equal(got.metadata?.name, "s1");
  });
});

describe("two control planes at once", () => {
  test("do not collide", async () => {
    const [a, b] = await Promise.all([startControlPlane(), startControlPlane()]);
    try {
      assert.notEqual(a.server, b.server);
      assert.notEqual(a.runDir, b.runDir);
      const ca = a.kubeConfig.makeApiClient(CoreV1Api);
      const cb = b.kubeConfig.makeApiClient(CoreV1Api);
      await ca.createNamespace({ body: { metadata: { name: "only-in-a" } } });
      await assert.rejects(cb.readNamespace({ name: "only-in-a" }), /404|not found/i);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
