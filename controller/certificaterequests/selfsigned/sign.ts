import type { CertificateRequest } from "../../../api/types.ts";
import { certificatePem, signCertificate } from "../../../lib/pki/certificate.ts";
import { publicKeysEqual } from "../../../lib/pki/keys.ts";
import { requestCsrFull, secretPrivateKey } from "../../certificates/policies/parsed.ts";
import type { ControllerContext } from "../../context.ts";
import type { AnyIssuer } from "../../issuers/resolve.ts";
import type { Outcome } from "../outcome.ts";
import { templateFromRequest } from "../template.ts";

/** The SelfSigned issuer: signs the request with its own private key (from the temporary key Secret). */
export async function signSelfSigned(
  ctx: ControllerContext,
  cr: CertificateRequest,
  issuer: AnyIssuer,
  now: Date,
): Promise<Outcome> {
  const keyName = cr.metadata.annotations?.["cert-manager.io/private-key-secret-name"];
  if (!keyName)
    return {
      kind: "failed",
      reason: "MissingAnnotation",
      message: `Annotation "cert-manager.io/private-key-secret-name" missing or reference empty`,
    };
  const secret = ctx.secrets.getByName(cr.metadata.namespace, keyName);
  if (!secret)
    return {
      kind: "pending",
      reason: "MissingSecret",
      message: `Referenced secret ${cr.metadata.namespace}/${keyName} not found`,
    };
  const key = secretPrivateKey(secret);
  if (!key)
    return {
      kind: "pending",
      reason: "ErrorParsingKey",
      message: `Failed to get key "${keyName}" referenced in annotation "cert-manager.io/private-key-secret-name"`,
    };
  const csr = requestCsrFull(cr);
  if (typeof csr === "string")
    return {
      kind: "failed",
      reason: "ErrorGenerating",
      message: `Error generating certificate template: ${csr}`,
    };
  if (!publicKeysEqual(csr.publicKey, key))
    return { kind: "failed", reason: "ErrorKeyMatch", message: "CSR not signed by referenced private key" };
  const tpl = templateFromRequest(cr, csr, now, {
    crlDistributionPoints: issuer.spec.selfSigned?.crlDistributionPoints,
  });
  if (csr.subject.commonName === undefined && csr.subjectRaw.length <= 2)
    ctx.events.event(
      cr,
      "Warning",
      "BadConfig",
      "Certificate will be issued with an empty Issuer DN, which contravenes RFC 5280 and could break some strict clients",
    );
  let der: Buffer;
  try {
    der = signCertificate(tpl, { subjectRaw: csr.subjectRaw, key });
  } catch (err) {
    return {
      kind: "failed",
      reason: "ErrorSigning",
      message: `Error signing certificate: ${(err as Error).message}`,
    };
  }
  const pem = certificatePem(der);
  return { kind: "issued", certificate: pem, ca: pem };
}
