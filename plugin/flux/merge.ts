import type { FluxKustomization } from "./kustomization.ts";

/** Whether kustomize-controller would change the kustomization.yaml before building. */
export function needsMerge(k: FluxKustomization): boolean {
  return Boolean(
    k.targetNamespace ||
    k.namePrefix ||
    k.nameSuffix ||
    k.patches.length ||
    k.images.length ||
    k.components.length,
  );
}

/**
 * The kustomization.yaml kustomize-controller builds: the repository's own, with the
 * Flux Kustomization's targetNamespace (overrides `namespace`), namePrefix/nameSuffix
 * (override), and patches, images and components (appended) merged in.
 */
export function mergeFluxFields(
  kustomization: Record<string, unknown>,
  k: FluxKustomization,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...kustomization };
  if (k.targetNamespace) out["namespace"] = k.targetNamespace;
  if (k.namePrefix) out["namePrefix"] = k.namePrefix;
  if (k.nameSuffix) out["nameSuffix"] = k.nameSuffix;
  const append = (field: string, items: unknown[]) => {
    if (items.length === 0) return;
    const existing = Array.isArray(out[field]) ? (out[field] as unknown[]) : [];
    out[field] = [...existing, ...items];
  };
  append("patches", k.patches);
  append("images", k.images);
  append("components", k.components);
  return out;
}
