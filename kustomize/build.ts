/**
 * The kustomize pipeline (kusttarget.go order): per kustomization resources → configurations →
 * generators → components → transformers; at the top level hash suffixes → name references →
 * drop local-config objects → sort.
 */
import { relative } from "node:path";
import {
  commonAnnotationSpecs,
  commonLabelSpecs,
  imageSpecs,
  namePrefixSpecs,
  nameReferences,
  namespaceSpecs,
  replicaSpecs,
  templateLabelSpecs,
  type NameRefEntry,
} from "./builtin-config.ts";
import { unshare, writeShared } from "./alias.ts";
import { KustomizeError } from "./errors.ts";
import type { FieldSpec } from "./fieldspec.ts";
import { generate, mergeOptions } from "./generators.ts";
import { contentHash } from "./hash.ts";
import { readKustomization, type Kustomization, type PatchEntry } from "./kustomization.ts";
import type { DirLoader } from "./loader.ts";
import { fixNameReferences } from "./nameref.ts";
import { parseRemoteUrl } from "./remote-url.ts";
import { applyJsonPatch, readOps } from "./patch-json6902.ts";
import { mergeMap } from "./patch-smp.ts";
import { applyReplacements } from "./replacements.ts";
import {
  allIds,
  curId,
  getGvk,
  getName,
  getNamespace,
  idEquals,
  idKey,
  idString,
  metadata,
  setName,
  storePreviousId,
  type Resource,
} from "./resource.ts";
import { select } from "./selector.ts";
import { legacySort } from "./sort.ts";
import {
  applyAnnotations,
  applyImages,
  applyLabels,
  applyNameAffix,
  applyNamespace,
  applyReplicas,
} from "./transformers.ts";
import { isMap, scalarText, type Value, type ValueMap } from "./value.ts";
import { parseYamlStream } from "./yaml-parse.ts";

export interface TransformerConfig {
  nameReference: NameRefEntry[];
  commonLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  namespace: FieldSpec[];
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
  templateLabels: FieldSpec[];
}

export interface RemoteResolver {
  isRemote(entry: string): boolean;
  /** The body of an http(s) URL when it can be fetched as a file (undefined otherwise). */
  fetchFile(entry: string, kustFile: string, field: string): Promise<string | undefined>;
  /** Fetches the repository and returns the real directory the URL names. */
  fetch(entry: string, kustFile: string, field: string): Promise<string>;
}

export interface BuildEnv {
  remote?: RemoteResolver;
  seq: { n: number };
}

interface Acc {
  resources: Resource[];
  config: TransformerConfig;
}

function defaultConfig(): TransformerConfig {
  return {
    nameReference: nameReferences.map((e) => ({ ...e, fieldSpecs: [...e.fieldSpecs] })),
    commonLabels: [...commonLabelSpecs],
    commonAnnotations: [...commonAnnotationSpecs],
    namespace: [...namespaceSpecs],
    namePrefix: [...namePrefixSpecs],
    nameSuffix: [...namePrefixSpecs],
    images: [...imageSpecs],
    replicas: [...replicaSpecs],
    templateLabels: [...templateLabelSpecs],
  };
}

const specKey = (f: FieldSpec) => `${f.group ?? ""}|${f.version ?? ""}|${f.kind ?? ""}|${f.path}`;

function mergeSpecs(into: FieldSpec[], more: FieldSpec[]): void {
  const seen = new Set(into.map(specKey));
  for (const f of more) {
    if (seen.has(specKey(f))) continue;
    into.push(f);
    seen.add(specKey(f));
  }
}

function mergeConfig(into: TransformerConfig, more: TransformerConfig): void {
  for (const k of [
    "commonLabels",
    "commonAnnotations",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "images",
    "replicas",
    "templateLabels",
  ] as const) {
    mergeSpecs(into[k], more[k]);
  }
  for (const e of more.nameReference) {
    const hit = into.nameReference.find(
      (x) =>
        x.kind === e.kind && (x.group ?? "") === (e.group ?? "") && (x.version ?? "") === (e.version ?? ""),
    );
    if (hit) mergeSpecs(hit.fieldSpecs, e.fieldSpecs);
    else into.nameReference.push({ ...e, fieldSpecs: [...e.fieldSpecs] });
  }
}

function readSpecs(v: Value | undefined, file: string, field: string): FieldSpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeError(`${field} must be a list of field specs`, file, field);
  return v.map((x, i) => {
    if (!isMap(x) || typeof x["path"] !== "string")
      throw new KustomizeError(`${field}[${i}] needs a path`, file, `${field}[${i}]`);
    const fs: FieldSpec = { path: x["path"] };
    for (const k of ["group", "version", "kind"] as const) if (typeof x[k] === "string") fs[k] = x[k];
    if (x["create"] === true) fs.create = true;
    return fs;
  });
}

function readConfigFile(text: string, file: string): TransformerConfig {
  const parsed = parseYamlStream(text, { yaml11: true });
  if (!parsed.ok) throw new KustomizeError(`invalid configuration file: ${parsed.message}`, file);
  const doc = parsed.docs[0]?.value ?? {};
  if (!isMap(doc)) throw new KustomizeError(`a configuration file must be a mapping`, file);
  const empty: TransformerConfig = {
    nameReference: [],
    commonLabels: [],
    commonAnnotations: [],
    namespace: [],
    namePrefix: [],
    nameSuffix: [],
    images: [],
    replicas: [],
    templateLabels: [],
  };
  const keys: Record<string, keyof Omit<TransformerConfig, "nameReference">> = {
    commonLabels: "commonLabels",
    labels: "commonLabels",
    commonAnnotations: "commonAnnotations",
    namespace: "namespace",
    namePrefix: "namePrefix",
    nameSuffix: "nameSuffix",
    images: "images",
    replicas: "replicas",
    templateLabels: "templateLabels",
  };
  for (const [k, v] of Object.entries(doc)) {
    if (k === "nameReference") {
      if (!Array.isArray(v)) throw new KustomizeError(`nameReference must be a list`, file, k);
      v.forEach((e, i) => {
        if (!isMap(e) || typeof e["kind"] !== "string")
          throw new KustomizeError(`nameReference[${i}] needs a kind`, file, `nameReference[${i}]`);
        const entry: NameRefEntry = {
          kind: e["kind"],
          fieldSpecs: readSpecs(e["fieldSpecs"], file, `nameReference[${i}].fieldSpecs`),
        };
        if (typeof e["group"] === "string") entry.group = e["group"];
        if (typeof e["version"] === "string") entry.version = e["version"];
        empty.nameReference.push(entry);
      });
    } else if (k in keys) mergeSpecs(empty[keys[k]!], readSpecs(v, file, k));
    else if (k !== "varReference")
      throw new KustomizeError(`unknown field "${k}" in transformer configuration`, file, k);
  }
  return empty;
}

function parseResources(
  text: string,
  file: string,
  env: BuildEnv,
  kustFile: string,
  field: string,
): Resource[] {
  const parsed = parseYamlStream(text);
  if (!parsed.ok) {
    throw new KustomizeError(
      `${field}: invalid YAML in ${file}${parsed.line ? ` at line ${parsed.line}` : ""}: ${parsed.message}`,
      kustFile,
      field,
    );
  }
  const out: Resource[] = [];
  const queue: { value: Value; line: number }[] = parsed.docs.map((d) => ({ value: d.value, line: d.line }));
  while (queue.length > 0) {
    const { value, line } = queue.shift()!;
    if (!isMap(value))
      throw new KustomizeError(
        `${field}: ${file}:${line}: a resource must be a YAML mapping`,
        kustFile,
        field,
      );
    const kind = scalarText(value["kind"]) ?? "";
    if (kind.endsWith("List") && "items" in value) {
      const items = value["items"];
      if (items === null) continue;
      if (!Array.isArray(items))
        throw new KustomizeError(`${field}: expected array in ${kind}/items`, kustFile, field);
      for (const it of items) queue.push({ value: it, line });
      continue;
    }
    if (kind === "")
      throw new KustomizeError(`${field}: ${file}:${line}: missing kind in object`, kustFile, field);
    if (value["kind"] === "Kustomization" || value["kind"] === "Component") {
      throw new KustomizeError(
        `${field}: ${file} is a kustomization; name its directory instead`,
        kustFile,
        field,
      );
    }
    if (
      getName(value) === "" &&
      !isMap(metadata(value)?.["generateName"] ?? null) &&
      typeof metadata(value)?.["generateName"] !== "string"
    ) {
      throw new KustomizeError(`${field}: ${file}:${line}: missing metadata.name in object`, kustFile, field);
    }
    stringifyAnnotations(value);
    out.push({
      obj: value,
      source: { file, line },
      prevIds: [],
      prefixes: [],
      suffixes: [],
      needsHash: false,
      seq: env.seq.n++,
    });
  }
  return out;
}

/** kustomize rewrites annotations as strings (k8s requires it); non-string scalars keep their text. */
function stringifyAnnotations(obj: ValueMap): void {
  const meta = metadata(obj);
  const a = meta?.["annotations"];
  if (!isMap(a)) return;
  for (const [k, v] of Object.entries(a))
    if (typeof v !== "string" && !isMap(v) && !Array.isArray(v)) a[k] = scalarText(v) ?? "";
}

function appendAll(acc: Acc, rs: Resource[], kustFile: string, field: string): void {
  const seen = new Set(acc.resources.map((o) => idKey(curId(o))));
  for (const r of rs) {
    const id = curId(r);
    const key = idKey(id);
    if (seen.has(key)) {
      throw new KustomizeError(
        `${field}: may not add resource with an already registered id: ${idString(id)}`,
        kustFile,
        field,
      );
    }
    seen.add(key);
    acc.resources.push(r);
  }
}

function absorbGenerated(acc: Acc, r: Resource, kustFile: string, field: string): void {
  const id = curId(r);
  const matches = acc.resources.filter((o) => allIds(o).some((x) => idEquals(x, id)));
  if (matches.length === 0) {
    if (r.behavior === "merge" || r.behavior === "replace") {
      throw new KustomizeError(
        `${field}: id ${idString(id)} does not exist; cannot merge or replace`,
        kustFile,
        field,
      );
    }
    acc.resources.push(r);
    return;
  }
  if (matches.length > 1)
    throw new KustomizeError(
      `${field}: found multiple objects that could accept merge of ${idString(id)}`,
      kustFile,
      field,
    );
  const old = matches[0]!;
  if (r.behavior !== "merge" && r.behavior !== "replace") {
    throw new KustomizeError(
      `${field}: id ${idString(id)} exists; behavior must be merge or replace`,
      kustFile,
      field,
    );
  }
  const om = metadata(old.obj) ?? {};
  const nm = (r.obj["metadata"] ??= {}) as ValueMap;
  const mergeStr = (k: string) => {
    const a = isMap(om[k]) ? om[k] : {};
    const b = isMap(nm[k]) ? nm[k] : {};
    const m = { ...a, ...b };
    if (Object.keys(m).length > 0) nm[k] = m;
    else delete nm[k];
  };
  mergeStr("labels");
  mergeStr("annotations");
  nm["name"] = getName(old.obj);
  const ns = getNamespace(old.obj);
  if (ns) nm["namespace"] = ns;
  else delete nm["namespace"];
  if (r.behavior === "merge") {
    for (const k of ["data", "binaryData"]) {
      const a = isMap(old.obj[k]) ? (old.obj[k] as ValueMap) : {};
      const b = isMap(r.obj[k]) ? (r.obj[k] as ValueMap) : {};
      const m = { ...a, ...b };
      if (Object.keys(m).length > 0) r.obj[k] = m;
    }
  }
  r.needsHash = r.needsHash && old.needsHash;
  r.prevIds = old.prevIds;
  r.prefixes = old.prefixes;
  r.suffixes = old.suffixes;
  r.seq = old.seq;
  acc.resources[acc.resources.indexOf(old)] = r;
}

/** The line of a generator's `name:` in the kustomization text (1 when it cannot be told). */
function generatorLine(text: string, section: string, name: string): number {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${section}:`));
  if (start < 0) return 1;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`^\\s*(-\\s+)?name:\\s*["']?${esc}["']?\\s*(#.*)?$`);
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\S/.test(l) && !l.startsWith("-")) break;
    if (re.test(l)) return i + 1;
  }
  return start + 1;
}

function patchSource(ldr: DirLoader, p: PatchEntry, kustFile: string): { text: string; file: string } {
  if (p.patch !== undefined && p.path !== undefined && p.patch.trim() !== "") {
    throw new KustomizeError(`${p.field}: patch and path can't be set at the same time`, kustFile, p.field);
  }
  if (p.path !== undefined)
    return {
      text: ldr.read(p.path, kustFile, `${p.field}.path`).toString("utf8"),
      file: `${ldr.root}/${p.path}`,
    };
  if (p.patch === undefined || p.patch.trim() === "")
    throw new KustomizeError(`${p.field}: must specify one of patch and path`, kustFile, p.field);
  return { text: p.patch, file: kustFile };
}

function smpPatchTarget(resources: Resource[], patch: ValueMap, kustFile: string, field: string): Resource {
  const gvk = getGvk(patch);
  const id = { ...gvk, name: getName(patch), namespace: getNamespace(patch) };
  const matches = resources.filter((r) => allIds(r).some((x) => idEquals(x, id)));
  if (matches.length !== 1) {
    const why = matches.length === 0 ? "no matches for Id" : "multiple matches for Id";
    throw new KustomizeError(
      `${field}: no resource matches strategic merge patch "${idString(id)}": ${why} ${idString(id)}; failed to find unique target for patch ${idString(id)}`,
      kustFile,
      field,
    );
  }
  return matches[0]!;
}

function applySmp(target: Resource, patch: ValueMap, opts: PatchEntry["options"]): boolean {
  const name = getName(target.obj);
  const ns = getNamespace(target.obj);
  const kind = target.obj["kind"];
  if (opts?.allowNameChange || opts?.allowKindChange) storePreviousId(target);
  const merged = mergeMap(target.obj, structuredClone(patch), getGvk(target.obj), [], {
    set: (map, key, value) => writeShared(target, map, key, value),
    deleted: (map, key) => unshare(target, map, key),
  });
  if (merged === undefined || Object.keys(merged).length === 0) return false;
  target.obj = merged;
  if (!opts?.allowKindChange) target.obj["kind"] = kind as Value;
  if (!opts?.allowNameChange) setName(target.obj, name);
  const meta = metadata(target.obj);
  if (meta) {
    if (ns) meta["namespace"] = ns;
    else delete meta["namespace"];
  }
  return true;
}

function runPatch(acc: Acc, ldr: DirLoader, p: PatchEntry, kustFile: string): void {
  const { text } = patchSource(ldr, p, kustFile);
  const parsed = parseYamlStream(text);
  if (!parsed.ok)
    throw new KustomizeError(
      `${p.field}: unable to parse SM or JSON patch: ${parsed.message}`,
      kustFile,
      p.field,
    );
  const docs = parsed.docs.map((d) => d.value);
  if (docs.length === 1 && Array.isArray(docs[0])) {
    if (!p.target)
      throw new KustomizeError(`${p.field}: must specify a target for JSON patch`, kustFile, p.field);
    // kustomize converts JSON6902 patches with sigs.k8s.io/yaml, i.e. YAML 1.1 scalars.
    const as11 = parseYamlStream(text, { yaml11: true });
    const ops = readOps(as11.ok ? (as11.docs[0]?.value ?? null) : docs[0], p.field);
    for (const r of select(acc.resources, p.target)) {
      storePreviousId(r);
      try {
        r.obj = applyJsonPatch(r.obj, ops);
        // The object is rebuilt from JSON: no node is shared any more.
        delete r.aliases;
      } catch (e) {
        throw new KustomizeError(`${p.field}: ${(e as Error).message}`, kustFile, p.field);
      }
    }
    return;
  }
  if (docs.length === 0)
    throw new KustomizeError(
      `${p.field}: unable to parse SM or JSON patch from an empty patch`,
      kustFile,
      p.field,
    );
  const patches = docs.map((d) => {
    if (!isMap(d))
      throw new KustomizeError(`${p.field}: unable to parse SM or JSON patch`, kustFile, p.field);
    return d;
  });
  if (p.target) {
    if (patches.length > 1)
      throw new KustomizeError(
        `${p.field}: Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field`,
        kustFile,
        p.field,
      );
    const selected = new Set(select(acc.resources, p.target));
    acc.resources = acc.resources.filter((r) => !selected.has(r) || applySmp(r, patches[0]!, p.options));
    return;
  }
  for (const patch of patches) {
    if (!("kind" in patch) || !isMap(patch["metadata"])) {
      throw new KustomizeError(
        `${p.field}: a strategic merge patch without a target must name its apiVersion, kind and metadata.name`,
        kustFile,
        p.field,
      );
    }
    const target = smpPatchTarget(acc.resources, patch, kustFile, p.field);
    if (!applySmp(target, patch, p.options)) acc.resources = acc.resources.filter((r) => r !== target);
  }
}

/** Builds one kustomization into `acc`; returns it with the kustomization it read. */
async function accumulateTarget(
  ldr: DirLoader,
  acc: Acc,
  env: BuildEnv,
  expectComponent: boolean,
): Promise<{ acc: Acc; kustomization: Kustomization }> {
  const kustFile = ldr.kustomizationFile();
  const kustText = ldr.read(relative(ldr.root, kustFile), kustFile, "(file)").toString("utf8");
  const parsed = parseYamlStream(kustText, { yaml11: true });
  if (!parsed.ok)
    throw new KustomizeError(
      `invalid Kustomization: ${parsed.message}${parsed.line ? ` (line ${parsed.line})` : ""}`,
      kustFile,
    );
  const k: Kustomization = readKustomization(parsed.docs[0]?.value ?? {}, kustFile);
  if (expectComponent && k.kind !== "Component")
    throw new KustomizeError(
      `expected kind 'Component' for path '${ldr.root}' but got '${k.kind}'`,
      kustFile,
      "kind",
    );
  if (!expectComponent && k.kind === "Component")
    throw new KustomizeError(`expected kind != 'Component' for path '${ldr.root}'`, kustFile, "kind");
  if (k.crds.length > 0)
    throw new KustomizeError(`crds: not supported by certflow yet; use configurations`, kustFile, "crds");
  if (Object.keys(k.openapi).length > 0)
    throw new KustomizeError(`openapi: not supported by certflow`, kustFile, "openapi");

  for (const [i, entry] of k.resources.entries()) {
    const field = `resources[${i}]`;
    if (env.remote?.isRemote(entry)) {
      const body = await env.remote.fetchFile(entry, kustFile, field);
      if (body !== undefined) {
        let rs: Resource[] | undefined;
        try {
          rs = parseResources(body, entry, env, kustFile, field);
        } catch (err) {
          if (!(err instanceof KustomizeError)) throw err;
          if (typeof parseRemoteUrl(entry) === "string") throw err;
        }
        if (rs) {
          appendAll(acc, rs, kustFile, field);
          continue;
        }
      }
      const dir = await env.remote.fetch(entry, kustFile, field);
      await accumulateDirectory(acc, ldr.childAt(dir, kustFile, field, entry), env, kustFile, field);
      continue;
    }
    const real = ldr.resolve(entry);
    if (real === undefined)
      throw new KustomizeError(
        `${field}: '${entry}' does not exist (looked in ${ldr.root})`,
        kustFile,
        field,
      );
    if (ldr.isDir(entry)) {
      await accumulateDirectory(acc, ldr.child(entry, kustFile, field), env, kustFile, field);
      continue;
    }
    const text = ldr.read(entry, kustFile, field).toString("utf8");
    appendAll(acc, parseResources(text, real, env, kustFile, field), kustFile, field);
  }
  for (const [i, c] of k.configurations.entries()) {
    const field = `configurations[${i}]`;
    mergeConfig(
      acc.config,
      readConfigFile(ldr.read(c, kustFile, field).toString("utf8"), `${ldr.root}/${c}`),
    );
  }
  const files = { read: (p: string, field: string) => ldr.read(p, kustFile, field) };
  for (const [kind, list] of [
    ["ConfigMap", k.configMapGenerator],
    ["Secret", k.secretGenerator],
  ] as const) {
    for (const g of list) {
      const opts = mergeOptions(g.options, k.generatorOptions);
      const obj = generate(kind, g, opts, files, kustFile);
      const behavior = g.behavior ?? "create";
      if (behavior !== "create" && behavior !== "merge" && behavior !== "replace") {
        throw new KustomizeError(
          `${g.field}.behavior: unknown behavior "${behavior}"`,
          kustFile,
          `${g.field}.behavior`,
        );
      }
      const r: Resource = {
        obj,
        source: {
          file: kustFile,
          line: generatorLine(
            kustText,
            kind === "ConfigMap" ? "configMapGenerator" : "secretGenerator",
            g.name,
          ),
        },
        prevIds: [],
        prefixes: [],
        suffixes: [],
        needsHash: !opts.disableNameSuffixHash,
        behavior,
        seq: env.seq.n++,
      };
      absorbGenerated(acc, r, kustFile, g.field);
    }
  }
  for (const [i, c] of k.components.entries()) {
    const field = `components[${i}]`;
    const child = ldr.child(c, kustFile, field);
    await accumulateTarget(child, acc, env, true);
  }
  // Transformers, in kustomize's fixed order.
  for (const [i, p] of k.patchesStrategicMerge.entries()) {
    const field = `patchesStrategicMerge[${i}]`;
    const isFile = ldr.resolve(p) !== undefined && !p.includes("\n");
    runPatch(acc, ldr, isFile ? { path: p, field } : { patch: p, field }, kustFile);
  }
  for (const p of k.patches) runPatch(acc, ldr, p, kustFile);
  applyNamespace(acc.resources, k.namespace, acc.config.namespace, kustFile);
  applyNameAffix(acc.resources, k.namePrefix, acc.config.namePrefix, "prefix");
  applyNameAffix(acc.resources, k.nameSuffix, acc.config.nameSuffix, "suffix");
  k.labels.forEach((l, i) => {
    let specs: FieldSpec[] = [...l.fields];
    if (l.includeSelectors) mergeSpecs(specs, acc.config.commonLabels);
    else {
      if (l.includeTemplates) mergeSpecs(specs, acc.config.templateLabels);
      mergeSpecs(specs, [{ path: "metadata/labels", create: true }]);
    }
    specs = specs.filter((s, j) => specs.findIndex((t) => specKey(t) === specKey(s)) === j);
    applyLabels(acc.resources, l.pairs, specs, kustFile, `labels[${i}]`);
  });
  applyLabels(acc.resources, k.commonLabels, acc.config.commonLabels, kustFile, "commonLabels");
  applyAnnotations(acc.resources, k.commonAnnotations, acc.config.commonAnnotations, kustFile);
  for (const p of k.patchesJson6902) runPatch(acc, ldr, p, kustFile);
  applyReplicas(acc.resources, k.replicas, acc.config.replicas, kustFile);
  applyImages(acc.resources, k.images, acc.config.images);
  if (k.replacements.length > 0) {
    const reps = k.replacements.flatMap((r, i): ValueMap[] => {
      if (r.inline) return [r.inline];
      const text = ldr.read(r.path!, kustFile, `replacements[${i}].path`).toString("utf8");
      const parsed = parseYamlStream(text, { yaml11: true });
      if (!parsed.ok)
        throw new KustomizeError(`replacements[${i}]: ${parsed.message}`, kustFile, `replacements[${i}]`);
      return parsed.docs.flatMap((d) =>
        Array.isArray(d.value) ? d.value.filter(isMap) : isMap(d.value) ? [d.value] : [],
      );
    });
    applyReplacements(acc.resources, reps, kustFile, "replacements");
  }
  return { acc, kustomization: k };
}

async function accumulateDirectory(
  acc: Acc,
  child: DirLoader,
  env: BuildEnv,
  kustFile: string,
  field: string,
): Promise<void> {
  const { acc: sub } = await accumulateTarget(child, { resources: [], config: defaultConfig() }, env, false);
  appendAll(acc, sub.resources, kustFile, field);
  mergeConfig(acc.config, sub.config);
}

export interface BuildOutput {
  resources: Resource[];
  kustomization: string;
}

export async function build(root: DirLoader, env: BuildEnv): Promise<BuildOutput> {
  const { acc, kustomization } = await accumulateTarget(
    root,
    { resources: [], config: defaultConfig() },
    env,
    false,
  );
  for (const r of acc.resources) {
    if (!r.needsHash) continue;
    const h = contentHash(r.obj);
    storePreviousId(r);
    setName(r.obj, `${getName(r.obj)}-${h}`);
  }
  fixNameReferences(acc.resources, acc.config.nameReference);
  let out = acc.resources.filter((r) => {
    const a = metadata(r.obj)?.["annotations"];
    return !(isMap(a) && a["config.kubernetes.io/local-config"] === "true");
  });
  const so = kustomization.sortOptions;
  if (!so) out = legacySort(out);
  else if (so.order === "legacy")
    out =
      so.orderFirst || so.orderLast
        ? legacySort(out, so.orderFirst ?? [], so.orderLast ?? [])
        : legacySort(out);
  return { resources: out, kustomization: root.kustomizationFile() };
}
