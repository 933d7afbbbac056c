import type { Certificate, CertificateRequest } from "../../api/types.ts";
import { readSecret, type ControllerContext, type Secret } from "../context.ts";
import { getCondition } from "../conditions.ts";
import type { PolicyInput } from "./policies/checks.ts";

/*
 * The only place certificate controllers read the world for the policies.
 *
 *   status.revision = n  ──►  "current" request: annotation certificate-revision = n
 *                             (produced the certificate in the Secret)
 *   issuing               ──►  "next" request: revision n+1, made for the key in
 *                             status.nextPrivateKeySecretName
 */

export const REVISION_ANNOTATION = "cert-manager.io/certificate-revision";

export function revisionOf(cr: CertificateRequest): number | undefined {
  const v = cr.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** CertificateRequests this Certificate controls (owner reference by UID). */
export function ownedRequests(ctx: ControllerContext, cert: Certificate): CertificateRequest[] {
  return cert.metadata.uid ? ctx.requests.byIndex("owner", cert.metadata.uid) : [];
}

export function requestForRevision(
  ctx: ControllerContext,
  cert: Certificate,
  revision: number,
): CertificateRequest | undefined {
  return ownedRequests(ctx, cert).find((r) => revisionOf(r) === revision);
}

export function nextRevision(cert: Certificate): number {
  return (cert.status?.revision ?? 0) + 1;
}

/** Owned temporary next-private-key Secrets. */
export function nextKeySecrets(ctx: ControllerContext, cert: Certificate): Secret[] {
  if (!cert.metadata.uid) return [];
  return ctx.secrets
    .byIndex("owner", cert.metadata.uid)
    .filter((s) => s.metadata.labels?.["cert-manager.io/next-private-key"] === "true");
}

export async function gatherPolicyInput(ctx: ControllerContext, cert: Certificate): Promise<PolicyInput> {
  const ns = cert.metadata.namespace ?? "";
  const secret = await readSecret(ctx, ns, cert.spec.secretName);
  const rev = cert.status?.revision;
  const currentRequest = rev !== undefined ? requestForRevision(ctx, cert, rev) : undefined;
  return { certificate: cert, secret, currentRequest, now: ctx.now() };
}

/** When the current issuance began (the Issuing condition's transition), ms since the epoch; 0 if unknown. */
export function issuingSince(cert: Certificate): number {
  return Date.parse(getCondition(cert, "Issuing")?.lastTransitionTime ?? "") || 0;
}

/**
 * A request that failed before the current issuance began: the request manager replaces it and
 * the issuing controller ignores it; both must agree, or one deletes what the other waits for.
 */
export function failedBeforeIssuance(cert: Certificate, cr: CertificateRequest): boolean {
  return (
    getCondition(cr, "Ready")?.reason === "Failed" &&
    !!cr.status?.failureTime &&
    Date.parse(cr.status.failureTime) < issuingSince(cert)
  );
}
