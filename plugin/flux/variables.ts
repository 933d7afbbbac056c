import type { FluxKustomization } from "./kustomization.ts";

export type VariablesResult = { ok: true; vars: Map<string, string> } | { ok: false; errors: string[] };

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * The variables kustomize-controller would substitute: substituteFrom ConfigMaps and
 * Secrets in order (later wins), then spec.postBuild.substitute (wins over all), then
 * the caller's overrides. The ConfigMaps/Secrets come from files given on the command
 * line, since a check runs without a cluster.
 */
export function collectVariables(
  k: FluxKustomization,
  available: Record<string, unknown>[],
  overrides: ReadonlyMap<string, string>,
): VariablesResult {
  const vars = new Map<string, string>();
  const errors: string[] = [];
  for (const ref of k.substituteFrom) {
    const found = available.find((o) => {
      const meta = rec(o["metadata"]);
      const ns = typeof meta["namespace"] === "string" ? meta["namespace"] : k.namespace;
      return o["kind"] === ref.kind && meta["name"] === ref.name && ns === k.namespace;
    });
    if (!found) {
      if (!ref.optional) {
        errors.push(
          `substituteFrom ${ref.kind}/${ref.name} (namespace ${k.namespace}) was not given: pass a file holding it with --vars-file, or mark it optional`,
        );
      }
      continue;
    }
    for (const [key, value] of Object.entries(rec(found["data"]))) {
      const text =
        ref.kind === "Secret" ? Buffer.from(String(value), "base64").toString("utf8") : String(value);
      vars.set(key, text.replace(/\n/g, ""));
    }
    if (ref.kind === "Secret")
      for (const [key, value] of Object.entries(rec(found["stringData"])))
        vars.set(key, String(value).replace(/\n/g, ""));
  }
  for (const [key, value] of Object.entries(k.substitute)) vars.set(key, value);
  for (const [key, value] of overrides) vars.set(key, value);
  return errors.length ? { ok: false, errors } : { ok: true, vars };
}
