import {
  isAlreadyExists,
  isConflict,
  isNotFound,
  resourcePath,
  type KubeClient,
  type KubeObject,
} from "./client.ts";
import { sleep } from "./informer.ts";
import { RT } from "./resources.ts";

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** cert-manager's defaults: 60 s / 40 s / 15 s. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  log?: (line: string) => void;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/**
 * Leader election on a coordination.k8s.io Lease, as client-go does it: acquire when the lease
 * is free or expired, renew every retry period, and give up leadership when a renewal has not
 * succeeded within the renew deadline. Updates use the resourceVersion (optimistic locking is
 * the point here, so this is the one write that is not server-side apply).
 */
export class LeaderElector {
  private readonly client: KubeClient;
  private readonly o: Required<Omit<LeaderElectionOptions, "log">> & Pick<LeaderElectionOptions, "log">;
  private lastRenew = 0;
  leading = false;

  constructor(client: KubeClient, opts: LeaderElectionOptions) {
    this.client = client;
    this.o = { leaseDurationMs: 60_000, renewDeadlineMs: 40_000, retryPeriodMs: 15_000, ...opts };
  }

  /** True while leading and the last renewal is recent enough (used by /healthz). */
  healthy(): boolean {
    return !this.leading || Date.now() - this.lastRenew < this.o.renewDeadlineMs + 20_000;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    let lease: Lease | undefined;
    try {
      lease = await this.client.get<Lease>(RT.leases, this.o.namespace, this.o.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const spec = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.ceil(this.o.leaseDurationMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    if (!lease) {
      try {
        await this.client.create<Lease>(RT.leases, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: this.o.name, namespace: this.o.namespace },
          spec,
        });
        return true;
      } catch (err) {
        if (isAlreadyExists(err)) return false;
        throw err;
      }
    }
    const cur = lease.spec ?? {};
    const holder = cur.holderIdentity ?? "";
    const renewedAt = cur.renewTime ? Date.parse(cur.renewTime) : 0;
    const expired = renewedAt + (cur.leaseDurationSeconds ?? 0) * 1000 < now.getTime();
    if (holder && holder !== this.o.identity && !expired) return false;
    const next = {
      ...spec,
      acquireTime: holder === this.o.identity && cur.acquireTime ? cur.acquireTime : spec.acquireTime,
      leaseTransitions: (cur.leaseTransitions ?? 0) + (holder === this.o.identity ? 0 : 1),
    };
    try {
      await this.client.request("PUT", resourcePath(RT.leases, this.o.namespace, this.o.name), {
        body: { ...lease, spec: next },
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  /**
   * Campaigns until elected, then calls `onStartedLeading` with a signal that aborts when
   * leadership is lost (or `signal` aborts). Resolves when leadership ends.
   */
  async run(
    signal: AbortSignal,
    onStartedLeading: (leading: AbortSignal) => void,
  ): Promise<"lost" | "stopped"> {
    while (!signal.aborted) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch (err) {
        this.o.log?.(`leader election: ${(err as Error).message}`);
      }
      if (ok) break;
      await sleep(this.o.retryPeriodMs, signal);
    }
    if (signal.aborted) return "stopped";
    this.leading = true;
    this.lastRenew = Date.now();
    this.o.log?.(`leader election: acquired lease ${this.o.namespace}/${this.o.name} as ${this.o.identity}`);
    const leading = new AbortController();
    const stop = (): void => leading.abort();
    signal.addEventListener("abort", stop, { once: true });
    onStartedLeading(leading.signal);
    while (!signal.aborted) {
      await sleep(this.o.retryPeriodMs, signal);
      if (signal.aborted) break;
      try {
        if (await this.tryAcquireOrRenew()) this.lastRenew = Date.now();
      } catch (err) {
        this.o.log?.(`leader election: renew failed: ${(err as Error).message}`);
      }
      if (Date.now() - this.lastRenew > this.o.renewDeadlineMs) {
        this.o.log?.("leader election: lost the lease (renew deadline passed)");
        this.leading = false;
        leading.abort();
        signal.removeEventListener("abort", stop);
        return "lost";
      }
    }
    this.leading = false;
    await this.release();
    return "stopped";
  }

  /** On a clean stop, hand the lease over at once instead of making the next leader wait it out. */
  private async release(): Promise<void> {
    try {
      const lease = await this.client.get<Lease>(RT.leases, this.o.namespace, this.o.name);
      if (lease.spec?.holderIdentity !== this.o.identity) return;
      await this.client.request("PUT", resourcePath(RT.leases, this.o.namespace, this.o.name), {
        body: {
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: "",
            leaseDurationSeconds: 1,
            renewTime: microTime(new Date(0)),
          },
        },
      });
    } catch {
      // best effort: the lease expires by itself
    }
  }
}
