import type { CertificateRequest, CertificateRequestStatus } from "../../api/types.ts";
import { applyRequestStatus } from "../certificates/apply-status.ts";
import { rfc3339 } from "../certificates/policies/renewal.ts";
import { getCondition, isTrue, makeCondition } from "../conditions.ts";
import type { ControllerContext } from "../context.ts";
import { issuerType, lookupIssuer } from "../issuers/resolve.ts";
import { WorkQueue } from "../runtime/queue.ts";
import type { Reconciler } from "../runtime/runner.ts";
import { signWithCA } from "./ca/sign.ts";
import { signSelfSigned } from "./selfsigned/sign.ts";

export const SIGNER_CONTROLLER = "certificaterequests-issuer";

/**
 * Signs approved CertificateRequests for the CA and SelfSigned issuers (cert-manager's
 * certificaterequests-issuer-{ca,selfsigned}); requests for other issuer types are left alone.
 */
export class SignerController implements Reconciler {
  readonly name = SIGNER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 5 * 60_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cr = ctx.requests.get(key);
    if (!cr || cr.metadata.deletionTimestamp) return;
    const group = cr.spec.issuerRef.group ?? "";
    if (group !== "" && group !== "cert-manager.io") return;
    const ready = getCondition(cr, "Ready");
    const now = ctx.now();

    if (isTrue(cr, "Denied")) {
      if (ready?.reason !== "Denied")
        await this.write(cr, {
          conditions: [
            makeCondition(
              "Ready",
              "False",
              "Denied",
              "The CertificateRequest was denied by an approval controller",
              ready,
              now,
            ),
          ],
          failureTime: cr.status?.failureTime ?? rfc3339(now),
        });
      return;
    }
    if (isTrue(cr, "InvalidRequest")) return;
    if (ready?.reason === "Failed" || ready?.reason === "Issued") return;

    const ns = cr.metadata.namespace ?? "";
    const found = lookupIssuer(ctx, cr.spec.issuerRef, ns);
    if (!found.ok) return await this.pending(cr, found.reason, found.message);
    const type = issuerType(found.issuer);
    if (type !== "ca" && type !== "selfSigned") {
      if (type === undefined)
        await this.pending(
          cr,
          "IssuerTypeMissing",
          "Missing issuer type: no issuer configuration (ca, selfSigned, acme, vault, venafi) is set",
        );
      return;
    }
    if (!isTrue(cr, "Approved")) {
      if (!ready)
        ctx.events.event(
          cr,
          "Normal",
          "WaitingForApproval",
          "Not signing CertificateRequest until it is Approved",
        );
      return;
    }
    if (!isTrue(found.issuer, "Ready"))
      return await this.pending(
        cr,
        "IssuerNotReady",
        "Referenced issuer does not have a Ready status condition",
      );
    if (cr.status?.certificate) return;

    const outcome =
      type === "ca"
        ? await signWithCA(this.ctx, cr, found.issuer, found.kind, now)
        : await signSelfSigned(this.ctx, cr, found.issuer, now);
    if (outcome.kind === "pending") return await this.pending(cr, outcome.reason, outcome.message);
    if (outcome.kind === "failed") {
      await this.write(cr, {
        conditions: [makeCondition("Ready", "False", "Failed", outcome.message, ready, now)],
        failureTime: cr.status?.failureTime ?? rfc3339(now),
      });
      ctx.events.event(cr, "Warning", outcome.reason, outcome.message);
      return;
    }
    await this.write(cr, {
      conditions: [
        makeCondition("Ready", "True", "Issued", "Certificate fetched from issuer successfully", ready, now),
      ],
      certificate: Buffer.from(outcome.certificate).toString("base64"),
      ca: Buffer.from(outcome.ca).toString("base64"),
    });
    ctx.events.event(cr, "Normal", "CertificateIssued", "Certificate fetched from issuer successfully");
  }

  private async pending(cr: CertificateRequest, reason: string, message: string): Promise<void> {
    const ready = getCondition(cr, "Ready");
    if (ready?.reason === "Pending" && ready.message === message) return;
    await this.write(cr, {
      conditions: [makeCondition("Ready", "False", "Pending", message, ready, this.ctx.now())],
    });
    this.ctx.events.event(cr, "Normal", reason, message);
  }

  private async write(cr: CertificateRequest, status: CertificateRequestStatus): Promise<void> {
    await applyRequestStatus(this.ctx, cr, SIGNER_CONTROLLER, status);
  }
}
