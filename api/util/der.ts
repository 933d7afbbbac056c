/** A minimal DER reader: enough to walk a PKCS#10 CSR without a crypto library. */

export interface TLV {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export class DERError extends Error {
  override name = "DERError";
}

export function readTLV(buf: Uint8Array, off: number, limit = buf.length): TLV {
  if (off + 2 > limit) throw new DERError("asn1: syntax error: data truncated");
  const tag = buf[off] as number;
  if ((tag & 0x1f) === 0x1f) throw new DERError("asn1: syntax error: high-tag-number form not supported");
  let len = buf[off + 1] as number;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DERError("asn1: syntax error: invalid length");
    len = 0;
    for (let i = 0; i < n; i++) {
      if (p >= limit) throw new DERError("asn1: syntax error: data truncated");
      len = len * 256 + (buf[p++] as number);
    }
  }
  if (p + len > limit) throw new DERError("asn1: syntax error: data truncated");
  return { tag, start: off, contentStart: p, end: p + len };
}

/** Children of a constructed value. */
export function children(buf: Uint8Array, parent: TLV): TLV[] {
  const out: TLV[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const t = readTLV(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function decodeOID(buf: Uint8Array, t: TLV): string {
  if (t.tag !== 0x06)
    throw new DERError("asn1: structure error: tags don't match (expected OBJECT IDENTIFIER)");
  const arcs: number[] = [];
  let v = 0;
  for (let i = t.contentStart; i < t.end; i++) {
    const b = buf[i] as number;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (arcs.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        arcs.push(first, v - first * 40);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join(".");
}
