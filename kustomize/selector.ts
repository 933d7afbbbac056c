/** Patch and replacement targets: anchored-regex GVK/name/namespace plus label/annotation selectors. */
import { KustomizeError } from "./errors.ts";
import type { Selector } from "./kustomization.ts";
import { curId, effectiveNs, getGvk, metadata, orgId, type Resource } from "./resource.ts";
import { isMap, scalarText, type ValueMap } from "./value.ts";

function anchored(re: string | undefined, field: string): RegExp | undefined {
  if (re === undefined || re === "") return undefined;
  try {
    return new RegExp(`^(?:${re})$`, "u");
  } catch {
    throw new KustomizeError(`target ${field} "${re}" is not a valid regular expression`, undefined, field);
  }
}

interface Req {
  key: string;
  op: "=" | "!=" | "in" | "notin" | "exists" | "!";
  values: string[];
}

/** Kubernetes label-selector syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseLabelSelector(s: string): Req[] {
  const reqs: Req[] = [];
  let rest = s.trim();
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([^\s,=!()]+)\s*(?:,|$)/.exec(rest))) reqs.push({ key: m[1]!, op: "!", values: [] });
    else if ((m = /^([^\s,=!()]+)\s+(in|notin)\s*\(([^)]*)\)\s*(?:,|$)/.exec(rest)))
      reqs.push({
        key: m[1]!,
        op: m[2] as "in" | "notin",
        values: m[3]!
          .split(",")
          .map((x) => x.trim())
          .filter((x) => x !== ""),
      });
    else if ((m = /^([^\s,=!()]+)\s*(==|=|!=)\s*([^\s,=!()]*)\s*(?:,|$)/.exec(rest)))
      reqs.push({ key: m[1]!, op: m[2] === "!=" ? "!=" : "=", values: [m[3]!] });
    else if ((m = /^([^\s,=!()]+)\s*(?:,|$)/.exec(rest))) reqs.push({ key: m[1]!, op: "exists", values: [] });
    else throw new KustomizeError(`unable to parse requirement: "${s}"`);
    rest = rest.slice(m[0].length).trim();
  }
  return reqs;
}

function matches(map: ValueMap | undefined, reqs: Req[]): boolean {
  const get = (k: string) => (map && k in map ? (scalarText(map[k]) ?? "") : undefined);
  return reqs.every((r) => {
    const v = get(r.key);
    switch (r.op) {
      case "=":
        return v === r.values[0];
      case "!=":
        return v !== r.values[0];
      case "in":
        return v !== undefined && r.values.includes(v);
      case "notin":
        return v === undefined || !r.values.includes(v);
      case "exists":
        return v !== undefined;
      case "!":
        return v === undefined;
    }
    return false;
  });
}

/** Resources a selector picks, in resource order (kustomize's ResMap.Select). */
export function select(resources: Resource[], s: Selector): Resource[] {
  const g = anchored(s.group, "group");
  const v = anchored(s.version, "version");
  const k = anchored(s.kind, "kind");
  const n = anchored(s.name, "name");
  const ns = anchored(s.namespace, "namespace");
  const labels = s.labelSelector ? parseLabelSelector(s.labelSelector) : undefined;
  const annos = s.annotationSelector ? parseLabelSelector(s.annotationSelector) : undefined;
  return resources.filter((r) => {
    const cur = curId(r);
    const org = orgId(r);
    if (ns && !ns.test(effectiveNs(org.namespace)) && !ns.test(effectiveNs(cur.namespace))) return false;
    if (n && !n.test(org.name) && !n.test(cur.name)) return false;
    const gvk = getGvk(r.obj);
    if (g && !g.test(gvk.group)) return false;
    if (v && !v.test(gvk.version)) return false;
    if (k && !k.test(gvk.kind)) return false;
    const meta = metadata(r.obj);
    if (labels && !matches(isMap(meta?.["labels"]) ? meta["labels"] : undefined, labels)) return false;
    if (annos && !matches(isMap(meta?.["annotations"]) ? meta["annotations"] : undefined, annos))
      return false;
    return true;
  });
}
