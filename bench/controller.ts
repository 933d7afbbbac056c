// Controller benchmarks against the local control plane (kube-apiserver + etcd on loopback).
// The controller runs as its own process (`certflow controller`) so its RSS is measured alone.
// Each figure is printed beside its anchor, measured in the same run.
//
// Run: node_modules/.bin/node bench/controller.ts [--single 40] [--burst 1000] [--rsa 200] [--memory 10000] [--unrelated 1000]
//   (any figure can be skipped with 0)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Certificate } from "../api/types.ts";
import { KubeClient, type KubeObject } from "../lib/kube/client.ts";
import { Informer } from "../lib/kube/informer.ts";
import { RT } from "../lib/kube/resources.ts";
import { certificatePem, signCertificate } from "../lib/pki/certificate.ts";
import { encodePrivateKeyPem, generatePrivateKey, spkiDer } from "../lib/pki/keys.ts";
import { encodeName } from "../lib/pki/name.ts";
import { parseCertificatesPem } from "../lib/pki/certificate.ts";
import { parsePrivateKeyPem } from "../lib/pki/keys.ts";
import { startControlPlane } from "../test/harness/control-plane.ts";
import {
  caSecret,
  certificate,
  ensureNamespace,
  installCrds,
  makeCA,
  until,
} from "../test/integration/controller-support.ts";

const { values } = parseArgs({
  options: {
    single: { type: "string", default: "40" },
    burst: { type: "string", default: "1000" },
    rsa: { type: "string", default: "200" },
    memory: { type: "string", default: "10000" },
    unrelated: { type: "string", default: "1000" },
  },
});
const N = {
  single: Number(values.single),
  burst: Number(values.burst),
  rsa: Number(values.rsa),
  memory: Number(values.memory),
  unrelated: Number(values.unrelated),
};
const repo = fileURLToPath(new URL("../", import.meta.url));
const CONTROLLER_NODE_OPTIONS = "--max-semi-space-size=2";
// Extra flags for investigations, e.g. BENCH_CONTROLLER_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2.
const EXTRA_NODE_OPTIONS = process.env.BENCH_CONTROLLER_NODE_OPTIONS ?? "";

/**
 * The image runs compiled JavaScript (dist/), not .ts through type stripping (which alone costs
 * ~30 MB of RSS): build the same way into a scratch directory and run that.
 */
function buildController(): string {
  const out = ".cache/bench-dist";
  const r = spawnSync(
    join(repo, "node_modules/.bin/tsc"),
    ["-p", "tsconfig.build.json", "--outDir", out, "--sourceMap", "false"],
    {
      cwd: repo,
      encoding: "utf8",
    },
  );
  const entry = join(out, "cli/main.js");
  if (!existsSync(join(repo, entry))) {
    console.log(
      `could not build dist (${r.stdout.slice(0, 200)}); running cli/main.ts through type stripping`,
    );
    return "cli/main.ts";
  }
  return entry;
}
const controllerEntry = buildController();

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}
/** utime+stime of a process from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
/** The controller's API request counters (certflow_kube_client_requests_total). */
async function kubeRequests(metricsUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(
    /^certflow_kube_client_requests_total\{method="([^"]+)",resource="([^"]+)"\} (\d+)$/gm,
  ))
    out.set(`${m[1]} ${m[2]}`, Number(m[3]));
  return out;
}
function line(label: string, value: string, anchor: string): void {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}   | ${anchor}`);
}

const cp = await startControlPlane();
const client = await KubeClient.create(cp.kubeConfig);
let controller: ChildProcess | undefined;
try {
  await installCrds(client);
  await ensureNamespace(client, "cert-manager");
  const ca = await makeCA("bench CA", 3650);
  await client.apply(RT.secrets, caSecret("cert-manager", "bench-ca", ca), "bench");
  await client.apply(
    RT.clusterIssuers,
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "bench-ca" },
      spec: { ca: { secretName: "bench-ca" } },
    } as KubeObject,
    "bench",
  );

  // Watch Certificates from the bench process: a Certificate counts when Ready=True (fresh ones
  // can only be Ready once issued: Ready needs the Secret, which only an issuance writes).
  const readyAt = new Map<string, number>();
  const certs = new Informer<Certificate>(client, RT.certificates, {
    transform: (o) => o as unknown as Certificate,
  });
  const onCert = (c: Certificate): void => {
    const key = `${c.metadata.namespace}/${c.metadata.name}`;
    if (readyAt.has(key)) return;
    const ready = c.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True");
    if (ready) readyAt.set(key, performance.now());
  };
  certs.on({ add: onCert, update: (_, n) => onCert(n) });
  const informerStop = new AbortController();
  void certs.run(informerStop.signal);
  await certs.waitForSync();

  const startController = async (): Promise<{ proc: ChildProcess; metrics: string }> => {
    const proc = spawn(
      process.execPath,
      [
        controllerEntry,
        "controller",
        "--kubeconfig",
        cp.kubeconfigPath,
        "--leader-elect=false",
        "--metrics-listen-address=127.0.0.1:0",
        "--health-listen-address=",
        "--cluster-resource-namespace=cert-manager",
      ],
      // The same environment as deploy/controller/deployment.yaml.
      {
        cwd: repo,
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...process.env,
          NODE_OPTIONS: `${CONTROLLER_NODE_OPTIONS} ${EXTRA_NODE_OPTIONS}`.trim(),
          MALLOC_ARENA_MAX: "2",
          MALLOC_MMAP_THRESHOLD_: "131072",
        },
      },
    );
    let err = "";
    proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const port = await until(
      `controller start (${err})`,
      30_000,
      async () => /metrics on :(\d+)/.exec(err)?.[1],
    );
    await until("controller caches synced", 60_000, async () =>
      err.includes("caches synced") ? true : undefined,
    );
    return { proc, metrics: `http://127.0.0.1:${port}/metrics` };
  };
  const ctl = await startController();
  controller = ctl.proc;

  const create = async (ns: string, name: string, alg: "ECDSA" | "RSA"): Promise<void> => {
    await client.apply(
      RT.certificates,
      certificate(ns, name, {
        secretName: `${name}-tls`,
        issuerRef: { name: "bench-ca", kind: "ClusterIssuer" },
        dnsNames: [`${name}.${ns}.svc`],
        privateKey: { algorithm: alg, size: alg === "RSA" ? 2048 : 256 },
      }) as unknown as KubeObject,
      "bench",
    );
  };
  const waitAll = async (ns: string, names: string[], timeoutMs: number): Promise<void> => {
    await until(
      `${names.length} Ready in ${ns}`,
      timeoutMs,
      async () => (names.every((n) => readyAt.has(`${ns}/${n}`)) ? true : undefined),
      20,
    );
  };
  /** Creates `n` Certificates with at most `conc` creates in flight; returns the creation start time. */
  const createMany = async (
    ns: string,
    n: number,
    alg: "ECDSA" | "RSA",
    conc = 64,
  ): Promise<{ names: string[]; t0: number }> => {
    await ensureNamespace(client, ns);
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: conc }, async () => {
        while (next < names.length) await create(ns, names[next++] as string, alg);
      }),
    );
    return { names, t0 };
  };
  const rate = (
    ns: string,
    names: string[],
    t0: number,
  ): { total: number; sustained: number; seconds: number } => {
    const times = names.map((n) => readyAt.get(`${ns}/${n}`) ?? NaN).sort((a, b) => a - b);
    const last = times.at(-1) ?? NaN;
    const p10 = times[Math.floor(times.length * 0.1)] ?? NaN;
    const p90 = times[Math.floor(times.length * 0.9)] ?? NaN;
    return {
      total: names.length / ((last - t0) / 1000),
      sustained: (0.8 * names.length) / ((p90 - p10) / 1000),
      seconds: (last - t0) / 1000,
    };
  };

  console.log(
    `certflow controller benchmark (local kube-apiserver + etcd, ${(await import("node:os")).cpus().length} CPUs shared with the apiserver)`,
  );
  console.log(
    `controller process: node ${controllerEntry} with NODE_OPTIONS=${CONTROLLER_NODE_OPTIONS} MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 (as deployed)`,
  );
  console.log(`${"figure".padEnd(58)} ${"measured".padStart(14)}   | anchor`);

  const rssNow = (): number => rssMb(controller?.pid ?? 0);
  const idleRss = rssNow();
  if (N.unrelated > 0) {
    // Unrelated Secrets (not ours, 64 KiB each) must cost only their metadata.
    await ensureNamespace(client, "unrelated");
    const before = rssNow();
    const blob = Buffer.alloc(64 * 1024, 7).toString("base64");
    let i = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (i < N.unrelated) {
          const n = i++;
          await client.create(RT.secrets, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: `u${n}`, namespace: "unrelated" },
            data: { blob },
          } as KubeObject);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 5000));
    const afterMb = rssNow();
    line(
      `controller RSS growth for ${N.unrelated} unrelated 64 KiB Secrets (${((N.unrelated * 64) / 1024).toFixed(0)} MiB)`,
      `${(afterMb - before).toFixed(1)} MB`,
      "metadata only; cert-manager v1.11: 300×1 MB Secrets → 700 MB steady",
    );
  }

  if (N.single > 0) {
    await ensureNamespace(client, "single");
    const lat: number[] = [];
    for (let i = 0; i < N.single; i++) {
      const name = `s${i}`;
      const t = performance.now();
      await create("single", name, "ECDSA");
      await waitAll("single", [name], 30_000);
      lat.push((readyAt.get(`single/${name}`) ?? NaN) - t);
    }
    line(
      `one Certificate, CA issuer, ECDSA: create→Ready p50 (n=${N.single})`,
      `${quantile(lat, 0.5).toFixed(0)} ms`,
      "target < 300 ms; cert-manager e2e waits up to 5 min (no published p50)",
    );
    line(`  … p95`, `${quantile(lat, 0.95).toFixed(0)} ms`, "");
  }

  if (N.burst > 0) {
    const pids = {
      apiserver: cp.processes.apiserver.pid ?? 0,
      etcd: cp.processes.etcd.pid ?? 0,
      controller: controller.pid ?? 0,
    };
    const cpu0 = {
      apiserver: cpuSeconds(pids.apiserver),
      etcd: cpuSeconds(pids.etcd),
      controller: cpuSeconds(pids.controller),
    };
    const req0 = await kubeRequests(ctl.metrics);
    const { names, t0 } = await createMany("burst", N.burst, "ECDSA");
    await waitAll("burst", names, 600_000);
    const r = rate("burst", names, t0);
    // The clean-up after Ready (temporary key Secret, nextPrivateKeySecretName) belongs to the count.
    await new Promise((res) => setTimeout(res, 3000));
    const req1 = await kubeRequests(ctl.metrics);
    const used = (k: keyof typeof pids): string => (cpuSeconds(pids[k]) - cpu0[k]).toFixed(1);
    line(
      `${N.burst} ECDSA Certificates at once (CA): Ready per second`,
      `${r.total.toFixed(1)} /s`,
      "target ≥ 50/s; cert-manager ~1.2/s (500 certs, 417 s)",
    );
    line(
      `  … sustained (10th→90th percentile)`,
      `${r.sustained.toFixed(1)} /s`,
      `all Ready after ${r.seconds.toFixed(1)} s`,
    );
    line(
      `  … CPU seconds: kube-apiserver / etcd / controller`,
      `${used("apiserver")}/${used("etcd")}/${used("controller")}`,
      `what bounds it; load average ${(await import("node:os")).loadavg()[0]?.toFixed(1)} on this shared machine`,
    );
    const per = new Map<string, number>();
    for (const [k, v] of req1) {
      const d = v - (req0.get(k) ?? 0);
      if (d > 0) per.set(k, d / N.burst);
    }
    const writes = [...per].filter(([k]) => !k.startsWith("GET "));
    line(
      `  … controller API writes per Certificate`,
      writes.reduce((a, [, v]) => a + v, 0).toFixed(1),
      writes
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(", "),
    );
  }

  if (N.rsa > 0) {
    const { names, t0 } = await createMany("rsa", N.rsa, "RSA");
    await waitAll("rsa", names, 900_000);
    const r = rate("rsa", names, t0);
    // What bounds it: RSA-2048 keygen on this machine, measured here with the same async API.
    const k0 = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => generatePrivateKey({ algorithm: "RSA", size: 2048 })));
    const keysPerSec = 20 / ((performance.now() - k0) / 1000);
    line(
      `${N.rsa} RSA-2048 Certificates at once (CA): Ready per second`,
      `${r.total.toFixed(1)} /s`,
      `bound: RSA-2048 keygen ${keysPerSec.toFixed(1)} keys/s here (async, libuv pool)`,
    );
  }

  if (N.memory > 0) {
    // Preload N Ready-able Certificates: a valid Secret (signed by the bench CA) per Certificate,
    // written directly, so the controller starts with N certificates to verify and mark Ready.
    const ns = "memory";
    await ensureNamespace(client, ns);
    const caKey = parsePrivateKeyPem(ca.keyPem);
    const caCert = parseCertificatesPem(ca.certPem)[0];
    if (typeof caKey === "string" || !caCert) throw new Error("bench CA unreadable");
    let i = 0;
    const preload = async (): Promise<void> => {
      while (i < N.memory) {
        const n = i++;
        const name = `m${n}`;
        const key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
        const now = new Date();
        const der = signCertificate(
          {
            subjectRaw: encodeName({}),
            spki: spkiDer(key),
            notBefore: now,
            notAfter: new Date(now.getTime() + 90 * 86_400_000),
            sans: {
              dnsNames: [`${name}.${ns}.svc`],
              ipAddresses: [],
              uris: [],
              emailAddresses: [],
              otherNames: [],
            },
            sanCritical: true,
            keyUsage: [0, 2],
            extKeyUsage: [],
            isCA: false,
          },
          { subjectRaw: caCert.subjectRaw, keyId: caCert.subjectKeyId, key: caKey },
        );
        const b64 = (s: string): string => Buffer.from(s).toString("base64");
        await client.apply(
          RT.secrets,
          {
            apiVersion: "v1",
            kind: "Secret",
            metadata: {
              name: `${name}-tls`,
              namespace: ns,
              labels: { "controller.cert-manager.io/fao": "true" },
              annotations: {
                "cert-manager.io/certificate-name": name,
                "cert-manager.io/issuer-name": "bench-ca",
                "cert-manager.io/issuer-kind": "ClusterIssuer",
                "cert-manager.io/issuer-group": "",
              },
            },
            type: "kubernetes.io/tls",
            data: {
              "tls.crt": b64(certificatePem(der)),
              "tls.key": b64(encodePrivateKeyPem(key, "PKCS1")),
              "ca.crt": b64(ca.certPem),
            },
          } as KubeObject,
          "bench",
        );
        await create(ns, name, "ECDSA");
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 48 }, preload));
    const names = Array.from({ length: N.memory }, (_, k) => `m${k}`);
    await waitAll(ns, names, 1_800_000);
    const secs = (performance.now() - t0) / 1000;
    // Restart the controller so the figure is its steady state from cluster state alone.
    controller.kill("SIGTERM");
    await new Promise((r) => controller?.once("exit", r));
    const t1 = performance.now();
    const again = await startController();
    controller = again.proc;
    const syncMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 10_000));
    const total = certs.size;
    const settled = rssNow();
    // Steady state includes Prometheus scrapes (~14 MB of text each at 10k Certificates).
    let m = "";
    for (let k = 0; k < 3; k++) {
      m = await (await fetch(again.metrics)).text();
      await new Promise((r) => setTimeout(r, 2000));
    }
    line(
      `controller RSS with ${total} Ready Certificates and their Secrets`,
      `${Math.max(settled, rssNow()).toFixed(0)} MB`,
      "target < 150 MB; cert-manager 528 MB at 10k (v1.14.5)",
    );
    line(
      `  … before / after three /metrics scrapes`,
      `${settled.toFixed(0)}/${rssNow().toFixed(0)} MB`,
      `idle controller before the load: ${idleRss.toFixed(0)} MB`,
    );
    const g = (n: string): string =>
      ((Number(new RegExp(`^${n} (\\S+)$`, "m").exec(m)?.[1]) || 0) / 1048576).toFixed(0);
    line(
      `  … heap used / heap total / external (MB)`,
      `${g("nodejs_heap_size_used_bytes")}/${g("nodejs_heap_size_total_bytes")}/${g("nodejs_external_memory_bytes")}`,
      "",
    );
    line(
      `  … restart to caches synced`,
      `${(syncMs / 1000).toFixed(1)} s`,
      `preload + Ready of ${N.memory} took ${secs.toFixed(0)} s`,
    );
    if (process.env.BENCH_HOLD) {
      // Investigation aid: keep the loaded control plane up to run other controller builds on it.
      controller.kill("SIGTERM");
      console.log(`holding; KUBECONFIG=${cp.kubeconfigPath} (Ctrl-C to stop)`);
      await new Promise((r) => process.once("SIGINT", r));
    }
  }
  informerStop.abort();
} finally {
  // Stop gracefully (profiles and logs are written on a clean exit), then make sure.
  if (controller && controller.exitCode === null && controller.signalCode === null) {
    const exited = new Promise((r) => controller?.once("exit", r));
    controller.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  controller?.kill("SIGKILL");
  client.close();
  await cp.stop();
}
