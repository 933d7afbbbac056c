import type { Certificate, CertificateRequest } from "../../../api/types.ts";
import { normalizeKeySpec, specMismatches } from "../../../lib/pki/keys.ts";
import type { Secret } from "../../context.ts";
import { requestCsr, secretContents } from "./parsed.ts";
import { certificateMismatches, issuerRefsEqual, requestMismatches } from "./request-match.ts";
import { rfc3339 } from "./renewal.ts";
import { renewalPlan } from "./renewal-windows.ts";

/** What the policies look at; gathered from the caches by the gatherer. */
export interface PolicyInput {
  certificate: Certificate;
  secret?: Secret;
  /** The CertificateRequest of `status.revision` (the one that produced the current certificate). */
  currentRequest?: CertificateRequest;
  now: Date;
}

export interface Violation {
  reason: string;
  message: string;
}

export type Check = (input: PolicyInput) => Violation | undefined;

export const secretDoesNotExist: Check = ({ secret }) =>
  secret ? undefined : { reason: "DoesNotExist", message: "Issuing certificate as Secret does not exist" };

export const secretIsMissingData: Check = ({ secret }) => {
  if (!secret) return undefined;
  const d = secret.data;
  if (!d || Object.keys(d).length === 0)
    return { reason: "MissingData", message: "Issuing certificate as Secret does not contain any data" };
  if (!d["tls.key"])
    return { reason: "MissingData", message: "Issuing certificate as Secret does not contain a private key" };
  if (!d["tls.crt"])
    return { reason: "MissingData", message: "Issuing certificate as Secret does not contain a certificate" };
  return undefined;
};

export const secretPublicKeysDiffer: Check = ({ secret }) => {
  if (!secret) return undefined;
  const c = secretContents(secret);
  if (c.keyError || !c.keySpki)
    return {
      reason: "InvalidKeyPair",
      message: `Issuing certificate as Secret contains invalid private key data: ${c.keyError ?? "empty"}`,
    };
  const leaf = c.leaf;
  if (c.certError || !leaf)
    return {
      reason: "InvalidCertificate",
      message: `Issuing certificate as Secret contains an invalid certificate: ${c.certError ?? "empty"}`,
    };
  if (c.keySpki !== leaf.spki)
    return {
      reason: "InvalidKeyPair",
      message: "Issuing certificate as Secret contains a private key that does not match the certificate",
    };
  return undefined;
};

export const secretIssuerAnnotationsMismatch: Check = ({ secret, certificate }) => {
  const a = secret?.metadata.annotations ?? {};
  const name = a["cert-manager.io/issuer-name"];
  const kind = a["cert-manager.io/issuer-kind"];
  const group = a["cert-manager.io/issuer-group"];
  if (name === undefined && kind === undefined && group === undefined) return undefined;
  if (issuerRefsEqual({ name: name ?? "", kind, group }, certificate.spec.issuerRef)) return undefined;
  return {
    reason: "IncorrectIssuer",
    message: `Issuing certificate as Secret was previously issued by "${kind || "Issuer"}.${group || "cert-manager.io"}/${name ?? ""}"`,
  };
};

export const secretCertificateNameMismatch: Check = ({ secret, certificate }) => {
  const n = secret?.metadata.annotations?.["cert-manager.io/certificate-name"];
  if (n === undefined || n === certificate.metadata.name) return undefined;
  return {
    reason: "IncorrectCertificate",
    message: `Secret was issued for "${n}". If this message is not transient, you might have two conflicting Certificates pointing to the same secret.`,
  };
};

export const secretKeyMismatchesSpec: Check = ({ secret, certificate }) => {
  const key = secret ? secretContents(secret).keySpec : undefined;
  if (!key) return undefined;
  const bad = specMismatches(key, normalizeKeySpec(certificate.spec.privateKey));
  if (bad.length === 0) return undefined;
  return {
    reason: "SecretMismatch",
    message: `Existing private key is not up to date for spec: [${bad.join(" ")}]`,
  };
};

export const currentRequestKeyMismatch: Check = ({ secret, currentRequest }) => {
  if (!secret || !currentRequest) return undefined;
  const key = secretContents(secret).keySpki;
  const csr = requestCsr(currentRequest);
  if (!key) return undefined;
  if (typeof csr === "string")
    return {
      reason: "InvalidCertificateRequest",
      message: `Failed to decode current CertificateRequest: ${csr}`,
    };
  if (key !== csr.spki)
    return {
      reason: "SecretMismatch",
      message: "Secret contains a private key that does not match the current CertificateRequest",
    };
  return undefined;
};

export const requestChanged: Check = ({ secret, currentRequest, certificate }) => {
  if (currentRequest) {
    const bad = requestMismatches(currentRequest, certificate.spec);
    if (typeof bad === "string") return { reason: "InvalidCertificateRequest", message: bad };
    if (bad.length === 0) return undefined;
    return {
      reason: "RequestChanged",
      message: `Fields on existing CertificateRequest resource not up to date: [${bad.join(" ")}]`,
    };
  }
  const leaf = secret ? secretContents(secret).leaf : undefined;
  if (!leaf) return undefined;
  const bad = certificateMismatches(leaf, certificate.spec);
  if (bad.length === 0) return undefined;
  return {
    reason: "SecretMismatch",
    message: `Issuing certificate as Existing issued Secret is not up to date for spec: [${bad.join(" ")}]`,
  };
};

export const renewalDue: Check = ({ secret, certificate, now }) => {
  if (certificate.spec.renewal?.policy === "Disabled") return undefined;
  const leaf = secret ? secretContents(secret).leaf : undefined;
  if (!leaf) return undefined;
  const { at } = renewalPlan(leaf, certificate.spec);
  if (at.getTime() > now.getTime()) return undefined;
  return { reason: "Renewing", message: `Renewing certificate as renewal was scheduled at ${rfc3339(at)}` };
};

export const expired: Check = ({ secret, now }) => {
  const leaf = secret ? secretContents(secret).leaf : undefined;
  if (!leaf || leaf.notAfter.getTime() > now.getTime()) return undefined;
  return { reason: "Expired", message: `Certificate expired on ${leaf.notAfter.toUTCString()}` };
};

/** Runs the checks in order; the first violation wins. */
export function evaluate(chain: readonly Check[], input: PolicyInput): Violation | undefined {
  for (const check of chain) {
    const v = check(input);
    if (v) return v;
  }
  return undefined;
}

/** A placeholder certificate is never the finished state: not Ready, and re-issued if left behind. */
export const temporaryCertificate: Check = ({ secret }) =>
  secret && secretContents(secret).leaf?.temporary
    ? {
        reason: "TemporaryCertificate",
        message: "Certificate issuance in progress. Temporary certificate issued.",
      }
    : undefined;

const sharedChecks: Check[] = [
  secretDoesNotExist, // 1. nothing to serve yet
  secretIsMissingData, // 2. the Secret lacks tls.key or tls.crt
  secretPublicKeysDiffer, // 3. undecodable data, or key and certificate do not belong together
  temporaryCertificate, // 3b. issue-temporary-certificate's placeholder (cert-manager v0.x's reason)
  secretIssuerAnnotationsMismatch, // 4. the issuerRef changed
  secretCertificateNameMismatch, // 5. another Certificate wrote this Secret
  secretKeyMismatchesSpec, // 6. spec.privateKey asks for another key type or size
  currentRequestKeyMismatch, // 7. the Secret's key is not the one the current request was made for
  requestChanged, // 8. a spec change that affects the certificate
];

/** Whether to (re-)issue: cert-manager's NewTriggerPolicyChain. */
export const triggerChain: readonly Check[] = [...sharedChecks, renewalDue];

/** Whether the certificate is Ready: cert-manager's NewReadinessPolicyChain. */
export const readinessChain: readonly Check[] = [...sharedChecks, expired];
