import { randomBytes, createPublicKey, type KeyObject } from "node:crypto";
import {
  bitString,
  children,
  explicit,
  parse,
  readOid,
  readTime,
  seq,
  time,
  uint,
  type Node,
} from "./der.ts";
import {
  authorityInfoAccessExtension,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  crlDistributionPointsExtension,
  emptySans,
  encodeExtension,
  extKeyUsageExtension,
  hasSans,
  keyUsageExtension,
  readBasicConstraints,
  readExtKeyUsage,
  readExtensions,
  readKeyUsage,
  readSans,
  readSubjectKeyId,
  subjectAltNameExtension,
  subjectKeyIdExtension,
  type Extension,
  type SubjectAltNames,
} from "./extensions.ts";
import {
  algorithmIdentifier,
  verifySignature,
  signBytes,
  signatureAlgorithmFor,
  subjectKeyId,
} from "./keys.ts";
import { decodeName, type SubjectFields } from "./name.ts";
import { OID } from "./oids.ts";
import { decodePemBlocks, toPem } from "./pem.ts";

export interface CertificateTemplate {
  subjectRaw: Buffer;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  sans: SubjectAltNames;
  sanCritical: boolean;
  keyUsage: number[];
  extKeyUsage: string[];
  isCA: boolean;
  crlDistributionPoints?: string[];
  ocspServers?: string[];
  issuingCertificateURLs?: string[];
  /** Copied verbatim (e.g. name constraints from the request). */
  extraExtensions?: Extension[];
}

export interface SigningIdentity {
  /** DER Name of the issuer (the CA certificate's subject). */
  subjectRaw: Buffer;
  /** The CA's subject key identifier, written as the authority key identifier (omit when self-signing). */
  keyId?: Buffer;
  key: KeyObject;
}

/** Builds and signs an X.509 v3 certificate. */
export function signCertificate(tpl: CertificateTemplate, issuer: SigningIdentity): Buffer {
  const ski = subjectKeyId(tpl.spki);
  const exts: (Extension | undefined)[] = [
    keyUsageExtension(tpl.keyUsage),
    extKeyUsageExtension(tpl.extKeyUsage),
    basicConstraintsExtension(tpl.isCA),
    subjectKeyIdExtension(ski),
    issuer.keyId ? authorityKeyIdExtension(issuer.keyId) : undefined,
    authorityInfoAccessExtension(tpl.ocspServers ?? [], tpl.issuingCertificateURLs ?? []),
    hasSans(tpl.sans) ? subjectAltNameExtension(tpl.sans, tpl.sanCritical) : undefined,
    crlDistributionPointsExtension(tpl.crlDistributionPoints ?? []),
    ...(tpl.extraExtensions ?? []),
  ];
  const alg = signatureAlgorithmFor(issuer.key);
  // 128 random bits with the top bit cleared: positive and ≤ 20 octets, like cert-manager.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    explicit(0, uint(2)),
    uint(serial),
    algorithmIdentifier(alg),
    issuer.subjectRaw,
    seq(time(tpl.notBefore), time(tpl.notAfter)),
    tpl.subjectRaw,
    tpl.spki,
    explicit(3, seq(...exts.filter((e): e is Extension => e !== undefined).map(encodeExtension))),
  );
  return seq(tbs, algorithmIdentifier(alg), bitString(signBytes(alg, tbs, issuer.key)));
}

export function certificatePem(der: Buffer): string {
  return toPem("CERTIFICATE", der);
}

export interface ParsedCertificate {
  der: Buffer;
  serialHex: string;
  issuerRaw: Buffer;
  subjectRaw: Buffer;
  subject: SubjectFields;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  publicKey: KeyObject;
  sans: SubjectAltNames;
  keyUsage?: number[];
  extKeyUsage?: string[];
  isCA: boolean;
  subjectKeyId?: Buffer;
  extensions: Extension[];
  tbsRaw: Buffer;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

function need(n: Node | undefined, what: string): Node {
  if (!n) throw new Error(`malformed certificate: missing ${what}`);
  return n;
}

/** Parses one DER certificate; throws with a readable message when malformed. */
export function parseCertificateDer(der: Buffer): ParsedCertificate {
  const [tbsNode, algNode, sigNode] = children(parse(der));
  const tbs = need(tbsNode, "tbsCertificate");
  let parts = children(tbs);
  if (parts[0]?.tag === 0xa0) parts = parts.slice(1);
  const [serial, , issuer, validity, subject, spki, ...rest] = parts;
  const [nb, na] = children(need(validity, "validity"));
  const spkiNode = need(spki, "subjectPublicKeyInfo");
  const out: ParsedCertificate = {
    der,
    serialHex: need(serial, "serial").content.toString("hex"),
    issuerRaw: Buffer.from(need(issuer, "issuer").raw),
    subjectRaw: Buffer.from(need(subject, "subject").raw),
    subject: decodeName(need(subject, "subject")),
    notBefore: readTime(need(nb, "notBefore")),
    notAfter: readTime(need(na, "notAfter")),
    spki: Buffer.from(spkiNode.raw),
    // Created on first use: most callers only compare SPKI bytes, and a KeyObject costs native memory.
    get publicKey(): KeyObject {
      return createPublicKey({ key: this.spki, format: "der", type: "spki" });
    },
    sans: emptySans(),
    isCA: false,
    extensions: [],
    tbsRaw: Buffer.from(tbs.raw),
    signatureAlgorithmOid: readOid(need(children(need(algNode, "signatureAlgorithm"))[0], "algorithm")),
    signature: Buffer.from(need(sigNode, "signature").content.subarray(1)),
  };
  const extWrapper = rest.find((n) => n.tag === 0xa3);
  const extSeq = extWrapper ? children(extWrapper)[0] : undefined;
  if (extSeq) out.extensions = readExtensions(extSeq);
  for (const e of out.extensions) {
    if (e.oid === OID.subjectAltName) out.sans = readSans(e.value);
    else if (e.oid === OID.keyUsage) out.keyUsage = readKeyUsage(e.value);
    else if (e.oid === OID.extKeyUsage) out.extKeyUsage = readExtKeyUsage(e.value);
    else if (e.oid === OID.basicConstraints) out.isCA = readBasicConstraints(e.value);
    else if (e.oid === OID.subjectKeyIdentifier) out.subjectKeyId = readSubjectKeyId(e.value);
  }
  return out;
}

/** Parses every CERTIFICATE block of a PEM bundle (leaf first). Throws when there is none or one is malformed. */
export function parseCertificatesPem(pem: string | Buffer): ParsedCertificate[] {
  const blocks = decodePemBlocks(pem).filter((b) => b.label === "CERTIFICATE");
  if (blocks.length === 0) throw new Error("no CERTIFICATE PEM block found");
  return blocks.map((b) => parseCertificateDer(b.der));
}

/** True when `cert` carries a valid signature by `issuer`'s key. */
export function isSignedBy(cert: ParsedCertificate, issuerKey: KeyObject): boolean {
  return verifySignature(cert.signatureAlgorithmOid, cert.tbsRaw, issuerKey, cert.signature);
}

export function isSelfSigned(cert: ParsedCertificate): boolean {
  return cert.issuerRaw.equals(cert.subjectRaw) && isSignedBy(cert, cert.publicKey);
}
