import { forbidden, type FieldError } from "../field.ts";
import type { CertificateRequestSpec } from "../types.ts";
import { deepEqual } from "./deep-equal.ts";

/** The requesting user of an admission request (AdmissionRequest.userInfo). */
export interface RequesterInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

const sameGroups = (a: string[] | undefined, b: string[] | undefined): boolean =>
  deepEqual([...(a ?? [])].sort(), [...(b ?? [])].sort());
const sameExtra = (
  a: Record<string, string[]> | undefined,
  b: Record<string, string[]> | undefined,
): boolean =>
  deepEqual(a && Object.keys(a).length > 0 ? a : undefined, b && Object.keys(b).length > 0 ? b : undefined);

/** The identity the mutating webhook writes into a new CertificateRequest's spec. */
export function requesterIdentity(
  user: RequesterInfo,
): Pick<CertificateRequestSpec, "username" | "uid" | "groups" | "extra"> {
  const out: Pick<CertificateRequestSpec, "username" | "uid" | "groups" | "extra"> = {
    username: user.username ?? "",
    uid: user.uid ?? "",
    groups: user.groups ?? [],
  };
  if (user.extra && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}

/**
 * cert-manager's CertificateRequest identity plugin: on CREATE the identity fields must be the
 * requester's; on UPDATE they may not change.
 */
export function validateCertificateRequestIdentity(
  spec: CertificateRequestSpec,
  user: RequesterInfo,
  oldSpec?: CertificateRequestSpec,
): FieldError[] {
  const el: FieldError[] = [];
  if (oldSpec) {
    if ((oldSpec.uid ?? "") !== (spec.uid ?? ""))
      el.push(forbidden("spec.uid", "uid identity cannot be changed once set"));
    if ((oldSpec.username ?? "") !== (spec.username ?? "")) {
      el.push(forbidden("spec.username", "username identity cannot be changed once set"));
    }
    if (!sameGroups(oldSpec.groups, spec.groups))
      el.push(forbidden("spec.groups", "groups identity cannot be changed once set"));
    if (!sameExtra(oldSpec.extra, spec.extra))
      el.push(forbidden("spec.extra", "extra identity cannot be changed once set"));
    return el;
  }
  if ((spec.uid ?? "") !== (user.uid ?? ""))
    el.push(forbidden("spec.uid", "uid identity must be that of the requester"));
  if ((spec.username ?? "") !== (user.username ?? ""))
    el.push(forbidden("spec.username", "username identity must be that of the requester"));
  if (!sameGroups(spec.groups, user.groups))
    el.push(forbidden("spec.groups", "groups identity must be that of the requester"));
  if (!sameExtra(spec.extra, user.extra))
    el.push(forbidden("spec.extra", "extra identity must be that of the requester"));
  return el;
}
