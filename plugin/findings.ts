import type { Finding } from "../api/index.ts";
/**
 * A problem found in rendered manifests: the validator's `Finding` plus the guardrail that
 * raised it, so both kinds of findings travel through one report.
 */
export interface PluginFinding extends Finding {
  /** The guardrail id, when a guardrail (not the validator) raised it. */
  rule?: string;
}

/** A rendered object and the file/line that produced it. */
export interface SourcedObject {
  object: Record<string, unknown>;
  file: string;
  line: number;
}
