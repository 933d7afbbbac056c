import type { Finding } from "./finding.ts";
import type { ValidationReport } from "./validate-sources.ts";

/** `FILE:LINE:COL: [warning: ]KIND NAMESPACE/NAME: FIELD.PATH: MESSAGE` — one line per finding. */
export function formatFinding(f: Finding): string {
  const who =
    f.kind === "" && f.name === "" ? "" : `${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name}: `;
  const field = f.field === "" ? "" : `${f.field}: `;
  const sev = f.severity === "warning" ? "warning: " : "";
  const msg = f.message.replace(/[\r\n]+/g, " ");
  return `${f.file}:${f.line}:${f.column}: ${sev}${who}${field}${msg}`;
}

export function formatSummary(r: ValidationReport): string {
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(r.documents, "document")} checked: ${plural(r.errors, "error")}, ${plural(r.warnings, "warning")}`;
}

export function formatJSON(r: ValidationReport): string {
  return `${JSON.stringify({ documents: r.documents, errors: r.errors, warnings: r.warnings, findings: r.findings }, null, 2)}\n`;
}
