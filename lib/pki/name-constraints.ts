import { implicit, seq } from "./der.ts";
import { ipToBytes, type Extension } from "./extensions.ts";
import { OID } from "./oids.ts";

/** spec.nameConstraints of a CA Certificate (cert-manager.io/v1). */
export interface NameConstraintsInput {
  critical?: boolean;
  permitted?: NameConstraintList;
  excluded?: NameConstraintList;
}

export interface NameConstraintList {
  dnsDomains?: string[];
  ipRanges?: string[];
  emailAddresses?: string[];
  uriDomains?: string[];
}

/** A CIDR as X.509 wants it in a GeneralName: the masked address followed by the mask. */
function cidrBytes(cidr: string): Buffer | string {
  const slash = cidr.lastIndexOf("/");
  if (slash < 0) return `invalid CIDR address: ${cidr}`;
  const ip = ipToBytes(cidr.slice(0, slash));
  const bits = Number(cidr.slice(slash + 1));
  if (!ip || !/^\d+$/.test(cidr.slice(slash + 1)) || bits > ip.length * 8)
    return `invalid CIDR address: ${cidr}`;
  const mask = Buffer.alloc(ip.length);
  for (let i = 0; i < ip.length; i++) mask[i] = 0xff & (0xff << Math.max(0, 8 - Math.max(0, bits - 8 * i)));
  const masked = Buffer.from(ip.map((b, i) => b & (mask[i] as number)));
  return Buffer.concat([masked, mask]);
}

/** GeneralSubtrees in Go's order: DNS domains, IP ranges, email addresses, URI domains. */
function subtrees(list: NameConstraintList | undefined): Buffer[] | string {
  const out: Buffer[] = [];
  for (const d of list?.dnsDomains ?? []) out.push(seq(implicit(2, Buffer.from(d, "latin1"))));
  for (const r of list?.ipRanges ?? []) {
    const b = cidrBytes(r);
    if (typeof b === "string") return b;
    out.push(seq(implicit(7, b)));
  }
  for (const e of list?.emailAddresses ?? []) out.push(seq(implicit(1, Buffer.from(e, "latin1"))));
  for (const u of list?.uriDomains ?? []) out.push(seq(implicit(6, Buffer.from(u, "latin1"))));
  return out;
}

/**
 * The NameConstraints extension (RFC 5280 §4.2.1.10) for a CA's request, encoded as Go's
 * crypto/x509 does; undefined when nothing is constrained, an error text for a bad CIDR.
 */
export function nameConstraintsExtension(
  nc: NameConstraintsInput | undefined,
): Extension | undefined | string {
  if (!nc) return undefined;
  const permitted = subtrees(nc.permitted);
  if (typeof permitted === "string") return permitted;
  const excluded = subtrees(nc.excluded);
  if (typeof excluded === "string") return excluded;
  if (permitted.length === 0 && excluded.length === 0) return undefined;
  const parts: Buffer[] = [];
  if (permitted.length) parts.push(implicit(0, Buffer.concat(permitted), true));
  if (excluded.length) parts.push(implicit(1, Buffer.concat(excluded), true));
  return { oid: OID.nameConstraints, critical: !!nc.critical, value: seq(...parts) };
}
