import type { KeyObject } from "node:crypto";
import type { CertificateRequest } from "../../../api/types.ts";
import { parseCertificatesPem, type ParsedCertificate } from "../../../lib/pki/certificate.ts";
import { parseCsr, type ParsedCsr } from "../../../lib/pki/csr.ts";
import { parsePrivateKeyPem } from "../../../lib/pki/keys.ts";
import type { Secret } from "../../context.ts";

/**
 * Parsing PEM is the expensive part of every policy check; cached objects are replaced (never
 * mutated) on change, so memoising by object identity is safe. The memo is a bounded LRU, not
 * a WeakMap: parsed keys hold native OpenSSL memory (~10 KB per Secret), and at 10,000
 * Certificates keeping them all would dominate the controller's footprint.
 */
export interface SecretContents {
  key?: KeyObject;
  keyError?: string;
  chain?: ParsedCertificate[];
  certError?: string;
}

class Lru<V> {
  private readonly map = new Map<object, V>();
  private readonly cap: number;
  constructor(cap: number) {
    this.cap = cap;
  }
  get(k: object): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: object, v: V): void {
    this.map.set(k, v);
    if (this.map.size > this.cap) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }
}

const secretCache = new Lru<SecretContents>(1024);
const csrCache = new Lru<ParsedCsr | string>(1024);

export function b64(s: string | undefined): Buffer | undefined {
  return s === undefined ? undefined : Buffer.from(s, "base64");
}

export function secretContents(secret: Secret): SecretContents {
  const hit = secretCache.get(secret);
  if (hit) return hit;
  const out: SecretContents = {};
  const keyPem = b64(secret.data?.["tls.key"]);
  if (keyPem && keyPem.length > 0) {
    const k = parsePrivateKeyPem(keyPem);
    if (typeof k === "string") out.keyError = k;
    else out.key = k;
  }
  const crt = b64(secret.data?.["tls.crt"]);
  if (crt && crt.length > 0) {
    try {
      out.chain = parseCertificatesPem(crt);
    } catch (err) {
      out.certError = (err as Error).message;
    }
  }
  secretCache.set(secret, out);
  return out;
}

export function requestCsr(cr: CertificateRequest): ParsedCsr | string {
  const hit = csrCache.get(cr);
  if (hit) return hit;
  let out: ParsedCsr | string;
  try {
    out = parseCsr(Buffer.from(cr.spec.request ?? "", "base64"));
  } catch (err) {
    out = (err as Error).message;
  }
  csrCache.set(cr, out);
  return out;
}
