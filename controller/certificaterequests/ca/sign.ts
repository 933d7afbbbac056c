import type { CertificateRequest } from "../../../api/types.ts";
import { certificatePem, signCertificate } from "../../../lib/pki/certificate.ts";
import { verifyCsrSignature } from "../../../lib/pki/csr.ts";
import { requestCsrFull } from "../../certificates/policies/parsed.ts";
import type { ControllerContext } from "../../context.ts";
import { issuerSecretNamespace, loadCA, type AnyIssuer } from "../../issuers/resolve.ts";
import type { Outcome } from "../outcome.ts";
import { templateFromRequest } from "../template.ts";

/** The CA issuer: signs with the key pair in the issuer's Secret; `ca` is the chain's top. */
export async function signWithCA(
  ctx: ControllerContext,
  cr: CertificateRequest,
  issuer: AnyIssuer,
  kind: string,
  now: Date,
): Promise<Outcome> {
  const spec = issuer.spec.ca;
  if (!spec) return { kind: "failed", reason: "SigningError", message: "issuer has no ca configuration" };
  const ns = issuerSecretNamespace(ctx, kind, issuer.metadata.namespace);
  const loaded = await loadCA(ctx, ns, spec.secretName, now);
  if (!loaded.ok) {
    if (loaded.missing)
      return {
        kind: "pending",
        reason: "SecretMissing",
        message: `Referenced secret ${ns}/${spec.secretName} not found`,
      };
    return {
      kind: "pending",
      reason: "SecretInvalidData",
      message: `Failed to parse signing CA keypair from secret ${ns}/${spec.secretName}: ${loaded.message}`,
    };
  }
  const csr = requestCsrFull(cr);
  if (typeof csr === "string" || !verifyCsrSignature(csr))
    return {
      kind: "failed",
      reason: "SigningError",
      message: `Error generating certificate template: ${typeof csr === "string" ? csr : "invalid CSR signature"}`,
    };
  const tpl = templateFromRequest(cr, csr, now, spec);
  const caLeaf = loaded.ca.chain[0];
  if (!caLeaf)
    return { kind: "failed", reason: "SigningError", message: "Error signing certificate: empty CA chain" };
  let der: Buffer;
  try {
    der = signCertificate(tpl, {
      subjectRaw: caLeaf.subjectRaw,
      keyId: caLeaf.subjectKeyId,
      key: loaded.ca.key,
    });
  } catch (err) {
    return {
      kind: "failed",
      reason: "SigningError",
      message: `Error signing certificate: ${(err as Error).message}`,
    };
  }
  return {
    kind: "issued",
    certificate: certificatePem(der) + loaded.ca.intermediatesPem,
    ca: loaded.ca.rootPem,
  };
}
