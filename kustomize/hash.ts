/** kustomize's content-hash name suffix for generated ConfigMaps and Secrets. */
import { createHash } from "node:crypto";
import { isMap, type Value, type ValueMap } from "./value.ts";

/** Go encoding/json string escaping (HTML-safe: <, >, & and U+2028/2029 are escaped). */
function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function goByteCompare(a: string, b: string): number {
  const ba = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return Buffer.compare(ba, bb);
}

/** Go json.Marshal of decoded JSON data: map keys sorted by bytes, no spaces. */
export function goJsonMarshal(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return Number(v).toString();
  if (typeof v === "number") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(goJsonMarshal).join(",") + "]";
  const keys = Object.keys(v).sort(goByteCompare);
  return "{" + keys.map((k) => goJsonString(k) + ":" + goJsonMarshal(v[k] as Value)).join(",") + "}";
}

export function encodeHash(input: string): string {
  const hex = createHash("sha256").update(input, "utf8").digest("hex").slice(0, 10);
  const map: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return Array.from(hex, (c) => map[c] ?? c).join("");
}

function hashValue(v: Value | undefined): Value {
  if (v === undefined || v === null) return "";
  if (isMap(v) || Array.isArray(v)) return v;
  return typeof v === "string" ? v : String(v);
}

/** The suffix kustomize appends (after "-") to a generated object's name. */
export function contentHash(obj: ValueMap): string {
  const kind = obj["kind"];
  // kustomize looks the name up with the single path segment "metadata/name", which never
  // matches, so the hashed name is always "" (the hash does not depend on the name).
  const m: ValueMap = { kind: kind as Value, name: "" };
  if (kind === "ConfigMap") {
    m["data"] = hashValue(obj["data"]);
    if (isMap(obj["binaryData"])) m["binaryData"] = obj["binaryData"];
  } else if (kind === "Secret") {
    m["data"] = hashValue(obj["data"]);
    m["type"] = hashValue(obj["type"]);
    if (isMap(obj["stringData"])) m["stringData"] = obj["stringData"];
  } else {
    return encodeHash(goJsonMarshal(obj));
  }
  return encodeHash(goJsonMarshal(m));
}
