import { DEFAULT_CERTIFICATE_DURATION_MS } from "../../../api/constants.ts";
import type { KeyObject } from "node:crypto";
import type { Certificate } from "../../../api/types.ts";
import { certificatePem, signCertificate } from "../../../lib/pki/certificate.ts";
import { DEFAULT_USAGES } from "../../../lib/pki/csr.ts";
import { splitUsages } from "../../../lib/pki/extensions.ts";
import { generatePrivateKey, spkiDer } from "../../../lib/pki/keys.ts";
import { encodeName } from "../../../lib/pki/name.ts";
import { durationMs } from "../policies/renewal.ts";
import { specSans, specSubject } from "../policies/request-match.ts";
import { TEMPORARY_ISSUER_CN, TEMPORARY_SUBJECT_SERIAL } from "../policies/temporary-markers.ts";

/**
 * A placeholder certificate for `cert-manager.io/issue-temporary-certificate: "true"` while the
 * real one is pending (cert-manager's GenerateLocallySignedTemporaryCertificate): the spec's
 * subject (plus the fixed serial number), SANs, usages and duration, for the next private key,
 * signed by a P-521 CA made for this one signature and thrown away. A literalSubject is not
 * reproduced: the placeholder uses the structured subject fields.
 */
export async function temporaryCertificatePem(cert: Certificate, key: KeyObject, now: Date): Promise<string> {
  const caKey = await generatePrivateKey({ algorithm: "ECDSA", size: 521 });
  const spec = cert.spec;
  const { keyUsage, extKeyUsage } = splitUsages(
    spec.usages?.length ? spec.usages : DEFAULT_USAGES,
    !!spec.isCA,
  );
  const der = signCertificate(
    {
      subjectRaw: encodeName({ ...specSubject(spec), serialNumber: TEMPORARY_SUBJECT_SERIAL }),
      spki: spkiDer(key),
      notBefore: now,
      notAfter: new Date(now.getTime() + (durationMs(spec.duration) ?? DEFAULT_CERTIFICATE_DURATION_MS)),
      sans: specSans(spec),
      sanCritical: false,
      keyUsage,
      extKeyUsage,
      isCA: !!spec.isCA,
    },
    { subjectRaw: encodeName({ commonName: TEMPORARY_ISSUER_CN }), key: caKey },
  );
  return certificatePem(der);
}
