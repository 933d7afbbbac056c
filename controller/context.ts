import type { Certificate, CertificateRequest, ClusterIssuer, Issuer } from "../api/types.ts";
import { isNotFound, type KubeClient, type KubeObject } from "../lib/kube/client.ts";
import type { EventRecorder } from "../lib/kube/events.ts";
import type { Informer } from "../lib/kube/informer.ts";

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface Ingress extends KubeObject {
  spec?: { tls?: { hosts?: string[]; secretName?: string }[] };
}

/** Everything a reconciler may touch; side effects (clock, client, events) are injected. */
export interface ControllerContext {
  client: KubeClient;
  certificates: Informer<Certificate>;
  requests: Informer<CertificateRequest>;
  issuers: Informer<Issuer>;
  clusterIssuers: Informer<ClusterIssuer>;
  /** Secrets carrying controller.cert-manager.io/fao (full objects). */
  secrets: Informer<Secret>;
  /** All other Secrets: metadata only, so unrelated Secrets cost little memory. */
  secretMeta: Informer<KubeObject>;
  ingresses?: Informer<Ingress>;
  events: EventRecorder;
  now(): Date;
  clusterResourceNamespace: string;
  /** Field manager for object writes (Secrets, CertificateRequests, Certificates). */
  fieldManager: string;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** --enable-certificate-owner-ref: Secrets carry a controller reference to their Certificate. */
  enableCertificateOwnerRef: boolean;
  log(line: string): void;
}

/** Marks a cached field whose (large) value was dropped; read the object live to get it. */
export const TRIMMED = "<trimmed from cache>";

/** Reads a Secret live (all data), e.g. for entries the cache does not keep. */
export async function readSecretLive(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): Promise<Secret | undefined> {
  try {
    return await ctx.client.request<Secret>("GET", `/api/v1/namespaces/${namespace}/secrets/${name}`);
  } catch {
    return undefined;
  }
}

/** The Secret with all its data: itself, or a live read when the cache trimmed its values. */
export async function untrimmed(ctx: ControllerContext, s: Secret): Promise<Secret | undefined> {
  const trimmed = Object.values(s.data ?? {}).some((v) => v === TRIMMED);
  return trimmed ? await readSecretLive(ctx, s.metadata.namespace ?? "", s.metadata.name ?? "") : s;
}

/** Reads a Secret: from the full cache when we own it, else live when it exists (metadata cache). */
export async function readSecret(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): Promise<Secret | undefined> {
  const cached = ctx.secrets.getByName(namespace, name);
  if (cached) return cached;
  if (!ctx.secretMeta.getByName(namespace, name)) return undefined;
  return await readSecretLive(ctx, namespace, name);
}

/**
 * Deletes a cached object (already gone is fine; `uid` makes the delete conditional on it) and
 * drops it from its cache at once, so the next reconcile does not act on it again.
 */
export async function deleteCached<T extends KubeObject>(
  ctx: ControllerContext,
  informer: Informer<T>,
  obj: T,
  uid?: string,
): Promise<void> {
  try {
    await ctx.client.delete(informer.resource, obj.metadata.namespace, obj.metadata.name ?? "", uid);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  informer.remove(obj.metadata.namespace, obj.metadata.name ?? "");
}
