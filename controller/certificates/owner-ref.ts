import type { Certificate } from "../../api/types.ts";

/** The controller reference a Certificate puts on what it owns (temporary key Secrets, requests, and with --enable-certificate-owner-ref its Secret). */
export function ownerRef(cert: Certificate): {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
} {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    name: cert.metadata.name ?? "",
    uid: cert.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}
