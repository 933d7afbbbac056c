/**
 * The data model of a rendered object: what kustomize holds after decoding YAML with go-yaml v3
 * into interface{} values. Integers beyond 2^53 are kept exact as bigint.
 */
export type Scalar = null | boolean | number | bigint | string;
export type Value = Scalar | Value[] | ValueMap;
export interface ValueMap {
  [key: string]: Value;
}

export function isMap(v: unknown): v is ValueMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepClone<T extends Value>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepClone(x)) as T;
  if (isMap(v)) {
    const out: ValueMap = {};
    for (const k of Object.keys(v)) out[k] = deepClone(v[k] as Value);
    return out as T;
  }
  return v;
}

export function deepEqual(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The text go-yaml keeps as a scalar node's Value (what kyaml reads for labels, names, selectors). */
export function scalarText(v: Value | undefined): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "number") return String(v);
  return undefined;
}
