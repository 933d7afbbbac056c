import { relative, resolve, sep } from "node:path";
import { parse, stringify } from "yaml";
import { resolveEnvironment, type ResolvedEnvironment } from "../config/environment.ts";
import { loadConfig } from "../config/load.ts";
import { isDirectory, isInside, kustomizationIn } from "../cmp/overlay-paths.ts";
import { toYamlStream } from "../cmp/serialize.ts";
import type { Engine } from "../engine-types.ts";
import type { PluginFinding, SourcedObject } from "../findings.ts";
import { dropOverlappingValidatorFindings } from "../guardrails/overlap.ts";
import { runGuardrails } from "../guardrails/run.ts";
import { placeFindings } from "../place-findings.ts";
import { substitute } from "./envsubst.ts";
import { certificateHealthFindings } from "./health.ts";
import type { FluxKustomization } from "./kustomization.ts";
import { needsMerge } from "./merge.ts";
import { prepareBuildCopy } from "./source-copy.ts";
import { collectVariables } from "./variables.ts";

export interface FluxCheckInput {
  kustomization: FluxKustomization;
  /** The file holding the Flux Kustomization, for reports. */
  file: string;
  /** The root of the source artifact (the repository checkout) that spec.path is relative to. */
  sourceRoot: string;
  /** ConfigMaps/Secrets that substituteFrom may name. */
  available: Record<string, unknown>[];
  overrides: ReadonlyMap<string, string>;
  /** Flux ≥ 1.9 fails on a variable with no value and no default. */
  strictSubstitution: boolean;
  environment: string;
}

export type FluxCheckOutcome =
  | { ok: true; findings: PluginFinding[]; yaml: string; environment: ResolvedEnvironment }
  | { ok: false; errors: string[]; findings: PluginFinding[] };

const substituteKey = "kustomize.toolkit.fluxcd.io/substitute";

function substitutionDisabled(obj: Record<string, unknown>): boolean {
  const meta = (obj["metadata"] ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return meta.labels?.[substituteKey] === "disabled" || meta.annotations?.[substituteKey] === "disabled";
}

function describe(obj: Record<string, unknown>): string {
  const meta = (obj["metadata"] ?? {}) as { name?: string; namespace?: string };
  return `${String(obj["kind"])} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? ""}`;
}

/** postBuild substitution, object by object, as kustomize-controller does after the build. */
function substituteAll(
  docs: SourcedObject[],
  vars: Map<string, string>,
  input: FluxCheckInput,
  root: string,
) {
  const errors: string[] = [];
  const always = input.kustomization.substituteStrategy === "Always";
  if (vars.size === 0 && !always) return { docs, errors };
  const out = docs.map((d) => {
    if (substitutionDisabled(d.object)) return d;
    const r = substitute(stringify(d.object, { lineWidth: 0 }), vars, input.strictSubstitution);
    if (!r.ok) {
      errors.push(`${relative(root, d.file) || d.file}:${d.line}: ${describe(d.object)}: ${r.message}`);
      return d;
    }
    return { ...d, object: parse(r.text) as Record<string, unknown> };
  });
  return { docs: out, errors };
}

/**
 * Builds a Flux Kustomization's path the way kustomize-controller would (Flux fields
 * merged into the kustomization, no load restrictor, postBuild substitution), then
 * validates the result, applies the environment guardrails and checks that failing
 * Certificates would actually fail the Kustomization's health check.
 */
export async function checkFluxKustomization(
  input: FluxCheckInput,
  engine: Engine,
): Promise<FluxCheckOutcome> {
  const k = input.kustomization;
  const root = resolve(input.sourceRoot);
  const dir = resolve(root, k.path);
  const label = `Kustomization ${k.namespace}/${k.name}`;
  if (!isInside(dir, root))
    return { ok: false, errors: [`${label}: spec.path ${k.path} leaves the source`], findings: [] };
  if (!(await isDirectory(dir)))
    return { ok: false, errors: [`${label}: spec.path ${k.path} does not exist in ${root}`], findings: [] };
  const variables = collectVariables(k, input.available, input.overrides);
  if (!variables.ok)
    return { ok: false, errors: variables.errors.map((e) => `${label}: ${e}`), findings: [] };

  const inPlace = !needsMerge(k) && (await kustomizationIn(dir)) !== undefined;
  const copy = inPlace ? undefined : await prepareBuildCopy(root, relative(root, dir), k);
  let rendered;
  try {
    rendered = await engine.render(copy?.dir ?? dir, { loadRestrictor: "none", allowRemote: false });
  } finally {
    await copy?.cleanup();
  }
  // Report the repository's files, not the temporary copy's.
  const original = (file: string) =>
    copy && file.startsWith(copy.root + sep) ? resolve(root, relative(copy.root, file)) : file;
  if (!rendered.ok) {
    const where = rendered.error.file ? `${relative(root, original(rendered.error.file))}: ` : "";
    return { ok: false, errors: [`${label}: build failed: ${where}${rendered.error.message}`], findings: [] };
  }
  const built: SourcedObject[] = rendered.documents.map((d) => ({
    object: d.object,
    file: original(d.source.file),
    line: d.source.line,
  }));
  const substituted = substituteAll(built, variables.vars, input, root);
  if (substituted.errors.length)
    return { ok: false, errors: substituted.errors.map((e) => `${label}: ${e}`), findings: [] };
  const docs = substituted.docs;

  const config = await loadConfig(dir, root);
  if (!config.ok) {
    return {
      ok: false,
      errors: config.issues.map((i) => `${relative(root, i.file)}:${i.line}: ${i.field}: ${i.message}`),
      findings: [],
    };
  }
  const env = resolveEnvironment(config.config, dir, root, input.environment);
  if (!env.ok) return { ok: false, errors: [env.message], findings: [] };
  const cfg = config.config;
  const unplaced = dropOverlappingValidatorFindings(
    [
      ...engine.validate(docs.map((d, index) => ({ ...d, column: 1, index }))),
      ...runGuardrails({
        environment: env.environment,
        documents: docs,
        config: cfg,
        externalIssuers: cfg.externalIssuers,
        others: [],
      }),
      ...certificateHealthFindings(k, docs, input.file),
    ],
    cfg.guardrails["issuer-not-defined"] !== "off",
  );
  const findings = await placeFindings(unplaced, engine);
  if (findings.some((f) => f.severity === "error")) return { ok: false, errors: [], findings };
  return { ok: true, findings, yaml: toYamlStream(docs.map((d) => d.object)), environment: env.environment };
}
