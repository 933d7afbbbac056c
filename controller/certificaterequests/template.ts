import { DEFAULT_CERTIFICATE_DURATION_MS } from "../../api/constants.ts";
import type { CertificateRequest } from "../../api/types.ts";
import type { CertificateTemplate } from "../../lib/pki/certificate.ts";
import { DEFAULT_USAGES, type ParsedCsr } from "../../lib/pki/csr.ts";
import { splitUsages, type Extension } from "../../lib/pki/extensions.ts";
import { OID } from "../../lib/pki/oids.ts";
import { durationMs } from "../certificates/policies/renewal.ts";

/**
 * cert-manager's CertificateTemplateFromCertificateRequest: subject, SANs and other requested
 * extensions come from the CSR; validity, CA flag and usages from the CertificateRequest.
 */
export function templateFromRequest(
  cr: CertificateRequest,
  csr: ParsedCsr,
  now: Date,
  urls: { crlDistributionPoints?: string[]; ocspServers?: string[]; issuingCertificateURLs?: string[] } = {},
): CertificateTemplate {
  const duration = durationMs(cr.spec.duration) ?? DEFAULT_CERTIFICATE_DURATION_MS;
  const isCA = !!cr.spec.isCA;
  const usages = cr.spec.usages && cr.spec.usages.length > 0 ? cr.spec.usages : DEFAULT_USAGES;
  const { keyUsage, extKeyUsage } = splitUsages(usages, isCA);
  // Of the requested extensions the template does not build itself, only NameConstraints is copied.
  const extra: Extension[] = csr.extensions.filter((e) => e.oid === OID.nameConstraints);
  return {
    subjectRaw: csr.subjectRaw,
    spki: csr.spki,
    notBefore: now,
    notAfter: new Date(now.getTime() + duration),
    sans: csr.sans,
    sanCritical: csr.sanCritical,
    keyUsage,
    extKeyUsage,
    isCA,
    crlDistributionPoints: urls.crlDistributionPoints,
    ocspServers: urls.ocspServers,
    issuingCertificateURLs: urls.issuingCertificateURLs,
    extraExtensions: extra,
  };
}
