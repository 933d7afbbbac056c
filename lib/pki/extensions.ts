import { isIP } from "node:net";
import {
  TAG,
  bitString,
  bool,
  children,
  explicit,
  implicit,
  octets,
  oid,
  readBool,
  readNode,
  readOid,
  seq,
  utf8,
  type Node,
} from "./der.ts";
import { EXT_KEY_USAGE_OIDS, KEY_USAGE_BITS, KEY_USAGE_NAMES, OID } from "./oids.ts";

export interface OtherName {
  oid: string;
  utf8Value: string;
}

export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
  uris: string[];
  emailAddresses: string[];
  otherNames: OtherName[];
}

export interface Extension {
  oid: string;
  critical: boolean;
  /** The extnValue contents (inside the OCTET STRING). */
  value: Buffer;
}

export function emptySans(): SubjectAltNames {
  return { dnsNames: [], ipAddresses: [], uris: [], emailAddresses: [], otherNames: [] };
}

export function hasSans(s: SubjectAltNames): boolean {
  return (
    s.dnsNames.length + s.ipAddresses.length + s.uris.length + s.emailAddresses.length + s.otherNames.length >
    0
  );
}

export function encodeExtension(e: Extension): Buffer {
  return seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value));
}

// ---------------------------------------------------------------- IP addresses

export function ipToBytes(ip: string): Buffer | undefined {
  const kind = isIP(ip);
  if (kind === 4) return Buffer.from(ip.split(".").map(Number));
  if (kind !== 6) return undefined;
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const parse = (s: string | undefined): number[] => {
    if (!s) return [];
    const out: number[] = [];
    for (const part of s.split(":")) {
      if (part.includes(".")) {
        const b = part.split(".").map(Number);
        out.push(((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0));
      } else out.push(parseInt(part, 16));
    }
    return out;
  };
  const h = parse(head);
  const t = parse(tail);
  const groups = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(g, i * 2));
  return buf;
}

/** Formats like Go's net.IP.String(): dotted quad, or RFC 5952 shortest IPv6. */
export function bytesToIp(b: Buffer): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length !== 16) return b.toString("hex");
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff)
    return [...b.subarray(12)].join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Canonical text form of an IP (so "::0001" and "::1" compare equal), or the input if invalid. */
export function canonicalIp(ip: string): string {
  const b = ipToBytes(ip);
  return b ? bytesToIp(b) : ip;
}

// ---------------------------------------------------------------- builders

export function subjectAltNameExtension(s: SubjectAltNames, critical: boolean): Extension {
  const names: Buffer[] = [];
  for (const o of s.otherNames)
    names.push(implicit(0, Buffer.concat([oid(o.oid), explicit(0, utf8(o.utf8Value))]), true));
  for (const e of s.emailAddresses) names.push(implicit(1, Buffer.from(e, "latin1")));
  for (const d of s.dnsNames) names.push(implicit(2, Buffer.from(d, "latin1")));
  for (const u of s.uris) names.push(implicit(6, Buffer.from(u, "latin1")));
  for (const ip of s.ipAddresses) {
    const b = ipToBytes(ip);
    if (b) names.push(implicit(7, b));
  }
  return { oid: OID.subjectAltName, critical, value: seq(...names) };
}

/** Splits cert-manager usage names into key usage bits and extended key usage OIDs. */
export function splitUsages(usages: string[], isCA: boolean): { keyUsage: number[]; extKeyUsage: string[] } {
  const ku = new Set<number>();
  const eku: string[] = [];
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u];
    if (bit !== undefined) ku.add(bit);
    const o = EXT_KEY_USAGE_OIDS[u];
    if (o && !eku.includes(o)) eku.push(o);
  }
  if (isCA) ku.add(KEY_USAGE_BITS["cert sign"] ?? 5);
  return { keyUsage: [...ku].sort((a, b) => a - b), extKeyUsage: eku };
}

export function keyUsageExtension(bits: number[]): Extension | undefined {
  if (bits.length === 0) return undefined;
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  // DER: trailing zero bits are not encoded, and the unused-bit count says how many were dropped.
  const last = bytes[bytes.length - 1] ?? 0;
  let unused = 0;
  while (unused < 8 && !(last & (1 << unused))) unused++;
  return { oid: OID.keyUsage, critical: true, value: bitString(bytes, unused) };
}

export function extKeyUsageExtension(oids: string[]): Extension | undefined {
  if (oids.length === 0) return undefined;
  return { oid: OID.extKeyUsage, critical: false, value: seq(...oids.map(oid)) };
}

export function basicConstraintsExtension(isCA: boolean): Extension {
  return { oid: OID.basicConstraints, critical: true, value: seq(...(isCA ? [bool(true)] : [])) };
}

export function subjectKeyIdExtension(id: Buffer): Extension {
  return { oid: OID.subjectKeyIdentifier, critical: false, value: octets(id) };
}

export function authorityKeyIdExtension(id: Buffer): Extension {
  return { oid: OID.authorityKeyIdentifier, critical: false, value: seq(implicit(0, id)) };
}

export function crlDistributionPointsExtension(urls: string[]): Extension | undefined {
  if (urls.length === 0) return undefined;
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
  const points = urls.map((u) => seq(explicit(0, implicit(0, implicit(6, Buffer.from(u, "latin1")), true))));
  return { oid: OID.crlDistributionPoints, critical: false, value: seq(...points) };
}

export function authorityInfoAccessExtension(ocsp: string[], issuers: string[]): Extension | undefined {
  const entries = [
    ...ocsp.map((u) => seq(oid(OID.ocsp), implicit(6, Buffer.from(u, "latin1")))),
    ...issuers.map((u) => seq(oid(OID.caIssuers), implicit(6, Buffer.from(u, "latin1")))),
  ];
  if (entries.length === 0) return undefined;
  return { oid: OID.authorityInfoAccess, critical: false, value: seq(...entries) };
}

export function encodeExtensions(exts: (Extension | undefined)[]): Buffer[] {
  return exts.filter((e): e is Extension => e !== undefined).map(encodeExtension);
}

// ---------------------------------------------------------------- readers

/** Parses `SEQUENCE OF Extension`. */
export function readExtensions(node: Node): Extension[] {
  return children(node).map((ext) => {
    const parts = children(ext);
    const id = parts[0];
    const hasCritical = parts.length === 3 && parts[1]?.tag === TAG.BOOLEAN;
    const value = parts[hasCritical ? 2 : 1];
    if (!id || !value) throw new Error("malformed extension");
    return {
      oid: readOid(id),
      critical: hasCritical && parts[1] ? readBool(parts[1]) : false,
      value: value.content,
    };
  });
}

export function readSans(value: Buffer): SubjectAltNames {
  const out = emptySans();
  for (const n of children(readNode(value))) {
    switch (n.tag) {
      case 0xa0: {
        const [id, wrapped] = children(n);
        const inner = wrapped ? children(wrapped)[0] : undefined;
        if (id && inner) out.otherNames.push({ oid: readOid(id), utf8Value: inner.content.toString("utf8") });
        break;
      }
      case 0x81:
        out.emailAddresses.push(n.content.toString("latin1"));
        break;
      case 0x82:
        out.dnsNames.push(n.content.toString("latin1"));
        break;
      case 0x86:
        out.uris.push(n.content.toString("latin1"));
        break;
      case 0x87:
        out.ipAddresses.push(bytesToIp(Buffer.from(n.content)));
        break;
    }
  }
  return out;
}

export function readKeyUsage(value: Buffer): number[] {
  const n = readNode(value);
  const bytes = n.content.subarray(1);
  const bits: number[] = [];
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) bits.push(i);
  return bits;
}

export function readExtKeyUsage(value: Buffer): string[] {
  return children(readNode(value)).map(readOid);
}

export function readBasicConstraints(value: Buffer): boolean {
  const first = children(readNode(value))[0];
  return first?.tag === TAG.BOOLEAN ? readBool(first) : false;
}

export function readSubjectKeyId(value: Buffer): Buffer {
  return Buffer.from(readNode(value).content);
}

/** Usage names for key usage bits and EKU OIDs, in cert-manager's canonical spelling. */
export function usageNames(kuBits: number[], eku: string[]): string[] {
  const names: string[] = [];
  for (const b of kuBits) {
    const n = KEY_USAGE_NAMES[b];
    if (n) names.push(n);
  }
  for (const o of eku) {
    const n = Object.entries(EXT_KEY_USAGE_OIDS).find(([, v]) => v === o)?.[0];
    if (n) names.push(n);
  }
  return names;
}
