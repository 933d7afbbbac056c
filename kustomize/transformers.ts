/** The built-in transformers kustomize runs per kustomization: namespace, names, labels, annotations, images, replicas. */
import { share, unshare, writeShared } from "./alias.ts";
import { KustomizeError } from "./errors.ts";
import { splitPath, specSelects, walkPath, type FieldSpec } from "./fieldspec.ts";
import type { ImageEntry, ReplicaEntry } from "./kustomization.ts";
import {
  allIds,
  curId,
  getGvk,
  gvkSelected,
  idKey,
  idString,
  isClusterScoped,
  orgId,
  storePreviousId,
  type Resource,
} from "./resource.ts";
import { isMap, scalarText, type Value, type ValueMap } from "./value.ts";

function setMapEntries(
  r: Resource,
  specs: FieldSpec[],
  entries: Record<string, string>,
  file: string,
  field: string,
): void {
  const gvk = getGvk(r.obj);
  // kustomize sets one key at a time across all field specs, with one node per key.
  for (const k of Object.keys(entries).sort()) {
    const v = entries[k]!;
    const created: ValueMap[] = [];
    for (const fs of specs) {
      if (!specSelects(fs, gvk)) continue;
      walkPath(r.obj, splitPath(fs.path), fs.create ?? false, "map", (parent, key, cur) => {
        let m: Value | undefined = cur;
        if (m === undefined || m === null) {
          m = {};
          (parent as ValueMap)[key as string] = m;
        }
        if (!isMap(m))
          throw new KustomizeError(
            `${field}: field ${fs.path} of ${idString(curId(r))} is not a map`,
            file,
            field,
          );
        if (k in m) {
          if (!created.includes(m)) writeShared(r, m, k, v);
        } else {
          unshare(r, m, k);
          m[k] = v;
          created.push(m);
        }
      });
    }
    share(r, k, created);
  }
}

export function applyLabels(
  resources: Resource[],
  labels: Record<string, string>,
  specs: FieldSpec[],
  file: string,
  field: string,
): void {
  if (Object.keys(labels).length === 0) return;
  for (const r of resources) setMapEntries(r, specs, labels, file, field);
}

export function applyAnnotations(
  resources: Resource[],
  annos: Record<string, string>,
  specs: FieldSpec[],
  file: string,
): void {
  if (Object.keys(annos).length === 0) return;
  for (const r of resources) setMapEntries(r, specs, annos, file, "commonAnnotations");
}

function setScalar(
  r: Resource,
  fs: FieldSpec,
  fn: (cur: Value | undefined) => Value | undefined,
  create: boolean,
): void {
  walkPath(r.obj, splitPath(fs.path), create, "scalar", (parent, key, cur) => {
    const next = fn(cur);
    if (next === undefined) return;
    if (Array.isArray(parent)) parent[key as number] = next;
    else parent[key as string] = next;
  });
}

export function applyNamespace(resources: Resource[], ns: string, specs: FieldSpec[], file: string): void {
  if (ns === "") return;
  for (const r of resources) {
    storePreviousId(r);
    const gvk = getGvk(r.obj);
    if (!isClusterScoped(gvk)) {
      const meta = r.obj["metadata"];
      if (isMap(meta)) meta["namespace"] = ns;
      else r.obj["metadata"] = { namespace: ns };
    }
    const apiVersion = scalarText(r.obj["apiVersion"]) ?? "";
    for (const fs of specs) {
      if (fs.path === "metadata/namespace") continue;
      if (fs.path === "metadata/name" && apiVersion !== "v1") continue;
      if (!specSelects(fs, gvk)) continue;
      setScalar(r, fs, () => ns, fs.create ?? false);
    }
    if (gvk.kind === "RoleBinding" || gvk.kind === "ClusterRoleBinding") {
      const subjects = r.obj["subjects"];
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isMap(s) && s["name"] === "default") s["namespace"] = ns;
      }
    }
  }
  const seen = new Set<string>();
  for (const r of resources) {
    const id = curId(r);
    const key = idKey(id);
    if (seen.has(key))
      throw new KustomizeError(
        `namespace transformation produces ID conflict: ${idString(id)}`,
        file,
        "namespace",
      );
    seen.add(key);
  }
}

const PREFIX_SKIP = [
  { kind: "CustomResourceDefinition" },
  { group: "apiregistration.k8s.io", kind: "APIService" },
  { kind: "Namespace" },
];

export function applyNameAffix(
  resources: Resource[],
  affix: string,
  specs: FieldSpec[],
  which: "prefix" | "suffix",
): void {
  if (affix === "") return;
  for (const r of resources) {
    const id = orgId(r);
    if (PREFIX_SKIP.some((s) => gvkSelected(id, s))) continue;
    for (const fs of specs) {
      if (!gvkSelected(id, fs)) continue;
      if (fs.path === "metadata/name") {
        if (which === "prefix") r.prefixes.push(affix);
        else r.suffixes.push(affix);
        storePreviousId(r);
      }
      setScalar(
        r,
        fs,
        (cur) => {
          if (cur === undefined || cur === null) return undefined;
          const s = scalarText(cur) ?? "";
          return which === "prefix" ? affix + s : s + affix;
        },
        false,
      );
    }
  }
}

/** kustomize's image.Split: name, tag and digest of an image reference. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let search = image;
  let slash = image.indexOf("/");
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf("@");
  let ic = search.indexOf(":");
  if (ic < 0 && id < 0) return { name: image, tag: "", digest: "" };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: "", digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: "" };
}

function imageMatcher(name: string): RegExp | undefined {
  try {
    return new RegExp(
      `^${name}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`,
    );
  } catch {
    return undefined;
  }
}

function updateImage(value: Value | undefined, img: ImageEntry, re: RegExp): Value | undefined {
  if (typeof value !== "string" || !re.test(value)) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = "";
  } else if (img.digest) {
    tag = "";
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = "";
  }
  if (tag) name += ":" + tag;
  if (digest) name += "@" + digest;
  return name;
}

function legacyImageWalk(v: Value, img: ImageEntry, re: RegExp): void {
  if (Array.isArray(v)) {
    for (const x of v) legacyImageWalk(x, img, re);
    return;
  }
  if (!isMap(v)) return;
  for (const k in v) {
    const x = v[k] as Value;
    if (typeof x !== "object" || x === null) continue;
    legacyImageWalk(x, img, re);
    if ((k === "containers" || k === "initContainers") && Array.isArray(x)) {
      for (const c of x) {
        if (isMap(c) && "image" in c) {
          const next = updateImage(c["image"], img, re);
          if (next !== undefined) c["image"] = next;
        }
      }
    }
  }
}

export function applyImages(resources: Resource[], images: ImageEntry[], specs: FieldSpec[]): void {
  for (const img of images) {
    const re = imageMatcher(img.name);
    if (!re) continue;
    for (const r of resources) {
      if (r.obj["kind"] !== "CustomResourceDefinition") legacyImageWalk(r.obj, img, re);
      const gvk = getGvk(r.obj);
      for (const fs of specs) {
        if (!specSelects(fs, gvk)) continue;
        setScalar(r, fs, (cur) => updateImage(cur, img, re), false);
      }
    }
  }
}

export function applyReplicas(
  resources: Resource[],
  replicas: ReplicaEntry[],
  specs: FieldSpec[],
  file: string,
): void {
  replicas.forEach((rep, i) => {
    let found = false;
    for (const fs of specs) {
      for (const r of resources) {
        if (!allIds(r).some((id) => id.name === rep.name && gvkSelected(id, fs))) continue;
        found = true;
        setScalar(r, fs, () => rep.count, true);
      }
    }
    if (!found) {
      const gvks = specs.map((s) => `${s.kind ?? ""}`).join(" ");
      throw new KustomizeError(
        `resource with name ${rep.name} does not match a config with the following GVK [${gvks}]`,
        file,
        `replicas[${i}]`,
      );
    }
  });
}
