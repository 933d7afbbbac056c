import type { Certificate, CertificateSpec } from "../../api/types.ts";
import { deepEqual } from "../../api/validation/deep-equal.ts";
import { RT } from "../../lib/kube/resources.ts";
import { deleteCached, type ControllerContext } from "../context.ts";
import { WorkQueue } from "../runtime/queue.ts";
import type { Reconciler } from "../runtime/runner.ts";
import { applyAnnotations, issuerFromAnnotations } from "./annotations.ts";

export const INGRESS_SHIM_CONTROLLER = "ingress-shim";

/**
 * One Certificate per TLS Secret of an Ingress annotated with cert-manager.io/issuer or
 * cert-manager.io/cluster-issuer. Without those annotations the Ingress is left alone and so
 * are the Certificates it already has (cert-manager's behaviour).
 */
export class IngressShimController implements Reconciler {
  readonly name = INGRESS_SHIM_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 5000, maxMs: 5 * 60_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const ing = ctx.ingresses?.get(key);
    if (!ing || ing.metadata.deletionTimestamp) return;
    const annotations = ing.metadata.annotations ?? {};
    const choice = issuerFromAnnotations(annotations);
    if (!choice.ok) {
      if ("message" in choice) ctx.events.event(ing, "Warning", "BadConfig", choice.message);
      return;
    }
    const ns = ing.metadata.namespace ?? "";
    const desired = new Map<string, CertificateSpec>();
    const seenIn = new Map<string, number>();
    for (const [i, tls] of (ing.spec?.tls ?? []).entries()) {
      if (!tls.secretName || !tls.hosts || tls.hosts.length === 0) {
        ctx.events.event(
          ing,
          "Warning",
          "BadConfig",
          `Skipped a TLS block: spec.tls[${i}]: ${!tls.secretName ? "secretName" : "hosts"}: Required value`,
        );
        continue;
      }
      const prev = seenIn.get(tls.secretName);
      if (prev !== undefined) {
        ctx.events.event(
          ing,
          "Warning",
          "BadConfig",
          `spec.tls[${i}].secretName: Invalid value: "${tls.secretName}": this secret name must only appear in a single TLS entry but is also used in spec.tls[${prev}].secretName`,
        );
        return;
      }
      seenIn.set(tls.secretName, i);
      const ips = tls.hosts.filter((h) => /^[0-9.]+$|:/.test(h));
      const spec: CertificateSpec = {
        secretName: tls.secretName,
        issuerRef: choice.ref,
        dnsNames: [...new Set(tls.hosts.filter((h) => !ips.includes(h)))],
        usages: ["digital signature", "key encipherment"],
      };
      if (ips.length) spec.ipAddresses = [...new Set(ips)];
      const res = applyAnnotations(spec, annotations);
      if (!res.ok) {
        ctx.events.event(ing, "Warning", "BadConfig", res.message);
        return;
      }
      desired.set(tls.secretName, spec);
    }
    const labels = { ...(ing.metadata.labels ?? {}) };
    delete labels["applyset.kubernetes.io/part-of"];
    const owned = ing.metadata.uid ? ctx.certificates.byIndex("owner", ing.metadata.uid) : [];

    for (const [secretName, spec] of desired) {
      const existing = ctx.certificates.getByName(ns, secretName);
      if (existing && !owned.includes(existing)) continue; // someone else's Certificate: never take it over
      if (
        existing &&
        // Key order differs (the apiserver sorts keys): compare structurally.
        deepEqual(pick(existing.spec, spec), spec) &&
        deepEqual(existing.metadata.labels ?? {}, labels)
      )
        continue;
      const cert = {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: {
          name: secretName,
          namespace: ns,
          labels,
          ownerReferences: [
            {
              apiVersion: "networking.k8s.io/v1",
              kind: "Ingress",
              name: ing.metadata.name ?? "",
              uid: ing.metadata.uid ?? "",
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec,
      } as Certificate;
      const res = await ctx.client.apply<Certificate>(RT.certificates, cert, ctx.fieldManager);
      ctx.certificates.upsert(res);
      ctx.events.event(
        ing,
        "Normal",
        existing ? "UpdateCertificate" : "CreateCertificate",
        `Successfully ${existing ? "updated" : "created"} Certificate "${secretName}"`,
      );
    }
    for (const c of owned) {
      if (desired.has(c.spec.secretName) && c.metadata.name === c.spec.secretName) continue;
      await deleteCached(ctx, ctx.certificates, c);
      ctx.events.event(
        ing,
        "Normal",
        "DeleteCertificate",
        `Successfully deleted unrequired Certificate "${c.metadata.name}"`,
      );
    }
  }
}

function pick(have: object, want: object): unknown {
  const h = have as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(want)) if (h[k] !== undefined) out[k] = h[k];
  return out;
}
