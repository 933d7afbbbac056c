import { randomBytes } from "node:crypto";
import type { KubeClient, KubeObject } from "./client.ts";
import { RT } from "./resources.ts";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Pending {
  obj: KubeObject;
  type: EventType;
  reason: string;
  message: string;
}

/**
 * Records core/v1 Events without ever blocking a reconcile: events go to a bounded queue sent
 * by a few background senders; repeats of the same event within ten minutes bump `count`
 * instead of creating a new object (like client-go's correlator). A token bucket (default
 * 50/s, burst 300) keeps a mass issuance from spending the apiserver's capacity on Events;
 * what exceeds it is dropped and counted, as client-go drops when its queue overflows.
 */
export class KubeEventRecorder implements EventRecorder {
  private readonly client: KubeClient;
  private readonly component: string;
  private readonly queue: Pending[] = [];
  private readonly recent = new Map<
    string,
    { name: string; namespace: string; count: number; first: string; at: number }
  >();
  private active = 0;
  private readonly maxQueue: number;
  private readonly concurrency: number;
  private readonly ratePerSec: number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt = Date.now();
  dropped = 0;
  sent = 0;

  constructor(
    client: KubeClient,
    component = "certflow",
    opts: { maxQueue?: number; concurrency?: number; ratePerSec?: number; burst?: number } = {},
  ) {
    this.client = client;
    this.component = component;
    this.maxQueue = opts.maxQueue ?? 1000;
    this.concurrency = opts.concurrency ?? 4;
    this.ratePerSec = opts.ratePerSec ?? 50;
    this.burst = opts.burst ?? 300;
    this.tokens = this.burst;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSec);
    this.refilledAt = now;
    if (this.tokens < 1 || this.queue.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    this.tokens -= 1;
    this.queue.push({ obj, type, reason, message });
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) break;
      this.active++;
      void this.send(next)
        .catch(() => {
          this.dropped++;
        })
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }

  private async send(p: Pending): Promise<void> {
    const m = p.obj.metadata;
    const namespace = m.namespace || "default";
    const key = `${m.uid}/${p.type}/${p.reason}/${p.message}`;
    const now = new Date().toISOString();
    const seen = this.recent.get(key);
    if (seen && Date.now() - seen.at < 600_000) {
      seen.count++;
      seen.at = Date.now();
      await this.client.mergePatch(RT.events, seen.namespace, seen.name, {
        count: seen.count,
        lastTimestamp: now,
      });
      this.sent++;
      return;
    }
    if (this.recent.size > 5000) this.recent.clear();
    const name = `${m.name}.${Date.now().toString(16)}${randomBytes(3).toString("hex")}`;
    await this.client.create(RT.events, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: p.obj.apiVersion,
        kind: p.obj.kind,
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resourceVersion: m.resourceVersion,
      },
      type: p.type,
      reason: p.reason,
      message: p.message,
      source: { component: this.component },
      reportingComponent: this.component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    this.recent.set(key, { name, namespace, count: 1, first: now, at: Date.now() });
    this.sent++;
  }
}
