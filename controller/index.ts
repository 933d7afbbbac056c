import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { KubeClient } from "../lib/kube/client.ts";
import type { KubeConfigLike } from "../lib/kube/kubeconfig.ts";
import { KubeEventRecorder } from "../lib/kube/events.ts";
import { objectKey } from "../lib/kube/informer.ts";
import { LeaderElector } from "../lib/kube/lease.ts";
import { buildContext, wireControllers } from "./setup.ts";
import { startHttpServer, type StartedServer } from "./health.ts";
import { Metrics } from "./metrics/metrics.ts";
import { runReconciler } from "./runtime/runner.ts";
import type { ControllerContext } from "./context.ts";

export interface ControllerOptions {
  /** A @kubernetes/client-node KubeConfig, or the light loader of lib/kube/kubeconfig.ts. */
  kubeConfig: KubeConfigLike;
  /** Watch only this namespace (ClusterIssuers are then not served, as in cert-manager). */
  namespace?: string;
  /** Where ClusterIssuer Secrets live; default kube-system. */
  clusterResourceNamespace?: string;
  leaderElection?: boolean;
  leaderElectionNamespace?: string;
  /** Lease timings (defaults 60 s / 40 s / 15 s, as cert-manager). */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** 0 picks a free port; undefined disables the server. */
  metricsPort?: number;
  healthPort?: number;
  /** Address the servers bind; default 0.0.0.0 (in-cluster), tests pass 127.0.0.1. */
  listenHost?: string;
  signal: AbortSignal;
  log?: (line: string) => void;
  /** Built-in approver (default on); turn off to let a policy engine approve requests. */
  approver?: boolean;
  ingressShim?: boolean;
  /** cert-manager's --enable-certificate-owner-ref (default false): Secrets are garbage-collected with their Certificate. */
  enableCertificateOwnerRef?: boolean;
  /** Backoff after failed issuance (cert-manager: 1 h doubling to 32 h). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Concurrent reconciles per controller. */
  workers?: number;
  identity?: string;
}

export interface RunningController {
  /** Resolves when the controller has stopped (signal aborted or leadership lost). */
  stopped: Promise<void>;
  metricsPort?: number;
  healthPort?: number;
  /** True once leadership was lost (the process should exit non-zero, like cert-manager). */
  lostLeadership(): boolean;
  isLeader(): boolean;
  context: ControllerContext;
}

/** Starts the in-cluster controller for the SelfSigned and CA issuers. */
export async function startController(opts: ControllerOptions): Promise<RunningController> {
  const log = opts.log ?? (() => {});
  const client = await KubeClient.create(opts.kubeConfig);
  const events = new KubeEventRecorder(client, "certflow");
  const ctx = buildContext(client, events, {
    namespace: opts.namespace,
    clusterResourceNamespace: opts.clusterResourceNamespace ?? "kube-system",
    minBackoffMs: opts.minBackoffMs ?? 3600_000,
    maxBackoffMs: opts.maxBackoffMs ?? 32 * 3600_000,
    ingresses: opts.ingressShim ?? true,
    enableCertificateOwnerRef: opts.enableCertificateOwnerRef ?? false,
    log,
  });
  const metrics = new Metrics();
  const reconcilers = wireControllers(ctx, {
    approver: opts.approver ?? true,
    ingressShim: opts.ingressShim ?? true,
  });

  const internal = new AbortController();
  const stop = (): void => internal.abort();
  opts.signal.addEventListener("abort", stop, { once: true });
  const signal = internal.signal;

  const informers = [
    ctx.certificates,
    ctx.requests,
    ctx.issuers,
    ctx.clusterIssuers,
    ctx.secrets,
    ctx.secretMeta,
    ...(ctx.ingresses ? [ctx.ingresses] : []),
  ];
  const informerRuns = informers.map((i) => i.run(signal));

  const elector = opts.leaderElection
    ? new LeaderElector(client, {
        namespace: opts.leaderElectionNamespace ?? "kube-system",
        name: "certflow-controller",
        identity: opts.identity ?? `${hostname()}_${randomUUID()}`,
        leaseDurationMs: opts.leaseDurationMs,
        renewDeadlineMs: opts.renewDeadlineMs,
        retryPeriodMs: opts.retryPeriodMs,
        log,
      })
    : undefined;

  const servers: StartedServer[] = [];
  const host = opts.listenHost ?? "0.0.0.0";
  const checks = {
    healthy: () => !signal.aborted && (elector?.healthy() ?? true),
    ready: () => informers.every((i) => i.hasSynced),
    metrics: () =>
      metrics.chunks({
        certificates: () => ctx.certificates.list(),
        issuers: () => ctx.issuers.list(),
        clusterIssuers: () => ctx.clusterIssuers.list(),
        kubeRequests: () => ctx.client.requestCounts,
      }),
  };
  let metricsPort: number | undefined;
  let healthPort: number | undefined;
  try {
    if (opts.metricsPort !== undefined) {
      const s = await startHttpServer(opts.metricsPort, host, checks, true);
      servers.push(s);
      metricsPort = s.port;
    }
    if (opts.healthPort !== undefined) {
      const s = await startHttpServer(opts.healthPort, host, checks, false);
      servers.push(s);
      healthPort = s.port;
    }
  } catch (err) {
    internal.abort();
    await Promise.allSettled(informerRuns);
    client.close();
    throw err;
  }

  let lost = false;
  const workers = opts.workers ?? 25;
  const runAll = async (leading: AbortSignal): Promise<void> => {
    await Promise.all(informers.map((i) => i.waitForSync()));
    if (leading.aborted) return;
    log(
      `controller: caches synced (${ctx.certificates.size} certificates); starting ${reconcilers.length} controllers`,
    );
    // Everything is looked at once on start: status is recomputed from cluster state alone.
    for (const c of ctx.certificates.list())
      reconcilers.forEach((r) => r.kind === "certificate" && r.reconciler.queue.add(objectKey(c)));
    for (const cr of ctx.requests.list())
      reconcilers.forEach((r) => r.kind === "request" && r.reconciler.queue.add(objectKey(cr)));
    for (const i of ctx.issuers.list())
      reconcilers.forEach((r) => r.kind === "issuer" && r.reconciler.queue.add(objectKey(i)));
    for (const i of ctx.clusterIssuers.list())
      reconcilers.forEach((r) => r.kind === "clusterissuer" && r.reconciler.queue.add(objectKey(i)));
    for (const i of ctx.ingresses?.list() ?? [])
      reconcilers.forEach((r) => r.kind === "ingress" && r.reconciler.queue.add(objectKey(i)));
    await Promise.all(reconcilers.map((r) => runReconciler(r.reconciler, workers, leading, metrics, log)));
  };

  const stopped = (async () => {
    try {
      if (elector) {
        let work: Promise<void> = Promise.resolve();
        const outcome = await elector.run(signal, (leading) => {
          work = runAll(leading);
        });
        if (outcome === "lost") lost = true;
        internal.abort();
        await work;
      } else {
        await runAll(signal);
      }
    } finally {
      internal.abort();
      await Promise.allSettled(informerRuns);
      await Promise.allSettled(servers.map((s) => s.close()));
      client.close();
      opts.signal.removeEventListener("abort", stop);
    }
  })();

  return {
    stopped,
    metricsPort,
    healthPort,
    lostLeadership: () => lost,
    isLeader: () => (elector ? elector.leading : true),
    context: ctx,
  };
}
