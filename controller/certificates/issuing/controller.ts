import type { KeyObject } from "node:crypto";
import { ANNOTATION_ISSUE_TEMPORARY_CERTIFICATE } from "../../../api/constants.ts";
import type { Certificate, CertificateRequest, Condition } from "../../../api/types.ts";
import { isNotFound } from "../../../lib/kube/client.ts";
import { RT } from "../../../lib/kube/resources.ts";
import { parseCertificatesPem } from "../../../lib/pki/certificate.ts";
import { getCondition, isTrue, makeCondition } from "../../conditions.ts";
import { TRIMMED, readSecret, untrimmed, type ControllerContext, type Secret } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { Reconciler } from "../../runtime/runner.ts";
import { applyCertificateStatus } from "../apply-status.ts";
import { failedBeforeIssuance, nextRevision, requestForRevision } from "../gatherer.ts";
import { b64, rememberKey, secretContents, secretPrivateKey, spkiOf } from "../policies/parsed.ts";
import { rfc3339 } from "../policies/renewal.ts";
import {
  evaluate,
  secretDoesNotExist,
  secretIsMissingData,
  secretPublicKeysDiffer,
} from "../policies/checks.ts";
import { keystoreEntries } from "./keystores.ts";
import { temporaryCertificatePem } from "./temporary.ts";
import { desiredSecret, keystorePlaceholders, secretSatisfies } from "./secret.ts";

export const ISSUING_CONTROLLER = "certificates-issuing";

/** When a temporary certificate is due: no Secret, no data, or a key pair that does not match. */
const TEMPORARY_CERTIFICATE_CHAIN = [secretDoesNotExist, secretIsMissingData, secretPublicKeysDiffer];

/**
 * Completes an issuance: when the next revision's CertificateRequest is issued, writes the
 * Secret (server-side apply) and records the revision; when it failed, records the failure so
 * the trigger backs off. When not issuing, keeps the Secret's metadata and output formats in
 * line with the spec without re-issuing.
 */
export class IssuingController implements Reconciler {
  readonly name = ISSUING_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    if (!cert || cert.metadata.deletionTimestamp) return;
    if (!isTrue(cert, "Issuing")) return await this.reconcilePostIssuance(cert);

    const keyName = cert.status?.nextPrivateKeySecretName;
    const keySecret = keyName ? ctx.secrets.getByName(cert.metadata.namespace, keyName) : undefined;
    const pk = keySecret ? secretPrivateKey(keySecret) : undefined;
    if (!pk) return;
    const rev = nextRevision(cert);
    const cr = requestForRevision(ctx, cert, rev);
    if (!cr) return;
    const issuing = getCondition(cert, "Issuing");
    const ready = getCondition(cr, "Ready");
    if (failedBeforeIssuance(cert, cr)) return;
    const failedCond =
      getCondition(cr, "Denied")?.status === "True"
        ? getCondition(cr, "Denied")
        : getCondition(cr, "InvalidRequest")?.status === "True"
          ? getCondition(cr, "InvalidRequest")
          : ready?.reason === "Failed"
            ? ready
            : undefined;
    if (failedCond) return await this.failIssuance(cert, failedCond);
    if (ready?.status !== "True" || ready.reason !== "Issued") {
      // Still pending at the issuer (e.g. waiting for approval or an ACME order).
      if (!ready || ready.reason === "Pending") await this.ensureTemporaryCertificate(cert, pk);
      return;
    }

    const now = ctx.now();
    const full = cr.status?.certificate === TRIMMED ? await this.readRequest(cr) : cr;
    if (!full) return;
    let chain;
    try {
      chain = parseCertificatesPem(b64(full.status?.certificate) ?? "");
    } catch (err) {
      return await this.failIssuance(cert, {
        type: "Ready",
        status: "False",
        reason: "InvalidCertificate",
        message: `Issuer returned an invalid certificate: failed to decode: ${(err as Error).message}`,
      });
    }
    const leaf = chain[0];
    if (!leaf) return;
    if (leaf.spki.toString("base64") !== spkiOf(pk))
      return await this.failIssuance(cert, {
        type: "Ready",
        status: "False",
        reason: "InvalidCertificate",
        message:
          "Issuer returned a certificate with a public key that does not match the CSR. This usually indicates a misconfigured issuer.",
      });
    if (leaf.notAfter.getTime() <= now.getTime())
      return await this.failIssuance(cert, {
        type: "Ready",
        status: "False",
        reason: "InvalidCertificate",
        message: `Issuer returned an already expired certificate (notAfter: ${rfc3339(leaf.notAfter)}). This usually indicates an expired CA certificate in the issuer.`,
      });

    const existing = await readSecret(ctx, cert.metadata.namespace ?? "", cert.spec.secretName);
    const chainPem = b64(full.status?.certificate)?.toString("utf8") ?? "";
    const caPem = b64(full.status?.ca)?.toString("utf8") ?? "";
    const desired = desiredSecret(cert, existing, leaf, {
      key: pk,
      chainPem,
      caPem,
      extra: await keystoreEntries(ctx, cert, pk, chainPem, caPem),
      ownerRef: ctx.enableCertificateOwnerRef,
    });
    const keyData = desired.data?.["tls.key"];
    if (keyData) rememberKey(keyData, pk);
    const written = await ctx.client.apply<Secret>(RT.secrets, desired, ctx.fieldManager);
    ctx.secrets.upsert(written);
    await applyCertificateStatus(ctx, cert, ISSUING_CONTROLLER, {
      revision: rev,
      conditions: [
        makeCondition(
          "Issuing",
          "False",
          "Issued",
          "The certificate has been successfully issued",
          issuing,
          now,
          cert.metadata.generation,
        ),
      ],
    });
    ctx.events.event(cert, "Normal", "Issuing", "The certificate has been successfully issued");
  }

  private async readRequest(cr: CertificateRequest): Promise<CertificateRequest | undefined> {
    try {
      return await this.ctx.client.get<CertificateRequest>(
        RT.certificateRequests,
        cr.metadata.namespace,
        cr.metadata.name ?? "",
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async failIssuance(cert: Certificate, cond: Condition): Promise<void> {
    const ctx = this.ctx;
    const now = ctx.now();
    const message = `The certificate request has failed to complete and will be retried: ${cond.message ?? ""}`;
    const reason = cond.reason ?? "Failed";
    const status: Certificate["status"] = {
      lastFailureTime: rfc3339(now),
      failedIssuanceAttempts: (cert.status?.failedIssuanceAttempts ?? 0) + 1,
      conditions: [
        makeCondition(
          "Issuing",
          "False",
          reason,
          message,
          getCondition(cert, "Issuing"),
          now,
          cert.metadata.generation,
        ),
      ],
    };
    if (cert.status?.revision !== undefined) status.revision = cert.status.revision;
    await applyCertificateStatus(ctx, cert, ISSUING_CONTROLLER, status);
    ctx.events.event(cert, "Warning", reason, message);
  }

  /**
   * cert-manager.io/issue-temporary-certificate: while the request is pending, serve a placeholder
   * signed for the next private key, unless the Secret already holds a usable key pair.
   */
  private async ensureTemporaryCertificate(cert: Certificate, pk: KeyObject): Promise<void> {
    const ctx = this.ctx;
    if (cert.metadata.annotations?.[ANNOTATION_ISSUE_TEMPORARY_CERTIFICATE] !== "true") return;
    const existing = await readSecret(ctx, cert.metadata.namespace ?? "", cert.spec.secretName);
    const now = ctx.now();
    if (!evaluate(TEMPORARY_CERTIFICATE_CHAIN, { certificate: cert, secret: existing, now })) return;
    const pem = await temporaryCertificatePem(cert, pk, now);
    const leaf = parseCertificatesPem(Buffer.from(pem))[0];
    if (!leaf) return;
    const desired = desiredSecret(cert, existing, leaf, {
      key: pk,
      chainPem: pem,
      caPem: "",
      ownerRef: ctx.enableCertificateOwnerRef,
    });
    const keyData = desired.data?.["tls.key"];
    if (keyData) rememberKey(keyData, pk);
    const written = await ctx.client.apply<Secret>(RT.secrets, desired, ctx.fieldManager);
    ctx.secrets.upsert(written);
    ctx.events.event(cert, "Normal", "Issuing", "Issued temporary certificate");
  }

  /** Re-applies the Secret from its own data when metadata or output formats drifted from the spec. */
  private async reconcilePostIssuance(cert: Certificate): Promise<void> {
    const ctx = this.ctx;
    const secret = await readSecret(ctx, cert.metadata.namespace ?? "", cert.spec.secretName);
    if (!secret) return;
    const c = secretContents(secret);
    const leaf = c.leaf;
    if (!c.keySpki || !leaf || c.keySpki !== leaf.spki) return;
    // Only Secrets this Certificate issued: a mismatch here is the trigger's business.
    if (secret.metadata.annotations?.["cert-manager.io/certificate-name"] !== cert.metadata.name) return;
    const hasCA = "ca.crt" in (secret.data ?? {});
    const shape = desiredSecret(cert, secret, leaf, {
      chainPem: "",
      caPem: "",
      extra: keystorePlaceholders(cert, hasCA),
      ownerRef: ctx.enableCertificateOwnerRef,
    });
    if (secretSatisfies(secret, shape)) return;
    // The cache keeps no PEM data: read the Secret live before re-applying it.
    const live = await untrimmed(ctx, secret);
    const key = live ? secretPrivateKey(live) : undefined;
    if (!live || !key) return;
    const chainPem = b64(live.data?.["tls.crt"])?.toString("utf8") ?? "";
    const caPem = b64(live.data?.["ca.crt"])?.toString("utf8") ?? "";
    // Keystores use fresh salts each time: build them only when something must be re-applied.
    const desired = desiredSecret(cert, secret, leaf, {
      key,
      chainPem,
      caPem,
      extra: await keystoreEntries(ctx, cert, key, chainPem, caPem),
      ownerRef: ctx.enableCertificateOwnerRef,
    });
    if (secretSatisfies(secret, desired)) return; // e.g. a keystore password Secret is still missing
    const written = await ctx.client.apply<Secret>(RT.secrets, desired, ctx.fieldManager);
    ctx.secrets.upsert(written);
  }
}
