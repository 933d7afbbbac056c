import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeClient, type KubeObject } from "./client.ts";
import { Informer, defaultTransform } from "./informer.ts";

/**
 * A scripted fake apiserver on loopback: each LIST returns the current objects; watches are
 * answered from a queue of scripted behaviours (events, then close / 410 / connection reset).
 */
type WatchScript = { events: object[]; then: "close" | "gone" | "reset" | "hang" };

describe("informer", () => {
  let server: http.Server;
  let client: KubeClient;
  let objects: KubeObject[] = [];
  let rv = 10;
  const lists: string[] = [];
  const watches: string[] = [];
  let scripts: WatchScript[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.searchParams.get("watch") === "true") {
        watches.push(url.searchParams.get("resourceVersion") ?? "");
        const s = scripts.shift() ?? { events: [], then: "hang" };
        res.writeHead(200, { "content-type": "application/json" });
        for (const e of s.events) res.write(`${JSON.stringify(e)}\n`);
        if (s.then === "close") res.end();
        else if (s.then === "gone")
          res.end(
            `${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" } })}\n`,
          );
        else if (s.then === "reset") setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      lists.push(String(rv));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ metadata: { resourceVersion: String(rv) }, items: objects }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: "fake",
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "c", cluster: "fake", user: "u" }],
      currentContext: "c",
    });
    client = await KubeClient.create(kc);
  });

  after(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const obj = (name: string, v: number, labels?: Record<string, string>): KubeObject => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name,
      namespace: "ns",
      resourceVersion: String(v),
      uid: `uid-${name}`,
      labels,
      managedFields: [{}],
    },
  });
  const until = async (what: string, f: () => boolean): Promise<void> => {
    const end = Date.now() + 5000;
    while (!f()) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  test("lists, watches from the list's resourceVersion, resumes after a close and relists after 410 Gone", async () => {
    objects = [obj("a", 5), obj("b", 6)];
    rv = 10;
    scripts = [
      {
        events: [
          { type: "ADDED", object: obj("c", 11) },
          { type: "BOOKMARK", object: { metadata: { resourceVersion: "15" } } },
        ],
        then: "close",
      },
      {
        events: [
          { type: "MODIFIED", object: obj("a", 16, { x: "y" }) },
          { type: "DELETED", object: obj("b", 17) },
        ],
        then: "gone",
      },
      { events: [], then: "hang" },
    ];
    const seen: string[] = [];
    const transformed: string[] = [];
    const inf = new Informer<KubeObject>(
      client,
      { group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true },
      {
        transform: (o) => {
          transformed.push(`${o.metadata.name}@${o.metadata.resourceVersion}`);
          return defaultTransform<KubeObject>(o);
        },
      },
    );
    inf.addIndex("label", (o) => (o.metadata.labels?.["x"] ? [o.metadata.labels["x"]] : []));
    inf.on({
      add: (o) => seen.push(`add ${o.metadata.name}`),
      update: (_, n) => seen.push(`update ${n.metadata.name}`),
      delete: (o) => seen.push(`delete ${o.metadata.name}`),
    });
    const ac = new AbortController();
    const run = inf.run(ac.signal);
    await inf.waitForSync();
    // After 410 the server state changed underneath: the relist must reconcile the difference.
    objects = [obj("a", 16, { x: "y" }), obj("d", 20)];
    rv = 20;
    await until(
      "relist after 410",
      () => lists.length === 2 && watches.length === 3 && !!inf.getByName("ns", "d"),
    );
    ac.abort();
    await run;
    assert.deepEqual(
      watches.slice(0, 3),
      ["10", "15", "20"],
      "watch resumes from the bookmark, then from the relist",
    );
    assert.deepEqual(seen, ["add a", "add b", "add c", "update a", "delete b", "add d", "delete c"]);
    assert.deepEqual(transformed, ["a@5", "b@6", "c@11", "a@16", "d@20"], "the relist keeps a@16 as cached");
    assert.equal(inf.byIndex("label", "y")[0]?.metadata.name, "a");
    assert.equal(inf.getByName("ns", "a")?.metadata["managedFields"], undefined, "managedFields are dropped");
  });

  test("relists with backoff after a broken connection, and never goes back to an older version on upsert", async () => {
    lists.length = 0;
    objects = [obj("a", 30)];
    rv = 30;
    scripts = [
      { events: [], then: "reset" },
      { events: [], then: "hang" },
    ];
    const inf = new Informer<KubeObject>(client, {
      group: "",
      version: "v1",
      plural: "secrets",
      kind: "Secret",
      namespaced: true,
    });
    const ac = new AbortController();
    const run = inf.run(ac.signal);
    await inf.waitForSync();
    await until("relist after reset", () => lists.length === 2);
    inf.upsert(obj("a", 40, { fresh: "yes" }));
    inf.upsert(obj("a", 35));
    assert.equal(inf.getByName("ns", "a")?.metadata.labels?.["fresh"], "yes");
    ac.abort();
    await run;
  });

  test("indexes: one key, several keys, moves and removals; the default transform trims without delete", () => {
    const inf = new Informer<KubeObject>({} as KubeClient, {
      group: "",
      version: "v1",
      plural: "things",
      kind: "Thing",
      namespaced: true,
    });
    inf.addIndex("x", (o) => (o.metadata.labels?.["x"] ? [o.metadata.labels["x"]] : []));
    const obj = (name: string, x: string, rv: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Thing",
      metadata: { name, namespace: "n", resourceVersion: rv, labels: { x } },
    });
    inf.upsert(obj("a", "1", "1"));
    inf.upsert(obj("b", "1", "2"));
    inf.upsert(obj("c", "2", "3"));
    const names = (v: string): string[] =>
      inf
        .byIndex("x", v)
        .map((o) => o.metadata.name ?? "")
        .sort();
    assert.deepEqual(names("1"), ["a", "b"]);
    assert.deepEqual(names("2"), ["c"]);
    inf.upsert(obj("b", "2", "4"));
    assert.deepEqual(names("1"), ["a"]);
    assert.deepEqual(names("2"), ["b", "c"]);
    inf.remove("n", "a");
    inf.remove("n", "b");
    assert.deepEqual(names("1"), []);
    assert.deepEqual(names("2"), ["c"]);

    const raw = {
      apiVersion: "v1",
      kind: "Thing",
      metadata: {
        name: "m",
        managedFields: [{ manager: "kubectl" }],
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", keep: "yes" },
      },
    } as KubeObject;
    const t = defaultTransform<KubeObject>(raw);
    assert.deepEqual(t.metadata, { name: "m", annotations: { keep: "yes" } });
  });
});
