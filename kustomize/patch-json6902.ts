/** RFC 6902 JSON patches (add, remove, replace, move, copy, test) over a resource. */
import { KustomizeError } from "./errors.ts";
import { deepClone, deepEqual, isMap, type Value, type ValueMap } from "./value.ts";

export interface JsonOp {
  op: string;
  path: string;
  from?: string;
  value?: Value;
}

function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new KustomizeError(`JSON pointer must start with "/": ${p}`);
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function container(doc: Value, parts: string[], op: string, path: string): Value {
  let cur: Value = doc;
  for (const part of parts) {
    if (Array.isArray(cur)) {
      const i = Number(part);
      if (!/^(0|[1-9][0-9]*)$/.test(part) || i >= cur.length)
        throw new KustomizeError(
          `${op} operation does not apply: doc is missing path: "${path}": missing value`,
        );
      cur = cur[i]!;
    } else if (isMap(cur)) {
      if (!(part in cur))
        throw new KustomizeError(
          `${op} operation does not apply: doc is missing path: "${path}": missing value`,
        );
      cur = cur[part]!;
    } else
      throw new KustomizeError(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
  }
  return cur;
}

function get(doc: Value, path: string, op: string): Value {
  return container(doc, parsePointer(path), op, path);
}

function remove(doc: Value, path: string, op: string): Value {
  const parts = parsePointer(path);
  const last = parts.pop();
  if (last === undefined) throw new KustomizeError(`${op}: cannot remove the whole document`);
  const parent = container(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!/^(0|[1-9][0-9]*)$/.test(last) || i >= parent.length)
      throw new KustomizeError(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
    return parent.splice(i, 1)[0]!;
  }
  if (isMap(parent) && last in parent) {
    const v = parent[last]!;
    delete parent[last];
    return v;
  }
  throw new KustomizeError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

function add(doc: Value, path: string, value: Value, op: string, replace: boolean): void {
  const parts = parsePointer(path);
  const last = parts.pop();
  if (last === undefined) throw new KustomizeError(`${op}: cannot replace the whole document`);
  const parent = container(doc, parts, op, path);
  if (Array.isArray(parent)) {
    if (last === "-" && !replace) {
      parent.push(value);
      return;
    }
    const i = Number(last);
    const max = replace ? parent.length - 1 : parent.length;
    if (!/^(0|[1-9][0-9]*)$/.test(last) || i > max)
      throw new KustomizeError(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
    return;
  }
  if (isMap(parent)) {
    // kustomize's JSON patch library lets "replace" create a missing object key.
    parent[last] = value;
    return;
  }
  throw new KustomizeError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

/** Reads a JSON6902 operation list from the decoded patch document. */
export function readOps(v: Value, where: string): JsonOp[] {
  if (!Array.isArray(v)) throw new KustomizeError(`${where}: a JSON patch must be a list of operations`);
  return v.map((o, i) => {
    if (!isMap(o) || typeof o["op"] !== "string")
      throw new KustomizeError(`${where}: operation ${i} has no "op"`);
    const op: JsonOp = { op: o["op"], path: typeof o["path"] === "string" ? o["path"] : "" };
    if (typeof o["from"] === "string") op.from = o["from"];
    if ("value" in o) op.value = o["value"] as Value;
    return op;
  });
}

export function applyJsonPatch(doc: ValueMap, ops: JsonOp[]): ValueMap {
  const out = deepClone(doc);
  for (const o of ops) {
    switch (o.op) {
      case "add":
        add(out, o.path, deepClone(o.value ?? null), "add", false);
        break;
      case "remove":
        remove(out, o.path, "remove");
        break;
      case "replace":
        add(out, o.path, deepClone(o.value ?? null), "replace", true);
        break;
      case "move": {
        const v = remove(out, o.from ?? "", "move");
        add(out, o.path, v, "move", false);
        break;
      }
      case "copy":
        add(out, o.path, deepClone(get(out, o.from ?? "", "copy")), "copy", false);
        break;
      case "test":
        if (!deepEqual(get(out, o.path, "test"), o.value ?? null))
          throw new KustomizeError(`testing value ${o.path} failed: test failed`);
        break;
      default:
        throw new KustomizeError(`Unexpected kind: ${o.op}`);
    }
  }
  return out;
}
