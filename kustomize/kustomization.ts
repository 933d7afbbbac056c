/**
 * The kustomization file: decoded strictly (unknown fields are errors, as kustomize decodes
 * with DisallowUnknownFields), with kustomize's deprecated-field fix-ups applied.
 */
import { KustomizeError } from "./errors.ts";
import type { FieldSpec } from "./fieldspec.ts";
import { isMap, type Value, type ValueMap } from "./value.ts";

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}
export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
  field: string;
}
export interface GeneratorArgs {
  name: string;
  namespace?: string;
  behavior?: string;
  files: string[];
  literals: string[];
  envs: string[];
  type?: string;
  options?: GeneratorOptions;
  field: string;
}
export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}
export interface LabelEntry {
  pairs: Record<string, string>;
  includeSelectors: boolean;
  includeTemplates: boolean;
  fields: FieldSpec[];
}
export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}
export interface ReplicaEntry {
  name: string;
  count: number;
}
export interface Kustomization {
  kind: "Kustomization" | "Component";
  file: string;
  namePrefix: string;
  nameSuffix: string;
  namespace: string;
  commonLabels: Record<string, string>;
  labels: LabelEntry[];
  commonAnnotations: Record<string, string>;
  patchesStrategicMerge: string[];
  patchesJson6902: PatchEntry[];
  patches: PatchEntry[];
  images: ImageEntry[];
  replacements: { path?: string; inline?: ValueMap; field: string }[];
  replicas: ReplicaEntry[];
  sortOptions?: { order: "legacy" | "fifo"; orderFirst?: string[]; orderLast?: string[] };
  resources: string[];
  components: string[];
  configMapGenerator: GeneratorArgs[];
  secretGenerator: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  configurations: string[];
  crds: string[];
  openapi: Record<string, string>;
}

const TOP_FIELDS = new Set([
  "apiVersion",
  "kind",
  "metadata",
  "openapi",
  "namePrefix",
  "nameSuffix",
  "namespace",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "patchesStrategicMerge",
  "patchesJson6902",
  "patches",
  "images",
  "imageTags",
  "replacements",
  "replicas",
  "vars",
  "sortOptions",
  "resources",
  "components",
  "crds",
  "bases",
  "configMapGenerator",
  "secretGenerator",
  "helmGlobals",
  "helmCharts",
  "helmChartInflationGenerator",
  "generatorOptions",
  "configurations",
  "generators",
  "transformers",
  "validators",
  "buildMetadata",
]);

/** Fields kustomize accepts but certflow never runs (plugins, helm): refused with a clear message. */
const UNSUPPORTED = new Map([
  ["generators", "generator plugins are never run by certflow"],
  ["transformers", "transformer plugins are never run by certflow"],
  ["validators", "validator plugins are never run by certflow"],
  ["helmCharts", "helm chart inflation is not supported by certflow"],
  ["helmChartInflationGenerator", "helm chart inflation is not supported by certflow"],
  ["helmGlobals", "helm chart inflation is not supported by certflow"],
  ["vars", "vars are not supported by certflow; use replacements"],
  ["buildMetadata", "buildMetadata (origin annotations) is not supported by certflow"],
]);

class Reader {
  file: string;
  constructor(file: string) {
    this.file = file;
  }
  fail(field: string, msg: string): never {
    throw new KustomizeError(`invalid Kustomization: ${field}: ${msg}`, this.file, field);
  }
  str(v: Value | undefined, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") this.fail(field, `cannot unmarshal ${typeName(v)} into a string`);
    return v;
  }
  bool(v: Value | undefined, field: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") this.fail(field, `cannot unmarshal ${typeName(v)} into a bool`);
    return v;
  }
  strList(v: Value | undefined, field: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(field, `cannot unmarshal ${typeName(v)} into a list of strings`);
    return v.map((x, i) => this.str(x, `${field}[${i}]`) ?? "");
  }
  strMap(v: Value | undefined, field: string): Record<string, string> {
    if (v === undefined || v === null) return {};
    if (!isMap(v)) this.fail(field, `cannot unmarshal ${typeName(v)} into a map of strings`);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) out[k] = x === null ? "" : (this.str(x, `${field}.${k}`) ?? "");
    return out;
  }
  obj(v: Value | undefined, field: string, allowed: string[]): ValueMap | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isMap(v)) this.fail(field, `cannot unmarshal ${typeName(v)} into an object`);
    for (const k of Object.keys(v))
      if (!allowed.includes(k)) this.fail(`${field}.${k}`, `unknown field "${k}"`);
    return v;
  }
  list(v: Value | undefined, field: string): Value[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(field, `cannot unmarshal ${typeName(v)} into a list`);
    return v;
  }
}

function typeName(v: Value): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "bigint") return "number";
  return typeof v;
}

function readSelector(r: Reader, v: Value | undefined, field: string): Selector | undefined {
  const m = r.obj(v, field, [
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
  ]);
  if (!m) return undefined;
  const s: Selector = {};
  for (const k of [
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
  ] as const) {
    const x = r.str(m[k], `${field}.${k}`);
    if (x !== undefined) s[k] = x;
  }
  return s;
}

function readPatch(r: Reader, v: Value, field: string): PatchEntry {
  const m = r.obj(v, field, ["path", "patch", "target", "options"]) ?? {};
  const p: PatchEntry = { field };
  const path = r.str(m["path"], `${field}.path`);
  const patch = r.str(m["patch"], `${field}.patch`);
  if (path !== undefined) p.path = path;
  if (patch !== undefined) p.patch = patch;
  const target = readSelector(r, m["target"], `${field}.target`);
  if (target) p.target = target;
  const o = r.obj(m["options"], `${field}.options`, ["allowNameChange", "allowKindChange"]);
  if (o) {
    p.options = {};
    const an = r.bool(o["allowNameChange"], `${field}.options.allowNameChange`);
    const ak = r.bool(o["allowKindChange"], `${field}.options.allowKindChange`);
    if (an !== undefined) p.options.allowNameChange = an;
    if (ak !== undefined) p.options.allowKindChange = ak;
  }
  return p;
}

function readGenOptions(r: Reader, v: Value | undefined, field: string): GeneratorOptions | undefined {
  const m = r.obj(v, field, ["labels", "annotations", "disableNameSuffixHash", "immutable"]);
  if (!m) return undefined;
  const o: GeneratorOptions = {};
  if (m["labels"] !== undefined) o.labels = r.strMap(m["labels"], `${field}.labels`);
  if (m["annotations"] !== undefined) o.annotations = r.strMap(m["annotations"], `${field}.annotations`);
  const d = r.bool(m["disableNameSuffixHash"], `${field}.disableNameSuffixHash`);
  if (d !== undefined) o.disableNameSuffixHash = d;
  const im = r.bool(m["immutable"], `${field}.immutable`);
  if (im !== undefined) o.immutable = im;
  return o;
}

function readGenerator(r: Reader, v: Value, field: string, secret: boolean): GeneratorArgs {
  const allowed = [
    "name",
    "namespace",
    "behavior",
    "files",
    "literals",
    "envs",
    "env",
    "options",
    "kvSources",
  ];
  if (secret) allowed.push("type");
  const m = r.obj(v, field, allowed) ?? {};
  if (m["kvSources"] !== undefined)
    r.fail(`${field}.kvSources`, "kvSources plugins are never run by certflow");
  const g: GeneratorArgs = {
    name: r.str(m["name"], `${field}.name`) ?? "",
    files: r.strList(m["files"], `${field}.files`),
    literals: r.strList(m["literals"], `${field}.literals`),
    envs: r.strList(m["envs"], `${field}.envs`),
    field,
  };
  const env = r.str(m["env"], `${field}.env`);
  if (env) g.envs.push(env);
  const ns = r.str(m["namespace"], `${field}.namespace`);
  if (ns !== undefined) g.namespace = ns;
  const b = r.str(m["behavior"], `${field}.behavior`);
  if (b !== undefined) g.behavior = b;
  const t = r.str(m["type"], `${field}.type`);
  if (t !== undefined) g.type = t;
  const o = readGenOptions(r, m["options"], `${field}.options`);
  if (o) g.options = o;
  return g;
}

function readFieldSpecs(r: Reader, v: Value | undefined, field: string): FieldSpec[] {
  return r.list(v, field).map((x, i) => {
    const f = `${field}[${i}]`;
    const m = r.obj(x, f, ["group", "version", "kind", "path", "create"]) ?? {};
    const fs: FieldSpec = { path: r.str(m["path"], `${f}.path`) ?? "" };
    for (const k of ["group", "version", "kind"] as const) {
      const s = r.str(m[k], `${f}.${k}`);
      if (s !== undefined) fs[k] = s;
    }
    const c = r.bool(m["create"], `${f}.create`);
    if (c !== undefined) fs.create = c;
    return fs;
  });
}

export function readKustomization(doc: Value, file: string): Kustomization {
  const r: Reader = new Reader(file);
  if (!isMap(doc)) r.fail("(root)", "a kustomization must be a YAML mapping");
  for (const k of Object.keys(doc)) {
    if (!TOP_FIELDS.has(k)) r.fail(k, `json: unknown field "${k}"`);
    const why = UNSUPPORTED.get(k);
    const val = doc[k];
    const empty =
      val === null ||
      (Array.isArray(val) && val.length === 0) ||
      (isMap(val) && Object.keys(val).length === 0);
    if (why && !empty) r.fail(k, why);
  }
  // kustomize compares the decoded file with an empty Kustomization: null and "" fields count as unset.
  const set = Object.entries(doc).filter(
    ([key, v]) => key !== "apiVersion" && key !== "kind" && v !== null && v !== "" && v !== false,
  );
  if (set.length === 0) throw new KustomizeError("kustomization.yaml is empty", file);
  const kind = r.str(doc["kind"], "kind") ?? "Kustomization";
  if (kind !== "Kustomization" && kind !== "Component")
    r.fail("kind", "kind should be Kustomization or Component");
  const apiVersion = r.str(doc["apiVersion"], "apiVersion");
  const wantVersion =
    kind === "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
  if (apiVersion !== undefined && apiVersion !== wantVersion)
    r.fail("apiVersion", `apiVersion for ${kind} should be ${wantVersion}`);

  const labels = r.list(doc["labels"], "labels").map((x, i): LabelEntry => {
    const f = `labels[${i}]`;
    const m = r.obj(x, f, ["pairs", "includeSelectors", "includeTemplates", "fields"]) ?? {};
    return {
      pairs: r.strMap(m["pairs"], `${f}.pairs`),
      includeSelectors: r.bool(m["includeSelectors"], `${f}.includeSelectors`) ?? false,
      includeTemplates: r.bool(m["includeTemplates"], `${f}.includeTemplates`) ?? false,
      fields: readFieldSpecs(r, m["fields"], `${f}.fields`),
    };
  });
  const images = [...r.list(doc["images"], "images"), ...r.list(doc["imageTags"], "imageTags")].map(
    (x, i): ImageEntry => {
      const f = `images[${i}]`;
      const m = r.obj(x, f, ["name", "newName", "newTag", "digest", "tagSuffix"]) ?? {};
      const img: ImageEntry = { name: r.str(m["name"], `${f}.name`) ?? "" };
      for (const k of ["newName", "newTag", "digest", "tagSuffix"] as const) {
        const v = r.str(m[k], `${f}.${k}`);
        if (v !== undefined) img[k] = v;
      }
      return img;
    },
  );
  const replicas = r.list(doc["replicas"], "replicas").map((x, i): ReplicaEntry => {
    const f = `replicas[${i}]`;
    const m = r.obj(x, f, ["name", "count"]) ?? {};
    const c = m["count"];
    if (typeof c !== "number" || !Number.isInteger(c)) r.fail(`${f}.count`, "count must be an integer");
    return { name: r.str(m["name"], `${f}.name`) ?? "", count: c };
  });
  const replacements = r.list(doc["replacements"], "replacements").map((x, i) => {
    const f = `replacements[${i}]`;
    if (!isMap(x)) r.fail(f, "must be an object");
    if (typeof x["path"] === "string" && Object.keys(x).length === 1) return { path: x["path"], field: f };
    return { inline: x, field: f };
  });
  let sortOptions: Kustomization["sortOptions"];
  const so = r.obj(doc["sortOptions"], "sortOptions", ["order", "legacySortOptions"]);
  if (so) {
    const order = r.str(so["order"], "sortOptions.order");
    if (order !== "legacy" && order !== "fifo")
      r.fail("sortOptions.order", `the field 'sortOptions.order' must be one of [legacy, fifo]`);
    sortOptions = { order };
    const lso = r.obj(so["legacySortOptions"], "sortOptions.legacySortOptions", ["orderFirst", "orderLast"]);
    if (lso) {
      if (order !== "legacy")
        r.fail("sortOptions.legacySortOptions", "legacySortOptions is only valid with order: legacy");
      sortOptions.orderFirst = r.strList(lso["orderFirst"], "sortOptions.legacySortOptions.orderFirst");
      sortOptions.orderLast = r.strList(lso["orderLast"], "sortOptions.legacySortOptions.orderLast");
    }
  }
  const go = readGenOptions(r, doc["generatorOptions"], "generatorOptions");
  const k: Kustomization = {
    kind,
    file,
    namePrefix: r.str(doc["namePrefix"], "namePrefix") ?? "",
    nameSuffix: r.str(doc["nameSuffix"], "nameSuffix") ?? "",
    namespace: r.str(doc["namespace"], "namespace") ?? "",
    commonLabels: r.strMap(doc["commonLabels"], "commonLabels"),
    labels,
    commonAnnotations: r.strMap(doc["commonAnnotations"], "commonAnnotations"),
    patchesStrategicMerge: r.strList(doc["patchesStrategicMerge"], "patchesStrategicMerge"),
    patchesJson6902: r
      .list(doc["patchesJson6902"], "patchesJson6902")
      .map((x, i) => readPatch(r, x, `patchesJson6902[${i}]`)),
    patches: r.list(doc["patches"], "patches").map((x, i) => readPatch(r, x, `patches[${i}]`)),
    images,
    replacements,
    replicas,
    resources: [...r.strList(doc["resources"], "resources"), ...r.strList(doc["bases"], "bases")],
    components: r.strList(doc["components"], "components"),
    configMapGenerator: r
      .list(doc["configMapGenerator"], "configMapGenerator")
      .map((x, i) => readGenerator(r, x, `configMapGenerator[${i}]`, false)),
    secretGenerator: r
      .list(doc["secretGenerator"], "secretGenerator")
      .map((x, i) => readGenerator(r, x, `secretGenerator[${i}]`, true)),
    configurations: r.strList(doc["configurations"], "configurations"),
    crds: r.strList(doc["crds"], "crds"),
    openapi: r.strMap(doc["openapi"], "openapi"),
  };
  if (sortOptions) k.sortOptions = sortOptions;
  if (go) k.generatorOptions = go;
  return k;
}
