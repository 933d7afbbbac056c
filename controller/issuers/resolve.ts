import type { KeyObject } from "node:crypto";
import type { ClusterIssuer, Issuer, IssuerReference } from "../../api/types.ts";
import { certificatePem, parseCertificatesPem, type ParsedCertificate } from "../../lib/pki/certificate.ts";
import { parsePrivateKeyPem, publicKeysEqual } from "../../lib/pki/keys.ts";
import { readSecret, untrimmed, type ControllerContext } from "../context.ts";
import { b64 } from "../certificates/policies/parsed.ts";

export type AnyIssuer = Issuer | ClusterIssuer;

export type IssuerLookup =
  | { ok: true; issuer: AnyIssuer; kind: "Issuer" | "ClusterIssuer" }
  | { ok: false; reason: "IssuerNotFound"; message: string };

/** Finds the referenced Issuer/ClusterIssuer in the cache (empty kind = Issuer). */
export function lookupIssuer(ctx: ControllerContext, ref: IssuerReference, namespace: string): IssuerLookup {
  const kind = ref.kind || "Issuer";
  if (kind === "Issuer") {
    const issuer = ctx.issuers.getByName(namespace, ref.name);
    if (issuer) return { ok: true, issuer, kind };
    return {
      ok: false,
      reason: "IssuerNotFound",
      message: `Referenced "Issuer" not found: issuer.cert-manager.io "${ref.name}" not found`,
    };
  }
  if (kind === "ClusterIssuer") {
    const issuer = ctx.clusterIssuers.getByName(undefined, ref.name);
    if (issuer) return { ok: true, issuer, kind };
    return {
      ok: false,
      reason: "IssuerNotFound",
      message: `Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "${ref.name}" not found`,
    };
  }
  return {
    ok: false,
    reason: "IssuerNotFound",
    message: `Referenced "${kind}" not found: unknown issuer kind "${kind}" in group cert-manager.io (expected Issuer or ClusterIssuer)`,
  };
}

export function issuerType(issuer: AnyIssuer): "ca" | "selfSigned" | "acme" | "vault" | "venafi" | undefined {
  const s = issuer.spec ?? {};
  if (s.ca) return "ca";
  if (s.selfSigned) return "selfSigned";
  if (s.acme) return "acme";
  if (s.vault) return "vault";
  if (s.venafi) return "venafi";
  return undefined;
}

/** Where an issuer's Secrets live: its own namespace, or the cluster resource namespace. */
export function issuerSecretNamespace(
  ctx: ControllerContext,
  kind: string,
  namespace: string | undefined,
): string {
  return kind === "ClusterIssuer" ? ctx.clusterResourceNamespace : (namespace ?? "");
}

export interface SigningCA {
  chain: ParsedCertificate[];
  key: KeyObject;
  /** The chain's top-most certificate in PEM (the `ca.crt` of issued Secrets). */
  rootPem: string;
  /** Intermediates to append after the leaf (the CA chain minus a self-signed root). */
  intermediatesPem: string;
}

export type CALoad =
  | { ok: true; ca: SigningCA }
  | { ok: false; reason: "ErrGetKeyPair" | "ErrInvalidKeyPair"; message: string; missing: boolean };

/** Per controller context: two controllers in one process may watch different clusters. */
const caCaches = new WeakMap<ControllerContext, Map<string, { rv: string; result: CALoad }>>();

/** Loads and checks a CA key pair; memoised by the Secret's resourceVersion. */
export async function loadCA(
  ctx: ControllerContext,
  namespace: string,
  name: string,
  now: Date,
): Promise<CALoad> {
  const ck = `${namespace}/${name}`;
  let caCache = caCaches.get(ctx);
  if (!caCache) caCaches.set(ctx, (caCache = new Map()));
  const hit = caCache.get(ck);
  // The metadata cache knows the current resourceVersion: no GET while the Secret is unchanged.
  const cachedRv = (ctx.secrets.getByName(namespace, name) ?? ctx.secretMeta.getByName(namespace, name))
    ?.metadata.resourceVersion;
  let result: CALoad;
  if (hit && cachedRv && hit.rv === cachedRv) result = hit.result;
  else {
    const cached = await readSecret(ctx, namespace, name);
    const secret = cached ? await untrimmed(ctx, cached) : undefined;
    if (!secret)
      return {
        ok: false,
        reason: "ErrGetKeyPair",
        message: `secret "${name}" not found in namespace "${namespace}"`,
        missing: true,
      };
    const rv = secret.metadata.resourceVersion ?? "";
    result = parseCA(secret.data?.["tls.crt"], secret.data?.["tls.key"]);
    caCache.set(ck, { rv, result });
  }
  if (result.ok) {
    const leaf = result.ca.chain[0];
    if (leaf && leaf.notAfter.getTime() <= now.getTime())
      return {
        ok: false,
        reason: "ErrInvalidKeyPair",
        message: `CA certificate has expired (notAfter: ${leaf.notAfter.toISOString()})`,
        missing: false,
      };
  }
  return result;
}

function parseCA(crtB64: string | undefined, keyB64: string | undefined): CALoad {
  const bad = (message: string): CALoad => ({
    ok: false,
    reason: "ErrInvalidKeyPair",
    message,
    missing: false,
  });
  const crt = b64(crtB64);
  const keyPem = b64(keyB64);
  if (!crt || crt.length === 0)
    return { ok: false, reason: "ErrGetKeyPair", message: "secret does not contain tls.crt", missing: false };
  if (!keyPem || keyPem.length === 0)
    return { ok: false, reason: "ErrGetKeyPair", message: "secret does not contain tls.key", missing: false };
  let chain: ParsedCertificate[];
  try {
    chain = parseCertificatesPem(crt);
  } catch (err) {
    return bad(`failed to decode tls.crt: ${(err as Error).message}`);
  }
  const key = parsePrivateKeyPem(keyPem);
  if (typeof key === "string") return bad(`failed to decode tls.key: ${key}`);
  const leaf = chain[0];
  if (!leaf) return bad("tls.crt holds no certificate");
  if (!leaf.isCA) return bad("certificate is not a CA");
  if (!publicKeysEqual(key, leaf.publicKey)) return bad("tls.key does not match the certificate in tls.crt");
  const top = chain[chain.length - 1] ?? leaf;
  const topIsRoot = top.issuerRaw.equals(top.subjectRaw);
  const intermediates = topIsRoot ? chain.slice(0, -1) : chain;
  const pem = (c: ParsedCertificate): string => certificatePem(c.der);
  return {
    ok: true,
    ca: { chain, key, rootPem: pem(top), intermediatesPem: intermediates.map(pem).join("") },
  };
}
