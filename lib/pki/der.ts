/**
 * A minimal DER (ASN.1) writer and reader: just what X.509 certificates, PKCS#10 requests
 * and keystores need. Written here rather than pulled in as a library (ADR 0400): it is small,
 * synchronous and allocation-light, which matters when signing hundreds of certificates a second.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given tag byte around already-encoded content. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export function seq(...items: Uint8Array[]): Buffer {
  return tlv(TAG.SEQUENCE, Buffer.concat(items));
}

/** A SET OF: DER requires the members sorted by their encoding. */
export function setOf(...items: Uint8Array[]): Buffer {
  const sorted = [...items].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return tlv(TAG.SET, Buffer.concat(sorted));
}

/** Unsigned big-endian magnitude → INTEGER (adds the sign byte when needed). */
export function uint(value: Uint8Array | bigint | number): Buffer {
  let bytes: Buffer;
  if (typeof value === "bigint" || typeof value === "number") {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Buffer.from(hex, "hex");
  } else {
    bytes = Buffer.from(value);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map((p) => BigInt(p));
  const first = parts[0] ?? 0n;
  const second = parts[1] ?? 0n;
  const arcs = [first * 40n + second, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] ?? 0) | 0x80;
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

export function bool(value: boolean): Buffer {
  return tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0]));
}

export function nul(): Buffer {
  return Buffer.from([TAG.NULL, 0]);
}

export function octets(content: Uint8Array): Buffer {
  return tlv(TAG.OCTET_STRING, content);
}

export function bitString(content: Uint8Array, unusedBits = 0): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function utf8(s: string): Buffer {
  return tlv(TAG.UTF8, Buffer.from(s, "utf8"));
}

export function ia5(s: string): Buffer {
  return tlv(TAG.IA5, Buffer.from(s, "latin1"));
}

const printableRe = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Go's encoding/asn1 default for strings: PrintableString when valid, else UTF8String. */
export function directoryString(s: string): Buffer {
  return printableRe.test(s) ? tlv(TAG.PRINTABLE, Buffer.from(s, "latin1")) : utf8(s);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050; always whole seconds in UTC. */
export function time(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${pad(y % 100)}${rest}`, "latin1"));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${pad(y, 4)}${rest}`, "latin1"));
}

/** [n] EXPLICIT wrapper (constructed, context-specific). */
export function explicit(n: number, content: Uint8Array): Buffer {
  return tlv(0xa0 | n, content);
}

/** [n] IMPLICIT: context-specific tag replacing the universal one. */
export function implicit(n: number, content: Uint8Array, constructed = false): Buffer {
  return tlv((constructed ? 0xa0 : 0x80) | n, content);
}

// ---------------------------------------------------------------- reader

export interface Node {
  tag: number;
  /** The whole TLV. */
  raw: Buffer;
  /** Only the value bytes. */
  content: Buffer;
}

export class DerError extends Error {
  override name = "DerError";
}

/** Reads the TLV at `offset`; throws DerError on truncated or non-DER input. */
export function readNode(buf: Buffer, offset = 0): Node {
  if (offset + 2 > buf.length) throw new DerError("truncated DER");
  const tag = buf[offset] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new DerError("high-tag-number form not supported");
  let len = buf[offset + 1] ?? 0;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("unsupported DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[offset + 2 + i] ?? 0);
    header += n;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new DerError("truncated DER");
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  let off = 0;
  while (off < node.content.length) {
    const child = readNode(node.content, off);
    out.push(child);
    off += child.raw.length;
  }
  return out;
}

export function parse(buf: Buffer): Node {
  const node = readNode(buf, 0);
  if (node.raw.length !== buf.length) throw new DerError("trailing data after DER value");
  return node;
}

export function readOid(node: Node): string {
  if (node.tag !== TAG.OID) throw new DerError("expected an OBJECT IDENTIFIER");
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of node.content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0] ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join(".");
}

export function readString(node: Node): string {
  if (node.tag === TAG.BMP) return Buffer.from(node.content).swap16().toString("utf16le");
  return node.content.toString(node.tag === TAG.UTF8 ? "utf8" : "latin1");
}

export function readTime(node: Node): Date {
  const s = node.content.toString("latin1");
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new DerError(`invalid time ${s}`);
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export function readBool(node: Node): boolean {
  return node.content[0] !== 0;
}
