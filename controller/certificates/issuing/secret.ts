import type { KeyObject } from "node:crypto";
import type { Certificate, IssuerReference } from "../../../api/types.ts";
import type { ParsedCertificate } from "../../../lib/pki/certificate.ts";
import { encodePrivateKeyPem } from "../../../lib/pki/keys.ts";
import { decodePemBlocks } from "../../../lib/pki/pem.ts";
import type { Secret } from "../../context.ts";
import { ownerRef } from "../owner-ref.ts";

/** cert-manager's JoinWithEscapeCSV: values containing a comma or quote are quoted. */
export function joinCsv(values: string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(",");
}

/** The annotations cert-manager writes on a certificate Secret, derived from the issued certificate. */
export function certificateAnnotations(
  certName: string,
  issuerRef: IssuerReference,
  leaf: Pick<ParsedCertificate, "subject" | "sans">,
): Record<string, string> {
  const s = leaf.subject;
  const a: Record<string, string> = {
    "cert-manager.io/certificate-name": certName,
    "cert-manager.io/issuer-name": issuerRef.name,
    "cert-manager.io/issuer-kind": issuerRef.kind ?? "",
    "cert-manager.io/issuer-group": issuerRef.group ?? "",
    "cert-manager.io/common-name": s.commonName ?? "",
    "cert-manager.io/alt-names": joinCsv(leaf.sans.dnsNames),
    "cert-manager.io/ip-sans": joinCsv(leaf.sans.ipAddresses),
    "cert-manager.io/uri-sans": joinCsv(leaf.sans.uris),
  };
  const optional: [string, string[] | undefined][] = [
    ["cert-manager.io/email-sans", leaf.sans.emailAddresses],
    ["cert-manager.io/subject-organizations", s.organizations],
    ["cert-manager.io/subject-organizationalunits", s.organizationalUnits],
    ["cert-manager.io/subject-countries", s.countries],
    ["cert-manager.io/subject-provinces", s.provinces],
    ["cert-manager.io/subject-localities", s.localities],
    ["cert-manager.io/subject-postalcodes", s.postalCodes],
    ["cert-manager.io/subject-streetaddresses", s.streetAddresses],
  ];
  for (const [k, v] of optional) if (v && v.length > 0) a[k] = joinCsv(v);
  if (s.serialNumber) a["cert-manager.io/subject-serialnumber"] = s.serialNumber;
  return a;
}

export interface SecretData {
  /** Absent when only the Secret's shape (labels, annotations, entry names) is compared. */
  key?: KeyObject;
  /** PEM chain, leaf first. */
  chainPem: string;
  /** PEM CA, or empty. */
  caPem: string;
  /** Extra data entries (keystores) computed by the caller. */
  extra?: Record<string, Buffer>;
  /** --enable-certificate-owner-ref: the Certificate owns (and garbage-collects) the Secret. */
  ownerRef?: boolean;
}

/**
 * The full desired Secret for a server-side apply. Everything the controller manages is in it
 * every time, so entries it no longer wants (a removed output format, template label) are
 * released and disappear.
 */
export function desiredSecret(
  cert: Certificate,
  existing: Secret | undefined,
  leaf: Pick<ParsedCertificate, "subject" | "sans">,
  d: SecretData,
): Secret {
  const keyPem = d.key ? encodePrivateKeyPem(d.key, cert.spec.privateKey?.encoding ?? "PKCS1") : "";
  const data: Record<string, string> = {
    "tls.crt": Buffer.from(d.chainPem).toString("base64"),
    "tls.key": Buffer.from(keyPem).toString("base64"),
  };
  if (d.caPem) data["ca.crt"] = Buffer.from(d.caPem).toString("base64");
  for (const f of cert.spec.additionalOutputFormats ?? []) {
    if (f.type === "DER") {
      const block = decodePemBlocks(keyPem)[0];
      data["key.der"] = block ? block.der.toString("base64") : "";
    } else if (f.type === "CombinedPEM") {
      data["tls-combined.pem"] = Buffer.from(`${keyPem}\n${d.chainPem}`).toString("base64");
    }
  }
  for (const [k, v] of Object.entries(d.extra ?? {})) data[k] = v.toString("base64");
  const template = cert.spec.secretTemplate ?? {};
  const annotations: Record<string, string> = {};
  // secretTemplate cannot override cert-manager's own annotations.
  for (const [k, v] of Object.entries(template.annotations ?? {}))
    if (!k.startsWith("cert-manager.io/")) annotations[k] = v;
  Object.assign(annotations, certificateAnnotations(cert.metadata.name ?? "", cert.spec.issuerRef, leaf));
  const labels: Record<string, string> = {
    ...(template.labels ?? {}),
    "controller.cert-manager.io/fao": "true",
  };
  const metadata: Secret["metadata"] = {
    name: cert.spec.secretName,
    namespace: cert.metadata.namespace,
    annotations,
    labels,
  };
  // Left out when off: a server-side apply without it releases a reference we set before.
  if (d.ownerRef) metadata.ownerReferences = [ownerRef(cert)];
  return { apiVersion: "v1", kind: "Secret", metadata, type: existing?.type ?? "kubernetes.io/tls", data };
}

/** True when the Secret already carries everything `desired` asks for (labels, annotations, data). */
export function secretSatisfies(existing: Secret, desired: Secret): boolean {
  const sub = (want: Record<string, string> | undefined, have: Record<string, string> | undefined): boolean =>
    Object.entries(want ?? {}).every(([k, v]) => have?.[k] === v);
  const dataKeysOk = (() => {
    const want = desired.data ?? {};
    const have = existing.data ?? {};
    // Only the output-format entries are compared by key set; tls.* were checked by the policies.
    const optional = [
      "key.der",
      "tls-combined.pem",
      "keystore.jks",
      "truststore.jks",
      "keystore.p12",
      "truststore.p12",
    ];
    return optional.every((k) => k in want === k in have);
  })();
  // cert-manager's SecretOwnerRefMismatch: the controller reference must be there when asked for.
  const ownerOk = (desired.metadata.ownerReferences ?? []).every((want) =>
    (existing.metadata.ownerReferences ?? []).some((r) => r.uid === want.uid && r.controller),
  );
  return (
    ownerOk &&
    sub(desired.metadata.labels, existing.metadata.labels) &&
    sub(desired.metadata.annotations, existing.metadata.annotations) &&
    dataKeysOk
  );
}

/** The keystore entries the spec asks for, with empty values: enough to compare key sets. */
export function keystorePlaceholders(cert: Certificate, hasCA: boolean): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const ks = cert.spec.keystores;
  if (ks?.jks?.create) {
    out["keystore.jks"] = Buffer.alloc(0);
    if (hasCA) out["truststore.jks"] = Buffer.alloc(0);
  }
  if (ks?.pkcs12?.create) {
    out["keystore.p12"] = Buffer.alloc(0);
    if (hasCA) out["truststore.p12"] = Buffer.alloc(0);
  }
  return out;
}
