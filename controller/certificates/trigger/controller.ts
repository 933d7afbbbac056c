import type { Certificate } from "../../../api/types.ts";
import { getCondition, isTrue, makeCondition } from "../../conditions.ts";
import type { ControllerContext } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { ReconcileResult, Reconciler } from "../../runtime/runner.ts";
import { applyCertificateStatus } from "../apply-status.ts";
import { gatherPolicyInput, nextRevision, requestForRevision } from "../gatherer.ts";
import { evaluate, triggerChain } from "../policies/checks.ts";
import { secretContents } from "../policies/parsed.ts";
import { requestMismatches } from "../policies/request-match.ts";
import { backoffRemainingMs } from "../policies/renewal.ts";
import { renewalPlan } from "../policies/renewal-windows.ts";

export const TRIGGER_CONTROLLER = "certificates-trigger";
const DUPLICATE_RECHECK_MS = 3 * 60_000;

/**
 * Decides when a Certificate needs a new certificate and says so by setting Issuing=True.
 * Renewals are scheduled with a per-key timer at the renewal time, not found by resync.
 */
export class TriggerController implements Reconciler {
  readonly name = TRIGGER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    // Deleted, or an issuance is already under way: the other controllers take it from here.
    if (!cert || cert.metadata.deletionTimestamp || isTrue(cert, "Issuing")) return;

    if (!this.ownsSecretName(cert)) return { requeueAfterMs: DUPLICATE_RECHECK_MS };

    const input = await gatherPolicyInput(ctx, cert);
    const now = input.now;

    // Back off after failed issuance unless the spec moved on from the request that failed.
    const next = requestForRevision(ctx, cert, nextRevision(cert));
    const nextStillMatches =
      !next ||
      (() => {
        const m = requestMismatches(next, cert.spec);
        return typeof m !== "string" && m.length === 0;
      })();
    if (nextStillMatches) {
      const wait = backoffRemainingMs(cert.status, now, ctx.minBackoffMs, ctx.maxBackoffMs);
      if (wait > 0) return { requeueAfterMs: wait };
    }

    const violation = evaluate(triggerChain, input);
    if (!violation) {
      const leaf = input.secret ? secretContents(input.secret).leaf : undefined;
      if (!leaf || cert.spec.renewal?.policy === "Disabled") return;
      const { at } = renewalPlan(leaf, cert.spec);
      return { requeueAfterMs: Math.max(0, at.getTime() - now.getTime()) };
    }
    if (violation.reason === "Renewing") {
      const leaf = input.secret ? secretContents(input.secret).leaf : undefined;
      const plan = leaf ? renewalPlan(leaf, cert.spec) : undefined;
      if (plan?.windowError)
        ctx.events.event(
          cert,
          "Warning",
          "WindowError",
          `Renewing certificate without satisfying renewal windows due to ${plan.windowError}`,
        );
    }
    await applyCertificateStatus(ctx, cert, TRIGGER_CONTROLLER, {
      conditions: [
        makeCondition(
          "Issuing",
          "True",
          violation.reason,
          violation.message,
          getCondition(cert, "Issuing"),
          now,
          cert.metadata.generation,
        ),
      ],
    });
    ctx.events.event(cert, "Normal", "Issuing", violation.message);
  }

  /**
   * Two Certificates writing one Secret would re-issue each other forever (cert-manager#4846).
   * The owner is the one named in the Secret's certificate-name annotation if it is among them,
   * else the oldest; the others wait.
   */
  private ownsSecretName(cert: Certificate): boolean {
    const ns = cert.metadata.namespace ?? "";
    const same = this.ctx.certificates.byIndex("secretName", `${ns}/${cert.spec.secretName}`);
    if (same.length <= 1) return true;
    const secret = this.ctx.secrets.getByName(ns, cert.spec.secretName);
    const named = secret?.metadata.annotations?.["cert-manager.io/certificate-name"];
    if (named && same.some((c) => c.metadata.name === named)) return named === cert.metadata.name;
    const oldest = [...same].sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
        (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
    )[0];
    return oldest?.metadata.name === cert.metadata.name;
  }
}
