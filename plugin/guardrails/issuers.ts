import type { IssuerKey } from "../config/types.ts";
import type { SourcedObject } from "../findings.ts";

const certManagerGroup = "cert-manager.io";

/** An Issuer or ClusterIssuer present in the rendered output. */
export interface DefinedIssuer {
  kind: "Issuer" | "ClusterIssuer";
  name: string;
  namespace?: string;
  acmeServer?: string;
  source: SourcedObject;
}

/** A place that names an issuer: a Certificate's issuerRef or an ingress-shim annotation. */
export interface IssuerReference {
  kind: "Issuer" | "ClusterIssuer";
  name: string;
  /** Namespace the referenced Issuer must live in (the referrer's own); undefined for a ClusterIssuer. */
  namespace?: string;
  referrer: { kind: string; name: string; namespace?: string };
  field: string;
  source: SourcedObject;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function metaOf(obj: Record<string, unknown>): { name: string; namespace?: string } {
  const meta = record(obj["metadata"]) ?? {};
  const namespace = str(meta["namespace"]);
  return namespace ? { name: str(meta["name"]) ?? "", namespace } : { name: str(meta["name"]) ?? "" };
}

function isCertManager(obj: Record<string, unknown>): boolean {
  const apiVersion = str(obj["apiVersion"]) ?? "";
  return apiVersion.startsWith(`${certManagerGroup}/`);
}

export function definedIssuers(docs: SourcedObject[]): DefinedIssuer[] {
  const out: DefinedIssuer[] = [];
  for (const d of docs) {
    const kind = d.object["kind"];
    if (!isCertManager(d.object) || (kind !== "Issuer" && kind !== "ClusterIssuer")) continue;
    const meta = metaOf(d.object);
    const acme = record(record(d.object["spec"])?.["acme"]);
    const server = str(acme?.["server"]);
    const issuer: DefinedIssuer = { kind, name: meta.name, source: d };
    if (kind === "Issuer" && meta.namespace) issuer.namespace = meta.namespace;
    if (server) issuer.acmeServer = server;
    out.push(issuer);
  }
  return out;
}

const issuerAnnotation = "cert-manager.io/issuer";
const clusterIssuerAnnotation = "cert-manager.io/cluster-issuer";
const issuerKindAnnotation = "cert-manager.io/issuer-kind";
const issuerGroupAnnotation = "cert-manager.io/issuer-group";

function certificateReference(d: SourcedObject): IssuerReference | undefined {
  const ref = record(record(d.object["spec"])?.["issuerRef"]);
  const name = str(ref?.["name"]);
  if (!ref || !name) return undefined; // a missing issuerRef is the validator's finding, not ours
  const group = str(ref["group"]) ?? certManagerGroup;
  if (group !== certManagerGroup) return undefined; // external issuers (awspca, …) live outside the overlay
  const kind = str(ref["kind"]) ?? "Issuer";
  if (kind !== "Issuer" && kind !== "ClusterIssuer") return undefined;
  const meta = metaOf(d.object);
  const r: IssuerReference = {
    kind,
    name,
    referrer: { kind: "Certificate", ...meta },
    field: "spec.issuerRef.name",
    source: d,
  };
  if (kind === "Issuer" && meta.namespace) r.namespace = meta.namespace;
  return r;
}

function annotationReference(d: SourcedObject): IssuerReference | undefined {
  const annotations = record(record(d.object["metadata"])?.["annotations"]) ?? {};
  const group = str(annotations[issuerGroupAnnotation]);
  if (group && group !== certManagerGroup) return undefined;
  const meta = metaOf(d.object);
  const referrer = { kind: String(d.object["kind"]), ...meta };
  const cluster = str(annotations[clusterIssuerAnnotation]);
  if (cluster) {
    return {
      kind: "ClusterIssuer",
      name: cluster,
      referrer,
      field: `metadata.annotations[${clusterIssuerAnnotation}]`,
      source: d,
    };
  }
  const issuer = str(annotations[issuerAnnotation]);
  if (!issuer) return undefined;
  const kind = str(annotations[issuerKindAnnotation]) === "ClusterIssuer" ? "ClusterIssuer" : "Issuer";
  const r: IssuerReference = {
    kind,
    name: issuer,
    referrer,
    field: `metadata.annotations[${issuerAnnotation}]`,
    source: d,
  };
  if (kind === "Issuer" && meta.namespace) r.namespace = meta.namespace;
  return r;
}

/** Every issuer reference: Certificates, and Ingresses/Gateways that ingress-shim turns into Certificates. */
export function issuerReferences(docs: SourcedObject[]): IssuerReference[] {
  const out: IssuerReference[] = [];
  for (const d of docs) {
    const kind = d.object["kind"];
    const ref =
      kind === "Certificate" && isCertManager(d.object)
        ? certificateReference(d)
        : kind === "Ingress" || kind === "Gateway"
          ? annotationReference(d)
          : undefined;
    if (ref) out.push(ref);
  }
  return out;
}

/** Whether `key` (from certflow.yaml or a parameter) names the referenced issuer. */
export function keyMatches(key: IssuerKey, ref: { kind: string; name: string; namespace?: string }): boolean {
  if (key.kind !== ref.kind || key.name !== ref.name) return false;
  return key.namespace === undefined || key.namespace === ref.namespace;
}
