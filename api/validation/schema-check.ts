import {
  child,
  index,
  invalid,
  notSupported,
  required,
  tooLong,
  unknownField,
  type FieldError,
} from "../field.ts";
import type { JSONSchemaProps } from "../schema/dsl.ts";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_ERRORS = 50;

export interface SchemaState {
  /** Set when a null field was seen: the object must be pruned before the webhook rules run. */
  nulls: boolean;
}

/**
 * A schema node compiled to one fixed shape: the walk below runs once per field of every
 * document, and monomorphic property access keeps it fast (see bench/validate.ts).
 */
interface Node {
  type: string;
  intOrString: boolean;
  enumValues: Set<string | number> | null;
  enumList: string[];
  props: Map<string, Node> | null;
  required: string[];
  items: Node | null;
  itemsNullable: boolean;
  additional: Node | null;
  preserveUnknown: boolean;
  maxLength: number;
  minLength: number;
  pattern: RegExp | null;
  patternSource: string;
  isByte: boolean;
  minimum: number;
  maximum: number;
}

const COMPILED = new WeakMap<JSONSchemaProps, Node>();

function compile(s: JSONSchemaProps): Node {
  const cached = COMPILED.get(s);
  if (cached) return cached;
  const node: Node = {
    type: s.type ?? "",
    intOrString: s["x-kubernetes-int-or-string"] === true,
    enumValues: s.enum ? new Set(s.enum) : null,
    enumList: (s.enum ?? []).map(String),
    props: null,
    required: s.required ?? [],
    items: null,
    itemsNullable: s.items?.nullable === true,
    additional: null,
    preserveUnknown: s["x-kubernetes-preserve-unknown-fields"] === true,
    maxLength: s.maxLength ?? -1,
    minLength: s.minLength ?? -1,
    pattern: s.pattern === undefined ? null : new RegExp(s.pattern, "u"),
    patternSource: s.pattern ?? "",
    isByte: s.format === "byte",
    minimum: s.minimum ?? -Infinity,
    maximum: s.maximum ?? Infinity,
  };
  COMPILED.set(s, node);
  if (s.properties) node.props = new Map(Object.entries(s.properties).map(([k, v]) => [k, compile(v)]));
  if (s.items) node.items = compile(s.items);
  if (s.additionalProperties) node.additional = compile(s.additionalProperties);
  return node;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case "string":
      return typeof v === "string";
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    default:
      return true;
  }
}

/**
 * What the API server checks against the CRD's structural schema before the webhook sees the object:
 * types, enums, required fields, lengths, patterns, formats, plus strict-mode unknown fields.
 * Messages follow the API server's wording.
 */
export function checkSchema(
  value: unknown,
  schema: JSONSchemaProps,
  path: string,
  out: FieldError[],
  state: SchemaState = { nulls: false },
): void {
  checkNode(value, compile(schema), path, out, state);
}

function checkNode(value: unknown, n: Node, path: string, out: FieldError[], state: SchemaState): void {
  if (out.length >= MAX_ERRORS) return;
  if (value === null || value === undefined) {
    // The API server prunes null object fields (not nullable) before validating; see pruneNulls.
    state.nulls = true;
    return;
  }
  if (n.intOrString) {
    if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value))) {
      const actual = typeName(value);
      out.push(
        invalid(path, actual, `${path} in body must be of type integer,string: ${JSON.stringify(actual)}`),
      );
    }
    return;
  }
  if (n.type === "") return; // preserve-unknown-fields without type
  if (!typeOk(n.type, value)) {
    const actual = typeName(value);
    out.push(invalid(path, actual, `${path} in body must be of type ${n.type}: ${JSON.stringify(actual)}`));
    return;
  }
  switch (n.type) {
    case "object":
      checkObject(value as Record<string, unknown>, n, path, out, state);
      break;
    case "array":
      if (n.items) checkArray(value as unknown[], n.items, n.itemsNullable, path, out, state);
      break;
    case "string":
      checkString(value as string, n, path, out);
      break;
    case "integer":
    case "number":
      checkNumber(value as number, n, path, out);
      break;
  }
}

function checkArray(
  a: unknown[],
  items: Node,
  nullable: boolean,
  path: string,
  out: FieldError[],
  state: SchemaState,
): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const p = index(path, i);
    if (v === null && !nullable)
      out.push(invalid(p, "null", `${p} in body must be of type ${items.type || "object"}: "null"`));
    else checkNode(v, items, p, out, state);
  }
}

function checkObject(
  o: Record<string, unknown>,
  n: Node,
  path: string,
  out: FieldError[],
  state: SchemaState,
): void {
  for (const r of n.required) {
    if (o[r] === undefined || o[r] === null) out.push(required(child(path, r)));
  }
  const props = n.props;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const sub = props?.get(k);
    if (sub) checkNode(o[k], sub, child(path, k), out, state);
    else if (n.additional) checkNode(o[k], n.additional, child(path, k), out, state);
    else if (!n.preserveUnknown && props) out.push(unknownField(child(path, k)));
  }
}

function runeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function checkString(s: string, n: Node, path: string, out: FieldError[]): void {
  if (n.enumValues && !n.enumValues.has(s)) {
    out.push(notSupported(path, s, n.enumList));
    return;
  }
  // s.length counts UTF-16 units, an upper bound of the character count the API server uses.
  if (n.maxLength >= 0 && s.length > n.maxLength && runeLength(s) > n.maxLength)
    out.push(tooLong(path, n.maxLength));
  if (n.minLength >= 0 && s.length < n.minLength * 2 && runeLength(s) < n.minLength) {
    out.push(invalid(path, s, `${path} in body should be at least ${n.minLength} chars long`));
  }
  if (n.pattern && !n.pattern.test(s))
    out.push(invalid(path, s, `${path} in body should match '${n.patternSource}'`));
  if (n.isByte && !BASE64.test(s.replace(/\s/g, ""))) {
    const shown = s.length > 100 ? `${s.slice(0, 100)}...` : s;
    out.push(invalid(path, shown, `${path} in body must be of type byte: ${JSON.stringify(shown)}`));
  }
}

function checkNumber(v: number, n: Node, path: string, out: FieldError[]): void {
  if (v < n.minimum)
    out.push(invalid(path, v, `${path} in body should be greater than or equal to ${n.minimum}`));
  if (v > n.maximum)
    out.push(invalid(path, v, `${path} in body should be less than or equal to ${n.maximum}`));
}

/** A copy without null-valued object fields, as the API server stores it. */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}
