import { DEFAULT_KEY_USAGES } from "../constants.ts";
import { child, forbidden, invalid, required, type FieldError } from "../field.ts";
import { goQuote } from "../util/goquote.ts";
import type { CertificateRequest, CertificateRequestSpec, Condition } from "../types.ts";
import { decodeCSR, type DecodedCSR } from "../util/csr.ts";
import { deepEqual } from "./deep-equal.ts";
import { validateIssuerRef } from "./certificate.ts";
import {
  EXT_KEY_USAGE_OIDS,
  KEY_USAGE_BITS,
  extKeyUsageName,
  isKnownUsage,
  keyUsageNames,
} from "./usages.ts";

const CERT_SIGN = 1 << 5;

/** cert-manager's printKeyUsage: `[ 'a', 'b' ]`, or `[]` when empty. */
function printUsages(u: string[]): string {
  return u.length === 0 ? "[]" : `[ ${u.map((x) => `'${x}'`).join(", ")} ]`;
}

/** Go's `%#v` of a []byte: what apimachinery prints for the webhook's `spec.request` value. */
function goBytes(b: Uint8Array): { goString: string } {
  return { goString: `[]byte{${Array.from(b, (x) => `0x${x.toString(16)}`).join(", ")}}` };
}

/** Go's `%#v` of the internal []certmanager.KeyUsage. */
function goUsages(u: string[]): { goString: string } {
  return { goString: `[]certmanager.KeyUsage{${u.map((x) => goQuote(x)).join(", ")}}` };
}

/**
 * Webhook CREATE rules for CertificateRequest spec (inventory §2.5), in cert-manager's order:
 * issuerRef, then request present, then usages known, then the CSR (decoded, signature checked,
 * basic constraints and usages compared). The request value prints as Go prints a []byte.
 */
export function validateCertificateRequestSpec(spec: CertificateRequestSpec, p = "spec"): FieldError[] {
  const el: FieldError[] = [...validateIssuerRef(spec.issuerRef, p)];
  const req = spec.request ?? "";
  if (req === "") {
    el.push(required(child(p, "request"), "must be specified"));
    return el;
  }
  const usages = spec.usages ?? [];
  const unknown = usages.filter((u) => !isKnownUsage(u));
  if (unknown.length > 0) {
    el.push(invalid(child(p, "usages"), goUsages(usages), `unknown key usages: [${unknown.join(" ")}]`));
    return el;
  }
  const bytes = Buffer.from(req, "base64");
  const decoded = decodeCSR(bytes);
  if (!decoded.ok) {
    el.push(invalid(child(p, "request"), goBytes(bytes), decoded.error));
    return el;
  }
  const err = csrUsageError(decoded.csr, usages, spec.isCA === true);
  if (err) el.push(invalid(child(p, "request"), goBytes(bytes), err));
  return el;
}

/** What the CSR encodes must agree with spec.isCA and spec.usages (DisallowInsecureCSRUsageDefinition). */
function csrUsageError(csr: DecodedCSR, usages: string[], isCA: boolean): string | null {
  if (csr.basicConstraints && csr.basicConstraints.isCA !== isCA) {
    return `encoded CSR error: IsCA ${csr.basicConstraints.isCA} does not match expected value ${isCA}`;
  }
  if (csr.keyUsageBits === undefined && csr.extKeyUsageOIDs === undefined) return null;
  const effective = usages.length > 0 ? usages : DEFAULT_KEY_USAGES;
  let expectedKU = isCA ? CERT_SIGN : 0;
  const expectedEKU: string[] = [];
  for (const u of effective) {
    const bit = KEY_USAGE_BITS[u];
    if (bit !== undefined) expectedKU |= bit;
    else {
      const oid = EXT_KEY_USAGE_OIDS[u];
      if (oid) expectedEKU.push(oid);
    }
  }
  const csrKU = csr.keyUsageBits ?? 0;
  if (csrKU !== expectedKU) {
    return `encoded CSR error: the KeyUsages ${printUsages(keyUsageNames(csrKU))} do not match the expected KeyUsages ${printUsages(keyUsageNames(expectedKU))}`;
  }
  const csrEKU = csr.extKeyUsageOIDs ?? [];
  if (csrEKU.length !== expectedEKU.length || csrEKU.some((o, i) => o !== expectedEKU[i])) {
    return `encoded CSR error: the ExtKeyUsages ${printUsages(csrEKU.map(extKeyUsageName))} do not match the expected ExtKeyUsages ${printUsages(expectedEKU.map(extKeyUsageName))}`;
  }
  return null;
}

/** Approved/Denied conditions: at most one each, only True, never both (CREATE and UPDATE). */
export function validateApprovalConditions(
  conds: Condition[] | undefined,
  p = "status.conditions",
): FieldError[] {
  const el: FieldError[] = [];
  const approved = (conds ?? []).filter((c) => c.type === "Approved");
  const denied = (conds ?? []).filter((c) => c.type === "Denied");
  for (const [type, found] of [
    ["Approved", approved],
    ["Denied", denied],
  ] as const) {
    if (found.length === 0) continue;
    if (found.length > 1) {
      el.push(forbidden(p, `multiple ${JSON.stringify(type)} conditions present`));
      continue;
    }
    const first = found[0] as Condition;
    if (first.status !== "True")
      el.push(
        invalid(child(p, type), first.status, `${JSON.stringify(type)} condition may only be set to True`),
      );
  }
  if (approved.length > 0 && denied.length > 0)
    el.push(forbidden(p, "both 'Denied' and 'Approved' conditions cannot coexist"));
  return el;
}

function isCertManagerAnnotation(k: string): boolean {
  return k.startsWith("cert-manager.io") || k.startsWith("acme.cert-manager.io");
}

/** UPDATE rules: spec immutable, cert-manager annotations immutable, approval conditions immutable. */
export function validateCertificateRequestUpdate(
  oldCR: CertificateRequest,
  newCR: CertificateRequest,
): FieldError[] {
  const el: FieldError[] = [];
  const oldA = oldCR.metadata?.annotations ?? {};
  const newA = newCR.metadata?.annotations ?? {};
  const msg = "cannot change cert-manager annotation after creation";
  for (const [a, b] of [
    [oldA, newA],
    [newA, oldA],
  ] as const) {
    for (const [k, v] of Object.entries(a)) {
      if (isCertManagerAnnotation(k) && b[k] !== v) el.push(forbidden(child("metadata.annotations", k), msg));
    }
  }
  const find = (c: Condition[] | undefined, t: string): Condition | undefined => c?.find((x) => x.type === t);
  for (const t of ["Approved", "Denied"]) {
    const before = find(oldCR.status?.conditions, t);
    if (before && !deepEqual(before, find(newCR.status?.conditions, t))) {
      el.push(forbidden("status.conditions", `'${t}' condition may not be modified once set`));
    }
  }
  el.push(...validateApprovalConditions(newCR.status?.conditions));
  if (!deepEqual(oldCR.spec, newCR.spec)) el.push(forbidden("spec", "cannot change spec after creation"));
  return el;
}
