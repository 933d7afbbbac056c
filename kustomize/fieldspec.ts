/** Field specs: which field of which kinds a transformer touches, and walking objects by them. */
import { gvkSelected, type Gvk } from "./resource.ts";
import { isMap, type Value, type ValueMap } from "./value.ts";

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export class FieldSpecError extends Error {
  override name = "FieldSpecError";
}

/** Splits a field-spec path on "/", honouring "\/" escapes (annotation keys contain slashes). */
const splitCache = new Map<string, string[]>();

export function splitPath(path: string): string[] {
  const hit = splitCache.get(path);
  if (hit) return hit;
  const out = splitPathUncached(path);
  splitCache.set(path, out);
  return out;
}

function splitPathUncached(path: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === "\\" && path[i + 1] === "/") {
      cur += "/";
      i++;
    } else if (c === "/") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function specSelects(fs: FieldSpec, gvk: Gvk): boolean {
  return gvkSelected(gvk, fs);
}

type Setter = (parent: ValueMap | Value[], key: string | number, current: Value | undefined) => void;

/**
 * Visits the field at `path` in obj, descending into every element of sequences met on the way;
 * with create, missing maps (or "[]"-marked sequences) are made and the leaf is visited as absent.
 */
export function walkPath(
  obj: Value,
  path: string[],
  create: boolean,
  leafKind: "scalar" | "map",
  set: Setter,
): void {
  const walk = (node: Value, i: number): void => {
    if (Array.isArray(node)) {
      for (const el of node) walk(el, i);
      return;
    }
    if (!isMap(node)) {
      throw new FieldSpecError(`expected sequence or mapping node at ${path.slice(0, i).join("/")}`);
    }
    let field = path[i]!;
    const isSeq = field.endsWith("[]");
    if (isSeq) field = field.slice(0, -2);
    const last = i === path.length - 1;
    if (last && !isSeq) {
      if (field in node) set(node, field, node[field]);
      else if (create) set(node, field, undefined);
      return;
    }
    let next = node[field];
    if (next === undefined || next === null) {
      if (!create) return;
      next = isSeq ? [] : {};
      if (last && !isSeq) return;
      node[field] = next;
      if (leafKind === "map" && last) {
        // nothing
      }
    }
    if (last) {
      // "x[]" as the last element: visit each element of the sequence.
      if (Array.isArray(next)) next.forEach((el, idx) => set(next as Value[], idx, el));
      return;
    }
    walk(next, i + 1);
  };
  walk(obj, 0);
}
