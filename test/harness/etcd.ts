import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { httpGet } from "./http.ts";
import { ManagedProcess } from "./managed-process.ts";
import { waitFor } from "./wait.ts";

export interface EtcdOptions {
  bin: string;
  dir: string;
  clientPort: number;
  peerPort: number;
  timeoutMs?: number;
}

export function etcdArgs(o: EtcdOptions): string[] {
  const client = `http://127.0.0.1:${o.clientPort}`;
  const peer = `http://127.0.0.1:${o.peerPort}`;
  return [
    "--name=certflow",
    `--data-dir=${join(o.dir, "etcd-data")}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=certflow=${peer}`,
    // Test data is thrown away: skipping fsync makes writes ~10x faster on slow disks.
    "--unsafe-no-fsync=true",
    "--log-level=warn",
  ];
}

/** Starts etcd and waits until /health reports healthy. */
export async function startEtcd(o: EtcdOptions): Promise<{ proc: ManagedProcess; url: string }> {
  mkdirSync(o.dir, { recursive: true });
  const proc = new ManagedProcess("etcd", o.bin, etcdArgs(o), join(o.dir, "etcd.log"));
  const url = `http://127.0.0.1:${o.clientPort}`;
  await waitFor(
    async () => {
      const res = await httpGet(`${url}/health`);
      return res.status === 200 && res.body.includes('"health":"true"') ? true : undefined;
    },
    { what: "etcd to become healthy", timeoutMs: o.timeoutMs ?? 30_000, failFast: () => proc.exited },
  );
  return { proc, url };
}
