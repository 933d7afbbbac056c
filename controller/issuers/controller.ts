import type { Condition } from "../../api/types.ts";
import type { KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { getCondition, makeCondition, sameCondition } from "../conditions.ts";
import type { ControllerContext } from "../context.ts";
import { WorkQueue } from "../runtime/queue.ts";
import type { ReconcileResult, Reconciler } from "../runtime/runner.ts";
import { issuerSecretNamespace, issuerType, loadCA, type AnyIssuer } from "./resolve.ts";

export const ISSUERS_CONTROLLER = "issuers";
export const CLUSTERISSUERS_CONTROLLER = "clusterissuers";

/**
 * Sets the Ready condition of SelfSigned and CA Issuers/ClusterIssuers (other types belong to
 * their own controllers). CA issuers are re-checked when their Secret changes and when the CA
 * certificate expires.
 */
export class IssuersController implements Reconciler {
  readonly name: string;
  readonly queue = new WorkQueue({ baseMs: 5000, maxMs: 5 * 60_000 });
  private readonly ctx: ControllerContext;
  private readonly kind: "Issuer" | "ClusterIssuer";

  constructor(ctx: ControllerContext, kind: "Issuer" | "ClusterIssuer") {
    this.ctx = ctx;
    this.kind = kind;
    this.name = kind === "Issuer" ? ISSUERS_CONTROLLER : CLUSTERISSUERS_CONTROLLER;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const ctx = this.ctx;
    const issuer: AnyIssuer | undefined =
      this.kind === "Issuer" ? ctx.issuers.get(key) : ctx.clusterIssuers.get(key);
    if (!issuer || issuer.metadata.deletionTimestamp) return;
    const now = ctx.now();
    const prev = getCondition(issuer, "Ready");
    const gen = issuer.metadata.generation;
    const type = issuerType(issuer);
    let cond: Condition;
    let requeue: number | undefined;
    if (type === "selfSigned") {
      cond = makeCondition("Ready", "True", "IsReady", "", prev, now, gen);
    } else if (type === "ca" && issuer.spec.ca) {
      const ns = issuerSecretNamespace(ctx, this.kind, issuer.metadata.namespace);
      const loaded = await loadCA(ctx, ns, issuer.spec.ca.secretName, now);
      if (loaded.ok) {
        cond = makeCondition("Ready", "True", "KeyPairVerified", "Signing CA verified", prev, now, gen);
        const leaf = loaded.ca.chain[0];
        if (leaf) requeue = leaf.notAfter.getTime() - now.getTime() + 1000;
      } else {
        const message = `Error getting keypair for CA issuer: ${loaded.message}`;
        cond = makeCondition("Ready", "False", loaded.reason, message, prev, now, gen);
        if (!sameCondition(prev, cond))
          ctx.events.event(
            issuer as KubeObject,
            "Warning",
            "ErrInitIssuer",
            `Error initializing issuer: ${loaded.message}`,
          );
      }
    } else return;
    if (!sameCondition(prev, cond)) {
      const rt = this.kind === "Issuer" ? RT.issuers : RT.clusterIssuers;
      const res = await ctx.client.apply<AnyIssuer>(
        rt,
        {
          apiVersion: "cert-manager.io/v1",
          kind: this.kind,
          metadata: { name: issuer.metadata.name, namespace: issuer.metadata.namespace },
          status: { conditions: [cond] },
        } as KubeObject,
        `${ctx.fieldManager}-${this.name}`,
        "status",
      );
      (this.kind === "Issuer" ? ctx.issuers : ctx.clusterIssuers).upsert(res);
      if (cond.status === "True" && cond.reason === "KeyPairVerified")
        ctx.events.event(issuer as KubeObject, "Normal", "KeyPairVerified", "Signing CA verified");
    }
    return requeue !== undefined ? { requeueAfterMs: requeue } : undefined;
  }
}
