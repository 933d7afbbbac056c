import type { ObjectFinding } from "../finding.ts";
import type { ParsedDocument } from "../parse/manifests.ts";
import { goQuote } from "../util/goquote.ts";
import { identify, isRecord } from "./validate-object.ts";

/** A finding from a check across documents, tied to the document it is about. */
export interface CrossFinding {
  doc: ParsedDocument;
  finding: ObjectFinding;
  /** Where to point in the source when `finding.field` names no real field (the shim's `certificateRef`). */
  at?: string;
}

const ISSUER_ANN = "cert-manager.io/issuer";
const CLUSTER_ISSUER_ANN = "cert-manager.io/cluster-issuer";

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}
function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function groupOf(apiVersion: unknown): string {
  const a = str(apiVersion);
  const i = a.indexOf("/");
  return i < 0 ? "" : a.slice(0, i);
}
function where(d: ParsedDocument): string {
  return `${d.file}:${d.line}`;
}

/**
 * What the webhook cannot see but a rendered set can: issuers missing from the set, two
 * Certificates writing one Secret, contradictory or dangling Ingress/Gateway annotations,
 * TLS hosts an Ingress does not serve, namespaced ClusterIssuers.
 * `strict` turns the "may exist in the cluster" warnings into errors.
 */
export function crossDocumentChecks(docs: ParsedDocument[], strict = false): CrossFinding[] {
  const out: CrossFinding[] = [];
  const issuers = new Set<string>();
  const clusterIssuers = new Set<string>();
  for (const d of docs) {
    const g = groupOf(d.object["apiVersion"]);
    if (g !== "cert-manager.io") continue;
    const { kind, name, namespace } = identify(d.object);
    if (kind === "Issuer") issuers.add(`${namespace ?? ""}/${name}`);
    if (kind === "ClusterIssuer") clusterIssuers.add(name);
  }
  const missingSeverity = strict ? "error" : "warning";
  const add = (doc: ParsedDocument, severity: "error" | "warning", field: string, message: string): void => {
    out.push({ doc, finding: { severity, ...identify(doc.object), field, message } });
  };
  const checkIssuer = (doc: ParsedDocument, kind: string, name: string, ns: string, field: string): void => {
    if (name === "") return;
    if (kind === "ClusterIssuer") {
      if (!clusterIssuers.has(name)) {
        add(
          doc,
          missingSeverity,
          field,
          `ClusterIssuer "${name}" is not among the rendered manifests (it may exist in the cluster)`,
        );
      }
    } else if (!issuers.has(`${ns}/${name}`)) {
      add(
        doc,
        missingSeverity,
        field,
        `Issuer "${name}" is not among the rendered manifests in namespace "${ns}" (it may exist in the cluster)`,
      );
    }
  };

  const secrets = new Map<string, ParsedDocument>();
  const secretDocs = new Map<string, ParsedDocument>();
  for (const d of docs) {
    if (d.object["apiVersion"] === "v1" && d.object["kind"] === "Secret") {
      const { name, namespace } = identify(d.object);
      secretDocs.set(`${namespace ?? ""}/${name}`, d);
    }
  }
  for (const d of docs) {
    const o = d.object;
    const g = groupOf(o["apiVersion"]);
    const kind = str(o["kind"]);
    const meta = rec(o["metadata"]);
    const ns = str(meta["namespace"]);
    if (g === "cert-manager.io" && kind === "ClusterIssuer" && ns !== "") {
      add(
        d,
        missingSeverity,
        "metadata.namespace",
        `a ClusterIssuer is cluster-scoped: namespace "${ns}" is ignored, and the Secrets it references are read from the controller's cluster resource namespace`,
      );
    }
    if (g === "cert-manager.io" && kind === "Certificate") {
      const spec = rec(o["spec"]);
      const ref = rec(spec["issuerRef"]);
      const refGroup = str(ref["group"]);
      if (refGroup === "" || refGroup === "cert-manager.io") {
        checkIssuer(d, str(ref["kind"]) || "Issuer", str(ref["name"]), ns, "spec.issuerRef.name");
      }
      const secretName = str(spec["secretName"]);
      const committed = secretDocs.get(`${ns}/${secretName}`);
      if (secretName !== "" && committed) {
        add(
          d,
          "warning",
          "spec.secretName",
          `Secret ${JSON.stringify(secretName)} is also in the rendered manifests (${where(committed)}): cert-manager writes this Secret, so the GitOps tool and cert-manager will keep overwriting each other`,
        );
      }
      if (secretName !== "") {
        const k = `${ns}/${secretName}`;
        const first = secrets.get(k);
        if (first) {
          const other = identify(first.object);
          add(
            d,
            "error",
            "spec.secretName",
            `Duplicate value: ${JSON.stringify(secretName)}: Certificate ${other.namespace ?? ""}/${other.name} (${where(first)}) writes the same Secret; each Secret needs exactly one Certificate`,
          );
        } else secrets.set(k, d);
      }
    }
    if (g === "cert-manager.io" && kind === "Issuer") caSecretCheck(d, ns, secretDocs, add);
    const isIngress = kind === "Ingress" && (g === "networking.k8s.io" || g === "extensions");
    const isGateway = kind === "Gateway" && g === "gateway.networking.k8s.io";
    if (isIngress || isGateway) {
      const ann = rec(meta["annotations"]);
      const iss = str(ann[ISSUER_ANN]);
      const ciss = str(ann[CLUSTER_ISSUER_ANN]);
      if (iss !== "" && ciss !== "") {
        add(
          d,
          "error",
          "metadata.annotations",
          `both "${ISSUER_ANN}" and "${CLUSTER_ISSUER_ANN}" may not be set`,
        );
      } else {
        const customGroup = str(ann["cert-manager.io/issuer-group"]);
        if (customGroup === "" || customGroup === "cert-manager.io") {
          if (iss !== "")
            checkIssuer(
              d,
              str(ann["cert-manager.io/issuer-kind"]) || "Issuer",
              iss,
              ns,
              `metadata.annotations[${ISSUER_ANN}]`,
            );
          if (ciss !== "")
            checkIssuer(d, "ClusterIssuer", ciss, ns, `metadata.annotations[${CLUSTER_ISSUER_ANN}]`);
        }
      }
    }
    if (isIngress) ingressTLSHosts(d, add);
    if (isGateway) gatewayListeners(d, ns, missingSeverity, add, out);
  }
  return out;
}

const SHIM_SKIPS =
  'cert-manager\'s gateway-shim skips this listener (event "Skipped a listener block") and creates no Certificate for it';

/**
 * cert-manager's gateway-shim (validateGatewayListenerBlock) on an annotated Gateway: each HTTPS/TLS
 * listener needs a hostname and a TLS block in Terminate mode with same-namespace Secret refs, or
 * the shim skips it with a BadConfig warning event. Paths and texts are the shim's own, including
 * its singular `certificateRef`. Defaults the API server applies (group "", kind Secret, mode
 * Terminate) count as set, since the shim sees the defaulted object.
 */
function gatewayListeners(
  d: ParsedDocument,
  ns: string,
  severity: "error" | "warning",
  add: (doc: ParsedDocument, s: "error" | "warning", f: string, m: string) => void,
  out: CrossFinding[],
): void {
  const ann = rec(rec(d.object["metadata"])["annotations"]);
  const iss = str(ann[ISSUER_ANN]);
  const ciss = str(ann[CLUSTER_ISSUER_ANN]);
  // Not annotated: the shim ignores the Gateway. Both annotated: it stops before the listeners.
  if ((iss === "") === (ciss === "")) return;
  list(rec(d.object["spec"])["listeners"]).forEach((raw, i) => {
    const l = rec(raw);
    const protocol = str(l["protocol"]);
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    const lp = `spec.listeners[${i}]`;
    const errs: [string, string][] = [];
    if (str(l["hostname"]) === "")
      errs.push([`${lp}.hostname`, "Required value: the hostname cannot be empty"]);
    if (!isRecord(l["tls"])) errs.push([`${lp}.tls`, "Required value: the TLS block cannot be empty"]);
    else {
      const tls = rec(l["tls"]);
      const refs = list(tls["certificateRefs"]);
      const refPath = `${lp}.tls.certificateRef`;
      if (refs.length === 0) errs.push([refPath, "Required value: listener has no certificateRefs"]);
      refs.forEach((r, j) => {
        const ref = rec(r);
        const group = typeof ref["group"] === "string" ? ref["group"] : "";
        const kind = typeof ref["kind"] === "string" ? ref["kind"] : "Secret";
        if (group !== "core" && group !== "") {
          errs.push([
            `${refPath}[${j}].group`,
            `Unsupported value: ${goQuote(group)}: supported values: "core", ""`,
          ]);
        }
        if (kind !== "Secret" && kind !== "") {
          errs.push([
            `${refPath}[${j}].kind`,
            `Unsupported value: ${goQuote(kind)}: supported values: "Secret", ""`,
          ]);
        }
        if (typeof ref["namespace"] === "string" && ref["namespace"] !== ns) {
          errs.push([
            `${refPath}[${j}].namespace`,
            `Invalid value: ${goQuote(ref["namespace"])}: cross-namespace secret references are not allowed in listeners`,
          ]);
        }
      });
      const mode = typeof tls["mode"] === "string" ? tls["mode"] : "Terminate";
      if (mode !== "Terminate") {
        errs.push([`${lp}.tls.mode`, `Unsupported value: ${goQuote(mode)}: supported values: "Terminate"`]);
      }
    }
    for (const [field, body] of errs) {
      add(d, severity, field, `${body}; ${SHIM_SKIPS}`);
      const last = out[out.length - 1];
      if (last) last.at = field.replace(".tls.certificateRef", ".tls.certificateRefs");
    }
  });
}

function ingressTLSHosts(
  d: ParsedDocument,
  add: (doc: ParsedDocument, s: "error" | "warning", f: string, m: string) => void,
): void {
  const spec = rec(d.object["spec"]);
  const ruleHosts = new Set(list(spec["rules"]).map((r) => str(rec(r)["host"])));
  list(spec["tls"]).forEach((t, i) => {
    list(rec(t)["hosts"]).forEach((h, j) => {
      const host = str(h);
      if (host !== "" && !ruleHosts.has(host)) {
        add(
          d,
          "error",
          `spec.tls[${i}].hosts[${j}]`,
          `host ${JSON.stringify(host)} has a TLS entry but no rule in spec.rules: the certificate would be issued for a host this Ingress does not serve (and an HTTP-01 challenge for it cannot be routed)`,
        );
      }
    });
  });
}

/** A CA Issuer whose key pair Secret is in the set must find tls.crt and tls.key in it. */
function caSecretCheck(
  d: ParsedDocument,
  ns: string,
  secretDocs: Map<string, ParsedDocument>,
  add: (doc: ParsedDocument, s: "error" | "warning", f: string, m: string) => void,
): void {
  const secretName = str(rec(rec(rec(d.object["spec"])["ca"]))["secretName"]);
  const secret = secretName === "" ? undefined : secretDocs.get(`${ns}/${secretName}`);
  if (!secret) return;
  const keys = new Set([
    ...Object.keys(rec(secret.object["data"])),
    ...Object.keys(rec(secret.object["stringData"])),
  ]);
  const missing = ["tls.crt", "tls.key"].filter((k) => !keys.has(k));
  if (missing.length > 0) {
    add(
      d,
      "error",
      "spec.ca.secretName",
      `Secret ${JSON.stringify(secretName)} (${where(secret)}) has no ${missing.join(" or ")}: the CA issuer needs the CA's certificate and private key there`,
    );
  }
}
