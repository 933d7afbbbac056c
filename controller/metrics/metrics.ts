import type { Certificate, ClusterIssuer, Condition, Issuer } from "../../api/types.ts";
import type { SyncCounters } from "../runtime/runner.ts";

/** What the collectors read at scrape time (nothing is kept per object between scrapes). */
export interface MetricsSource {
  certificates(): Certificate[];
  issuers(): Issuer[];
  clusterIssuers(): ClusterIssuer[];
  /** Kubernetes API requests sent, keyed `METHOD resource` (KubeClient.requestCounts). */
  kubeRequests?(): ReadonlyMap<string, number>;
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

  /** The whole exposition as one string (tests, small installations). */
  render(src: MetricsSource, now = new Date()): string {
    return [...this.chunks(src, now)].join("");
  }

  /**
   * The exposition in chunks of a few hundred lines, to be streamed: 10,000 Certificates make
   * ~14 MB of text, which as one string (plus its pieces) would set the process's memory
   * high-water mark at every scrape. Chunks die young, in the small young generation.
   */
  *chunks(src: MetricsSource, now = new Date()): Generator<string> {
    let out: string[] = [];
    const flush = (): string => {
      const text = `${out.join("\n")}\n`;
      out = [];
      return text;
    };
    const family = (name: string, type: string, help: string): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    const certs = src.certificates();
    const certLabels = (c: Certificate): string =>
      `name="${esc(c.metadata.name ?? "")}",namespace="${esc(c.metadata.namespace ?? "")}",issuer_name="${esc(c.spec.issuerRef.name)}",issuer_kind="${esc(c.spec.issuerRef.kind ?? "")}",issuer_group="${esc(c.spec.issuerRef.group ?? "")}"`;
    const gauges: [string, string, (c: Certificate) => string | undefined][] = [
      [
        "certmanager_certificate_expiration_timestamp_seconds",
        "The timestamp after which the certificate expires, expressed in Unix Epoch Time.",
        (c) => c.status?.notAfter,
      ],
      [
        "certmanager_certificate_not_after_timestamp_seconds",
        "The timestamp after which the certificate is invalid, expressed as a Unix Epoch Time.",
        (c) => c.status?.notAfter,
      ],
      [
        "certmanager_certificate_not_before_timestamp_seconds",
        "The timestamp before which the certificate is invalid, expressed as a Unix Epoch Time.",
        (c) => c.status?.notBefore,
      ],
      [
        "certmanager_certificate_renewal_timestamp_seconds",
        "The number of seconds before expiration time the certificate should renew.",
        (c) => c.status?.renewalTime,
      ],
    ];
    for (const [name, help, field] of gauges) {
      family(name, "gauge", help);
      for (const c of certs) {
        out.push(`${name}{${certLabels(c)}} ${ts(field(c))}`);
        if (out.length >= 512) yield flush();
      }
    }
    family("certmanager_certificate_ready_status", "gauge", "The ready status of the certificate.");
    for (const c of certs) {
      const s = readyOf(c.status?.conditions);
      const l = certLabels(c);
      for (const cond of ["True", "False", "Unknown"])
        out.push(`certmanager_certificate_ready_status{${l},condition="${cond}"} ${s === cond ? 1 : 0}`);
      if (out.length >= 512) yield flush();
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
    const kube = src.kubeRequests?.();
    if (kube) {
      family(
        "certflow_kube_client_requests_total",
        "counter",
        "Requests sent to the Kubernetes API server, by method and resource.",
      );
      for (const [k, v] of [...kube].sort()) {
        const [method = "", resource = ""] = k.split(" ");
        out.push(`certflow_kube_client_requests_total${labels({ method, resource })} ${v}`);
      }
    }
    const mem = process.memoryUsage();
    family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.push(`process_resident_memory_bytes ${mem.rss}`);
    family("nodejs_heap_size_used_bytes", "gauge", "Process heap size used from Node.js in bytes.");
    out.push(`nodejs_heap_size_used_bytes ${mem.heapUsed}`);
    family("nodejs_heap_size_total_bytes", "gauge", "Process heap size from Node.js in bytes.");
    out.push(`nodejs_heap_size_total_bytes ${mem.heapTotal}`);
    family("nodejs_external_memory_bytes", "gauge", "Node.js external memory size in bytes.");
    out.push(`nodejs_external_memory_bytes ${mem.external}`);
    yield flush();
  }
}
