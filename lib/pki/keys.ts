import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { OID } from "./oids.ts";
import { children, nul, oid, parse, seq } from "./der.ts";

const generateKeyPairAsync = promisify(generateKeyPair);

export type KeyAlgorithm = "RSA" | "ECDSA" | "Ed25519";
export type KeyEncoding = "PKCS1" | "PKCS8";

export interface KeySpec {
  algorithm: KeyAlgorithm;
  /** RSA bits, or ECDSA curve size (256/384/521); ignored for Ed25519. */
  size: number;
}

const CURVES: Record<number, string> = { 256: "prime256v1", 384: "secp384r1", 521: "secp521r1" };
const CURVE_SIZES: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** cert-manager's defaults: RSA, 2048 bits; ECDSA 256. */
export function normalizeKeySpec(p: { algorithm?: string; size?: number } | undefined): KeySpec {
  const algorithm = (p?.algorithm ?? "RSA") as KeyAlgorithm;
  const size = p?.size && p.size > 0 ? p.size : algorithm === "ECDSA" ? 256 : algorithm === "RSA" ? 2048 : 0;
  return { algorithm, size: algorithm === "Ed25519" ? 0 : size };
}

/** Returns an error message for a spec we cannot generate, or undefined. */
export function checkKeySpec(spec: KeySpec): string | undefined {
  if (spec.algorithm === "RSA" && (spec.size < 2048 || spec.size > 8192))
    return `RSA key size must be between 2048 and 8192, got ${spec.size}`;
  if (spec.algorithm === "ECDSA" && !CURVES[spec.size])
    return `ECDSA key size must be 256, 384 or 521, got ${spec.size}`;
  if (!["RSA", "ECDSA", "Ed25519"].includes(spec.algorithm))
    return `unsupported private key algorithm "${spec.algorithm}"`;
  return undefined;
}

/** Generates a key off the event loop (RSA generation takes 100 ms to seconds). */
export async function generatePrivateKey(spec: KeySpec): Promise<KeyObject> {
  const problem = checkKeySpec(spec);
  if (problem) throw new Error(problem);
  if (spec.algorithm === "RSA")
    return (await generateKeyPairAsync("rsa", { modulusLength: spec.size })).privateKey;
  if (spec.algorithm === "ECDSA")
    return (await generateKeyPairAsync("ec", { namedCurve: CURVES[spec.size] ?? "prime256v1" })).privateKey;
  return (await generateKeyPairAsync("ed25519")).privateKey;
}

/** PEM in the Secret's encoding: PKCS1 means `RSA PRIVATE KEY` / `EC PRIVATE KEY`; Ed25519 is always PKCS8. */
export function encodePrivateKeyPem(key: KeyObject, encoding: KeyEncoding = "PKCS1"): string {
  if (encoding === "PKCS1" && key.asymmetricKeyType === "rsa")
    return key.export({ type: "pkcs1", format: "pem" }).toString();
  if (encoding === "PKCS1" && key.asymmetricKeyType === "ec")
    return key.export({ type: "sec1", format: "pem" }).toString();
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

export function privateKeyToPkcs8Der(key: KeyObject): Buffer {
  return key.export({ type: "pkcs8", format: "der" });
}

/** Parses a PEM private key (PKCS1, SEC1 or PKCS8); returns an error message on failure. */
export function parsePrivateKeyPem(pem: string | Buffer): KeyObject | string {
  try {
    const key = createPrivateKey({ key: pem, format: "pem" });
    return key;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function keySpecOf(key: KeyObject): KeySpec | undefined {
  const d = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { algorithm: "RSA", size: d?.modulusLength ?? 0 };
    case "ec":
      return { algorithm: "ECDSA", size: CURVE_SIZES[d?.namedCurve ?? ""] ?? 0 };
    case "ed25519":
      return { algorithm: "Ed25519", size: 0 };
    default:
      return undefined;
  }
}

/** The fields of spec.privateKey that the key does not satisfy (cert-manager's PrivateKeyMatchesSpec). */
export function keyMismatches(key: KeyObject, spec: KeySpec): string[] {
  return specMismatches(keySpecOf(key), spec);
}

export function specMismatches(actual: KeySpec | undefined, spec: KeySpec): string[] {
  if (!actual || actual.algorithm !== spec.algorithm) return ["spec.privateKey.algorithm"];
  if (spec.algorithm !== "Ed25519" && actual.size !== spec.size) return ["spec.privateKey.size"];
  return [];
}

export function spkiDer(key: KeyObject): Buffer {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return pub.export({ type: "spki", format: "der" });
}

export function publicKeysEqual(a: KeyObject, b: KeyObject): boolean {
  return spkiDer(a).equals(spkiDer(b));
}

/** SHA-1 over the subjectPublicKey bits, as RFC 5280 §4.2.1.2 method (1) and Go do. */
export function subjectKeyId(spki: Buffer): Buffer {
  // SPKI = SEQ { AlgId, BIT STRING }: hash the BIT STRING contents minus the unused-bits byte.
  const bits = spkiBitString(spki);
  return createHash("sha1").update(bits).digest();
}

function spkiBitString(spki: Buffer): Buffer {
  const bits = children(parse(spki))[1];
  if (!bits) throw new Error("malformed SubjectPublicKeyInfo");
  return bits.content.subarray(1);
}

export type SignatureAlgorithm =
  | "SHA256WithRSA"
  | "SHA384WithRSA"
  | "SHA512WithRSA"
  | "ECDSAWithSHA256"
  | "ECDSAWithSHA384"
  | "ECDSAWithSHA512"
  | "PureEd25519";

/** cert-manager's default per key: RSA ≥4096 → SHA512, ≥3072 → SHA384; the curve's hash for ECDSA. */
export function defaultSignatureAlgorithm(key: KeyObject): SignatureAlgorithm {
  const spec = keySpecOf(key);
  if (spec?.algorithm === "RSA")
    return spec.size >= 4096 ? "SHA512WithRSA" : spec.size >= 3072 ? "SHA384WithRSA" : "SHA256WithRSA";
  if (spec?.algorithm === "ECDSA")
    return spec.size === 521 ? "ECDSAWithSHA512" : spec.size === 384 ? "ECDSAWithSHA384" : "ECDSAWithSHA256";
  return "PureEd25519";
}

const ALGS: Record<
  SignatureAlgorithm,
  { oid: string; hash: string | null; params: boolean; keyType: string }
> = {
  SHA256WithRSA: { oid: OID.sha256WithRSA, hash: "sha256", params: true, keyType: "rsa" },
  SHA384WithRSA: { oid: OID.sha384WithRSA, hash: "sha384", params: true, keyType: "rsa" },
  SHA512WithRSA: { oid: OID.sha512WithRSA, hash: "sha512", params: true, keyType: "rsa" },
  ECDSAWithSHA256: { oid: OID.ecdsaWithSHA256, hash: "sha256", params: false, keyType: "ec" },
  ECDSAWithSHA384: { oid: OID.ecdsaWithSHA384, hash: "sha384", params: false, keyType: "ec" },
  ECDSAWithSHA512: { oid: OID.ecdsaWithSHA512, hash: "sha512", params: false, keyType: "ec" },
  PureEd25519: { oid: OID.ed25519, hash: null, params: false, keyType: "ed25519" },
};

export function signatureAlgorithmFor(key: KeyObject, requested?: string): SignatureAlgorithm {
  const r = requested as SignatureAlgorithm | undefined;
  if (r && ALGS[r] && ALGS[r].keyType === key.asymmetricKeyType) return r;
  return defaultSignatureAlgorithm(key);
}

export function algorithmIdentifier(alg: SignatureAlgorithm): Buffer {
  const a = ALGS[alg];
  return seq(oid(a.oid), ...(a.params ? [nul()] : []));
}

/** Signs DER bytes; ECDSA signatures come out DER-encoded as X.509 wants. */
export function signBytes(alg: SignatureAlgorithm, data: Buffer, key: KeyObject): Buffer {
  return sign(ALGS[alg].hash, data, key);
}

/** Hash name for verifying a signature with the given algorithm OID, or undefined if unknown. */
export function hashForAlgorithmOid(algOid: string): string | null | undefined {
  const entry = Object.values(ALGS).find((a) => a.oid === algOid);
  return entry ? entry.hash : undefined;
}

/** Whether `signature` over `data` verifies with `key` under the algorithm OID; false for unknown algorithms. */
export function verifySignature(algOid: string, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  const hash = hashForAlgorithmOid(algOid);
  if (hash === undefined) return false;
  try {
    return verify(hash, data, key, signature);
  } catch {
    return false;
  }
}
