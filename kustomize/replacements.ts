/** `replacements`: copy a field from one resource (or a literal) into fields of others. */
import { writeShared } from "./alias.ts";
import { KustomizeError } from "./errors.ts";
import { resolvePlainV3 } from "./go-scalar.ts";
import { parseLabelSelector, select } from "./selector.ts";
import { allIds, effectiveNs, gvkSelected, metadata, type ResId, type Resource } from "./resource.ts";
import { deepClone, isMap, scalarText, type Value, type ValueMap } from "./value.ts";

/** kyaml's SmarterPathSplitter: split on "." except inside [...]. */
export function splitFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  for (const c of p) {
    if (c === "[") depth++;
    if (c === "]") depth--;
    if (c === "." && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

interface Found {
  get(): Value;
  set(v: Value): void;
  /** The mapping and key holding the value, when it is a mapping field. */
  at?: { map: ValueMap; key: string };
}

/** kyaml PathMatcher-like lookup: fields, [k=v] element matches, numeric indexes, "*". */
function findFields(root: Value, path: string[], create: boolean): Found[] {
  let current: Found[] = [{ get: () => root, set: () => undefined }];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const next: Found[] = [];
    for (const f of current) {
      let node = f.get();
      const m = /^\[(.*?)=(.*)\]$/.exec(seg);
      if (m) {
        if (node === undefined || node === null) {
          if (!create) continue;
          node = [];
          f.set(node);
        }
        if (!Array.isArray(node)) continue;
        const arr = node;
        const [, k, v] = m;
        let matched = arr.filter((el) =>
          k === "" ? scalarText(el) === v : isMap(el) && scalarText(el[k!]) === v,
        );
        if (matched.length === 0 && create) {
          const el: Value = k === "" ? v! : { [k!]: v! };
          arr.push(el);
          matched = [el];
        }
        for (const el of matched) {
          const idx = arr.indexOf(el);
          next.push({ get: () => arr[idx]!, set: (x) => (arr[idx] = x) });
        }
        continue;
      }
      if (Array.isArray(node)) {
        const arr = node;
        if (seg === "*" || seg === "-") {
          arr.forEach((_, idx) => next.push({ get: () => arr[idx]!, set: (x) => (arr[idx] = x) }));
        } else if (/^[0-9]+$/.test(seg) && Number(seg) < arr.length) {
          const idx = Number(seg);
          next.push({ get: () => arr[idx]!, set: (x) => (arr[idx] = x) });
        }
        continue;
      }
      if (node === undefined || node === null) {
        if (!create) continue;
        node = {};
        f.set(node);
      }
      if (!isMap(node)) continue;
      const map = node;
      if (seg === "*") {
        for (const k of Object.keys(map)) next.push({ get: () => map[k]!, set: (x) => (map[k] = x) });
        continue;
      }
      if (!(seg in map)) {
        if (!create) continue;
        if (!last) map[seg] = null;
        else map[seg] = null;
      }
      next.push({ get: () => map[seg]!, set: (x) => (map[seg] = x), at: { map, key: seg } });
    }
    current = next;
  }
  return current;
}

function idSelectedBy(id: ResId, sel: ValueMap): boolean {
  const s = (k: string) => (typeof sel[k] === "string" ? (sel[k] as string) : "");
  if (s("name") && s("name") !== id.name) return false;
  if (s("namespace") && effectiveNs(s("namespace")) !== effectiveNs(id.namespace)) return false;
  return gvkSelected(id, { group: s("group"), version: s("version"), kind: s("kind") });
}

function labelAnnoMatch(r: Resource, sel: ValueMap): boolean {
  const meta = metadata(r.obj);
  const check = (key: "labels" | "annotations", selKey: string): boolean => {
    const expr = sel[selKey];
    if (typeof expr !== "string" || expr === "") return true;
    const reqs = parseLabelSelector(expr);
    const m = meta?.[key];
    return select([r], { [selKey]: expr }).length === 1 || (reqs.length === 0 && m === undefined);
  };
  return check("labels", "labelSelector") && check("annotations", "annotationSelector");
}

/** Sets a scalar the way kyaml does: the target keeps its type, takes the source's text. */
function retype(target: Value | undefined, text: string): Value {
  if (typeof target === "string") return text;
  if (target === undefined) return text;
  const r = resolvePlainV3(text);
  if (!r.ok) return text;
  if (typeof target === "number" || typeof target === "bigint")
    return typeof r.value === "number" || typeof r.value === "bigint" ? r.value : text;
  if (typeof target === "boolean") return typeof r.value === "boolean" ? r.value : text;
  return r.value;
}

export function applyReplacements(
  resources: Resource[],
  reps: ValueMap[],
  file: string,
  field: string,
): void {
  reps.forEach((rep, i) => {
    const where = `${field}[${i}]`;
    const fail = (msg: string): never => {
      throw new KustomizeError(msg, file, where);
    };
    const source = rep["source"];
    const sourceValue = rep["sourceValue"];
    const targets = rep["targets"];
    if ((source === undefined && sourceValue === undefined) || !Array.isArray(targets))
      fail("replacements must specify a source and at least one target");
    let value: Value;
    if (sourceValue !== undefined) {
      if (source !== undefined) fail("value and resource selectors are mutually exclusive");
      value = scalarText(sourceValue) ?? "";
    } else {
      if (!isMap(source)) return fail("source must be an object");
      const matches = resources.filter((r) => allIds(r).some((id) => idSelectedBy(id, source)));
      if (matches.length === 0) fail(`nothing selected by ${JSON.stringify(source)}`);
      if (matches.length > 1) fail(`multiple matches for selector ${JSON.stringify(source)}`);
      const fp =
        typeof source["fieldPath"] === "string" && source["fieldPath"] !== ""
          ? source["fieldPath"]
          : "metadata.name";
      const found = findFields(matches[0]!.obj, splitFieldPath(fp), false);
      const v = found[0]?.get();
      if (v === undefined || v === null || (isMap(v) && Object.keys(v).length === 0))
        fail(`fieldPath \`${fp}\` is missing for replacement source`);
      value = deepClone(v!);
      const opts = source["options"];
      if (isMap(opts) && typeof opts["delimiter"] === "string" && opts["delimiter"] !== "") {
        if (isMap(value) || Array.isArray(value)) fail("delimiter option can only be used with scalar nodes");
        const parts = (scalarText(value) ?? "").split(opts["delimiter"]);
        const idx = typeof opts["index"] === "number" ? opts["index"] : 0;
        if (idx >= parts.length || idx < 0)
          fail(`options.index ${idx} is out of bounds for value ${scalarText(value)}`);
        value = parts[idx]!;
      }
    }
    for (const t of targets as Value[]) {
      if (!isMap(t) || !isMap(t["select"])) fail(`target must specify resources to select`);
      const tm = t as ValueMap;
      const sel = tm["select"] as ValueMap;
      const rejects = Array.isArray(tm["reject"]) ? tm["reject"].filter(isMap) : [];
      const fps =
        Array.isArray(tm["fieldPaths"]) && tm["fieldPaths"].length > 0
          ? tm["fieldPaths"].map((x) => scalarText(x) ?? "")
          : ["metadata.name"];
      const opts = isMap(tm["options"]) ? tm["options"] : {};
      const create = opts["create"] === true;
      const selStr = (s: ValueMap) => ({
        ...(typeof s["group"] === "string" ? { group: s["group"] } : {}),
        ...(typeof s["version"] === "string" ? { version: s["version"] } : {}),
        ...(typeof s["kind"] === "string" ? { kind: s["kind"] } : {}),
        ...(typeof s["name"] === "string" ? { name: s["name"] } : {}),
        ...(typeof s["namespace"] === "string" ? { namespace: s["namespace"] } : {}),
      });
      const idSelected = (r: Resource, s: ValueMap) => {
        const ids = allIds(r);
        const fake = ids.map((id) => ({
          ...r,
          obj: {
            apiVersion: id.group ? `${id.group}/${id.version}` : id.version,
            kind: id.kind,
            metadata: { name: id.name, ...(id.namespace ? { namespace: id.namespace } : {}) },
          },
          prevIds: [],
        }));
        return fake.some((f) => select([f], selStr(s)).length === 1);
      };
      for (const r of resources) {
        if (!labelAnnoMatch(r, sel)) continue;
        if (rejects.some((rj) => (rj["labelSelector"] || rj["annotationSelector"]) && labelAnnoMatch(r, rj)))
          continue;
        if (rejects.some((rj) => Object.keys(selStr(rj)).length > 0 && idSelected(r, rj))) continue;
        if (!idSelected(r, sel)) continue;
        for (const fp of fps) {
          const fields = findFields(r.obj, splitFieldPath(fp), create);
          if (fields.length === 0)
            fail(
              create
                ? `unable to find or create field "${fp}" in replacement target`
                : `unable to find field "${fp}" in replacement target`,
            );
          for (const f of fields) {
            const cur = f.get();
            let v: Value = deepClone(value);
            if (typeof opts["delimiter"] === "string" && opts["delimiter"] !== "") {
              if (isMap(cur) || Array.isArray(cur))
                fail("delimiter option can only be used with scalar nodes");
              const tv = (scalarText(cur) ?? "").split(opts["delimiter"]);
              const idx = typeof opts["index"] === "number" ? opts["index"] : 0;
              const sv = scalarText(v) ?? "";
              if (idx < 0) tv.unshift(sv);
              else if (idx >= tv.length) tv.push(sv);
              else tv[idx] = sv;
              v = tv.join(opts["delimiter"]);
            }
            if (
              !isMap(v) &&
              !Array.isArray(v) &&
              cur !== null &&
              cur !== undefined &&
              !isMap(cur) &&
              !Array.isArray(cur)
            ) {
              // kyaml overwrites the scalar node in place, which shows wherever the node is shared.
              const next = retype(cur, scalarText(v) ?? "");
              if (f.at) writeShared(r, f.at.map, f.at.key, next);
              else f.set(next);
            } else f.set(v);
          }
        }
      }
    }
  });
}
