import { setFlagsFromString } from "node:v8";
import { parseArgs } from "node:util";
import { parseGoDuration } from "../../lib/time/go-duration.ts";
import { LightKubeConfig, defaultKubeconfigPath, type KubeConfigLike } from "../../lib/kube/kubeconfig.ts";
import { UsageError, type CliIO, type Command } from "../command.ts";

const usage = `certflow controller [options]

Runs the controller for SelfSigned and CA issuers (cert-manager.io/v1 API).

Options:
  --kubeconfig <path>                 kubeconfig to use (default: in-cluster, then $KUBECONFIG / ~/.kube/config)
  --namespace <ns>                    watch one namespace only (ClusterIssuers are then not served)
  --cluster-resource-namespace <ns>   namespace of ClusterIssuer Secrets (default kube-system)
  --leader-elect[=false]              run leader election on a Lease (default true)
  --enable-certificate-owner-ref[=true]  Secrets get an owner reference to their Certificate and are
                                      deleted with it (default false, as cert-manager)
  --leader-election-namespace <ns>    namespace of the Lease (default kube-system)
  --leader-election-lease-duration <d>   default 60s
  --leader-election-renew-deadline <d>   default 40s
  --leader-election-retry-period <d>     default 15s
  --metrics-listen-address <host:port>   default 0.0.0.0:9402 ("" disables)
  --health-listen-address <host:port>    default 0.0.0.0:9403 ("" disables)
  --controllers <list>                comma list; "*" all, "-name" disables (e.g. "*,-certificaterequests-approver")
  --certificate-request-minimum-backoff-duration <d>  default 1h
  --certificate-request-maximum-backoff-duration <d>  default 32h
  --workers <n>                       concurrent reconciles per controller (default 25)`;

function duration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const d = parseGoDuration(value);
  if (!d.ok || d.ns < 0)
    throw new UsageError(`--${flag}: invalid duration "${value}" (for example 30s, 5m, 1h)`);
  return d.ns / 1e6;
}

function listenAddress(
  flag: string,
  value: string | undefined,
  fallback: string,
): { host: string; port: number } | undefined {
  const v = value ?? fallback;
  if (v === "") return undefined;
  const m = /^(.*):(\d+)$/.exec(v);
  if (!m) throw new UsageError(`--${flag}: expected host:port, got "${v}"`);
  return { host: m[1] || "0.0.0.0", port: Number(m[2]) };
}

const BOOLEAN_FLAGS = ["--leader-elect", "--enable-certificate-owner-ref"];

function booleanFlag(flag: string, value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (value !== "true" && value !== "false")
    throw new UsageError(`--${flag}: expected true or false, got "${value}"`);
  return value === "true";
}

export const controllerCommand: Command = {
  name: "controller",
  summary: "Run the in-cluster controller (SelfSigned and CA issuers, ingress-shim)",
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseArgs({
      // Boolean flags take `--flag`, `--flag=true` and `--flag=false` (cert-manager's forms);
      // parseArgs needs a value for strings, so a bare flag is given "true".
      args: argv.map((a) => (BOOLEAN_FLAGS.includes(a) ? `${a}=true` : a)),
      options: {
        kubeconfig: { type: "string" },
        namespace: { type: "string" },
        "cluster-resource-namespace": { type: "string" },
        "leader-elect": { type: "string" },
        "enable-certificate-owner-ref": { type: "string" },
        "leader-election-namespace": { type: "string" },
        "leader-election-lease-duration": { type: "string" },
        "leader-election-renew-deadline": { type: "string" },
        "leader-election-retry-period": { type: "string" },
        "metrics-listen-address": { type: "string" },
        "health-listen-address": { type: "string" },
        controllers: { type: "string" },
        "certificate-request-minimum-backoff-duration": { type: "string" },
        "certificate-request-maximum-backoff-duration": { type: "string" },
        workers: { type: "string" },
      },
      allowPositionals: false,
    });
    const le = booleanFlag("leader-elect", values["leader-elect"], true);
    const ownerRefs = booleanFlag(
      "enable-certificate-owner-ref",
      values["enable-certificate-owner-ref"],
      false,
    );
    const workers = values.workers === undefined ? 25 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1)
      throw new UsageError(`--workers: expected a positive integer, got "${values.workers}"`);
    const selected = (values.controllers ?? "*").split(",").map((s) => s.trim());
    const disabled = new Set(selected.filter((s) => s.startsWith("-")).map((s) => s.slice(1)));
    const metrics = listenAddress("metrics-listen-address", values["metrics-listen-address"], "0.0.0.0:9402");
    const health = listenAddress("health-listen-address", values["health-listen-address"], "0.0.0.0:9403");

    let kc: KubeConfigLike;
    try {
      kc = await loadKubeConfig(values.kubeconfig, io.env);
    } catch (err) {
      io.stderr.write(`certflow controller: cannot load the kubeconfig: ${(err as Error).message}\n`);
      return 1;
    }

    // A long-running cache of many small objects: ask V8 to keep its footprint small (heap
    // growth, pages released after GC) at some CPU cost. Measured with 10,000 Certificates:
    // 184 → 126 MB RSS; a burst of 1,000 issuances costs ~1 CPU-s more (docs/adr/0408).
    // NODE_OPTIONS does not accept this flag, hence here; it is process-wide, so only this
    // command sets it (`dev up` runs the controller inside the CLI process).
    setFlagsFromString("--memory-saver-mode");
    const { startController } = await import("../../controller/index.ts");
    const log = (line: string): void => {
      io.stderr.write(`${new Date().toISOString()} ${line}\n`);
    };
    const running = await startController({
      kubeConfig: kc,
      namespace: values.namespace,
      clusterResourceNamespace: values["cluster-resource-namespace"],
      leaderElection: le,
      enableCertificateOwnerRef: ownerRefs,
      leaderElectionNamespace: values["leader-election-namespace"],
      leaseDurationMs: duration(
        "leader-election-lease-duration",
        values["leader-election-lease-duration"],
        60_000,
      ),
      renewDeadlineMs: duration(
        "leader-election-renew-deadline",
        values["leader-election-renew-deadline"],
        40_000,
      ),
      retryPeriodMs: duration("leader-election-retry-period", values["leader-election-retry-period"], 15_000),
      metricsPort: metrics?.port,
      healthPort:
        health && (!metrics || health.port !== metrics.port || health.port === 0) ? health.port : undefined,
      listenHost: metrics?.host ?? health?.host,
      approver: !disabled.has("certificaterequests-approver"),
      ingressShim: !disabled.has("ingress-shim"),
      minBackoffMs: duration(
        "certificate-request-minimum-backoff-duration",
        values["certificate-request-minimum-backoff-duration"],
        3600_000,
      ),
      maxBackoffMs: duration(
        "certificate-request-maximum-backoff-duration",
        values["certificate-request-maximum-backoff-duration"],
        32 * 3600_000,
      ),
      workers,
      signal: io.signal,
      log,
    });
    log(
      `certflow controller started${running.metricsPort !== undefined ? `; metrics on :${running.metricsPort}` : ""}${running.healthPort !== undefined ? `; health on :${running.healthPort}` : ""}`,
    );
    await running.stopped;
    if (running.lostLeadership()) {
      io.stderr.write(
        "certflow controller: lost leadership; exiting so a fresh process can campaign again\n",
      );
      return 1;
    }
    return 0;
  },
};

/**
 * In-cluster config, or a kubeconfig file, read without @kubernetes/client-node when possible
 * (it costs ~70 MB of memory); exec plugins and auth providers still go through client-node.
 */
async function loadKubeConfig(path: string | undefined, env: NodeJS.ProcessEnv): Promise<KubeConfigLike> {
  if (!path && env["KUBERNETES_SERVICE_HOST"]) return LightKubeConfig.fromCluster(env);
  const file = path ?? defaultKubeconfigPath(env);
  const light = LightKubeConfig.fromFile(file);
  if (light !== "needs-client-node") return light;
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
