import { relative, resolve } from "node:path";
import { resolveEnvironment, type ResolvedEnvironment } from "../config/environment.ts";
import { formatIssuerKey } from "../config/issuer-key.ts";
import { loadConfig } from "../config/load.ts";
import type { CertflowConfig, GuardrailId } from "../config/types.ts";
import type { Engine, RenderedDocumentLike } from "../engine-types.ts";
import type { PluginFinding, SourcedObject } from "../findings.ts";
import { dropOverlappingValidatorFindings } from "../guardrails/overlap.ts";
import { runGuardrails } from "../guardrails/run.ts";
import type { EnvironmentDocuments } from "../guardrails/rules.ts";
import { isDirectory, isInside, kustomizationIn, repoRootFor } from "./overlay-paths.ts";
import { readCmpOptions, type CmpAppContext, type CmpOptions } from "./params.ts";
import { placeFindings } from "../place-findings.ts";
import { formatReport } from "./report.ts";
import { serializeOutput } from "./output.ts";
import { siblingOverlays } from "./siblings.ts";

export interface GenerateInput {
  /** The working directory argocd-cmp-server gives us: the Application's path in a copy of the repository. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Either the manifests for stdout, or a report for stderr; never both halves of one. */
export type GenerateOutcome =
  | { ok: true; manifests: string; notes: string; environment: ResolvedEnvironment }
  | { ok: false; report: string };

const fail = (report: string): GenerateOutcome => ({
  ok: false,
  report: report.endsWith("\n") ? report : `${report}\n`,
});

function toSourced(docs: RenderedDocumentLike[]): SourcedObject[] {
  return docs.map((d) => ({ object: d.object, file: d.source.file, line: d.source.line }));
}

function renderFailure(
  overlay: string,
  error: { message: string; file?: string; field?: string },
  root: string,
): string {
  const file = error.file ? `${relative(root, error.file) || error.file}: ` : "";
  // The renderer's message often names the field already.
  const field = error.field && !error.message.includes(error.field) ? ` (${error.field})` : "";
  return `certflow: ${overlay}: render failed: ${file}${error.message}${field}`;
}

/** A cluster that does not serve cert-manager.io/v1 will refuse every Issuer and Certificate. */
function clusterApiWarning(context: CmpAppContext, docs: SourcedObject[]): PluginFinding[] {
  if (context.kubeApiVersions.length === 0 || context.kubeApiVersions.includes("cert-manager.io/v1"))
    return [];
  const first = docs.find((d) => String(d.object["apiVersion"]).startsWith("cert-manager.io/"));
  const bringsCrds = docs.some((d) => d.object["kind"] === "CustomResourceDefinition");
  if (!first || bringsCrds) return [];
  const meta = (first.object["metadata"] ?? {}) as { name?: string };
  return [
    {
      severity: "warning",
      file: first.file,
      line: first.line,
      column: 1,
      kind: String(first.object["kind"]),
      name: meta.name ?? "",
      field: "apiVersion",
      message: `the destination cluster${context.kubeVersion ? ` (Kubernetes ${context.kubeVersion})` : ""} does not serve cert-manager.io/v1 yet: install cert-manager's or certflow's CRDs before this Application syncs`,
    },
  ];
}

async function renderOthers(
  engine: Engine,
  siblings: { environment: ResolvedEnvironment; dir: string }[],
  root: string,
) {
  const others: EnvironmentDocuments[] = [];
  const notes: string[] = [];
  const results = await Promise.all(
    siblings.map((s) => engine.render(s.dir, { loadRestrictor: "rootOnly", allowRemote: false })),
  );
  results.forEach((r, i) => {
    const s = siblings[i];
    if (!s) return;
    if (r.ok) others.push({ environment: s.environment, documents: toSourced(r.documents) });
    // Another environment's broken overlay is that Application's error, not this one's.
    else {
      const why = renderFailure(relative(root, s.dir), r.error, root).replace(/^certflow: /, "");
      notes.push(`note: environment ${s.environment.name} left out of the cross-environment check: ${why}`);
    }
  });
  return { others, notes };
}

/**
 * `certflow cmp generate`: read options as Argo CD passes them, render the overlay,
 * validate it, apply the environment guardrails, and return the manifests only if
 * nothing is wrong. Pure apart from reading files, so tests can call it in-process.
 */
export async function generate(input: GenerateInput, engine: Engine): Promise<GenerateOutcome> {
  const parsed = readCmpOptions(input.env);
  if (!parsed.ok) {
    return fail(`certflow: invalid plugin parameters:\n${parsed.errors.map((e) => `  ${e}`).join("\n")}`);
  }
  const { options, context } = parsed;
  const root = repoRootFor(input.cwd, context.sourcePath);
  const overlayDir = resolve(input.cwd, options.overlay);
  const overlayName = relative(root, overlayDir) || ".";
  const dirProblem = await overlayProblem(overlayDir, overlayName, options.overlay, root);
  if (dirProblem) return fail(dirProblem);

  const loaded = await loadConfig(overlayDir, root);
  if (!loaded.ok) {
    const lines = loaded.issues.map(
      (i) => `error: ${relative(root, i.file) || i.file}:${i.line}: ${i.field}: ${i.message}`,
    );
    return fail(`certflow: invalid configuration:\n${lines.join("\n")}`);
  }
  const config = loaded.config;
  const envResult = resolveEnvironment(config, overlayDir, root, options.environment);
  if (!envResult.ok) return fail(`certflow: ${envResult.message}`);
  const environment = envResult.environment;

  const rendered = await engine.render(overlayDir, { loadRestrictor: "rootOnly", allowRemote: false });
  if (!rendered.ok) return fail(renderFailure(overlayName, rendered.error, root));
  const documents = toSourced(rendered.documents);
  const { findings, notes } = await collectFindings({
    engine,
    options,
    context,
    config,
    environment,
    documents,
    overlayDir,
    root,
  });

  const report = formatReport(overlayName, environment, findings, root);
  if (findings.some((f) => f.severity === "error"))
    return fail(notes.length ? `${report}${notes.join("\n")}\n` : report);
  if (documents.length === 0) {
    // Empty output plus auto-prune would delete everything the Application owns.
    return fail(`certflow: ${overlayName} renders no objects; refusing to hand Argo CD an empty manifest`);
  }
  const manifests = serializeOutput(rendered, options.syncWaves);
  const externals = [...config.externalIssuers, ...options.externalIssuers].map(formatIssuerKey);
  const noteLines = [...(findings.length ? [report.trimEnd()] : []), ...notes];
  if (externals.length) noteLines.push(`note: external issuers: ${externals.join(", ")}`);
  return { ok: true, manifests, notes: noteLines.length ? `${noteLines.join("\n")}\n` : "", environment };
}

/** Why the overlay directory cannot be rendered, or undefined when it can. */
async function overlayProblem(
  dir: string,
  name: string,
  requested: string,
  root: string,
): Promise<string | undefined> {
  if (!isInside(dir, root)) return `certflow: overlay "${requested}" is outside the repository`;
  if (!(await isDirectory(dir))) return `certflow: overlay ${name} not found: no such directory`;
  if (!(await kustomizationIn(dir))) {
    return `certflow: overlay ${name} has no kustomization.yaml (set the overlay parameter to the overlay's directory)`;
  }
  return undefined;
}

interface CheckContext {
  engine: Engine;
  options: CmpOptions;
  context: CmpAppContext;
  config: CertflowConfig;
  environment: ResolvedEnvironment;
  documents: SourcedObject[];
  overlayDir: string;
  root: string;
}

/** Validator findings, guardrail findings (rendering the other environments for the cross-check), cluster warnings. */
async function collectFindings(c: CheckContext): Promise<{ findings: PluginFinding[]; notes: string[] }> {
  const { options, config } = c;
  const validation = c.engine.validate(
    c.documents.map((d, index) => ({ ...d, column: 1, index })),
    { strict: options.strict },
  );
  const disabled = new Set(options.disableGuardrails);
  const active = (id: GuardrailId) => config.guardrails[id] !== "off" && !disabled.has(id);
  const siblings = active("issuer-differs-between-environments")
    ? await siblingOverlays(config, c.overlayDir, c.environment, c.root)
    : [];
  const { others, notes } = await renderOthers(c.engine, siblings, c.root);
  const guardrailInput = {
    environment: c.environment,
    documents: c.documents,
    config,
    externalIssuers: [...config.externalIssuers, ...options.externalIssuers],
    others,
    ...(c.context.appNamespace ? { defaultNamespace: c.context.appNamespace } : {}),
  };
  let findings = dropOverlappingValidatorFindings(
    [...validation, ...runGuardrails(guardrailInput, disabled), ...clusterApiWarning(c.context, c.documents)],
    active("issuer-not-defined"),
  );
  // strict: a warning blocks the sync like an error does.
  if (options.strict) findings = findings.map((f) => ({ ...f, severity: "error" as const }));
  return { findings: await placeFindings(findings, c.engine), notes };
}
