import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { explicit, implicit, nul, octets, oid, seq, setOf, tlv, uint } from "./der.ts";

/**
 * PKCS#12 (RFC 7292) key stores with cert-manager's profiles (go-pkcs12 encoders):
 *   LegacyRC2  certificates RC2-40-CBC, key 3DES, MAC HMAC-SHA1, 2048 iterations (default)
 *   LegacyDES  certificates and key 3DES, MAC HMAC-SHA1
 *   Modern2023 PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), MAC HMAC-SHA256
 * The structure is written with our DER writer; node-forge is used only for RC2, which
 * OpenSSL 3 keeps in its legacy provider (ADR 0404).
 */
export type Pkcs12Profile = "LegacyRC2" | "LegacyDES" | "Modern2023" | "Modern2026";

const O = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  certBag: "1.2.840.113549.1.12.10.1.3",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  friendlyName: "1.2.840.113549.1.9.20",
  pbeSha3Des: "1.2.840.113549.1.12.1.3",
  pbeShaRc2_40: "1.2.840.113549.1.12.1.6",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacSha256: "1.2.840.113549.2.9",
  aes256cbc: "2.16.840.1.101.3.4.1.42",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  javaTrustedKeyUsage: "2.16.840.1.113894.746875.1.1",
  anyExtendedKeyUsage: "2.5.29.37.0",
};

const ITERATIONS = 2048;

function bmpPassword(password: string): Buffer {
  const b = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) b.writeUInt16BE(password.charCodeAt(i), i * 2);
  return b; // ends in the two zero bytes RFC 7292 asks for
}

/** RFC 7292 appendix B.2 key derivation (id 1 = key, 2 = IV, 3 = MAC key). */
export function pkcs12Kdf(
  hash: "sha1" | "sha256",
  password: string,
  salt: Buffer,
  id: number,
  iterations: number,
  size: number,
): Buffer {
  const u = hash === "sha1" ? 20 : 32;
  const v = 64;
  const pw = bmpPassword(password);
  const D = Buffer.alloc(v, id);
  const fill = (src: Buffer): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(pw)]);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < size) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.push(A);
    produced += u;
    if (produced >= size) break;
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, size);
}

interface Encrypted {
  algorithm: Buffer;
  ciphertext: Buffer;
}

function pbe3Des(password: string, data: Buffer): Encrypted {
  const salt = randomBytes(8);
  const key = pkcs12Kdf("sha1", password, salt, 1, ITERATIONS, 24);
  const iv = pkcs12Kdf("sha1", password, salt, 2, ITERATIONS, 8);
  const c = createCipheriv("des-ede3-cbc", key, iv);
  return {
    algorithm: seq(oid(O.pbeSha3Des), seq(octets(salt), uint(ITERATIONS))),
    ciphertext: Buffer.concat([c.update(data), c.final()]),
  };
}

function pbeRc2(password: string, data: Buffer): Encrypted {
  const salt = randomBytes(8);
  const key = pkcs12Kdf("sha1", password, salt, 1, ITERATIONS, 5);
  const iv = pkcs12Kdf("sha1", password, salt, 2, ITERATIONS, 8);
  const cipher = forge.rc2.createEncryptionCipher(forge.util.createBuffer(key.toString("binary")), 40);
  cipher.start(forge.util.createBuffer(iv.toString("binary")));
  cipher.update(forge.util.createBuffer(data.toString("binary")));
  cipher.finish();
  return {
    algorithm: seq(oid(O.pbeShaRc2_40), seq(octets(salt), uint(ITERATIONS))),
    ciphertext: Buffer.from(cipher.output.getBytes(), "binary"),
  };
}

function pbes2(password: string, data: Buffer): Encrypted {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, ITERATIONS, 32, "sha256");
  const c = createCipheriv("aes-256-cbc", key, iv);
  const params = seq(
    seq(oid(O.pbkdf2), seq(octets(salt), uint(ITERATIONS), seq(oid(O.hmacSha256), nul()))),
    seq(oid(O.aes256cbc), octets(iv)),
  );
  return { algorithm: seq(oid(O.pbes2), params), ciphertext: Buffer.concat([c.update(data), c.final()]) };
}

function attr(type: string, value: Buffer): Buffer {
  return seq(oid(type), setOf(value));
}

function safeBag(bagId: string, value: Buffer, attrs: Buffer[]): Buffer {
  return seq(oid(bagId), explicit(0, value), ...(attrs.length ? [setOf(...attrs)] : []));
}

function certBag(der: Buffer, attrs: Buffer[]): Buffer {
  return safeBag(O.certBag, seq(oid(O.x509Certificate), explicit(0, octets(der))), attrs);
}

function dataContent(inner: Buffer): Buffer {
  return seq(oid(O.data), explicit(0, octets(inner)));
}

function encryptedContent(e: Encrypted): Buffer {
  return seq(
    oid(O.encryptedData),
    explicit(0, seq(uint(0), seq(oid(O.data), e.algorithm, implicit(0, e.ciphertext)))),
  );
}

function pfx(authSafe: Buffer, password: string, modern: boolean): Buffer {
  const salt = randomBytes(modern ? 16 : 8);
  const hash = modern ? "sha256" : "sha1";
  const macKey = pkcs12Kdf(hash, password, salt, 3, ITERATIONS, modern ? 32 : 20);
  const mac = createHmac(hash, macKey).update(authSafe).digest();
  const macData = seq(
    seq(seq(oid(modern ? O.sha256 : O.sha1), nul()), octets(mac)),
    octets(salt),
    uint(ITERATIONS),
  );
  return seq(uint(3), dataContent(authSafe), macData);
}

/** keystore.p12: the key (PKCS#8 DER), the leaf and the rest of the chain plus CAs. */
export function encodePkcs12Keystore(
  keyPkcs8: Buffer,
  leaf: Buffer,
  cas: Buffer[],
  password: string,
  profile: Pkcs12Profile = "LegacyRC2",
): Buffer {
  const modern = profile === "Modern2023" || profile === "Modern2026";
  const encCerts = modern ? pbes2 : profile === "LegacyDES" ? pbe3Des : pbeRc2;
  const encKey = modern ? pbes2 : pbe3Des;
  const keyId = attr(O.localKeyId, octets(createHash("sha1").update(leaf).digest()));
  const certs = seq(certBag(leaf, [keyId]), ...cas.map((c) => certBag(c, [])));
  const k = encKey(password, keyPkcs8);
  const keyBag = safeBag(O.shroudedKeyBag, seq(k.algorithm, octets(k.ciphertext)), [keyId]);
  const authSafe = seq(encryptedContent(encCerts(password, certs)), dataContent(seq(keyBag)));
  return pfx(authSafe, password, modern);
}

/** truststore.p12: CA certificates only, marked trusted for Java (as go-pkcs12 EncodeTrustStore). */
export function encodePkcs12Truststore(
  cas: Buffer[],
  password: string,
  profile: Pkcs12Profile = "LegacyRC2",
): Buffer {
  const modern = profile === "Modern2023" || profile === "Modern2026";
  const encCerts = modern ? pbes2 : profile === "LegacyDES" ? pbe3Des : pbeRc2;
  const bags = cas.map((c, i) =>
    certBag(c, [
      attr(O.friendlyName, tlv(0x1e, bmpPassword(String(i)).subarray(0, -2))),
      attr(O.javaTrustedKeyUsage, oid(O.anyExtendedKeyUsage)),
    ]),
  );
  const authSafe = seq(encryptedContent(encCerts(password, seq(...bags))));
  return pfx(authSafe, password, modern);
}
