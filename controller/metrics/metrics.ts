import type { Certificate, ClusterIssuer, Condition, Issuer } from "../../api/types.ts";
import type { SyncCounters } from "../runtime/runner.ts";

/** What the collectors read at scrape time (nothing is kept per object between scrapes). */
export interface MetricsSource {
  certificates(): Certificate[];
  issuers(): Issuer[];
  clusterIssuers(): ClusterIssuer[];
}

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",")}}`;
}

function ts(s: string | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t / 1000 : 0;
}

function readyOf(conds: Condition[] | undefined): string {
  return conds?.find((c) => c.type === "Ready")?.status ?? "Unknown";
}

/**
 * Prometheus text exposition with cert-manager's metric names and labels
 * (pkg/metrics, internal/collectors), so existing dashboards and alerts keep working.
 */
export class Metrics implements SyncCounters {
  private readonly calls = new Map<string, number>();
  private readonly errors = new Map<string, number>();

  syncCall(controller: string): void {
    this.calls.set(controller, (this.calls.get(controller) ?? 0) + 1);
  }

  syncError(controller: string): void {
    this.errors.set(controller, (this.errors.get(controller) ?? 0) + 1);
  }

  render(src: MetricsSource, now = new Date()): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    const certs = src.certificates();
    const certLabels = (c: Certificate): Record<string, string> => ({
      name: c.metadata.name ?? "",
      namespace: c.metadata.namespace ?? "",
      issuer_name: c.spec.issuerRef.name,
      issuer_kind: c.spec.issuerRef.kind ?? "",
      issuer_group: c.spec.issuerRef.group ?? "",
    });
    family(
      "certmanager_certificate_expiration_timestamp_seconds",
      "gauge",
      "The timestamp after which the certificate expires, expressed in Unix Epoch Time.",
    );
    for (const c of certs)
      out.push(
        `certmanager_certificate_expiration_timestamp_seconds${labels(certLabels(c))} ${ts(c.status?.notAfter)}`,
      );
    family(
      "certmanager_certificate_not_after_timestamp_seconds",
      "gauge",
      "The timestamp after which the certificate is invalid, expressed as a Unix Epoch Time.",
    );
    for (const c of certs)
      out.push(
        `certmanager_certificate_not_after_timestamp_seconds${labels(certLabels(c))} ${ts(c.status?.notAfter)}`,
      );
    family(
      "certmanager_certificate_not_before_timestamp_seconds",
      "gauge",
      "The timestamp before which the certificate is invalid, expressed as a Unix Epoch Time.",
    );
    for (const c of certs)
      out.push(
        `certmanager_certificate_not_before_timestamp_seconds${labels(certLabels(c))} ${ts(c.status?.notBefore)}`,
      );
    family(
      "certmanager_certificate_renewal_timestamp_seconds",
      "gauge",
      "The number of seconds before expiration time the certificate should renew.",
    );
    for (const c of certs)
      out.push(
        `certmanager_certificate_renewal_timestamp_seconds${labels(certLabels(c))} ${ts(c.status?.renewalTime)}`,
      );
    family("certmanager_certificate_ready_status", "gauge", "The ready status of the certificate.");
    for (const c of certs) {
      const s = readyOf(c.status?.conditions);
      for (const cond of ["True", "False", "Unknown"])
        out.push(
          `certmanager_certificate_ready_status${labels({ ...certLabels(c), condition: cond })} ${s === cond ? 1 : 0}`,
        );
    }
    family("certmanager_issuer_ready_status", "gauge", "The ready status of the issuer.");
    for (const i of src.issuers()) {
      const s = readyOf(i.status?.conditions);
      for (const cond of ["True", "False", "Unknown"])
        out.push(
          `certmanager_issuer_ready_status${labels({ name: i.metadata.name ?? "", namespace: i.metadata.namespace ?? "", condition: cond })} ${s === cond ? 1 : 0}`,
        );
    }
    family("certmanager_clusterissuer_ready_status", "gauge", "The ready status of the cluster issuer.");
    for (const i of src.clusterIssuers()) {
      const s = readyOf(i.status?.conditions);
      for (const cond of ["True", "False", "Unknown"])
        out.push(
          `certmanager_clusterissuer_ready_status${labels({ name: i.metadata.name ?? "", condition: cond })} ${s === cond ? 1 : 0}`,
        );
    }
    family(
      "certmanager_clock_time_seconds_gauge",
      "gauge",
      "The clock time given in seconds (from 1970/01/01 UTC).",
    );
    out.push(`certmanager_clock_time_seconds_gauge ${Math.floor(now.getTime() / 1000)}`);
    family(
      "certmanager_controller_sync_call_count",
      "counter",
      "The number of sync() calls made by a controller.",
    );
    for (const [k, v] of [...this.calls].sort())
      out.push(`certmanager_controller_sync_call_count${labels({ controller: k })} ${v}`);
    family(
      "certmanager_controller_sync_error_count",
      "counter",
      "The number of errors encountered during controller sync().",
    );
    for (const [k, v] of [...this.errors].sort())
      out.push(`certmanager_controller_sync_error_count${labels({ controller: k })} ${v}`);
    const mem = process.memoryUsage();
    family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.push(`process_resident_memory_bytes ${mem.rss}`);
    family("nodejs_heap_size_used_bytes", "gauge", "Process heap size used from Node.js in bytes.");
    out.push(`nodejs_heap_size_used_bytes ${mem.heapUsed}`);
    family("nodejs_heap_size_total_bytes", "gauge", "Process heap size from Node.js in bytes.");
    out.push(`nodejs_heap_size_total_bytes ${mem.heapTotal}`);
    family("nodejs_external_memory_bytes", "gauge", "Node.js external memory size in bytes.");
    out.push(`nodejs_external_memory_bytes ${mem.external}`);
    return `${out.join("\n")}\n`;
  }
}
