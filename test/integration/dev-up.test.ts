import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeClient } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";

const run = promisify(execFile);
const main = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

describe("certflow dev up --detach / dev down (the user's local control plane)", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "certflow-dev-test-"));
  const env = { ...process.env, CERTFLOW_STATE_DIR: stateDir };
  after(async () => {
    await run(process.execPath, [main, "dev", "down"], { env }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  test("returns when ready, with an eval-able export as the last line, and stops everything on down", async () => {
    const up = await run(process.execPath, [main, "dev", "up", "--detach", "--no-acme"], {
      env,
      timeout: 120_000,
    });
    const lines = up.stdout.trimEnd().split("\n");
    const last = lines.at(-1) ?? "";
    assert.match(last, /^export KUBECONFIG=\//);
    for (const l of lines.slice(0, -1)) assert.match(l, /^#/, `not a shell comment: ${l}`);
    const kubeconfig = last.slice("export KUBECONFIG=".length);
    assert.equal(kubeconfig, join(stateDir, "kubeconfig"));

    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const client = await KubeClient.create(kc);
    // CRDs installed and the controller's cluster resource namespace made.
    await client.get(RT.crds, undefined, "certificates.cert-manager.io");
    await client.get(RT.namespaces, undefined, "cert-manager");

    const again = await run(process.execPath, [main, "dev", "up", "--detach"], { env }).catch(
      (e: unknown) => e,
    );
    assert.equal((again as { code?: number }).code, 1, "a second up refuses while one is running");

    const status = await run(process.execPath, [main, "dev", "status"], { env });
    assert.match(status.stdout, /^ready \(pid \d+\)/);

    const down = await run(process.execPath, [main, "dev", "down"], { env, timeout: 60_000 });
    assert.match(down.stdout, /stopped/);
    assert.equal(existsSync(kubeconfig), false, "the dead kubeconfig is removed");
    assert.deepEqual(readdirSync(join(stateDir, "runs")), [], "no run directory (servers, data) is left");
    await assert.rejects(client.get(RT.namespaces, undefined, "cert-manager"), "the apiserver is gone");
  });
});
