/** The fields of a Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) that change what gets built or checked. */
export interface FluxKustomization {
  name: string;
  namespace: string;
  path: string;
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches: Record<string, unknown>[];
  images: Record<string, unknown>[];
  components: string[];
  substitute: Record<string, string>;
  substituteFrom: { kind: "ConfigMap" | "Secret"; name: string; optional: boolean }[];
  /** "Always" runs substitution even without variables. */
  substituteStrategy?: string;
  wait: boolean;
  healthChecks: { apiVersion?: string; kind: string; name: string; namespace?: string }[];
  healthCheckExprs: {
    apiVersion: string;
    kind: string;
    current?: string;
    failed?: string;
    inProgress?: string;
  }[];
}

export type FluxParseResult =
  { ok: true; kustomization: FluxKustomization } | { ok: false; errors: string[] };

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(rec) : [];
}
function optStr(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function isFluxKustomization(obj: Record<string, unknown>): boolean {
  return (
    obj["kind"] === "Kustomization" &&
    String(obj["apiVersion"] ?? "").startsWith("kustomize.toolkit.fluxcd.io/")
  );
}

// Flux's rule for variable names (kustomize-controller rejects others).
const varName = /^[_A-Za-z][_A-Za-z0-9]*$/;

/** Reads a Flux Kustomization object; errors say which field is wrong. */
export function parseFluxKustomization(obj: Record<string, unknown>): FluxParseResult {
  const errors: string[] = [];
  const meta = rec(obj["metadata"]);
  const spec = rec(obj["spec"]);
  const name = optStr(meta["name"]) ?? "";
  if (!name) errors.push("metadata.name is required");
  const postBuild = rec(spec["postBuild"]);
  const substitute: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(postBuild["substitute"]))) {
    if (!varName.test(k))
      errors.push(`spec.postBuild.substitute.${k}: variable names must match ${varName.source}`);
    else if (typeof v !== "string")
      errors.push(`spec.postBuild.substitute.${k}: values must be strings (quote them)`);
    // Flux drops newlines from values.
    else substitute[k] = v.replace(/\n/g, "");
  }
  const substituteFrom: FluxKustomization["substituteFrom"] = [];
  list(postBuild["substituteFrom"]).forEach((r, i) => {
    const kind = r["kind"];
    const refName = optStr(r["name"]);
    if ((kind !== "ConfigMap" && kind !== "Secret") || !refName) {
      errors.push(`spec.postBuild.substituteFrom[${i}]: expected kind ConfigMap or Secret and a name`);
    } else substituteFrom.push({ kind, name: refName, optional: r["optional"] === true });
  });
  const components: string[] = [];
  (Array.isArray(spec["components"]) ? spec["components"] : []).forEach((c: unknown, i: number) => {
    if (typeof c !== "string" || c === "" || /^[a-z]+:\/\//.test(c)) {
      errors.push(`spec.components[${i}]: components must be local relative paths`);
    } else components.push(c);
  });
  const k: FluxKustomization = {
    name,
    namespace: optStr(meta["namespace"]) ?? "flux-system",
    path: optStr(spec["path"]) ?? "./",
    patches: list(spec["patches"]),
    images: list(spec["images"]),
    components,
    substitute,
    substituteFrom,
    wait: spec["wait"] === true,
    healthChecks: list(spec["healthChecks"]).map((h) => ({
      kind: String(h["kind"] ?? ""),
      name: String(h["name"] ?? ""),
      ...(optStr(h["apiVersion"]) ? { apiVersion: String(h["apiVersion"]) } : {}),
      ...(optStr(h["namespace"]) ? { namespace: String(h["namespace"]) } : {}),
    })),
    healthCheckExprs: list(spec["healthCheckExprs"]).map((e) => ({
      apiVersion: String(e["apiVersion"] ?? ""),
      kind: String(e["kind"] ?? ""),
      ...(optStr(e["current"]) ? { current: String(e["current"]) } : {}),
      ...(optStr(e["failed"]) ? { failed: String(e["failed"]) } : {}),
      ...(optStr(e["inProgress"]) ? { inProgress: String(e["inProgress"]) } : {}),
    })),
  };
  for (const field of ["targetNamespace", "namePrefix", "nameSuffix"] as const) {
    const v = optStr(spec[field]);
    if (v) k[field] = v;
  }
  const strategy = optStr(postBuild["substituteStrategy"]);
  if (strategy) k.substituteStrategy = strategy;
  if (spec["sourceRef"] === undefined) errors.push("spec.sourceRef is required");
  if (spec["prune"] === undefined) errors.push("spec.prune is required (true or false)");
  return errors.length ? { ok: false, errors } : { ok: true, kustomization: k };
}
