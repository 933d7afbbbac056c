/**
 * Name references: after prefixes, suffixes and hashes renamed objects, fields that refer to
 * them by their old name (built-in fieldSpecs plus `configurations:`) are rewritten.
 */
import type { NameRefEntry } from "./builtin-config.ts";
import { KustomizeError } from "./errors.ts";
import { splitPath, walkPath, type FieldSpec } from "./fieldspec.ts";
import {
  curId,
  effectiveNs,
  getGvk,
  getName,
  getNamespace,
  gvkSelected,
  idString,
  isClusterScoped,
  nsEquals,
  orgId,
  type Gvk,
  type Resource,
} from "./resource.ts";
import { isMap, scalarText, type Value } from "./value.ts";

function sameEndingSubSlice(a: string[], b: string[]): boolean {
  let shortest = a;
  let longest = b;
  if (shortest.length > longest.length) [shortest, longest] = [longest, shortest];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  for (let i = shortest.length - 1; i >= 0; i--) if (longest[i + diff] !== shortest[i]) return false;
  return true;
}

function affixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const pe = r.prefixes.length === 0 || o.prefixes.length === 0;
    const se = r.suffixes.length === 0 || o.suffixes.length === 0;
    return (
      (pe || sameEndingSubSlice(r.prefixes, o.prefixes)) && (se || sameEndingSubSlice(r.suffixes, o.suffixes))
    );
  }
  return sameEndingSubSlice(r.prefixes, o.prefixes) && sameEndingSubSlice(r.suffixes, o.suffixes);
}

/** kustomize's SubsetThatCouldBeReferencedByResource, applied to an already name-filtered list. */
function candidatesFor(referrer: Resource, all: Resource[]): Resource[] {
  const rid = curId(referrer);
  if (isClusterScoped(rid)) return all;
  const rbNamespaces = new Set<string>();
  if (rid.kind === "RoleBinding") {
    const subjects = referrer.obj["subjects"];
    if (Array.isArray(subjects)) {
      for (const s of subjects)
        if (isMap(s) && s["kind"] === "ServiceAccount" && typeof s["namespace"] === "string")
          rbNamespaces.add(s["namespace"]);
    }
  }
  return all.filter((t) => {
    const id = curId(t);
    return (
      isClusterScoped(id) || nsEquals(id.namespace, rid.namespace) || rbNamespaces.has(getNamespace(t.obj))
    );
  });
}

function selectReferral(
  referrer: Resource,
  fs: FieldSpec,
  target: Partial<Gvk>,
  oldName: string,
  candidates: Resource[],
  identical: (rs: Resource[]) => boolean,
): Resource | undefined {
  let c = candidates.filter((r) => r.prevIds.some((id) => id.name === oldName));
  c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id, target)));
  if (fs.path.endsWith("roleRef/name")) {
    const rr = referrer.obj["roleRef"];
    if (isMap(rr) && rr["apiGroup"] !== undefined && rr["kind"] !== undefined) {
      const g = { group: scalarText(rr["apiGroup"]) ?? "", kind: scalarText(rr["kind"]) ?? "" };
      c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id, g)));
    }
  }
  const rid = curId(referrer);
  if (!isClusterScoped(rid)) {
    c = c.filter((r) => {
      const id = curId(r);
      return isClusterScoped(id) || id.kind === "ServiceAccount" || nsEquals(rid.namespace, id.namespace);
    });
  }
  if (c.length === 1) return c[0];
  c = c.filter((r) => affixesEqual(r, referrer, true));
  if (c.length > 1) c = c.filter((r) => affixesEqual(r, referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (identical(c)) return c[0];
  throw new KustomizeError(
    `found multiple possible referrals: ${c.map((r) => idString(curId(r))).join(", ")}`,
  );
}

const namesSame = (rs: Resource[]) => rs.every((r) => getName(r.obj) === getName(rs[0]!.obj));
const namesAndNsSame = (rs: Resource[]) =>
  rs.every((r) => getName(r.obj) === getName(rs[0]!.obj) && getNamespace(r.obj) === getNamespace(rs[0]!.obj));

export function fixNameReferences(resources: Resource[], entries: NameRefEntry[]): void {
  const org = resources.map((r) => orgId(r));
  // Candidates must have had the referenced name before; index them by every previous name.
  const byPrevName = new Map<string, Resource[]>();
  for (const r of resources) {
    for (const name of new Set(r.prevIds.map((id) => id.name))) {
      const list = byPrevName.get(name);
      if (list) list.push(r);
      else byPrevName.set(name, [r]);
    }
  }
  // Referrer field specs name a kind: look only at resources whose original kind it is.
  const byOrgKind = new Map<string, number[]>();
  org.forEach((id, i) => {
    const list = byOrgKind.get(id.kind);
    if (list) list.push(i);
    else byOrgKind.set(id.kind, [i]);
  });
  const allIndexes = resources.map((_, i) => i);
  const candidatesByName = (referrer: Resource, name: string) =>
    candidatesFor(referrer, byPrevName.get(name) ?? []);
  for (const entry of entries) {
    const target: Partial<Gvk> = {
      ...(entry.group ? { group: entry.group } : {}),
      ...(entry.version ? { version: entry.version } : {}),
      kind: entry.kind,
    };
    for (const fs of entry.fieldSpecs) {
      const pool = fs.kind ? (byOrgKind.get(fs.kind) ?? []) : allIndexes;
      for (const i of pool) {
        const referrer = resources[i]!;
        if (!gvkSelected(org[i]!, fs)) continue;
        if (!gvkSelected(getGvk(referrer.obj), fs)) continue;
        const setScalar = (v: Value | undefined): Value | undefined => {
          if (v === undefined || v === null || isMap(v) || Array.isArray(v)) return undefined;
          const old = scalarText(v) ?? "";
          const ref = selectReferral(referrer, fs, target, old, candidatesByName(referrer, old), namesSame);
          if (!ref || getName(ref.obj) === old) return undefined;
          return getName(ref.obj);
        };
        const setMapping = (m: Value): void => {
          if (!isMap(m)) return;
          if (!("name" in m))
            throw new KustomizeError(
              `updating name reference in '${fs.path}' field of '${idString(curId(referrer))}': path config error; no 'name' field in node`,
            );
          const old = scalarText(m["name"]) ?? "";
          const named = candidatesByName(referrer, old);
          let cands = named;
          if ("namespace" in m) {
            const ns = scalarText(m["namespace"]) ?? "";
            const byOrg = named.filter((r) => effectiveNs(orgId(r).namespace) === ns);
            cands = byOrg.length > 0 ? byOrg : named.filter((r) => effectiveNs(getNamespace(r.obj)) === ns);
          }
          const ref = selectReferral(referrer, fs, target, old, cands, namesAndNsSame);
          if (!ref) return;
          if (getName(ref.obj) === old && getNamespace(ref.obj) === "") return;
          m["name"] = getName(ref.obj);
          if (getNamespace(ref.obj) !== "") m["namespace"] = getNamespace(ref.obj);
        };
        walkPath(referrer.obj, splitPath(fs.path), false, "scalar", (parent, key, cur) => {
          const put = (v: Value) => {
            if (Array.isArray(parent)) parent[key as number] = v;
            else parent[key as string] = v;
          };
          if (cur === undefined || cur === null) return;
          if (isMap(cur)) return setMapping(cur);
          if (Array.isArray(cur)) {
            cur.forEach((el, j) => {
              if (isMap(el)) setMapping(el);
              else {
                const n = setScalar(el);
                if (n !== undefined) cur[j] = n;
              }
            });
            return;
          }
          const n = setScalar(cur);
          if (n !== undefined) put(n);
        });
      }
    }
  }
}
