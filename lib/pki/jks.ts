import { createHash, randomBytes } from "node:crypto";
import { nul, octets, oid, seq } from "./der.ts";

/**
 * Java KeyStore (JKS, version 2) writer. The format is small: big-endian integers, Java
 * "modified UTF-8" strings, private keys protected with Sun's KeyProtector (SHA-1 keystream),
 * and a SHA-1 integrity digest keyed with the password and the phrase "Mighty Aphrodite".
 */

const MAGIC = 0xfeedfeed;
const KEY_PROTECTOR_OID = "1.3.6.1.4.1.42.2.17.1.1";

function passwordBytes(password: string): Buffer {
  const b = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) b.writeUInt16BE(password.charCodeAt(i), i * 2);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** Java's DataOutput.writeUTF (modified UTF-8: NUL as two bytes, no 4-byte forms). */
function utf(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 1 && c <= 0x7f) bytes.push(c);
    else if (c <= 0x7ff) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  const len = Buffer.alloc(2);
  len.writeUInt16BE(bytes.length);
  return Buffer.concat([len, Buffer.from(bytes)]);
}

/** Sun KeyProtector: salt ‖ (key XOR SHA-1 keystream) ‖ SHA-1(password ‖ key), in an EncryptedPrivateKeyInfo. */
export function protectKey(pkcs8: Buffer, password: string): Buffer {
  const pw = passwordBytes(password);
  const salt = randomBytes(20);
  const out = Buffer.alloc(pkcs8.length);
  let digest = salt;
  for (let off = 0; off < pkcs8.length; off += 20) {
    digest = createHash("sha1").update(pw).update(digest).digest();
    for (let i = 0; i < 20 && off + i < pkcs8.length; i++)
      out[off + i] = (pkcs8[off + i] ?? 0) ^ (digest[i] ?? 0);
  }
  const check = createHash("sha1").update(pw).update(pkcs8).digest();
  return seq(seq(oid(KEY_PROTECTOR_OID), nul()), octets(Buffer.concat([salt, out, check])));
}

export interface JksEntry {
  alias: string;
  /** PKCS#8 DER; absent for a trusted-certificate entry. */
  key?: Buffer;
  /** Certificate chain (leaf first) for a key entry, or the single trusted certificate. */
  certs: Buffer[];
}

export function encodeJks(entries: JksEntry[], password: string, now = Date.now()): Buffer {
  const parts: Buffer[] = [u32(MAGIC), u32(2), u32(entries.length)];
  for (const e of entries) {
    if (e.key) {
      const protectedKey = protectKey(e.key, password);
      parts.push(u32(1), utf(e.alias), u64(now), u32(protectedKey.length), protectedKey, u32(e.certs.length));
      for (const c of e.certs) parts.push(utf("X.509"), u32(c.length), c);
    } else {
      const c = e.certs[0];
      if (!c) continue;
      parts.push(u32(2), utf(e.alias), u64(now), utf("X.509"), u32(c.length), c);
    }
  }
  const body = Buffer.concat(parts);
  const digest = createHash("sha1")
    .update(passwordBytes(password))
    .update("Mighty Aphrodite", "utf8")
    .update(body)
    .digest();
  return Buffer.concat([body, digest]);
}

/** keystore.jks as cert-manager writes it: the key under `alias`, CAs as `ca`, `ca-1`, … */
export function encodeJksKeystore(
  keyPkcs8: Buffer,
  chain: Buffer[],
  cas: Buffer[],
  password: string,
  alias = "certificate",
): Buffer {
  const entries: JksEntry[] = [{ alias, key: keyPkcs8, certs: chain }];
  cas.forEach((c, i) => entries.push({ alias: i === 0 ? "ca" : `ca-${i}`, certs: [c] }));
  return encodeJks(entries, password);
}

export function encodeJksTruststore(cas: Buffer[], password: string): Buffer {
  return encodeJks(
    cas.map((c, i) => ({ alias: i === 0 ? "ca" : `ca-${i}`, certs: [c] })),
    password,
  );
}
