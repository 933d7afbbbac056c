import type { Certificate } from "../../../api/types.ts";
import { getCondition, isTrue, makeCondition, sameCondition } from "../../conditions.ts";
import type { ControllerContext } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { ReconcileResult, Reconciler } from "../../runtime/runner.ts";
import { applyCertificateStatus } from "../apply-status.ts";
import { gatherPolicyInput, issuingSince, nextRevision, requestForRevision } from "../gatherer.ts";
import { evaluate, readinessChain } from "../policies/checks.ts";
import { secretContents } from "../policies/parsed.ts";
import { rfc3339 } from "../policies/renewal.ts";
import { renewalPlan } from "../policies/renewal-windows.ts";

export const READINESS_CONTROLLER = "certificates-readiness";
const ISSUING_GRACE_MS = 2000;

/** Sets Ready and notBefore/notAfter/renewalTime from the Secret; writes only on change. */
export class ReadinessController implements Reconciler {
  readonly name = READINESS_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    if (!cert || cert.metadata.deletionTimestamp) return;
    const input = await gatherPolicyInput(ctx, cert);
    const now = input.now;
    const leaf = input.secret ? secretContents(input.secret).leaf : undefined;
    const plan = leaf && cert.spec.renewal?.policy !== "Disabled" ? renewalPlan(leaf, cert.spec) : undefined;
    let v = evaluate(readinessChain, input);
    // cert-manager: a renewal time no window can hold makes the Certificate not Ready.
    if (!v && plan?.windowError)
      v = { reason: "WindowError", message: `Could not calculate renewal time: ${plan.windowError}` };
    let message = v?.message ?? "Certificate is up to date and has not expired";
    const hint = v && isTrue(cert, "Issuing") ? this.pendingRequestHint(cert) : "";
    message += hint;
    // While a healthy issuance is in flight, wait a moment before saying "not ready": most finish
    // within it, and the write saved matters when a thousand Certificates are issued at once.
    if (v && !hint && isTrue(cert, "Issuing") && !getCondition(cert, "Ready")) {
      const wait = issuingSince(cert) + ISSUING_GRACE_MS - now.getTime();
      if (wait > 0) return { requeueAfterMs: wait };
    }
    const prev = getCondition(cert, "Ready");
    const ready = makeCondition(
      "Ready",
      v ? "False" : "True",
      v?.reason ?? "Ready",
      message,
      prev,
      now,
      cert.metadata.generation,
    );

    const desired: Certificate["status"] = { conditions: [ready] };
    let requeue: number | undefined;
    if (leaf) {
      desired.notBefore = rfc3339(leaf.notBefore);
      desired.notAfter = rfc3339(leaf.notAfter);
      if (plan) desired.renewalTime = rfc3339(plan.at);
      // Flip to Expired at notAfter even if nothing else happens.
      if (leaf.notAfter.getTime() > now.getTime()) requeue = leaf.notAfter.getTime() - now.getTime() + 1000;
    }
    const s = cert.status ?? {};
    const unchanged =
      sameCondition(prev, ready) &&
      s.notBefore === desired.notBefore &&
      s.notAfter === desired.notAfter &&
      s.renewalTime === desired.renewalTime;
    if (!unchanged) await applyCertificateStatus(ctx, cert, READINESS_CONTROLLER, desired);
    return requeue !== undefined ? { requeueAfterMs: requeue } : undefined;
  }

  /** Surfaces why an issuance is stuck (issuer missing, CA Secret broken) on the Certificate itself. */
  private pendingRequestHint(cert: Certificate): string {
    const cr = requestForRevision(this.ctx, cert, nextRevision(cert));
    const c = cr ? getCondition(cr, "Ready") : undefined;
    if (!cr || !c || c.status !== "False" || !c.message) return "";
    return ` (CertificateRequest "${cr.metadata.name}": ${c.message})`;
  }
}
