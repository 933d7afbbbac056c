import { createPublicKey, type KeyObject } from "node:crypto";
import type { CertificateRequest } from "../../../api/types.ts";
import { parseCertificatesPem } from "../../../lib/pki/certificate.ts";
import { parseCsr, type ParsedCsr } from "../../../lib/pki/csr.ts";
import type { SubjectAltNames } from "../../../lib/pki/extensions.ts";
import { keySpecOf, parsePrivateKeyPem, type KeySpec } from "../../../lib/pki/keys.ts";
import type { SubjectFields } from "../../../lib/pki/name.ts";
import type { Secret } from "../../context.ts";

/*
 * Parsing PEM is the expensive part of every policy check, so each cached Secret and request is
 * parsed once (cached objects are replaced, never mutated, so a WeakMap keyed by the object is
 * safe). The memo keeps compact JavaScript summaries only: no KeyObjects (native OpenSSL memory)
 * and no small Buffers (each would pin an 8 KB pool slab). Public keys are compared as base64
 * SubjectPublicKeyInfo strings. Code that needs the private key parses it on demand.
 */

export interface CertSummary {
  notBefore: Date;
  notAfter: Date;
  /** base64 DER SubjectPublicKeyInfo */
  spki: string;
  sans: SubjectAltNames;
  subject: SubjectFields;
  isCA: boolean;
}

export interface SecretContents {
  /** base64 SPKI of the private key's public half */
  keySpki?: string;
  keySpec?: KeySpec;
  keyError?: string;
  leaf?: CertSummary;
  certError?: string;
}

export interface CsrSummary {
  spki: string;
  subject: SubjectFields;
  /** base64 DER of the subject Name (literalSubject compares bytes) */
  subjectRaw: string;
  sans: SubjectAltNames;
}

const secretMemo = new WeakMap<object, SecretContents>();
const csrMemo = new WeakMap<object, CsrSummary | string>();

export function b64(s: string | undefined): Buffer | undefined {
  return s === undefined ? undefined : Buffer.from(s, "base64");
}

export function spkiOf(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return pub.export({ type: "spki", format: "der" }).toString("base64");
}

/** The Secret's private key, parsed now (not memoised). */
export function secretPrivateKey(secret: Secret): KeyObject | undefined {
  const pem = b64(secret.data?.["tls.key"]);
  if (!pem || pem.length === 0) return undefined;
  const k = parsePrivateKeyPem(pem);
  return typeof k === "string" ? undefined : k;
}

export function secretContents(secret: Secret): SecretContents {
  const hit = secretMemo.get(secret);
  if (hit) return hit;
  const out: SecretContents = {};
  const keyPem = b64(secret.data?.["tls.key"]);
  if (keyPem && keyPem.length > 0) {
    const k = parsePrivateKeyPem(keyPem);
    if (typeof k === "string") out.keyError = k;
    else {
      out.keySpki = spkiOf(k);
      out.keySpec = keySpecOf(k);
    }
  }
  const crt = b64(secret.data?.["tls.crt"]);
  if (crt && crt.length > 0) {
    try {
      const leaf = parseCertificatesPem(crt)[0];
      if (leaf)
        out.leaf = {
          notBefore: leaf.notBefore,
          notAfter: leaf.notAfter,
          spki: leaf.spki.toString("base64"),
          sans: leaf.sans,
          subject: leaf.subject,
          isCA: leaf.isCA,
        };
    } catch (err) {
      out.certError = (err as Error).message;
    }
  }
  secretMemo.set(secret, out);
  return out;
}

/** Full parse of a request's CSR (signature check, extensions): for signers, not memoised. */
export function requestCsrFull(cr: CertificateRequest): ParsedCsr | string {
  try {
    return parseCsr(Buffer.from(cr.spec.request ?? "", "base64"));
  } catch (err) {
    return (err as Error).message;
  }
}

export function requestCsr(cr: CertificateRequest): CsrSummary | string {
  const hit = csrMemo.get(cr);
  if (hit) return hit;
  const full = requestCsrFull(cr);
  const out: CsrSummary | string =
    typeof full === "string"
      ? full
      : {
          spki: full.spki.toString("base64"),
          subject: full.subject,
          subjectRaw: full.subjectRaw.toString("base64"),
          sans: full.sans,
        };
  csrMemo.set(cr, out);
  return out;
}
