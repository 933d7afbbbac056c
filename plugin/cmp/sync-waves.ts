const waveAnnotation = "argocd.argoproj.io/sync-wave";

// Argo CD applies lower waves first and waits for them to be Healthy: Namespaces and
// CRDs, then Secrets (DNS-01 credentials, CA key pairs), then Issuers (Healthy once
// the ACME account is registered), then Certificates and everything else (wave 0).
function waveFor(obj: Record<string, unknown>): string | undefined {
  const kind = obj["kind"];
  const apiVersion = typeof obj["apiVersion"] === "string" ? obj["apiVersion"] : "";
  if (kind === "Namespace" || kind === "CustomResourceDefinition") return "-3";
  if (kind === "Secret" && apiVersion === "v1") return "-2";
  if ((kind === "Issuer" || kind === "ClusterIssuer") && apiVersion.startsWith("cert-manager.io/"))
    return "-1";
  return undefined;
}

/**
 * Returns copies of the objects with sync-wave annotations added, and whether any
 * object changed. A wave the user already set is kept.
 */
export function addSyncWaves(objects: Record<string, unknown>[]): {
  objects: Record<string, unknown>[];
  changed: boolean;
} {
  let changed = false;
  const out = objects.map((obj) => {
    const wave = waveFor(obj);
    if (wave === undefined) return obj;
    const meta = (
      typeof obj["metadata"] === "object" && obj["metadata"] !== null ? obj["metadata"] : {}
    ) as Record<string, unknown>;
    const annotations = (
      typeof meta["annotations"] === "object" && meta["annotations"] !== null ? meta["annotations"] : {}
    ) as Record<string, unknown>;
    if (annotations[waveAnnotation] !== undefined) return obj;
    changed = true;
    return { ...obj, metadata: { ...meta, annotations: { ...annotations, [waveAnnotation]: wave } } };
  });
  return { objects: out, changed };
}
