/**
 * A problem found in rendered manifests. Same shape as `Finding` in api/index.ts (the
 * validator's contract) plus the guardrail that raised it, so both kinds of findings
 * travel through one report.
 */
export interface PluginFinding {
  severity: "error" | "warning";
  file: string;
  line: number;
  column: number;
  kind: string;
  namespace?: string;
  name: string;
  field: string;
  message: string;
  /** The guardrail id, when a guardrail (not the validator) raised it. */
  rule?: string;
}

/** A rendered object and the file/line that produced it. */
export interface SourcedObject {
  object: Record<string, unknown>;
  file: string;
  line: number;
}
