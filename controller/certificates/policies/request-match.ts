import type { Certificate, CertificateRequest, IssuerReference } from "../../../api/types.ts";
import { canonicalIp, encodeExtension, type SubjectAltNames } from "../../../lib/pki/extensions.ts";
import { nameConstraintsExtension } from "../../../lib/pki/name-constraints.ts";
import { encodeLiteralName, type SubjectFields } from "../../../lib/pki/name.ts";
import type { ParsedCertificate } from "../../../lib/pki/certificate.ts";
import { requestCsr } from "./parsed.ts";
import { durationMs } from "./renewal.ts";

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...new Set(a ?? [])].sort();
  const y = [...new Set(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Issuer refs compare with cert-manager's defaults (kind Issuer, group cert-manager.io). */
export function issuerRefsEqual(a: IssuerReference, b: IssuerReference): boolean {
  return (
    a.name === b.name &&
    (a.kind || "Issuer") === (b.kind || "Issuer") &&
    (a.group || "cert-manager.io") === (b.group || "cert-manager.io")
  );
}

export function specSans(spec: Certificate["spec"]): SubjectAltNames {
  return {
    dnsNames: spec.dnsNames ?? [],
    ipAddresses: spec.ipAddresses ?? [],
    uris: spec.uris ?? [],
    emailAddresses: spec.emailAddresses ?? [],
    otherNames: (spec.otherNames ?? []).map((o) => ({ oid: o.oid ?? "", utf8Value: o.utf8Value ?? "" })),
  };
}

export function specSubject(spec: Certificate["spec"]): SubjectFields {
  const s = spec.subject ?? {};
  return {
    commonName: spec.commonName,
    countries: s.countries,
    provinces: s.provinces,
    localities: s.localities,
    streetAddresses: s.streetAddresses,
    postalCodes: s.postalCodes,
    organizations: s.organizations,
    organizationalUnits: s.organizationalUnits,
    serialNumber: s.serialNumber,
  };
}

/**
 * The spec fields an existing CertificateRequest no longer satisfies (cert-manager's
 * RequestMatchesSpec). Fields that do not change the certificate are not compared.
 */
export function requestMismatches(cr: CertificateRequest, spec: Certificate["spec"]): string[] | string {
  const csr = requestCsr(cr);
  if (typeof csr === "string") return `failed to decode CSR: ${csr}`;
  const out: string[] = [];
  const sans = csr.sans;
  if (!sameSet(sans.ipAddresses.map(canonicalIp), (spec.ipAddresses ?? []).map(canonicalIp)))
    out.push("spec.ipAddresses");
  if (!sameSet(sans.uris, spec.uris)) out.push("spec.uris");
  if (!sameSet(sans.emailAddresses, spec.emailAddresses)) out.push("spec.emailAddresses");
  if (!sameSet(sans.dnsNames, spec.dnsNames)) out.push("spec.dnsNames");
  const otherA = sans.otherNames.map((o) => `${o.oid}=${o.utf8Value}`);
  const otherB = (spec.otherNames ?? []).map((o) => `${o.oid ?? ""}=${o.utf8Value ?? ""}`);
  if (!sameSet(otherA, otherB)) out.push("spec.otherNames");
  if (spec.literalSubject) {
    const want = encodeLiteralName(spec.literalSubject);
    if (typeof want === "string" || want.toString("base64") !== csr.subjectRaw)
      out.push("spec.literalSubject");
  } else {
    const want = specSubject(spec);
    const got = csr.subject;
    if ((got.commonName ?? "") !== (want.commonName ?? "")) out.push("spec.commonName");
    const fields: [keyof SubjectFields, string][] = [
      ["organizations", "spec.subject.organizations"],
      ["countries", "spec.subject.countries"],
      ["organizationalUnits", "spec.subject.organizationalUnits"],
      ["localities", "spec.subject.localities"],
      ["provinces", "spec.subject.provinces"],
      ["streetAddresses", "spec.subject.streetAddresses"],
      ["postalCodes", "spec.subject.postalCodes"],
    ];
    for (const [f, path] of fields)
      if (!sameList(got[f] as string[] | undefined, want[f] as string[] | undefined)) out.push(path);
    if ((got.serialNumber ?? "") !== (want.serialNumber ?? "")) out.push("spec.subject.serialNumber");
  }
  if (!!cr.spec.isCA !== !!spec.isCA) out.push("spec.isCA");
  const nc = spec.isCA ? nameConstraintsExtension(spec.nameConstraints) : undefined;
  const wantNc = nc && typeof nc !== "string" ? encodeExtension(nc).toString("base64") : nc;
  if ((wantNc ?? "") !== (csr.nameConstraints ?? "")) out.push("spec.nameConstraints");
  if (!sameSet(cr.spec.usages, spec.usages)) out.push("spec.usages");
  const a = durationMs(cr.spec.duration);
  const b = durationMs(spec.duration);
  if (a !== undefined && b !== undefined && a !== b) out.push("spec.duration");
  if (!issuerRefsEqual(cr.spec.issuerRef, spec.issuerRef)) out.push("spec.issuerRef");
  return out;
}

/** Compares an issued certificate with the spec when no request is left to compare against. */
export function certificateMismatches(
  cert: Pick<ParsedCertificate, "subject" | "sans">,
  spec: Certificate["spec"],
): string[] {
  const out: string[] = [];
  const cn = cert.subject.commonName ?? "";
  const want = spec.commonName ?? "";
  // cert-manager tolerates a CN that is also one of the SANs being moved between the two.
  if (cn !== want && !(want === "" && (spec.dnsNames ?? []).includes(cn))) out.push("spec.commonName");
  if (!sameSet(cert.sans.dnsNames, spec.dnsNames)) out.push("spec.dnsNames");
  if (!sameSet(cert.sans.ipAddresses.map(canonicalIp), (spec.ipAddresses ?? []).map(canonicalIp)))
    out.push("spec.ipAddresses");
  if (!sameSet(cert.sans.uris, spec.uris)) out.push("spec.uris");
  if (!sameSet(cert.sans.emailAddresses, spec.emailAddresses)) out.push("spec.emailAddresses");
  return out;
}
