/** configMapGenerator and secretGenerator: key/value sources to ConfigMap and Secret objects. */
import { basename } from "node:path";
import { KustomizeError } from "./errors.ts";
import type { GeneratorArgs, GeneratorOptions } from "./kustomization.ts";
import type { ValueMap } from "./value.ts";

export interface FileReader {
  /** Reads a file relative to the kustomization root, enforcing the load restrictor. */
  read(path: string, field: string): Buffer;
}

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  if (s[0] === '"' || s[0] === "'") return s.slice(1, -1);
  return s;
}

function validKeyError(key: string): string | undefined {
  if (key.length > 253) return `"${key}" must be no more than 253 characters`;
  if (!CONFIGMAP_KEY.test(key))
    return `"${key}" is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`;
  if (key === "." || key === "..") return `"${key}" is not a valid key name: must not be '.' or '..'`;
  if (key.startsWith("..")) return `"${key}" is not a valid key name: must not start with '..'`;
  return undefined;
}

function isValidUtf8(b: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** kyaml's encodeBase64: 70-column lines, each ending in a newline once the text needs more than one. */
export function encodeBase64Lines(b: Buffer): string {
  const enc = b.toString("base64");
  const lineLen = 70;
  const lines = Math.floor(enc.length / lineLen) + 1;
  if (lines <= 1) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += lineLen) out += enc.slice(i, i + lineLen) + "\n";
  return out;
}

interface Pair {
  key: string;
  value: Buffer;
}

function loadPairs(args: GeneratorArgs, files: FileReader, kustFile: string): Pair[] {
  const pairs: Pair[] = [];
  const fail = (field: string, msg: string): never => {
    throw new KustomizeError(msg, kustFile, field);
  };
  args.envs.forEach((p, i) => {
    const field = `${args.field}.envs[${i}]`;
    const content = files.read(p, field);
    const lines = content.toString("utf8").split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    lines.forEach((raw, n) => {
      let line = n === 0 ? raw.replace(/^\uFEFF/, "") : raw;
      line = line.replace(/^\s+/u, "");
      if (line === "" || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!ENV_NAME.test(key))
        fail(field, `env source files: [${p}]: "${key}" is not a valid environment variable name`);
      pairs.push({ key, value: Buffer.from(eq < 0 ? "" : line.slice(eq + 1), "utf8") });
    });
  });
  args.literals.forEach((s, i) => {
    const field = `${args.field}.literals[${i}]`;
    const eq = s.indexOf("=");
    if (eq <= 0)
      fail(
        field,
        `literal sources ${JSON.stringify(args.literals)}: invalid literal source ${s}, expected key=value`,
      );
    pairs.push({ key: s.slice(0, eq), value: Buffer.from(removeQuotes(s.slice(eq + 1)), "utf8") });
  });
  args.files.forEach((s, i) => {
    const field = `${args.field}.files[${i}]`;
    const n = s.split("=").length - 1;
    let key: string;
    let path: string;
    if (n === 0) {
      key = basename(s);
      path = s;
    } else if (n === 1 && s.startsWith("="))
      fail(field, `missing key name for file path "${s.slice(1)}" in source "${s}"`);
    else if (n === 1 && s.endsWith("="))
      fail(field, `missing file path for key name "${s.slice(0, -1)}" in source "${s}"`);
    else if (n > 1) fail(field, `source "${s}" key name or file path contains '='`);
    [key, path] = n === 0 ? [key!, path!] : (s.split("=") as [string, string]);
    pairs.push({ key, value: files.read(path, field) });
  });
  const seen = new Set<string>();
  for (const p of pairs) {
    const bad = validKeyError(p.key);
    if (bad) fail(args.field, bad);
    if (seen.has(p.key)) fail(args.field, `configmap ${args.name} illegally repeats the key \`${p.key}\``);
    seen.add(p.key);
  }
  return pairs;
}

/** kustomize's MergeGlobalOptionsIntoLocal: local labels/annotations win, flags are OR-ed. */
export function mergeOptions(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions {
  const out: GeneratorOptions = { ...local };
  if (!global) return out;
  if (global.labels) out.labels = { ...global.labels, ...local?.labels };
  if (global.annotations) out.annotations = { ...global.annotations, ...local?.annotations };
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

export function generate(
  kind: "ConfigMap" | "Secret",
  args: GeneratorArgs,
  opts: GeneratorOptions,
  files: FileReader,
  kustFile: string,
): ValueMap {
  if (args.name === "")
    throw new KustomizeError(`a configmap must have a name`, kustFile, `${args.field}.name`);
  const meta: ValueMap = { name: args.name };
  if (args.namespace) meta["namespace"] = args.namespace;
  const obj: ValueMap = { apiVersion: "v1", kind, metadata: meta };
  if (kind === "Secret") obj["type"] = args.type || "Opaque";
  const pairs = loadPairs(args, files, kustFile);
  if (pairs.length > 0) {
    const data: ValueMap = {};
    const binary: ValueMap = {};
    for (const p of pairs) {
      if (kind === "Secret") data[p.key] = encodeBase64Lines(p.value);
      else if (isValidUtf8(p.value)) data[p.key] = p.value.toString("utf8");
      else binary[p.key] = encodeBase64Lines(p.value);
    }
    if (Object.keys(data).length > 0) obj["data"] = data;
    if (Object.keys(binary).length > 0) obj["binaryData"] = binary;
  }
  if (opts.labels && Object.keys(opts.labels).length > 0) meta["labels"] = { ...opts.labels };
  if (opts.annotations && Object.keys(opts.annotations).length > 0)
    meta["annotations"] = { ...opts.annotations };
  if (opts.immutable) obj["immutable"] = true;
  return obj;
}
