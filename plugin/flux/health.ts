import type { PluginFinding, SourcedObject } from "../findings.ts";
import type { FluxKustomization } from "./kustomization.ts";

const snippet = [
  "  healthCheckExprs:",
  "    - apiVersion: cert-manager.io/v1",
  "      kind: Certificate",
  "      inProgress: \"has(status.conditions) && status.conditions.exists(c, c.type == 'Issuing' && c.status == 'True')\"",
  "      failed: \"has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'False')\"",
  "      current: \"has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')\"",
].join("\n");

/**
 * kstatus (Flux's default health) reads Ready=False on a custom resource as "in
 * progress", never "failed": a failing Certificate only surfaces at the timeout, and
 * without wait/healthChecks not at all. Warns unless a healthCheckExprs entry for
 * cert-manager.io Certificate defines `failed`.
 */
export function certificateHealthFindings(
  k: FluxKustomization,
  docs: SourcedObject[],
  file: string,
): PluginFinding[] {
  const certs = docs.filter(
    (d) =>
      d.object["kind"] === "Certificate" && String(d.object["apiVersion"]).startsWith("cert-manager.io/"),
  );
  if (certs.length === 0) return [];
  const checked = k.wait || k.healthChecks.some((h) => h.kind === "Certificate");
  const expr = k.healthCheckExprs.find(
    (e) => e.kind === "Certificate" && e.apiVersion.startsWith("cert-manager.io/"),
  );
  const base = {
    severity: "warning" as const,
    file,
    line: 1,
    column: 1,
    kind: "Kustomization",
    namespace: k.namespace,
    name: k.name,
    rule: "flux-certificate-health",
  };
  if (!checked) {
    return [
      {
        ...base,
        field: "spec.wait",
        message: `${certs.length} Certificate(s) are applied but not health-checked: Flux reports the Kustomization Ready even while they fail. Set wait: true and add\n${snippet}`,
      },
    ];
  }
  if (!expr?.failed) {
    return [
      {
        ...base,
        field: "spec.healthCheckExprs",
        message: `Flux's default health check treats a Certificate with Ready=False as still in progress, so a failed issuance only shows after spec.timeout. Add\n${snippet}`,
      },
    ];
  }
  return [];
}
