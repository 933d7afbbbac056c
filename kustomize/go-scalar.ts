/**
 * Scalar resolution as go-yaml does it: v3 rules decide what an input plain scalar means,
 * v2 rules (sigs.k8s.io/yaml's encoder) decide whether an output string needs quotes.
 */
import type { Scalar } from "./value.ts";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const V3_MAP = new Map<string, Scalar | "float">([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
  ["", null],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  [".nan", "float"],
  [".NaN", "float"],
  [".NAN", "float"],
  [".inf", "float"],
  [".Inf", "float"],
  [".INF", "float"],
  ["+.inf", "float"],
  ["+.Inf", "float"],
  ["+.INF", "float"],
  ["-.inf", "float"],
  ["-.Inf", "float"],
  ["-.INF", "float"],
]);

const V2_NON_STRING = new Set([
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "",
  "~",
  "null",
  "Null",
  "NULL",
  ".nan",
  ".NaN",
  ".NAN",
  ".inf",
  ".Inf",
  ".INF",
  "+.inf",
  "+.Inf",
  "+.INF",
  "-.inf",
  "-.Inf",
  "-.INF",
]);

const V2_BOOLS = new Map<string, boolean>([
  ["y", true],
  ["Y", true],
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["on", true],
  ["On", true],
  ["ON", true],
  ["n", false],
  ["N", false],
  ["no", false],
  ["No", false],
  ["NO", false],
  ["off", false],
  ["Off", false],
  ["OFF", false],
]);

/**
 * What go-yaml v2 (sigs.k8s.io/yaml's YAMLToJSON, used for kustomization files and JSON6902
 * patches) reads an untagged plain scalar as: YAML 1.1 booleans, timestamps kept as text.
 */
export function resolvePlainV2(s: string): ResolveV3 {
  const b = V2_BOOLS.get(s);
  if (b !== undefined) return { ok: true, value: b };
  const c = s[0];
  if (
    c !== undefined &&
    (c === "+" || c === "-" || (c >= "0" && c <= "9")) &&
    parseTimestamp(s) !== undefined
  )
    return { ok: true, value: s };
  return resolvePlainV3(s);
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** Go strconv.ParseInt(s, 0, 64) / ParseUint: base prefixes, legacy leading-zero octal. */
function goParseInt(s: string, signed: boolean): bigint | undefined {
  let i = 0;
  let neg = false;
  if (signed && (s[0] === "+" || s[0] === "-")) {
    neg = s[0] === "-";
    i = 1;
  }
  let body = s.slice(i);
  if (body === "") return undefined;
  let base = 10;
  if (body.length > 1 && body[0] === "0") {
    const p = body[1]!.toLowerCase();
    if (p === "x") {
      base = 16;
      body = body.slice(2);
    } else if (p === "o") {
      base = 8;
      body = body.slice(2);
    } else if (p === "b") {
      base = 2;
      body = body.slice(2);
    } else {
      base = 8;
      body = body.slice(1);
    }
    if (body === "") return undefined;
  }
  const digits =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  let v = BigInt(prefix + body);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

function toNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const TS_RE =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$/;

/** go-yaml's parseTimestamp (the formats it accepts), returned as Go's JSON form of the time. */
function parseTimestamp(s: string): string | undefined {
  const m = TS_RE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, tz] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const dim = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day > dim) return undefined;
  const p2 = (x: string | number) => String(x).padStart(2, "0");
  const date = `${y}-${p2(month)}-${p2(day)}`;
  if (hh === undefined) return `${date}T00:00:00Z`;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  // Go's time.Parse with these layouts wants the "Z07:00" zone only in the T forms.
  let f = (frac ?? "").replace(/0+$/, "");
  if (f.length > 9) f = f.slice(0, 9);
  const fs = f ? `.${f}` : "";
  let zone = "Z";
  if (tz !== undefined && tz !== "Z") {
    const tm = /^([-+])([0-9]{1,2}):?([0-9]{2})?$/.exec(tz);
    if (!tm) return undefined;
    const off = `${tm[1]}${p2(tm[2]!)}:${tm[3] ?? "00"}`;
    zone = off === "+00:00" || off === "-00:00" ? "Z" : off;
  }
  return `${date}T${p2(hh)}:${p2(mi!)}:${p2(ss!)}${fs}${zone}`;
}

export type ResolveV3 = { ok: true; value: Scalar } | { ok: false; reason: string };

/** What go-yaml v3 decodes an untagged plain scalar into (for interface{} targets). */
const SMALL_DECIMAL = /^-?[1-9][0-9]{0,14}$/;
const WORDISH = /^[A-Za-z_/][^:#]*$/;

export function resolvePlainV3(s: string): ResolveV3 {
  const first = s.charCodeAt(0);
  // Fast paths: ordinary words (not one of the keywords) and small decimal integers.
  if (
    ((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 47 || first === 95) &&
    WORDISH.test(s)
  ) {
    const kw = V3_MAP.get(s);
    if (kw === undefined) return { ok: true, value: s };
  }
  if (SMALL_DECIMAL.test(s)) return { ok: true, value: Number(s) };
  if (s === "0") return { ok: true, value: 0 };
  const fromMap = V3_MAP.get(s);
  if (fromMap !== undefined) {
    if (fromMap === "float") return { ok: false, reason: `json: unsupported value: ${s}` };
    return { ok: true, value: fromMap };
  }
  if (s === "") return { ok: true, value: null };
  const c = String.fromCharCode(first);
  if (c === ".") {
    if (DOT_FLOAT.test(s)) return { ok: true, value: Number(s) };
    return { ok: true, value: s };
  }
  if (c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    const ts = parseTimestamp(s);
    if (ts !== undefined) return { ok: true, value: ts };
    const plain = s.replaceAll("_", "");
    const i = goParseInt(plain, true);
    if (i !== undefined) return { ok: true, value: toNumber(i) };
    const u = goParseInt(plain, false);
    if (u !== undefined) return { ok: true, value: toNumber(u) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { ok: true, value: f };
    }
    if (plain.startsWith("0b") || plain.startsWith("-0b")) {
      const neg = plain.startsWith("-");
      const body = plain.slice(neg ? 3 : 2);
      if (/^[01]+$/.test(body)) {
        const v = BigInt("0b" + body) * (neg ? -1n : 1n);
        if (v >= INT64_MIN && v <= UINT64_MAX) return { ok: true, value: toNumber(v) };
      }
    }
  }
  return { ok: true, value: s };
}

/** True when go-yaml v2 would read the plain text back as something other than a string. */
export function v2ResolvesNonString(s: string): boolean {
  if (V2_NON_STRING.has(s)) return true;
  const c = s[0];
  if (c === undefined) return true;
  if (c === ".") return DOT_FLOAT.test(s);
  if (c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    if (/^[0-9]{4}-/.test(s) && parseTimestamp(s) !== undefined) return true;
    const plain = s.replaceAll("_", "");
    if (goParseInt(plain, true) !== undefined || goParseInt(plain, false) !== undefined) return true;
    if (YAML_STYLE_FLOAT.test(plain)) {
      // strconv.ParseFloat fails only on overflow; an overflowing literal stays a string.
      return Number.isFinite(Number(plain));
    }
    if (plain.startsWith("0b") || plain.startsWith("-0b")) {
      return /^-?0b[01]+$/.test(plain);
    }
  }
  return false;
}

/** go-yaml v2's isBase60Float: such strings are double-quoted for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}
