/**
 * RFC 4514 distinguished names as cert-manager's literalSubject reads them: go-ldap's ParseDN
 * (v3.4.8+, the parser cert-manager switched back to in cert-manager#6995), then
 * pki.UnmarshalSubjectStringToRDNSequence's type mapping. The error texts are go-ldap's, because
 * the webhook prints them as the detail of `spec.literalSubject: Invalid value`.
 */

export interface DNAttribute {
  type: string;
  value: string;
  /** A name in cert-manager's attributeTypeNames (case-sensitive) or a dotted OID; otherwise Type=nil upstream. */
  recognised: boolean;
  /** The dotted OID the type maps to, when recognised. */
  oid?: string;
}

/** cert-manager's attributeTypeNames: exact, upper-case keys only (`cn=` is not recognised). */
const ATTRIBUTE_OIDS: Record<string, string> = {
  C: "2.5.4.6",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  CN: "2.5.4.3",
  SERIALNUMBER: "2.5.4.5",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  STREET: "2.5.4.9",
  DC: "0.9.2342.19200300.100.1.25",
  UID: "0.9.2342.19200300.100.1.1",
};

export const OID_COMMON_NAME = "2.5.4.3";

class DNError extends Error {}

/** Go's strings.TrimSpace (unicode.IsSpace; unlike String.prototype.trim it keeps U+FEFF, trims U+0085). */
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, "g");
const goTrimSpace = (s: string): string => s.replace(GO_TRIM, "");

/** Go's `%#U` of a byte, as encoding/hex.InvalidByteError prints it. */
function hexInvalidByte(b: number): string {
  const u = `U+${b.toString(16).toUpperCase().padStart(4, "0")}`;
  const printable = (b >= 0x20 && b < 0x7f) || b >= 0xa1;
  return `encoding/hex: invalid byte: ${printable && b !== 0xad ? `${u} '${String.fromCodePoint(b)}'` : u}`;
}

const isHex = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** encoding/hex.DecodeString over the UTF-8 bytes of s. */
function hexDecode(s: string): Buffer {
  const src = Buffer.from(s, "utf8");
  let i = 1;
  for (; i < src.length; i += 2) {
    const a = src[i - 1] ?? 0;
    const b = src[i] ?? 0;
    if (!isHex(a)) throw new DNError(hexInvalidByte(a));
    if (!isHex(b)) throw new DNError(hexInvalidByte(b));
  }
  if (src.length % 2 === 1) {
    const last = src[i - 1] ?? 0;
    if (!isHex(last)) throw new DNError(hexInvalidByte(last));
    throw new DNError("encoding/hex: odd length hex string");
  }
  return Buffer.from(s, "hex");
}

/** go-ldap decodeString: trim spaces, then resolve `\X` and `\XX` escapes. */
function decodeString(str: string): string {
  const s = [...goTrimSpace(str)];
  // An escaped trailing space survives the trim.
  if (s.length > 0 && s[s.length - 1] === "\\" && str.endsWith(" ")) s.push(" ");
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? "";
    if (ch !== "\\") {
      out.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    if (i + 1 >= s.length) throw new DNError(`got corrupted escaped character: '${s.join("")}'`);
    const next = s[i + 1] ?? "";
    if (' "#+,;<=>\\'.includes(next)) {
      out.push(...Buffer.from(next, "utf8"));
      i++;
      continue;
    }
    if (i + 2 >= s.length) {
      throw new DNError(`failed to decode escaped character: encoding/hex: invalid byte: ${next}`);
    }
    const xx = Buffer.from(`${next}${s[i + 2] ?? ""}`, "utf8");
    if (xx.length !== 2)
      throw new DNError(`failed to decode escaped character: invalid byte: ${xx.toString("utf8")}`);
    for (const b of xx)
      if (!isHex(b)) throw new DNError(`failed to decode escaped character: ${hexInvalidByte(b)}`);
    out.push(parseInt(xx.toString("latin1"), 16));
    i += 2;
  }
  return Buffer.from(out).toString("utf8");
}

/** go-ldap decodeEncodedString for `#hex` values: one DER element, its content bytes as the value. */
function decodeEncoded(hex: string): string {
  let der: Buffer;
  try {
    der = hexDecode(hex);
  } catch (e) {
    throw new DNError(`failed to decode BER encoding: ${(e as Error).message}`);
  }
  const content = readDERContent(der);
  if (typeof content === "string") throw new DNError(`failed to unmarshal hex-encoded string: ${content}`);
  if (content.end !== der.length) throw new DNError("trailing data after unmarshalling hex-encoded string");
  return der.subarray(content.start, content.end).toString("utf8");
}

/** Bounds of one DER element's content, or an encoding/asn1-style error text. */
function readDERContent(der: Buffer): { start: number; end: number } | string {
  if (der.length < 2) return "asn1: syntax error: data truncated";
  let off = 1;
  if (((der[0] ?? 0) & 0x1f) === 0x1f) {
    while (off < der.length && ((der[off] ?? 0) & 0x80) !== 0) off++;
    off++;
  }
  if (off >= der.length) return "asn1: syntax error: data truncated";
  let len = der[off++] ?? 0;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) return "asn1: syntax error: indefinite length found (not DER)";
    len = 0;
    for (let k = 0; k < n; k++) {
      if (off >= der.length) return "asn1: syntax error: data truncated";
      len = len * 256 + (der[off++] ?? 0);
    }
  }
  if (off + len > der.length) return "asn1: syntax error: data truncated";
  return { start: off, end: off + len };
}

function setValue(raw: string): string {
  return raw.length > 0 && raw[0] === "#" ? decodeEncoded(raw.slice(1)) : decodeString(raw);
}

function normaliseOID(t: string): string | undefined {
  if (!/^[0-9]+(\.[0-9]+)+$/.test(t)) return undefined;
  return t
    .split(".")
    .map((n) => String(Number(n)))
    .join(".");
}

function attribute(type: string, value: string): DNAttribute {
  const oid = ATTRIBUTE_OIDS[type] ?? normaliseOID(type);
  return oid === undefined ? { type, value, recognised: false } : { type, value, recognised: true, oid };
}

/** go-ldap ParseDN: RDNs in string order (cert-manager reverses them into the RDNSequence). */
export function parseDN(dn: string): { ok: true; rdns: DNAttribute[][] } | { ok: false; error: string } {
  try {
    return { ok: true, rdns: parse(dn) };
  } catch (e) {
    if (e instanceof DNError) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(input: string): DNAttribute[][] {
  const str = goTrimSpace(input);
  const rdns: DNAttribute[][] = [];
  if (str === "") return rdns;
  let rdn: DNAttribute[] = [];
  let type = "";
  let escaping = false;
  let start = 0;
  // Byte-wise in Go; every delimiter is ASCII, so UTF-16 units give the same splits.
  for (let i = 0; i < str.length; i++) {
    const c = str[i];
    if (escaping) escaping = false;
    else if (c === "\\") escaping = true;
    else if (c === "=" && type === "") {
      type = decodeString(str.slice(start, i));
      start = i + 1;
    } else if (c === "," || c === "+" || c === ";") {
      if (type === "") throw new DNError("incomplete type, value pair");
      rdn.push(attribute(type, setValue(str.slice(start, i))));
      type = "";
      start = i + 1;
      if (c !== "+") {
        rdns.push(rdn);
        rdn = [];
      }
    }
  }
  if (type === "") throw new DNError("DN ended with incomplete type, value pair");
  rdn.push(attribute(type, setValue(str.slice(start))));
  rdns.push(rdn);
  return rdns;
}
