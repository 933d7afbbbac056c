import type { KeyObject } from "node:crypto";
import type { Certificate } from "../../../api/types.ts";
import { RT } from "../../../lib/kube/resources.ts";
import {
  generatePrivateKey,
  specMismatches,
  normalizeKeySpec,
  privateKeyToPkcs8Der,
} from "../../../lib/pki/keys.ts";
import { toPem } from "../../../lib/pki/pem.ts";
import { isTrue } from "../../conditions.ts";
import { deleteCached, readSecret, untrimmed, type ControllerContext, type Secret } from "../../context.ts";
import { WorkQueue } from "../../runtime/queue.ts";
import type { Reconciler } from "../../runtime/runner.ts";
import { applyCertificateStatus } from "../apply-status.ts";
import { ownerRef } from "../owner-ref.ts";
import { nextKeySecrets } from "../gatherer.ts";
import { secretContents, secretPrivateKey } from "../policies/parsed.ts";

export const KEYMANAGER_CONTROLLER = "certificates-key-manager";

/**
 * Holds the private key for the next issuance in a temporary Secret (owned by the Certificate,
 * labelled next-private-key) so a restart mid-issuance reuses it instead of starting over.
 */
export class KeyManagerController implements Reconciler {
  readonly name = KEYMANAGER_CONTROLLER;
  readonly queue = new WorkQueue({ baseMs: 1000, maxMs: 30_000 });
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  async reconcile(key: string): Promise<void> {
    const ctx = this.ctx;
    const cert = ctx.certificates.get(key);
    if (!cert || cert.metadata.deletionTimestamp) return;
    const owned = nextKeySecrets(ctx, cert);
    const statusName = cert.status?.nextPrivateKeySecretName;

    if (!isTrue(cert, "Issuing")) {
      // Not issuing: no next key should linger.
      for (const s of owned) await this.deleteSecret(s);
      if (statusName) await applyCertificateStatus(ctx, cert, KEYMANAGER_CONTROLLER, {});
      return;
    }

    const spec = normalizeKeySpec(cert.spec.privateKey);
    // Keep the Secret named in status (or adopt a lone one left by a crash before the status write).
    const keep =
      owned.find((s) => s.metadata.name === statusName) ??
      (owned.length === 1 && !statusName ? owned[0] : undefined);
    for (const s of owned) if (s !== keep) await this.deleteSecret(s);
    if (keep) {
      const c = secretContents(keep);
      if (!c.keySpec) {
        await this.deleteSecret(keep);
      } else if (specMismatches(c.keySpec, spec).length > 0) {
        ctx.events.event(
          cert,
          "Normal",
          "Deleted",
          `Regenerating private key due to change in fields: [${specMismatches(c.keySpec, spec).join(" ")}]`,
        );
        await this.deleteSecret(keep);
      } else {
        if (statusName !== keep.metadata.name)
          await applyCertificateStatus(ctx, cert, KEYMANAGER_CONTROLLER, {
            nextPrivateKeySecretName: keep.metadata.name,
          });
        return;
      }
    }

    const key2 = await this.keyFor(cert);
    if (!key2) return;
    const created = await ctx.client.create<Secret>(RT.secrets, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        generateName: `${cert.metadata.name}-`,
        namespace: cert.metadata.namespace,
        labels: { "cert-manager.io/next-private-key": "true", "controller.cert-manager.io/fao": "true" },
        ownerReferences: [ownerRef(cert)],
      },
      type: "Opaque",
      data: { "tls.key": Buffer.from(toPem("PRIVATE KEY", privateKeyToPkcs8Der(key2))).toString("base64") },
    } as Secret);
    ctx.secrets.upsert(created);
    ctx.events.event(
      cert,
      "Normal",
      "Generated",
      `Stored new private key in temporary Secret resource "${created.metadata.name}"`,
    );
    await applyCertificateStatus(ctx, cert, KEYMANAGER_CONTROLLER, {
      nextPrivateKeySecretName: created.metadata.name,
    });
  }

  /** rotationPolicy Never reuses the Secret's key when it still fits the spec. */
  private async keyFor(cert: Certificate): Promise<KeyObject | undefined> {
    const ctx = this.ctx;
    const spec = normalizeKeySpec(cert.spec.privateKey);
    if ((cert.spec.privateKey?.rotationPolicy ?? "Always") === "Never") {
      const target = await readSecret(ctx, cert.metadata.namespace ?? "", cert.spec.secretName);
      const data = target?.data?.["tls.key"];
      if (target && data) {
        const c = secretContents(target);
        const full = await untrimmed(ctx, target);
        const key = full ? secretPrivateKey(full) : undefined;
        if (!key || !c.keySpec) {
          ctx.events.event(
            cert,
            "Warning",
            "DecodeFailed",
            `Failed to decode private key stored in Secret "${cert.spec.secretName}" - generating new key`,
          );
        } else {
          const bad = specMismatches(c.keySpec, spec);
          if (bad.length > 0) {
            ctx.events.event(
              cert,
              "Warning",
              "CannotRegenerateKey",
              `User intervention required: existing private key in Secret "${cert.spec.secretName}" does not match requirements on Certificate resource, mismatching fields: [${bad.join(" ")}], but cert-manager cannot create new private key as the Certificate's .spec.privateKey.rotationPolicy is unset or set to Never. To allow cert-manager to create a new private key you can set .spec.privateKey.rotationPolicy to 'Always' (this will result in the private key being regenerated every time a cert is renewed) `,
            );
            return undefined;
          }
          ctx.events.event(
            cert,
            "Normal",
            "Reused",
            `Reusing private key stored in existing Secret resource "${cert.spec.secretName}"`,
          );
          return key;
        }
      }
    }
    try {
      return await generatePrivateKey(spec);
    } catch (err) {
      ctx.events.event(
        cert,
        "Warning",
        "RequestFailed",
        `Failed to generate private key: ${(err as Error).message}`,
      );
      return undefined;
    }
  }

  private async deleteSecret(s: Secret): Promise<void> {
    await deleteCached(this.ctx, this.ctx.secrets, s, s.metadata.uid);
  }
}
