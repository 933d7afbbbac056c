import { isTrue } from "../../conditions.ts";
import { deleteCached, type ControllerContext } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { Reconciler } from "../../runtime/runner.ts";
import { ownedRequests, revisionOf } from "../gatherer.ts";

export const REVISIONMANAGER_CONTROLLER = "certificates-revision-manager";

/** Keeps `revisionHistoryLimit` (default 1) CertificateRequests per Ready Certificate. */
export class RevisionManagerController implements Reconciler {
  readonly name = REVISIONMANAGER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    if (!cert || cert.metadata.deletionTimestamp || !isTrue(cert, "Ready")) return;
    const limit = Math.max(1, cert.spec.revisionHistoryLimit ?? 1);
    const revs = ownedRequests(ctx, cert)
      .map((cr) => ({ cr, rev: revisionOf(cr) }))
      .filter((x): x is { cr: typeof x.cr; rev: number } => x.rev !== undefined)
      .sort((a, b) => a.rev - b.rev);
    for (const { cr } of revs.slice(0, Math.max(0, revs.length - limit)))
      await deleteCached(ctx, ctx.requests, cr, cr.metadata.uid);
  }
}
