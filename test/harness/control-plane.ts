import { rmSync } from "node:fs";
import { join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { startApiserver } from "./apiserver.ts";
import { ensureControlPlaneBinaries, type ControlPlaneBinaries } from "./binaries.ts";
import { registerForCleanup } from "./cleanup.ts";
import { startEtcd } from "./etcd.ts";
import { sendHttp } from "./http.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import type { ManagedProcess } from "./managed-process.ts";
import { startAcmeServer, type AcmeServer } from "./pebble.ts";
import { freePorts } from "./ports.ts";
import { createRunDir, reapStaleRunDirs, readOwner, runBaseDir, writeOwner } from "./run-dir.ts";

export interface ControlPlaneOptions {
  /** Also start Pebble and pebble-challtestsrv (ACME). */
  acme?: boolean;
  /** Parent of run directories; default `$CERTFLOW_RUN_DIR` or `<tmp>/certflow-control-plane`. */
  baseDir?: string;
  /** Keep the run directory (logs, data) after stop, for debugging. */
  keepDir?: boolean;
  /** Extra kube-apiserver flags. */
  apiserverArgs?: string[];
  binaries?: ControlPlaneBinaries;
  /** Called with progress lines ("etcd ready", …). */
  log?: (line: string) => void;
}

export interface ControlPlane {
  /** Absolute path of a kubeconfig with an admin (system:masters) token. */
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  server: string;
  token: string;
  caData: string;
  runDir: string;
  acme?: AcmeServer;
  /** Server processes, for fault-injection tests (e.g. kill the apiserver mid-issuance). */
  processes: { etcd: ManagedProcess; apiserver: ManagedProcess };
  /**
   * A raw JSON request as the admin, as kubectl sends it. (client-node's typed serializer drops
   * unknown keys such as a CRD schema's `x-kubernetes-*`, so tests that need exact bodies use this.)
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Restarts kube-apiserver on the same port and data (state survives in etcd). */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

const attempts = 3;

/**
 * Starts a private etcd + kube-apiserver (RBAC, admin token, loopback only, free ports) and optionally
 * Pebble. Each call gets its own run directory, so parallel test files never share state.
 */
export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const log = opts.log ?? (() => {});
  const base = opts.baseDir ?? runBaseDir();
  const reaped = reapStaleRunDirs(base);
  if (reaped > 0) log(`removed ${reaped} stale control plane(s) left by earlier runs`);
  const binaries = opts.binaries ?? (await ensureControlPlaneBinaries());
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(base, binaries, opts, log);
    } catch (err) {
      lastError = err;
      // A port taken between choosing it and binding it shows up as a failed start: try fresh ports.
      if (!/address already in use|bind:/i.test(String((err as Error).message))) break;
      log(`a port was taken by another process; retrying (${i + 1}/${attempts})`);
    }
  }
  throw lastError;
}

async function startOnce(
  base: string,
  binaries: ControlPlaneBinaries,
  opts: ControlPlaneOptions,
  log: (line: string) => void,
): Promise<ControlPlane> {
  const runDir = createRunDir(base);
  const procs: ManagedProcess[] = [];
  const unregister = registerForCleanup({ procs, dir: runDir, keepDir: opts.keepDir ?? false });
  const track = (p: ManagedProcess): void => {
    procs.push(p);
    const owner = readOwner(runDir);
    if (owner && p.pid !== undefined) writeOwner(runDir, { ...owner, pids: [...owner.pids, p.pid] });
  };
  const stopAll = async (): Promise<void> => {
    // Reverse order: the apiserver before etcd, so it never logs a storm of etcd errors.
    for (const p of [...procs].reverse()) await p.stop();
    unregister();
    if (!opts.keepDir) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = (await freePorts(3)) as [number, number, number];
    const etcd = await startEtcd({
      bin: binaries.etcd,
      dir: join(runDir, "etcd"),
      clientPort: etcdClient,
      peerPort: etcdPeer,
    });
    track(etcd.proc);
    log(`etcd ready at ${etcd.url}`);
    const apiOpts = {
      bin: binaries.kubeApiserver,
      dir: join(runDir, "apiserver"),
      port: apiPort,
      etcdUrl: etcd.url,
      extraArgs: opts.apiserverArgs ?? [],
    };
    let api = await startApiserver(apiOpts);
    track(api.proc);
    log(`kube-apiserver ready at ${api.server}`);
    let acme: AcmeServer | undefined;
    if (opts.acme) {
      acme = await startAcmeServer(join(runDir, "acme"));
      acme.procs.forEach(track);
      log(`Pebble ACME directory at ${acme.directoryUrl}`);
    }
    const kubeconfigPath = join(runDir, "kubeconfig");
    const kubeConfig = writeKubeconfig(kubeconfigPath, {
      server: api.server,
      caData: api.caData,
      token: api.credentials.token,
    });
    const processes = { etcd: etcd.proc, apiserver: api.proc };
    const plane: ControlPlane = {
      kubeconfigPath,
      kubeConfig,
      server: api.server,
      token: api.credentials.token,
      caData: api.caData,
      runDir,
      processes,
      async request(method, path, body, contentType = "application/json") {
        const res = await sendHttp(new URL(path, api.server).toString(), {
          method,
          ca: api.caData,
          headers: {
            authorization: `Bearer ${api.credentials.token}`,
            "content-type": contentType,
            accept: "application/json",
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          timeoutMs: 15_000,
        });
        return {
          status: res.status,
          json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
        };
      },
      async restartApiserver() {
        await api.proc.stop();
        procs.splice(procs.indexOf(api.proc), 1);
        api = await startApiserver({ ...apiOpts, credentials: api.credentials });
        track(api.proc);
        processes.apiserver = api.proc;
      },
      stop: stopAll,
    };
    if (acme) plane.acme = acme;
    return plane;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
