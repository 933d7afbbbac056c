/**
 * Merge keys of the lists strategic-merge patches merge (instead of replace) for the built-in
 * kinds that matter to certflow, taken from the Kubernetes API's patch-strategy markers.
 * Lists not named here (and every list of a custom resource) are replaced wholesale, as kustomize does.
 */
import type { Gvk } from "./resource.ts";

const POD_SPEC: Record<string, string[]> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  volumes: ["name"],
  imagePullSecrets: ["name"],
  hostAliases: ["ip"],
  topologySpreadConstraints: ["topologyKey", "whenUnsatisfiable"],
  resourceClaims: ["name"],
  schedulingGates: ["name"],
};
const CONTAINER: Record<string, string[]> = {
  ports: ["containerPort", "protocol"],
  env: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
};
const META: Record<string, string[]> = { ownerReferences: ["uid"] };

const POD_SPEC_AT: Record<string, string> = {
  Pod: "spec",
  PodTemplate: "template.spec",
  Deployment: "spec.template.spec",
  ReplicaSet: "spec.template.spec",
  DaemonSet: "spec.template.spec",
  StatefulSet: "spec.template.spec",
  Job: "spec.template.spec",
  ReplicationController: "spec.template.spec",
  CronJob: "spec.jobTemplate.spec.template.spec",
};

const BUILTIN_GROUPS = new Set(["", "apps", "batch", "extensions"]);

/** Merge keys for the list at `path` (field names, "[]" marking list elements), or undefined to replace. */
export function mergeKeysFor(gvk: Gvk, path: string[]): string[] | undefined {
  if (!BUILTIN_GROUPS.has(gvk.group)) return undefined;
  const p = path.join(".");
  const field = path[path.length - 1]!;
  const parent = path.slice(0, -1).join(".");
  if (parent === "metadata" || parent.endsWith("template.metadata")) return META[field];
  if (gvk.kind === "Service" && p === "spec.ports") return ["port", "protocol"];
  const podAt = POD_SPEC_AT[gvk.kind];
  if (!podAt) return undefined;
  if (parent === podAt) return POD_SPEC[field];
  for (const c of ["containers", "initContainers", "ephemeralContainers"]) {
    if (parent === `${podAt}.${c}.[]`) return CONTAINER[field];
  }
  if (gvk.kind === "StatefulSet" && p === "spec.volumeClaimTemplates") return undefined;
  return undefined;
}
