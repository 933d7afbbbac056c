import { ACME_GROUP, CERTMANAGER_GROUP } from "../constants.ts";
import { errorBody, notSupported, type FieldError } from "../field.ts";
import type { ObjectFinding } from "../finding.ts";
import { KINDS, kindSchema, type KindDefinition } from "../schema/crds.ts";
import type { JSONSchemaProps } from "../schema/dsl.ts";
import type { Certificate, CertificateRequest, Challenge, IssuerSpec, Order } from "../types.ts";
import { validateCertificateSpec } from "./certificate.ts";
import {
  validateApprovalConditions,
  validateCertificateRequestSpec,
  validateCertificateRequestUpdate,
} from "./certificate-request.ts";
import { validateIssuerSpec } from "./issuer.ts";
import { validateObjectName } from "./metadata.ts";
import { validateChallengeUpdate, validateOrderUpdate } from "./order-challenge.ts";
import { validateCertificateRequestIdentity, type RequesterInfo } from "./identity.ts";
import { checkSchema, pruneNulls } from "./schema-check.ts";

export interface ValidateObjectOptions {
  /** The stored object on UPDATE; enables the immutability rules. */
  oldObject?: unknown;
  /**
   * The admission requester. When given, CertificateRequest identity fields are checked as the
   * webhook's identity plugin does (offline validation has no requester and skips this).
   */
  userInfo?: RequesterInfo;
}

const SCHEMAS = new Map<string, JSONSchemaProps>();
function schemaFor(def: KindDefinition): JSONSchemaProps {
  const k = `${def.group}/${def.kind}`;
  let s = SCHEMAS.get(k);
  if (!s) {
    s = kindSchema(def);
    SCHEMAS.set(k, s);
  }
  return s;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "an empty document";
  if (Array.isArray(v)) return "a list";
  return `a ${typeof v === "object" ? "mapping" : "scalar"} (${typeof v})`;
}

/** Identity of an object for reporting; tolerant of any shape. */
export function identify(obj: unknown): { kind: string; name: string; namespace?: string } {
  if (!isRecord(obj)) return { kind: "", name: "" };
  const meta = isRecord(obj["metadata"]) ? obj["metadata"] : {};
  const kind = typeof obj["kind"] === "string" ? obj["kind"] : "";
  const name =
    typeof meta["name"] === "string"
      ? meta["name"]
      : typeof meta["generateName"] === "string"
        ? `${meta["generateName"]}*`
        : "";
  const ns = typeof meta["namespace"] === "string" ? meta["namespace"] : undefined;
  return ns === undefined ? { kind, name } : { kind, name, namespace: ns };
}

/**
 * Judge one object as the API server (CRD schema) and cert-manager's validating webhook would.
 * Objects outside cert-manager's groups give no findings. Never throws.
 */
export function validateObject(obj: unknown, opts: ValidateObjectOptions = {}): ObjectFinding[] {
  // Fast path: most documents in a stream are not cert-manager's.
  if (isRecord(obj)) {
    const av = obj["apiVersion"];
    if (typeof av === "string" && av !== "" && typeof obj["kind"] === "string" && obj["kind"] !== "") {
      if (!av.startsWith(CERTMANAGER_GROUP) && !av.startsWith(ACME_GROUP)) return [];
    }
  }
  const id = identify(obj);
  const mk = (severity: "error" | "warning", field: string, message: string): ObjectFinding => ({
    severity,
    ...id,
    field,
    message,
  });
  if (!isRecord(obj))
    return [mk("error", "", `document must be a Kubernetes object (a mapping), got ${describeValue(obj)}`)];
  const apiVersion = obj["apiVersion"];
  const kind = obj["kind"];
  if (typeof apiVersion !== "string" || apiVersion === "" || typeof kind !== "string" || kind === "") {
    // Not a Kubernetes object (e.g. a fragment kept for documentation): passed through, but said.
    const missing = typeof apiVersion !== "string" || apiVersion === "" ? "apiVersion" : "kind";
    return [mk("warning", "", `not a Kubernetes object (no ${missing}): skipped`)];
  }
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  if (group !== CERTMANAGER_GROUP && group !== ACME_GROUP) return [];
  const fe = (e: FieldError, severity: "error" | "warning" = "error"): ObjectFinding =>
    mk(severity, e.field, errorBody(e));
  const defs = KINDS.filter((d) => d.group === group);
  if (apiVersion !== `${group}/v1`) {
    return [fe(notSupported("apiVersion", apiVersion, [`${group}/v1`]))];
  }
  const def = defs.find((d) => d.kind === kind);
  if (!def)
    return [
      fe(
        notSupported(
          "kind",
          kind,
          defs.map((d) => d.kind),
        ),
      ),
    ];

  const meta = isRecord(obj["metadata"]) ? obj["metadata"] : {};
  const errors: FieldError[] = [...validateObjectName(meta["name"], meta["generateName"])];
  const state = { nulls: false };
  checkSchema(obj, schemaFor(def), "", errors, state);
  // The API server rejects schema violations before the webhook runs, so stop here like it does.
  if (errors.length > 0) return errors.map((e) => fe(e));
  const stored = state.nulls ? (pruneNulls(obj) as Record<string, unknown>) : obj;
  const old = opts.oldObject === undefined ? undefined : pruneNulls(opts.oldObject);

  try {
    const r = webhookRules(def.kind, stored, old);
    if (def.kind === "CertificateRequest" && opts.userInfo) {
      const spec = (stored as unknown as CertificateRequest).spec ?? {};
      const oldSpec = isRecord(old) ? (old as unknown as CertificateRequest).spec : undefined;
      r.errors.unshift(...validateCertificateRequestIdentity(spec, opts.userInfo, oldSpec));
    }
    return [...r.errors.map((e) => fe(e)), ...r.warnings.map((w) => mk("warning", "", w))];
  } catch (err) {
    // Defensive: a rule that trips over an unexpected shape must not abort the run.
    return [
      mk("error", "", `internal validation error: ${err instanceof Error ? err.message : String(err)}`),
    ];
  }
}

function webhookRules(
  kind: string,
  obj: Record<string, unknown>,
  oldObj: unknown,
): { errors: FieldError[]; warnings: string[] } {
  const old = isRecord(oldObj) ? oldObj : undefined;
  switch (kind) {
    case "Certificate":
      return { errors: validateCertificateSpec((obj as unknown as Certificate).spec ?? {}), warnings: [] };
    case "CertificateRequest": {
      const cr = obj as unknown as CertificateRequest;
      if (old)
        return {
          errors: validateCertificateRequestUpdate(old as unknown as CertificateRequest, cr),
          warnings: [],
        };
      return {
        errors: [
          ...validateCertificateRequestSpec(cr.spec ?? {}),
          ...validateApprovalConditions(cr.status?.conditions),
        ],
        warnings: [],
      };
    }
    case "Issuer":
    case "ClusterIssuer":
      return validateIssuerSpec((obj["spec"] ?? {}) as IssuerSpec);
    case "Order":
      return {
        errors: old ? validateOrderUpdate(old as unknown as Order, obj as unknown as Order) : [],
        warnings: [],
      };
    case "Challenge":
      return {
        errors: old ? validateChallengeUpdate(old as unknown as Challenge, obj as unknown as Challenge) : [],
        warnings: [],
      };
    default:
      return { errors: [], warnings: [] };
  }
}
