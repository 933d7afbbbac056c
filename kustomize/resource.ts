/** A resource in flight through the pipeline, with the identity bookkeeping kustomize keeps. */
import { isMap, scalarText, type Value, type ValueMap } from "./value.ts";

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId extends Gvk {
  name: string;
  /** Empty when unset; compare with nsEquals, which treats "" and "default" alike. */
  namespace: string;
}

export interface Resource {
  obj: ValueMap;
  source: { file: string; line: number };
  /** Earlier ids, oldest first (kustomize's previousNames/Kinds/Namespaces build annotations). */
  prevIds: ResId[];
  prefixes: string[];
  suffixes: string[];
  /** Generated with a content-hash suffix still to add at the top level. */
  needsHash: boolean;
  /** Generator behavior when this resource came from a generator. */
  behavior?: "create" | "merge" | "replace";
  /** Index in fifo order of accumulation (for stable sorting). */
  seq: number;
  /** Places that share one YAML node in kustomize (see alias.ts). */
  aliases?: { key: string; maps: ValueMap[] }[];
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf("/");
  if (i < 0) return { group: "", version: apiVersion };
  return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function str(v: Value | undefined): string {
  return scalarText(v) ?? "";
}

export function metadata(obj: ValueMap): ValueMap | undefined {
  const m = obj["metadata"];
  return isMap(m) ? m : undefined;
}

export function getGvk(obj: ValueMap): Gvk {
  const { group, version } = parseApiVersion(str(obj["apiVersion"]));
  return { group, version, kind: str(obj["kind"]) };
}
export function getName(obj: ValueMap): string {
  return str(metadata(obj)?.["name"]);
}
export function getNamespace(obj: ValueMap): string {
  return str(metadata(obj)?.["namespace"]);
}
export function setName(obj: ValueMap, name: string): void {
  ensureMap(obj, "metadata")["name"] = name;
}

export function ensureMap(parent: ValueMap, key: string): ValueMap {
  const cur = parent[key];
  if (isMap(cur)) return cur;
  const m: ValueMap = {};
  parent[key] = m;
  return m;
}

export function curId(r: Resource): ResId {
  return { ...getGvk(r.obj), name: getName(r.obj), namespace: getNamespace(r.obj) };
}
export function orgId(r: Resource): ResId {
  return r.prevIds[0] ?? curId(r);
}
export function allIds(r: Resource): ResId[] {
  return [...r.prevIds, curId(r)];
}

export function storePreviousId(r: Resource): void {
  const id = curId(r);
  r.prevIds.push({ ...id, namespace: effectiveNs(id.namespace) });
}

export function effectiveNs(ns: string): string {
  return ns === "" ? "default" : ns;
}
export function nsEquals(a: string, b: string): boolean {
  return effectiveNs(a) === effectiveNs(b);
}

export function gvkString(g: Gvk): string {
  const parts = [g.kind, g.version, g.group].filter((x) => x !== "");
  return parts.join(".");
}

/** kustomize's ResId.String(): `Kind.version.group/name.namespace`-ish; used only in messages. */
export function idString(id: ResId): string {
  const ns = id.namespace === "" ? "" : `.${id.namespace}`;
  return `${gvkString(id)}/${id.name}${ns}`;
}

/** Whether selector gvk (empty parts are wildcards) selects g. */
export function gvkSelected(g: Gvk, sel: Partial<Gvk>): boolean {
  if (sel.group && sel.group !== g.group) return false;
  if (sel.version && sel.version !== g.version) return false;
  if (sel.kind && sel.kind !== g.kind) return false;
  return true;
}

/** A map key equal for ids idEquals treats as equal. */
export function idKey(id: ResId): string {
  return `${id.group}|${id.version}|${id.kind}|${id.name}|${effectiveNs(id.namespace)}`;
}

export function idEquals(a: ResId, b: ResId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.name === b.name &&
    nsEquals(a.namespace, b.namespace)
  );
}

/** Kinds the built-in Kubernetes schema marks cluster-scoped (kustomize leaves their namespace alone). */
const CLUSTER_SCOPED = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "storage.k8s.io/VolumeAttributesClass",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "networking.k8s.io/IngressClass",
  "networking.k8s.io/IPAddress",
  "networking.k8s.io/ServiceCIDR",
  "policy/PodSecurityPolicy",
  "certificates.k8s.io/CertificateSigningRequest",
  "certificates.k8s.io/ClusterTrustBundle",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "admissionregistration.k8s.io/MutatingAdmissionPolicy",
  "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "authentication.k8s.io/TokenReview",
  "authentication.k8s.io/SelfSubjectReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "authorization.k8s.io/SubjectAccessReview",
  "resource.k8s.io/DeviceClass",
  "resource.k8s.io/ResourceSlice",
]);

export function isClusterScoped(g: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${g.group}/${g.kind}`);
}
