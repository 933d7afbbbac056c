import { createHash } from "node:crypto";
import type { Certificate, CertificateRequest } from "../../../api/types.ts";
import { isAlreadyExists } from "../../../lib/kube/client.ts";
import { RT } from "../../../lib/kube/resources.ts";
import { buildCsrPem } from "../../../lib/pki/csr.ts";
import { isTrue } from "../../conditions.ts";
import { deleteCached, type ControllerContext } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { Reconciler } from "../../runtime/runner.ts";
import {
  REVISION_ANNOTATION,
  failedBeforeIssuance,
  nextRevision,
  ownedRequests,
  revisionOf,
} from "../gatherer.ts";
import { ownerRef } from "../owner-ref.ts";
import { requestCsr, secretContents, secretPrivateKey } from "../policies/parsed.ts";
import { requestMismatches, specSans, specSubject } from "../policies/request-match.ts";

export const REQUESTMANAGER_CONTROLLER = "certificates-request-manager";

/** cert-manager's default --copied-annotation-prefixes. */
const EXCLUDED_ANNOTATION_PREFIXES = ["kubectl.kubernetes.io/", "fluxcd.io/", "argocd.argoproj.io/"];

/** `<name>-<revision>`; long names become `prefix-<sha256>` so the result stays a valid name. */
export function requestName(certName: string, revision: number): string {
  const base =
    certName.length <= 233
      ? certName
      : `${certName.slice(0, 168)}-${createHash("sha256").update(certName).digest("hex")}`;
  return `${base}-${revision}`;
}

/**
 * Creates exactly one CertificateRequest per revision, with a stable name: after a restart
 * the create hits AlreadyExists instead of producing a duplicate.
 */
export class RequestManagerController implements Reconciler {
  readonly name = REQUESTMANAGER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    if (!cert || cert.metadata.deletionTimestamp || !isTrue(cert, "Issuing")) return;
    const keyName = cert.status?.nextPrivateKeySecretName;
    if (!keyName) return;
    const keySecret = ctx.secrets.getByName(cert.metadata.namespace, keyName);
    const pk = keySecret ? secretPrivateKey(keySecret) : undefined;
    if (!pk || !keySecret) return;
    const pkSpki = secretContents(keySecret).keySpki;

    const rev = nextRevision(cert);
    const candidates: CertificateRequest[] = [];
    for (const cr of ownedRequests(ctx, cert)) {
      const r = revisionOf(cr);
      if (r === undefined) {
        await this.deleteRequest(cr);
        continue;
      }
      if (r !== rev) continue;
      const csr = requestCsr(cr);
      const mismatch = requestMismatches(cr, cert.spec);
      const stale =
        typeof csr === "string" ||
        typeof mismatch === "string" ||
        mismatch.length > 0 ||
        csr.spki !== pkSpki ||
        // A failed request from before this issuance began is replaced by a fresh one.
        failedBeforeIssuance(cert, cr);
      if (stale) await this.deleteRequest(cr);
      else candidates.push(cr);
    }
    for (const extra of candidates.slice(1)) await this.deleteRequest(extra);
    if (candidates.length > 0) return;

    const csr = buildCsrPem({
      subject: specSubject(cert.spec),
      literalSubject: cert.spec.literalSubject,
      sans: specSans(cert.spec),
      usages: cert.spec.usages ?? [],
      isCA: !!cert.spec.isCA,
      encodeUsages: cert.spec.encodeUsagesInRequest ?? true,
      key: pk,
      signatureAlgorithm: cert.spec.signatureAlgorithm,
      nameConstraints: cert.spec.nameConstraints,
    });
    if ("error" in csr) {
      ctx.events.event(
        cert,
        "Warning",
        "RequestFailed",
        `Failed to generate CSR: ${csr.error} - will not retry`,
      );
      return;
    }
    const cr = this.buildRequest(cert, rev, keyName, csr.pem);
    try {
      const created = await ctx.client.create<CertificateRequest>(RT.certificateRequests, cr);
      ctx.requests.upsert(created);
      ctx.events.event(
        cert,
        "Normal",
        "Requested",
        `Created new CertificateRequest resource "${created.metadata.name}"`,
      );
    } catch (err) {
      // Another worker or an earlier run got there first: the informer will show it.
      if (isAlreadyExists(err)) return;
      ctx.events.event(
        cert,
        "Warning",
        "RequestFailed",
        `Failed to create CertificateRequest: ${(err as Error).message}`,
      );
      throw err;
    }
  }

  private buildRequest(cert: Certificate, rev: number, keyName: string, csrPem: string): CertificateRequest {
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(cert.metadata.annotations ?? {}))
      if (!EXCLUDED_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))) annotations[k] = v;
    annotations[REVISION_ANNOTATION] = String(rev);
    annotations["cert-manager.io/private-key-secret-name"] = keyName;
    annotations["cert-manager.io/certificate-name"] = cert.metadata.name ?? "";
    const spec: CertificateRequest["spec"] = {
      issuerRef: cert.spec.issuerRef,
      request: Buffer.from(csrPem).toString("base64"),
      isCA: !!cert.spec.isCA,
    };
    if (cert.spec.duration) spec.duration = cert.spec.duration;
    if (cert.spec.usages) spec.usages = cert.spec.usages;
    return {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: {
        name: requestName(cert.metadata.name ?? "", rev),
        namespace: cert.metadata.namespace,
        annotations,
        labels: { ...(cert.metadata.labels ?? {}) },
        ownerReferences: [ownerRef(cert)],
      },
      spec,
    };
  }

  private async deleteRequest(cr: CertificateRequest): Promise<void> {
    await deleteCached(this.ctx, this.ctx.requests, cr, cr.metadata.uid);
  }
}
