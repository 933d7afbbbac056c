/**
 * Strategic-merge patching as kustomize applies it (kyaml merge2 with new list elements
 * prepended): maps merge, null deletes, `$patch: delete|replace` directives, lists of known
 * kinds merge by key, every other list is replaced.
 */
import { KustomizeError } from "./errors.ts";
import { mergeKeysFor } from "./merge-keys.ts";
import type { Gvk } from "./resource.ts";
import { deepClone, isMap, scalarText, type Value, type ValueMap } from "./value.ts";

const DIRECTIVE = "$patch";

function directive(v: Value | undefined): string | undefined {
  if (!isMap(v)) return undefined;
  const d = v[DIRECTIVE];
  return typeof d === "string" ? d : undefined;
}

function stripDirectives(v: Value): Value {
  if (Array.isArray(v)) return v.filter((x) => directive(x) !== "delete").map(stripDirectives);
  if (isMap(v)) {
    const out: ValueMap = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === DIRECTIVE || k.startsWith("$setElementOrder/") || k === "$retainKeys") continue;
      out[k] = stripDirectives(x);
    }
    return out;
  }
  return v;
}

/** Merges patch into dest (both maps); returns undefined when the patch deletes the whole thing. */
/** Told when a patch overwrites or deletes a scalar in place (kustomize copies into the node). */
export interface ScalarHooks {
  set(map: ValueMap, key: string, value: Value): void;
  deleted(map: ValueMap, key: string): void;
}

export function mergeMap(
  dest: ValueMap | undefined,
  patch: ValueMap,
  gvk: Gvk,
  path: string[],
  hooks?: ScalarHooks,
): ValueMap | undefined {
  const d = directive(patch);
  if (d === "delete") return undefined;
  if (d === "replace") return stripDirectives(patch) as ValueMap;
  if (d !== undefined && d !== "merge") throw new KustomizeError(`unknown patch strategy directive "${d}"`);
  const out: ValueMap = dest ?? {};
  for (const [k, pv] of Object.entries(patch)) {
    if (
      k === DIRECTIVE ||
      k.startsWith("$setElementOrder/") ||
      k === "$retainKeys" ||
      k.startsWith("$deleteFromPrimitiveList/")
    )
      continue;
    if (pv === null) {
      if (k in out) hooks?.deleted(out, k);
      delete out[k];
      continue;
    }
    const dv = out[k];
    const childPath = [...path, k];
    if (dv !== undefined && dv !== null && nodeKind(dv) !== nodeKind(pv)) {
      throw new KustomizeError(
        `wrong node kind: expected ${nodeKind(dv)} but got ${nodeKind(pv)} at ${childPath.join(".")}`,
      );
    }
    if (isMap(pv)) {
      const merged = mergeMap(isMap(dv) ? dv : undefined, pv, gvk, childPath, hooks);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(pv)) {
      const keys = mergeKeysFor(gvk, childPath);
      if (keys && Array.isArray(dv)) out[k] = mergeList(dv, pv, keys, gvk, childPath, hooks);
      else out[k] = stripDirectives(deepClone(pv));
    } else if (dv !== undefined && dv !== null && hooks) {
      hooks.set(out, k, pv);
    } else {
      out[k] = pv;
    }
  }
  return out;
}

function nodeKind(v: Value): string {
  return Array.isArray(v) ? "SequenceNode" : isMap(v) ? "MappingNode" : "ScalarNode";
}

function keyValues(el: Value, keys: string[]): string[] {
  if (!isMap(el)) return keys.map(() => "");
  return keys.map((k) => scalarText(el[k]) ?? "");
}

function sameElement(a: string[], b: string[]): boolean {
  let common = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      common = true;
      continue;
    }
    if (a[i] !== "" && b[i] !== "") return false;
  }
  return common;
}

function mergeList(
  dest: Value[],
  patch: Value[],
  keys: string[],
  gvk: Gvk,
  path: string[],
  hooks?: ScalarHooks,
): Value[] {
  if (patch.length === 1 && directive(patch[0]) === "replace") return [];
  const destKeys = dest.map((el) => keyValues(el, keys));
  const used = new Set<number>();
  const result: Value[] = [];
  const deleted = new Set<number>();
  const elPath = [...path, "[]"];
  // Elements merged into a destination element, by destination index (for multi-key lists).
  const mergedAt = new Map<number, Value>();
  for (const pel of patch) {
    const pk = keyValues(pel, keys);
    const idx = destKeys.findIndex((dk, i) => !used.has(i) && sameElement(dk, pk));
    if (directive(pel) === "delete") {
      if (idx >= 0) {
        used.add(idx);
        deleted.add(idx);
      }
      continue;
    }
    let merged: Value | undefined;
    if (idx >= 0) {
      used.add(idx);
      const dv = dest[idx]!;
      merged = isMap(pel) ? mergeMap(isMap(dv) ? dv : undefined, pel, gvk, elPath, hooks) : pel;
      if (merged !== undefined) mergedAt.set(idx, merged);
    } else {
      merged = isMap(pel) ? mergeMap(undefined, pel, gvk, elPath, hooks) : pel;
    }
    if (merged !== undefined && (idx < 0 || keys.length === 1)) result.push(merged);
  }
  if (keys.length > 1) {
    // kyaml re-appends every destination element after the new ones when a list has several keys.
    dest.forEach((el, i) => {
      if (deleted.has(i)) return;
      if (mergedAt.has(i)) result.push(mergedAt.get(i)!);
      else if (!used.has(i)) result.push(el);
    });
    return result;
  }
  dest.forEach((el, i) => {
    if (!used.has(i)) result.push(el);
  });
  return result;
}
