import type { PluginFinding } from "../findings.ts";

// The validator's cross-document check also flags issuers missing from the rendered set,
// as "may exist in the cluster" warnings (errors under --strict). When the
// issuer-not-defined guardrail is active it owns that question, and it knows which
// issuers certflow.yaml declares external, so the validator's copy is dropped.
const missingIssuer = /is not among the rendered manifests/;

export function dropOverlappingValidatorFindings(
  findings: PluginFinding[],
  guardrailActive: boolean,
): PluginFinding[] {
  if (!guardrailActive) return findings;
  return findings.filter((f) => f.rule !== undefined || !missingIssuer.test(f.message));
}
