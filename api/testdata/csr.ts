/** Builds real PKCS#10 requests for tests (node:crypto signs; a few DER helpers encode). */
import { generateKeyPairSync, sign } from "node:crypto";

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...p: Buffer[]): Buffer => tlv(0x30, Buffer.concat(p));
const set = (...p: Buffer[]): Buffer => tlv(0x31, Buffer.concat(p));
function oid(s: string): Buffer {
  const arcs = s.split(".").map(Number);
  const out: number[] = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)];
  for (const a of arcs.slice(2)) {
    const enc: number[] = [a & 0x7f];
    for (let v = Math.floor(a / 128); v > 0; v = Math.floor(v / 128)) enc.unshift(0x80 | (v & 0x7f));
    out.push(...enc);
  }
  return tlv(0x06, Buffer.from(out));
}
const KU_BITS: Record<string, number> = {
  "digital signature": 0,
  "content commitment": 1,
  "key encipherment": 2,
  "data encipherment": 3,
  "key agreement": 4,
  "cert sign": 5,
  "crl sign": 6,
};
const EKU: Record<string, string> = {
  "server auth": "1.3.6.1.5.5.7.3.1",
  "client auth": "1.3.6.1.5.5.7.3.2",
};

export interface CSROptions {
  commonName?: string;
  keyUsages?: string[];
  extKeyUsages?: string[];
  basicConstraintsCA?: boolean;
  /** Flip a byte of the signature. */
  corruptSignature?: boolean;
}

/** Base64 of a PEM CSR, as it appears in a CertificateRequest's spec.request. */
export function makeCSR(opts: CSROptions = {}): string {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(opts.commonName ?? "example.com")))));
  const exts: Buffer[] = [];
  if (opts.keyUsages) {
    // DER BIT STRING: bit 0 (digitalSignature) is the most significant bit of the first byte.
    let b0 = 0;
    for (const u of opts.keyUsages) b0 |= 0x80 >> (KU_BITS[u] ?? 0);
    exts.push(
      seq(oid("2.5.29.15"), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0, b0])))),
    );
  }
  if (opts.extKeyUsages)
    exts.push(seq(oid("2.5.29.37"), tlv(0x04, seq(...opts.extKeyUsages.map((u) => oid(EKU[u] ?? u))))));
  if (opts.basicConstraintsCA !== undefined) {
    const content = opts.basicConstraintsCA ? seq(tlv(0x01, Buffer.from([0xff]))) : seq();
    exts.push(seq(oid("2.5.29.19"), tlv(0x01, Buffer.from([0xff])), tlv(0x04, content)));
  }
  const attrs =
    exts.length > 0
      ? tlv(0xa0, seq(oid("1.2.840.113549.1.9.14"), set(seq(...exts))))
      : tlv(0xa0, Buffer.alloc(0));
  const cri = seq(tlv(0x02, Buffer.from([0])), name, spki, attrs);
  const sig = sign("sha256", cri, privateKey);
  if (opts.corruptSignature) sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0xff;
  const der = seq(cri, seq(oid("1.2.840.10045.4.3.2")), tlv(0x03, Buffer.concat([Buffer.from([0]), sig])));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
  return Buffer.from(pem).toString("base64");
}
