import { parseIssuerKey } from "../config/issuer-key.ts";
import { guardrailIds, type GuardrailId, type IssuerKey } from "../config/types.ts";

/** The options `certflow cmp generate` understands, after defaults. */
export interface CmpOptions {
  /** "auto", an environment name from certflow.yaml, or an environment type. */
  environment: string;
  /** The overlay directory, relative to the Application's path. */
  overlay: string;
  strict: boolean;
  syncWaves: boolean;
  disableGuardrails: string[];
  externalIssuers: IssuerKey[];
}

/** What Argo CD tells every plugin about the Application (build-environment variables). */
export interface CmpAppContext {
  appName?: string;
  /** The Application's destination namespace: where objects without a namespace end up. */
  appNamespace?: string;
  sourcePath?: string;
  repoURL?: string;
  targetRevision?: string;
  revision?: string;
  kubeVersion?: string;
  kubeApiVersions: string[];
}

export type CmpOptionsResult =
  { ok: true; options: CmpOptions; context: CmpAppContext } | { ok: false; errors: string[] };

type ParamType = "string" | "boolean" | "array";

interface ParamSpec {
  name: string;
  type: ParamType;
  /** The same defaults plugin.yaml announces: Argo CD shows them but never sends them. */
  default: string | string[];
}

/** Keep in step with spec.parameters.static in plugin/plugin.yaml (a unit test compares them). */
export const parameterSpecs: readonly ParamSpec[] = [
  { name: "environment", type: "string", default: "auto" },
  { name: "overlay", type: "string", default: "." },
  { name: "strict", type: "boolean", default: "false" },
  { name: "sync-waves", type: "boolean", default: "true" },
  { name: "disable-guardrails", type: "array", default: [] },
  { name: "external-issuers", type: "array", default: [] },
];

/** Argo CD's PARAM_ name: upper case, every character outside [A-Z0-9_] becomes "_". */
export function paramEnvName(name: string): string {
  return `PARAM_${name.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`;
}

type Env = Record<string, string | undefined>;
type RawValues = Map<string, string | string[]>;

function nonEmpty(env: Env, key: string): string | undefined {
  const v = env[key];
  return v === undefined || v === "" ? undefined : v;
}

/** Plugin env (spec.source.plugin.env) arrives as ARGOCD_ENV_<name>; ours are CERTFLOW_<PARAM>. */
function fromPluginEnv(env: Env, errors: string[]): RawValues {
  const out: RawValues = new Map();
  const byEnvName = new Map(
    parameterSpecs.map((p) => [`ARGOCD_ENV_CERTFLOW_${paramEnvName(p.name).slice(6)}`, p]),
  );
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith("ARGOCD_ENV_CERTFLOW_") || value === undefined || value === "") continue;
    const spec = byEnvName.get(key);
    if (!spec) {
      errors.push(
        `unknown plugin env ${key.slice("ARGOCD_ENV_".length)}; known: ${[...byEnvName.keys()].map((k) => k.slice(11)).join(", ")}`,
      );
      continue;
    }
    // Plugin env is always a string; lists are comma-separated there.
    out.set(
      spec.name,
      spec.type === "array"
        ? value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    );
  }
  return out;
}

/** PARAM_<NAME> for strings, PARAM_<NAME>_<i> for array items. */
function fromParamVars(env: Env, errors: string[]): RawValues {
  const out: RawValues = new Map();
  const arrays = new Map<string, [number, string][]>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith("PARAM_") || value === undefined) continue;
    const spec = parameterSpecs.find((p) => paramEnvName(p.name) === key && p.type !== "array");
    if (spec) {
      if (value !== "") out.set(spec.name, value);
      continue;
    }
    const arraySpec = parameterSpecs.find(
      (p) => p.type === "array" && new RegExp(`^${paramEnvName(p.name)}_(\\d+)$`).test(key),
    );
    if (arraySpec) {
      const index = Number(key.slice(paramEnvName(arraySpec.name).length + 1));
      const items = arrays.get(arraySpec.name) ?? [];
      items.push([index, value]);
      arrays.set(arraySpec.name, items);
      continue;
    }
    errors.push(
      `unknown parameter ${key.slice("PARAM_".length)}; known: ${parameterSpecs.map((p) => p.name).join(", ")}`,
    );
  }
  for (const [name, items] of arrays) {
    out.set(
      name,
      items
        .sort((a, b) => a[0] - b[0])
        .map(([, v]) => v)
        .filter(Boolean),
    );
  }
  return out;
}

/** ARGOCD_APP_PARAMETERS: the JSON list of parameters set on the Application (never the defaults). */
function fromAppParameters(env: Env, errors: string[]): RawValues {
  const out: RawValues = new Map();
  const text = nonEmpty(env, "ARGOCD_APP_PARAMETERS");
  if (text === undefined) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    errors.push("ARGOCD_APP_PARAMETERS is not valid JSON");
    return out;
  }
  if (!Array.isArray(parsed)) {
    errors.push("ARGOCD_APP_PARAMETERS must be a JSON list");
    return out;
  }
  for (const entry of parsed as unknown[]) {
    const p = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const name = p["name"];
    const spec = parameterSpecs.find((s) => s.name === name);
    if (!spec) {
      errors.push(
        `unknown parameter ${JSON.stringify(name)}; known: ${parameterSpecs.map((s) => s.name).join(", ")}`,
      );
      continue;
    }
    if (p["map"] !== undefined) {
      errors.push(`parameter ${spec.name} takes ${spec.type === "array" ? "a list" : "a string"}, not a map`);
      continue;
    }
    if (spec.type === "array") {
      const arr =
        p["array"] ?? (typeof p["string"] === "string" ? String(p["string"]).split(",") : undefined);
      if (Array.isArray(arr)) out.set(spec.name, arr.map((v) => String(v).trim()).filter(Boolean));
      else if (arr !== undefined) errors.push(`parameter ${spec.name} takes a list`);
    } else if (p["array"] !== undefined) {
      errors.push(`parameter ${spec.name} takes a string, not a list`);
    } else if (typeof p["string"] === "string" && p["string"] !== "") {
      out.set(spec.name, p["string"]);
    }
  }
  return out;
}

function parseBool(name: string, value: string, errors: string[]): boolean {
  const v = value.trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(v)) return true;
  if (["false", "no", "0", "off"].includes(v)) return false;
  errors.push(`parameter ${name}: expected true or false, got "${value}"`);
  return false;
}

function contextFrom(env: Env): CmpAppContext {
  const ctx: CmpAppContext = {
    kubeApiVersions: (nonEmpty(env, "KUBE_API_VERSIONS") ?? "").split(",").filter(Boolean),
  };
  const pairs: [keyof CmpAppContext, string][] = [
    ["appName", "ARGOCD_APP_NAME"],
    ["appNamespace", "ARGOCD_APP_NAMESPACE"],
    ["sourcePath", "ARGOCD_APP_SOURCE_PATH"],
    ["repoURL", "ARGOCD_APP_SOURCE_REPO_URL"],
    ["targetRevision", "ARGOCD_APP_SOURCE_TARGET_REVISION"],
    ["revision", "ARGOCD_APP_REVISION"],
    ["kubeVersion", "KUBE_VERSION"],
  ];
  for (const [field, key] of pairs) {
    const v = nonEmpty(env, key);
    if (v !== undefined) (ctx as unknown as Record<string, string>)[field] = v;
  }
  return ctx;
}

/**
 * Reads options the way Argo CD passes them to a sidecar plugin. Precedence:
 * ARGOCD_APP_PARAMETERS (the Application's parameters as JSON) over PARAM_* (the
 * same, flattened) over ARGOCD_ENV_CERTFLOW_* (plugin env) over our defaults.
 * Argo CD drops empty values, so an empty value means "not set".
 */
export function readCmpOptions(env: Env): CmpOptionsResult {
  const errors: string[] = [];
  const layers = [fromPluginEnv(env, errors), fromParamVars(env, errors), fromAppParameters(env, errors)];
  const value = (name: string): string | string[] => {
    let v = parameterSpecs.find((p) => p.name === name)?.default ?? "";
    for (const layer of layers) v = layer.get(name) ?? v;
    return v;
  };
  const str = (name: string): string => {
    const v = value(name);
    return Array.isArray(v) ? v.join(",") : v;
  };
  const list = (name: string): string[] => {
    const v = value(name);
    return Array.isArray(v)
      ? v
      : v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  };
  const externalIssuers: IssuerKey[] = [];
  for (const item of list("external-issuers")) {
    const r = parseIssuerKey(item);
    if (r.ok) externalIssuers.push(r.key);
    else errors.push(`parameter external-issuers: ${r.message}`);
  }
  for (const id of list("disable-guardrails")) {
    if (!guardrailIds.includes(id as GuardrailId)) {
      errors.push(
        `parameter disable-guardrails: unknown guardrail "${id}"; known: ${guardrailIds.join(", ")}`,
      );
    }
  }
  const options: CmpOptions = {
    environment: str("environment").trim(),
    overlay: str("overlay").trim() || ".",
    strict: parseBool("strict", str("strict"), errors),
    syncWaves: parseBool("sync-waves", str("sync-waves"), errors),
    disableGuardrails: list("disable-guardrails"),
    externalIssuers,
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options, context: contextFrom(env) };
}
