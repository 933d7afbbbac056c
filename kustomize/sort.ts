/** Output order: kustomize's legacy kind order (the CLI default) or fifo. */
import { curId, type Gvk, type ResId, type Resource } from "./resource.ts";

export const DEFAULT_ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
export const DEFAULT_ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

function gvkSortString(g: Gvk): string {
  return [g.group || "~G", g.version || "~V", g.kind || "~K"].join("_");
}
function gvkString(g: Gvk): string {
  return [g.kind || "[noKind]", g.version || "[noVer]", g.group || "[noGrp]"].join(".");
}
function idSortString(id: ResId): string {
  return [gvkString(id), id.namespace || "~X", id.name || "~N"].join("|");
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function legacySort(
  resources: Resource[],
  orderFirst = DEFAULT_ORDER_FIRST,
  orderLast = DEFAULT_ORDER_LAST,
): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  const items = resources.map((r) => ({ r, id: curId(r) }));
  items.sort((x, y) => {
    const a = x.id;
    const b = y.id;
    const sameGvk = a.group === b.group && a.version === b.version && a.kind === b.kind;
    if (!sameGvk) {
      const ia = rank.get(a.kind) ?? 0;
      const ib = rank.get(b.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (a.kind === "Namespace" && b.kind === "Namespace" && (a.group === "" || b.group === ""))
        return -cmp(gvkSortString(a), gvkSortString(b));
      return cmp(gvkSortString(a), gvkSortString(b));
    }
    return cmp(idSortString(a), idSortString(b));
  });
  return items.map((x) => x.r);
}
