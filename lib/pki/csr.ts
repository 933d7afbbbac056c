import { createPublicKey, type KeyObject } from "node:crypto";
import { bitString, children, implicit, oid, parse, readOid, seq, setOf, uint, type Node } from "./der.ts";
import {
  encodeExtensions,
  extKeyUsageExtension,
  hasSans,
  keyUsageExtension,
  readBasicConstraints,
  readExtKeyUsage,
  readExtensions,
  readKeyUsage,
  readSans,
  splitUsages,
  subjectAltNameExtension,
  emptySans,
  type Extension,
  type SubjectAltNames,
} from "./extensions.ts";
import { algorithmIdentifier, verifySignature, signBytes, signatureAlgorithmFor, spkiDer } from "./keys.ts";
import { decodeName, encodeLiteralName, encodeName, type SubjectFields } from "./name.ts";
import { nameConstraintsExtension, type NameConstraintsInput } from "./name-constraints.ts";
import { OID } from "./oids.ts";
import { decodePemBlocks, toPem } from "./pem.ts";

export interface CsrInput {
  subject?: SubjectFields;
  /** RFC 4514 DN used verbatim instead of `subject` (spec.literalSubject). */
  literalSubject?: string;
  sans: SubjectAltNames;
  usages: string[];
  isCA: boolean;
  /** spec.encodeUsagesInRequest (default true). */
  encodeUsages: boolean;
  key: KeyObject;
  signatureAlgorithm?: string;
  /** spec.nameConstraints; encoded for CA requests only, as cert-manager does. */
  nameConstraints?: NameConstraintsInput;
}

/** cert-manager's default when a Certificate lists no usages. */
export const DEFAULT_USAGES = ["digital signature", "key encipherment"];

/** Builds and signs a PKCS#10 request; returns PEM, or an error message for unusable input. */
export function buildCsrPem(input: CsrInput): { pem: string } | { error: string } {
  let subjectDer: Buffer;
  if (input.literalSubject) {
    const encoded = encodeLiteralName(input.literalSubject);
    if (typeof encoded === "string") return { error: `invalid literalSubject: ${encoded}` };
    subjectDer = encoded;
  } else subjectDer = encodeName(input.subject ?? {});
  const subjectEmpty = children(parse(subjectDer)).length === 0;
  const exts: (Extension | undefined)[] = [];
  if (hasSans(input.sans)) exts.push(subjectAltNameExtension(input.sans, subjectEmpty));
  if (input.encodeUsages) {
    const { keyUsage, extKeyUsage } = splitUsages(
      input.usages.length ? input.usages : DEFAULT_USAGES,
      input.isCA,
    );
    exts.push(keyUsageExtension(keyUsage), extKeyUsageExtension(extKeyUsage));
  }
  if (input.isCA) {
    const nc = nameConstraintsExtension(input.nameConstraints);
    if (typeof nc === "string") return { error: `invalid nameConstraints: ${nc}` };
    exts.push(nc);
  }
  const encoded = encodeExtensions(exts);
  const attributes = encoded.length ? [seq(oid(OID.extensionRequest), setOf(seq(...encoded)))] : [];
  const info = seq(uint(0), subjectDer, spkiDer(input.key), implicit(0, Buffer.concat(attributes), true));
  const alg = signatureAlgorithmFor(input.key, input.signatureAlgorithm);
  const der = seq(info, algorithmIdentifier(alg), bitString(signBytes(alg, info, input.key)));
  return { pem: toPem("CERTIFICATE REQUEST", der) };
}

export interface ParsedCsr {
  subjectRaw: Buffer;
  subject: SubjectFields;
  spki: Buffer;
  publicKey: KeyObject;
  sans: SubjectAltNames;
  sanCritical: boolean;
  keyUsage?: number[];
  extKeyUsage?: string[];
  isCA?: boolean;
  extensions: Extension[];
  infoRaw: Buffer;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

function expect(node: Node | undefined, what: string): Node {
  if (!node) throw new Error(`malformed certificate request: missing ${what}`);
  return node;
}

/** Parses a PEM (or DER) CSR. Throws with a readable message on malformed input. */
export function parseCsr(input: string | Buffer): ParsedCsr {
  let der: Buffer;
  if (typeof input === "string" || input.includes("-----BEGIN")) {
    const block = decodePemBlocks(input).find(
      (b) => b.label === "CERTIFICATE REQUEST" || b.label === "NEW CERTIFICATE REQUEST",
    );
    if (!block) throw new Error("no CERTIFICATE REQUEST PEM block found");
    der = block.der;
  } else der = input;
  const [infoNode, algNode, sigNode] = children(parse(der));
  const info = expect(infoNode, "certificationRequestInfo");
  const [, subjectNode, spkiNode, attrsNode] = children(info);
  const subject = expect(subjectNode, "subject");
  const spki = expect(spkiNode, "subjectPublicKeyInfo");
  let extensions: Extension[] = [];
  if (attrsNode && attrsNode.tag === 0xa0) {
    for (const attr of children(attrsNode)) {
      const [type, values] = children(attr);
      if (type && values && readOid(type) === OID.extensionRequest) {
        const first = children(values)[0];
        if (first) extensions = readExtensions(first);
      }
    }
  }
  const parsed: ParsedCsr = {
    subjectRaw: Buffer.from(subject.raw),
    subject: decodeName(subject),
    spki: Buffer.from(spki.raw),
    get publicKey(): KeyObject {
      return createPublicKey({ key: this.spki, format: "der", type: "spki" });
    },
    sans: emptySans(),
    sanCritical: false,
    extensions,
    infoRaw: Buffer.from(info.raw),
    signatureAlgorithmOid: readOid(expect(children(expect(algNode, "signatureAlgorithm"))[0], "algorithm")),
    signature: Buffer.from(expect(sigNode, "signature").content.subarray(1)),
  };
  for (const e of extensions) {
    if (e.oid === OID.subjectAltName) {
      parsed.sans = readSans(e.value);
      parsed.sanCritical = e.critical;
    } else if (e.oid === OID.keyUsage) parsed.keyUsage = readKeyUsage(e.value);
    else if (e.oid === OID.extKeyUsage) parsed.extKeyUsage = readExtKeyUsage(e.value);
    else if (e.oid === OID.basicConstraints) parsed.isCA = readBasicConstraints(e.value);
  }
  return parsed;
}

/** Checks the CSR's self-signature (proof of possession of the key). */
export function verifyCsrSignature(csr: ParsedCsr): boolean {
  return verifySignature(csr.signatureAlgorithmOid, csr.infoRaw, csr.publicKey, csr.signature);
}
