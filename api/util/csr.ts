import { createPublicKey, verify } from "node:crypto";
import { children, decodeOID, readTLV, type TLV } from "./der.ts";

/** What validation needs from a PKCS#10 request. */
export interface DecodedCSR {
  basicConstraints?: { isCA: boolean };
  /** Key-usage bits (bit 0 = digitalSignature) when the KU extension is present. */
  keyUsageBits?: number;
  /** EKU OIDs when the EKU extension is present. */
  extKeyUsageOIDs?: string[];
  hasExtensions: boolean;
}

/** 30000 bytes of identities plus a 16k-bit RSA CA certificate, as cert-manager sizes it. */
export const MAX_CSR_PEM_BYTES = 36500;

const OID_EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const OID_BASIC_CONSTRAINTS = "2.5.29.19";
const OID_KEY_USAGE = "2.5.29.15";
const OID_EXT_KEY_USAGE = "2.5.29.37";

const SIG_HASH: Record<string, string | null> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.3.101.112": null,
};

/** Decode PEM text like Go pki.DecodeX509CertificateRequestBytes: parse and check the signature. */
export function decodeCSR(pem: Uint8Array): { ok: true; csr: DecodedCSR } | { ok: false; error: string } {
  // cert-manager's pem.SafeDecodeCSR: a size cap (maxLeafCertificatePEMSize), then encoding/pem.Decode.
  if (pem.length > MAX_CSR_PEM_BYTES) {
    return {
      ok: false,
      error: `error decoding certificate request PEM block: provided PEM data was larger than the maximum ${MAX_CSR_PEM_BYTES}B`,
    };
  }
  const text = Buffer.from(pem).toString("latin1");
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) {
    return {
      ok: false,
      error: "error decoding certificate request PEM block: no PEM data was found in given input",
    };
  }
  const der = new Uint8Array(Buffer.from((m[2] ?? "").replace(/[^A-Za-z0-9+/=]/g, ""), "base64"));
  try {
    return { ok: true, csr: parseCSR(der) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function parseCSR(der: Uint8Array): DecodedCSR {
  const outer = readTLV(der, 0);
  if (outer.tag !== 0x30) throw new Error("x509: malformed certificate request");
  const [info, sigAlg, sig] = children(der, outer);
  if (!info || !sigAlg || !sig || info.tag !== 0x30 || sigAlg.tag !== 0x30 || sig.tag !== 0x03) {
    throw new Error("x509: malformed certificate request");
  }
  const infoParts = children(der, info);
  const spki = infoParts[2];
  if (!spki || spki.tag !== 0x30) throw new Error("x509: malformed certificate request");
  const out: DecodedCSR = { hasExtensions: false };
  const attrs = infoParts[3];
  if (attrs && attrs.tag === 0xa0) readAttributes(der, attrs, out);
  checkSignature(der, info, spki, sigAlg, sig);
  return out;
}

function readAttributes(der: Uint8Array, attrs: TLV, out: DecodedCSR): void {
  for (const attr of children(der, attrs)) {
    const [oid, values] = children(der, attr);
    if (!oid || !values || decodeOID(der, oid) !== OID_EXTENSION_REQUEST) continue;
    for (const extSeq of children(der, values)) {
      for (const ext of children(der, extSeq)) {
        const parts = children(der, ext);
        const id = parts[0];
        const value = parts[parts.length - 1];
        if (!id || !value || value.tag !== 0x04) continue;
        out.hasExtensions = true;
        const inner = readTLV(der, value.contentStart, value.end);
        readExtension(der, decodeOID(der, id), inner, out);
      }
    }
  }
}

function readExtension(der: Uint8Array, oid: string, inner: TLV, out: DecodedCSR): void {
  if (oid === OID_BASIC_CONSTRAINTS) {
    const first = children(der, inner)[0];
    out.basicConstraints = { isCA: first?.tag === 0x01 && der[first.contentStart] !== 0 };
  } else if (oid === OID_KEY_USAGE) {
    let bits = 0;
    const unused = der[inner.contentStart] ?? 0;
    const bytes = inner.end - inner.contentStart - 1;
    for (let i = 0; i < bytes * 8 - unused && i < 9; i++) {
      const byte = der[inner.contentStart + 1 + (i >> 3)] ?? 0;
      if (byte & (0x80 >> (i & 7))) bits |= 1 << i;
    }
    out.keyUsageBits = bits;
  } else if (oid === OID_EXT_KEY_USAGE) {
    out.extKeyUsageOIDs = children(der, inner).map((t) => decodeOID(der, t));
  }
}

function checkSignature(der: Uint8Array, info: TLV, spki: TLV, sigAlg: TLV, sig: TLV): void {
  const algOidTLV = children(der, sigAlg)[0];
  if (!algOidTLV) throw new Error("x509: malformed signature algorithm");
  const alg = decodeOID(der, algOidTLV);
  const hash = SIG_HASH[alg];
  // Unknown algorithms (e.g. RSA-PSS) cannot be checked here; Go would, so we stay lenient.
  if (hash === undefined) return;
  const key = createPublicKey({
    key: Buffer.from(der.subarray(spki.start, spki.end)),
    format: "der",
    type: "spki",
  });
  const tbs = der.subarray(info.start, info.end);
  const signature = der.subarray(sig.contentStart + 1, sig.end);
  let ok = false;
  try {
    ok = verify(hash, tbs, key, signature);
  } catch {
    ok = false;
  }
  if (!ok) {
    const t = key.asymmetricKeyType;
    throw new Error(
      t === "rsa"
        ? "crypto/rsa: verification error"
        : t === "ed25519"
          ? "x509: Ed25519 verification failure"
          : "x509: ECDSA verification failure",
    );
  }
}
