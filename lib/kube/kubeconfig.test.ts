import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { LightKubeConfig, defaultKubeconfigPath } from "./kubeconfig.ts";

const dir = mkdtempSync(join(tmpdir(), "certflow-kubeconfig-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, user: string): string {
  const p = join(dir, name);
  writeFileSync(
    p,
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${Buffer.from("CA PEM").toString("base64")}
users:
- name: u
  user:
${user}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`,
  );
  return p;
}

test("reads server, CA and token from a kubeconfig", async () => {
  const kc = LightKubeConfig.fromFile(write("token", "    token: abc"));
  assert.ok(kc !== "needs-client-node");
  assert.equal(kc.getCurrentCluster().server, "https://127.0.0.1:6443");
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  assert.equal(String(opts.ca), "CA PEM");
  assert.equal((opts.headers as Record<string, string>)["authorization"], "Bearer abc");
});

test("client certificates from files next to the kubeconfig", async () => {
  writeFileSync(join(dir, "client.crt"), "CERT");
  writeFileSync(join(dir, "client.key"), "KEY");
  const kc = LightKubeConfig.fromFile(
    write("cert", "    client-certificate: client.crt\n    client-key: client.key"),
  );
  assert.ok(kc !== "needs-client-node");
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  assert.equal(String(opts.cert), "CERT");
  assert.equal(String(opts.key), "KEY");
});

test("exec plugins and auth providers are left to client-node", () => {
  assert.equal(
    LightKubeConfig.fromFile(
      write("exec", "    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}"),
    ),
    "needs-client-node",
  );
});

test("a missing context is a clear error", () => {
  const p = join(dir, "bad");
  writeFileSync(p, "apiVersion: v1\nkind: Config\ncurrent-context: nope\n");
  assert.throws(() => LightKubeConfig.fromFile(p), /current-context "nope" not found/);
});

test("KUBECONFIG's first entry wins", () => {
  assert.equal(defaultKubeconfigPath({ KUBECONFIG: "/a:/b" }), "/a");
});
