import { relative } from "node:path";
import type { ResolvedEnvironment } from "../config/environment.ts";
import type { PluginFinding } from "../findings.ts";

const maxLines = 20;

function location(f: PluginFinding, root: string): string {
  const rel = f.file ? relative(root, f.file) : "";
  // Files outside the root (a Flux Kustomization elsewhere) keep their absolute path.
  const file = !f.file ? "(unknown file)" : rel && !rel.startsWith("..") ? rel : f.file;
  return f.line > 0 ? `${file}:${f.line}` : file;
}

function subject(f: PluginFinding): string {
  const ns = f.namespace ? `${f.namespace}/` : "";
  return `${f.kind} ${ns}${f.name}`;
}

/** One finding per line, with its file and line first: Argo CD shows stderr as-is in the UI. */
export function formatFinding(f: PluginFinding, root: string): string {
  const rule = f.rule ? ` [${f.rule}]` : "";
  const field = f.field ? ` ${f.field}` : "";
  return `${f.severity}: ${location(f, root)}: ${subject(f)}${field}: ${f.message}${rule}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function describeEnvironment(env: ResolvedEnvironment): string {
  const from = {
    parameter: "from the environment parameter",
    config: "from certflow.yaml",
    "directory-name": "from the directory name",
    default: "no known environment",
  }[env.source];
  return `environment ${env.name}, ${env.type}, ${from}`;
}

/** The short report printed on stderr: a headline, then findings (errors first), capped. */
export function formatReport(
  overlay: string,
  env: ResolvedEnvironment | undefined,
  findings: PluginFinding[],
  root: string,
): string {
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const envText = env ? ` (${describeEnvironment(env)})` : "";
  const lines = [
    `certflow: ${overlay}${envText}: ${count(errors.length, "error")}, ${count(warnings.length, "warning")}`,
  ];
  const ordered = [...errors, ...warnings];
  for (const f of ordered.slice(0, maxLines)) lines.push(formatFinding(f, root));
  if (ordered.length > maxLines) lines.push(`... and ${ordered.length - maxLines} more`);
  return `${lines.join("\n")}\n`;
}
