import type { PluginFinding } from "../findings.ts";
import { guardrails, type GuardrailInput } from "./rules.ts";

/**
 * Runs every guardrail that is not switched off, at the level certflow.yaml sets
 * ("error" or "warning"); `disabled` are ids switched off for this run only.
 */
export function runGuardrails(
  input: GuardrailInput,
  disabled: ReadonlySet<string> = new Set(),
): PluginFinding[] {
  const out: PluginFinding[] = [];
  for (const [id, rule] of guardrails) {
    const level = input.config.guardrails[id];
    if (level === "off" || disabled.has(id)) continue;
    for (const f of rule(input)) out.push({ ...f, severity: level, rule: id });
  }
  return out;
}
