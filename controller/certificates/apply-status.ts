import type {
  Certificate,
  CertificateRequest,
  CertificateRequestStatus,
  CertificateStatus,
} from "../../api/types.ts";
import { RT } from "../../lib/kube/resources.ts";
import type { ControllerContext } from "../context.ts";

/**
 * Status writes are server-side applies on the status subresource, one field manager per
 * controller (`certflow-<controller>`): each controller owns exactly the status fields it sets,
 * conditions merge by type, and leaving a field out releases (removes) it.
 */
export async function applyCertificateStatus(
  ctx: ControllerContext,
  cert: Certificate,
  controller: string,
  status: CertificateStatus,
): Promise<void> {
  const res = await ctx.client.apply<Certificate>(
    RT.certificates,
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: cert.metadata.name, namespace: cert.metadata.namespace },
      status,
    } as Certificate,
    `${ctx.fieldManager}-${controller}`,
    "status",
  );
  ctx.certificates.upsert(res);
}

export async function applyRequestStatus(
  ctx: ControllerContext,
  cr: CertificateRequest,
  controller: string,
  status: CertificateRequestStatus,
): Promise<void> {
  const res = await ctx.client.apply<CertificateRequest>(
    RT.certificateRequests,
    {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: { name: cr.metadata.name, namespace: cr.metadata.namespace },
      status,
    } as CertificateRequest,
    `${ctx.fieldManager}-${controller}`,
    "status",
  );
  ctx.requests.upsert(res);
}
