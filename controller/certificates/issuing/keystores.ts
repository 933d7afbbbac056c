import type { KeyObject } from "node:crypto";
import type { Certificate, SecretKeySelector } from "../../../api/types.ts";
import { encodeJksKeystore, encodeJksTruststore } from "../../../lib/pki/jks.ts";
import { privateKeyToPkcs8Der } from "../../../lib/pki/keys.ts";
import { certificatesFromPem } from "../../../lib/pki/pem.ts";
import type { Pkcs12Profile } from "../../../lib/pki/pkcs12.ts";
import { readSecretLive, type ControllerContext } from "../../context.ts";

async function password(
  ctx: ControllerContext,
  cert: Certificate,
  kind: "JKS" | "PKCS12",
  literal: string | undefined,
  ref: SecretKeySelector | undefined,
): Promise<string | undefined> {
  if (literal !== undefined) return literal;
  if (!ref) return undefined;
  const s = await readSecretLive(ctx, cert.metadata.namespace ?? "", ref.name);
  const v = s?.data?.[ref.key ?? ""];
  if (v === undefined) {
    ctx.events.event(
      cert,
      "Warning",
      "KeystorePasswordSecretNotFound",
      `${kind} keystore password Secret "${ref.name}" not found`,
    );
    return undefined;
  }
  return Buffer.from(v, "base64").toString("utf8");
}

/** keystore.jks/truststore.jks and keystore.p12/truststore.p12 per spec.keystores (cert-manager's keystore.go). */
export async function keystoreEntries(
  ctx: ControllerContext,
  cert: Certificate,
  key: KeyObject,
  chainPem: string,
  caPem: string,
): Promise<Record<string, Buffer>> {
  const ks = cert.spec.keystores;
  const out: Record<string, Buffer> = {};
  if (!ks?.jks?.create && !ks?.pkcs12?.create) return out;
  const chain = certificatesFromPem(chainPem);
  const cas = certificatesFromPem(caPem);
  const leaf = chain[0];
  if (!leaf) return out;
  const pkcs8 = privateKeyToPkcs8Der(key);
  if (ks.jks?.create) {
    const pw = await password(ctx, cert, "JKS", ks.jks.password, ks.jks.passwordSecretRef);
    if (pw !== undefined) {
      out["keystore.jks"] = encodeJksKeystore(pkcs8, chain, cas, pw, ks.jks.alias || "certificate");
      if (cas.length) out["truststore.jks"] = encodeJksTruststore(cas, pw);
    }
  }
  if (ks.pkcs12?.create) {
    const pw = await password(ctx, cert, "PKCS12", ks.pkcs12.password, ks.pkcs12.passwordSecretRef);
    if (pw !== undefined) {
      const profile = (ks.pkcs12.profile ?? "LegacyRC2") as Pkcs12Profile;
      // Loaded on first use: node-forge (for RC2) is ~1 MB of source a controller without
      // PKCS#12 keystores would otherwise keep in memory.
      const { encodePkcs12Keystore, encodePkcs12Truststore } = await import("../../../lib/pki/pkcs12.ts");
      out["keystore.p12"] = encodePkcs12Keystore(pkcs8, leaf, [...chain.slice(1), ...cas], pw, profile);
      if (cas.length) out["truststore.p12"] = encodePkcs12Truststore(cas, pw, profile);
    }
  }
  return out;
}
