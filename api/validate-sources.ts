import type { Finding } from "./finding.ts";
import { parseManifests, type ParsedDocument } from "./parse/manifests.ts";
import { validateDocuments } from "./validation/validate-documents.ts";

export interface SourceInput {
  /** Name used in findings (a path, or "-" for stdin). */
  file: string;
  text: string;
}

export interface ValidationReport {
  findings: Finding[];
  documents: number;
  errors: number;
  warnings: number;
  /** True when some document could not be parsed (exit code 2 in the CLI). */
  parseFailed: boolean;
}

function compare(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/**
 * The one entry point shared by `certflow validate`, the Argo CD plugin and the Action:
 * parse every source, judge all documents together (cross-document checks span files), sort.
 */
export function validateSources(sources: SourceInput[], opts: { strict?: boolean } = {}): ValidationReport {
  const docs: ParsedDocument[] = [];
  const findings: Finding[] = [];
  let parseFailed = false;
  for (const s of sources) {
    const r = parseManifests(s.text, s.file);
    docs.push(...r.documents);
    if (r.findings.length > 0) parseFailed = true;
    findings.push(...r.findings);
  }
  findings.push(...validateDocuments(docs, opts));
  findings.sort(compare);
  let errors = 0;
  for (const f of findings) if (f.severity === "error") errors++;
  return { findings, documents: docs.length, errors, warnings: findings.length - errors, parseFailed };
}
