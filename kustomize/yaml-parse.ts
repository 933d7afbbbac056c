/**
 * Reads YAML the way kustomize (kyaml on go-yaml v3) does: multi-document streams, plain
 * scalars resolved with go-yaml v3's rules, explicit tags honoured, every document remembering
 * the line it starts on. Never throws: syntax errors come back as values.
 */
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import { resolvePlainV2, resolvePlainV3, type ResolveV3 } from "./go-scalar.ts";
import type { Value, ValueMap } from "./value.ts";
import { parseFast, Unsupported, YamlInputError } from "./yaml-fast.ts";

export interface ParsedYamlDoc {
  value: Value;
  line: number;
}

export type ParseYamlResult =
  { ok: true; docs: ParsedYamlDoc[] } | { ok: false; message: string; line?: number };

class YamlValueError extends Error {
  override name = "YamlValueError";
}

/** Where convert is: annotation values keep their source text (kustomize stores them as strings). */
type Mode = "root" | "metadata" | "annotations" | "annotationValue" | "other";

function convert(
  node: unknown,
  doc: Document,
  depth: number,
  mode: Mode = "other",
  resolve: (s: string) => ResolveV3 = resolvePlainV3,
): Value {
  if (depth > 200) throw new YamlValueError("document nests too deeply");
  if (node === null || node === undefined) return null;
  const { isAlias, isMap: isYamlMap, isScalar, isSeq } = lib();
  if (isAlias(node)) return convert(node.resolve(doc), doc, depth + 1, mode, resolve);
  if (isScalar(node)) {
    const text = String(node.value ?? "");
    const tag = node.tag;
    if (tag !== undefined && tag !== "!") {
      switch (tag) {
        case "tag:yaml.org,2002:str":
          return text;
        case "tag:yaml.org,2002:null":
          return null;
        case "tag:yaml.org,2002:bool":
        case "tag:yaml.org,2002:int":
        case "tag:yaml.org,2002:float": {
          const r = resolve(text);
          if (!r.ok) throw new YamlValueError(r.reason);
          return r.value;
        }
        default:
          // Custom tags: kyaml keeps the text; resolve as if untagged when plain.
          break;
      }
    }
    if (mode === "annotationValue") return text;
    if (node.type === "PLAIN") {
      const r = resolve(text);
      if (!r.ok) throw new YamlValueError(r.reason);
      return r.value;
    }
    return text;
  }
  if (isYamlMap(node)) {
    const out: ValueMap = {};
    for (const pair of node.items) {
      const k = pair.key;
      let key: string;
      if (k === null || k === undefined) key = "";
      else if (isScalar(k)) {
        key = String(k.value ?? "");
        if (mode !== "other" || resolve === resolvePlainV3) {
          if (k.type === "PLAIN" && !k.tag) {
            const r = resolve(key);
            if (resolve === resolvePlainV3 && (!r.ok || typeof r.value !== "string"))
              throw new YamlValueError(
                `mapping key "${key}" is not a string (json: unsupported type: map[interface {}]interface {})`,
              );
          }
        }
      } else if (isAlias(k)) {
        const r = k.resolve(doc);
        key = isScalar(r) ? String(r.value ?? "") : "";
      } else throw new YamlValueError("mapping keys must be scalars");
      if (key === "<<") {
        const merged = convert(pair.value, doc, depth + 1, "other", resolve);
        const sources = Array.isArray(merged) ? merged : [merged];
        for (const src of sources) {
          if (src && typeof src === "object" && !Array.isArray(src)) {
            for (const [mk, mv] of Object.entries(src)) if (!(mk in out)) out[mk] = mv;
          }
        }
        continue;
      }
      const childMode: Mode =
        mode === "root" && key === "metadata"
          ? "metadata"
          : mode === "metadata" && key === "annotations"
            ? "annotations"
            : mode === "annotations"
              ? "annotationValue"
              : "other";
      out[key] = convert(pair.value, doc, depth + 1, childMode, resolve);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((x) => convert(x, doc, depth + 1, "other", resolve));
  return null;
}

/** Parses a YAML (or JSON) stream into values; empty documents are dropped. */
export interface ParseYamlOptions {
  /** Resolve plain scalars as go-yaml v2 (YAML 1.1) does: for files kustomize reads with sigs.k8s.io/yaml. */
  yaml11?: boolean;
}

export function parseYamlStream(text: string, opts: ParseYamlOptions = {}): ParseYamlResult {
  try {
    const docs = parseFast(
      text,
      opts.yaml11 ? resolvePlainV2 : resolvePlainV3,
      opts.yaml11 ? "other" : "root",
    );
    return { ok: true, docs: docs.filter((d) => !(d.value === null)) };
  } catch (err) {
    if (err instanceof YamlInputError) return { ok: false, message: err.message };
    if (!(err instanceof Unsupported)) throw err;
  }
  return parseWithYamlLibrary(text, opts);
}

/** The full parser (slow but complete): used when the fast reader meets something it does not handle. */
type YamlLib = typeof import("yaml");
let yamlLib: YamlLib | undefined;
/** Loaded on first use: most renders never need the full parser, and loading it costs time. */
function lib(): YamlLib {
  yamlLib ??= createRequire(import.meta.url)("yaml") as YamlLib;
  return yamlLib;
}

export function parseWithYamlLibrary(text: string, opts: ParseYamlOptions = {}): ParseYamlResult {
  const { LineCounter, parseAllDocuments, isScalar } = lib();
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      schema: "failsafe",
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter: lc,
      strict: false,
    }) as Document.Parsed[];
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const out: ParsedYamlDoc[] = [];
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const pos = err.pos?.[0];
      const line = pos === undefined ? undefined : lc.linePos(pos).line;
      return {
        ok: false,
        message: err.message.split("\n")[0] ?? err.message,
        ...(line === undefined ? {} : { line }),
      };
    }
    const contents = d.contents as Node | null;
    if (contents === null) continue;
    if (isScalar(contents) && (contents.value === null || contents.value === "") && contents.type === "PLAIN")
      continue;
    let value: Value;
    try {
      value = opts.yaml11
        ? convert(contents, d, 0, "other", resolvePlainV2)
        : convert(contents, d, 0, "root");
    } catch (e) {
      const pos = contents.range?.[0];
      return {
        ok: false,
        message: e instanceof Error ? e.message : String(e),
        ...(pos === undefined ? {} : { line: lc.linePos(pos).line }),
      };
    }
    const start = contents.range?.[0] ?? 0;
    out.push({ value, line: lc.linePos(start).line });
  }
  return { ok: true, docs: out };
}
