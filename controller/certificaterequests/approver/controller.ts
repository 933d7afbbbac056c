import { applyRequestStatus } from "../../certificates/apply-status.ts";
import { getCondition, makeCondition } from "../../conditions.ts";
import type { ControllerContext } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { Reconciler } from "../../runtime/runner.ts";

export const APPROVER_CONTROLLER = "certificaterequests-approver";
const REASON = "cert-manager.io";
const MESSAGE = "Certificate request has been approved by cert-manager.io";

/**
 * The built-in approver: approves every request not yet approved, denied, issued or failed,
 * whatever its issuer (as cert-manager does). Turn it off to let a policy engine decide.
 */
export class ApproverController implements Reconciler {
  readonly name = APPROVER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cr = ctx.requests.get(key);
    if (!cr || cr.metadata.deletionTimestamp) return;
    if (getCondition(cr, "Approved") || getCondition(cr, "Denied")) return;
    const ready = getCondition(cr, "Ready")?.reason;
    if (ready === "Issued" || ready === "Failed") return;
    await applyRequestStatus(ctx, cr, APPROVER_CONTROLLER, {
      conditions: [makeCondition("Approved", "True", REASON, MESSAGE, undefined, ctx.now())],
    });
    ctx.events.event(cr, "Normal", REASON, MESSAGE);
  }
}
