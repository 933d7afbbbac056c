import { createPublicKey, type KeyObject } from "node:crypto";
import type { CertificateRequest } from "../../../api/types.ts";
import { parseCertificatesPem } from "../../../lib/pki/certificate.ts";
import { parseCsr, type ParsedCsr } from "../../../lib/pki/csr.ts";
import { encodeExtension, type Extension, type SubjectAltNames } from "../../../lib/pki/extensions.ts";
import { OID } from "../../../lib/pki/oids.ts";
import { keySpecOf, parsePrivateKeyPem, type KeySpec } from "../../../lib/pki/keys.ts";
import { decodeName, type SubjectFields } from "../../../lib/pki/name.ts";
import { parse } from "../../../lib/pki/der.ts";
import type { Secret } from "../../context.ts";
import { TEMPORARY_ISSUER_CN, TEMPORARY_SUBJECT_SERIAL } from "./temporary-markers.ts";

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
  /** A placeholder from issue-temporary-certificate (set only then: no cost for the others). */
  temporary?: true;
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
  /** base64 DER of the requested NameConstraints extension (with its critical flag), if any */
  nameConstraints?: string;
}

const secretMemo = new WeakMap<object, SecretContents>();

/*
 * Summaries are kept for every cached Secret, so they share what repeats: one frozen empty array
 * for every absent SAN type and subject attribute, one KeySpec object per algorithm and size, and
 * the key's SPKI string reused for the certificate's when they match (the usual case).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const keySpecs = new Map<string, KeySpec>();

function sharedKeySpec(k: KeySpec | undefined): KeySpec | undefined {
  if (!k) return undefined;
  const id = `${k.algorithm}/${k.size}`;
  let hit = keySpecs.get(id);
  if (!hit) keySpecs.set(id, (hit = Object.freeze({ ...k })));
  return hit;
}

function compactSans(s: SubjectAltNames): SubjectAltNames {
  return {
    dnsNames: s.dnsNames.length ? s.dnsNames : NONE,
    ipAddresses: s.ipAddresses.length ? s.ipAddresses : NONE,
    uris: s.uris.length ? s.uris : NONE,
    emailAddresses: s.emailAddresses.length ? s.emailAddresses : NONE,
    otherNames: s.otherNames.length ? s.otherNames : NONE,
  };
}

function compactSubject(s: SubjectFields): SubjectFields {
  const out: SubjectFields = {};
  for (const [k, v] of Object.entries(s) as [keyof SubjectFields, string | string[] | undefined][]) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
const csrMemo = new WeakMap<object, CsrSummary | string>();

export function b64(s: string | undefined): Buffer | undefined {
  return s === undefined ? undefined : Buffer.from(s, "base64");
}

/*
 * An issuance handles one private key several times: the request manager signs the CSR with the
 * next key, the issuing controller checks it against the issued certificate and writes the
 * Secret, and the written Secret's summary needs its public key. Parsing a PEM key through
 * OpenSSL is the controller's largest CPU cost in a burst, so recently seen keys are kept by
 * their base64 PEM (as stored in Secret data), in a small FIFO, and SPKIs by KeyObject.
 */
const KEY_MEMO_MAX = 256;
const keyMemo = new Map<string, KeyObject | string>();
const spkiMemo = new WeakMap<KeyObject, string>();

function remember(b64Pem: string, key: KeyObject | string): void {
  if (keyMemo.size >= KEY_MEMO_MAX) keyMemo.delete(keyMemo.keys().next().value as string);
  keyMemo.set(b64Pem, key);
}

/** Parses a base64 PEM private key (a Secret's tls.key), or returns the error text. */
function parseKeyB64(b64Pem: string): KeyObject | string {
  const hit = keyMemo.get(b64Pem);
  if (hit !== undefined) return hit;
  const k = parsePrivateKeyPem(Buffer.from(b64Pem, "base64"));
  remember(b64Pem, k);
  return k;
}

/** Tells the memo which key a Secret about to be written holds (the writer has it parsed). */
export function rememberKey(b64Pem: string, key: KeyObject): void {
  remember(b64Pem, key);
}

export function spkiOf(key: KeyObject): string {
  const hit = spkiMemo.get(key);
  if (hit !== undefined) return hit;
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const spki = pub.export({ type: "spki", format: "der" }).toString("base64");
  spkiMemo.set(key, spki);
  return spki;
}

/** The Secret's private key (parsed, or from the memo of recently seen keys). */
export function secretPrivateKey(secret: Secret): KeyObject | undefined {
  const data = secret.data?.["tls.key"];
  if (!data) return undefined;
  const k = parseKeyB64(data);
  return typeof k === "string" ? undefined : k;
}

export function secretContents(secret: Secret): SecretContents {
  const hit = secretMemo.get(secret);
  if (hit) return hit;
  const out: SecretContents = {};
  const keyData = secret.data?.["tls.key"];
  if (keyData) {
    const k = parseKeyB64(keyData);
    if (typeof k === "string") out.keyError = k;
    else {
      out.keySpki = spkiOf(k);
      out.keySpec = sharedKeySpec(keySpecOf(k));
    }
  }
  const crt = b64(secret.data?.["tls.crt"]);
  if (crt && crt.length > 0) {
    try {
      const leaf = parseCertificatesPem(crt)[0];
      if (leaf) {
        const spki = leaf.spki.toString("base64");
        out.leaf = {
          notBefore: leaf.notBefore,
          notAfter: leaf.notAfter,
          spki: spki === out.keySpki ? out.keySpki : spki,
          sans: compactSans(leaf.sans),
          subject: compactSubject(leaf.subject),
          isCA: leaf.isCA,
        };
        // cert-manager's temporary certificate: fixed subject serial, throwaway issuer.
        if (
          leaf.subject.serialNumber === TEMPORARY_SUBJECT_SERIAL &&
          decodeName(parse(leaf.issuerRaw)).commonName === TEMPORARY_ISSUER_CN
        )
          out.leaf.temporary = true;
      }
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

function ncOf(exts: Extension[]): string | undefined {
  const e = exts.find((x) => x.oid === OID.nameConstraints);
  return e ? encodeExtension(e).toString("base64") : undefined;
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
          nameConstraints: ncOf(full.extensions),
        };
  csrMemo.set(cr, out);
  return out;
}
