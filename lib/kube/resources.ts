import type { ResourceType } from "./client.ts";

/** The resource types the controller reads and writes. */
export const RT = {
  certificates: {
    group: "cert-manager.io",
    version: "v1",
    plural: "certificates",
    kind: "Certificate",
    namespaced: true,
  },
  certificateRequests: {
    group: "cert-manager.io",
    version: "v1",
    plural: "certificaterequests",
    kind: "CertificateRequest",
    namespaced: true,
  },
  issuers: { group: "cert-manager.io", version: "v1", plural: "issuers", kind: "Issuer", namespaced: true },
  clusterIssuers: {
    group: "cert-manager.io",
    version: "v1",
    plural: "clusterissuers",
    kind: "ClusterIssuer",
    namespaced: false,
  },
  secrets: { group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true },
  events: { group: "", version: "v1", plural: "events", kind: "Event", namespaced: true },
  namespaces: { group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false },
  ingresses: {
    group: "networking.k8s.io",
    version: "v1",
    plural: "ingresses",
    kind: "Ingress",
    namespaced: true,
  },
  leases: { group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true },
  crds: {
    group: "apiextensions.k8s.io",
    version: "v1",
    plural: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    namespaced: false,
  },
} satisfies Record<string, ResourceType>;

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}
