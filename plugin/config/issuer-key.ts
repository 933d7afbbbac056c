import type { IssuerKey } from "./types.ts";

export type IssuerKeyResult = { ok: true; key: IssuerKey } | { ok: false; message: string };

/**
 * Parses "ClusterIssuer/name", "Issuer/namespace/name" or "Issuer/name" (any namespace).
 * The short form is what users type into an Argo CD parameter.
 */
export function parseIssuerKey(text: string): IssuerKeyResult {
  const parts = text.trim().split("/");
  const [kind, a, b] = parts;
  const usage = `expected ClusterIssuer/<name>, Issuer/<name> or Issuer/<namespace>/<name>, got "${text}"`;
  if (kind === "ClusterIssuer" && parts.length === 2 && a) return { ok: true, key: { kind, name: a } };
  if (kind === "Issuer" && parts.length === 2 && a) return { ok: true, key: { kind, name: a } };
  if (kind === "Issuer" && parts.length === 3 && a && b) {
    return { ok: true, key: { kind, namespace: a, name: b } };
  }
  return { ok: false, message: usage };
}

export function formatIssuerKey(key: IssuerKey): string {
  return key.namespace ? `${key.kind}/${key.namespace}/${key.name}` : `${key.kind}/${key.name}`;
}
