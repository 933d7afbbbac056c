import { LineCounter, parseDocument } from "yaml";
import { parseIssuerKey } from "./issuer-key.ts";
import {
  defaultConfig,
  environmentTypes,
  guardrailIds,
  type CertflowConfig,
  type ConfigIssue,
  type ConfigResult,
  type EnvironmentType,
  type GuardrailId,
  type GuardrailLevel,
  type IssuerKey,
} from "./types.ts";

const topLevelKeys = [
  "apiVersion",
  "kind",
  "environments",
  "externalIssuers",
  "equivalentIssuers",
  "guardrails",
  "acmeDirectories",
];
const levels: readonly GuardrailLevel[] = ["error", "warning", "off"];

/** Collects issues with the line of the offending field, so a typo is reported where it is. */
class IssueSink {
  readonly issues: ConfigIssue[] = [];
  readonly file: string;
  readonly lineOf: (path: (string | number)[]) => number;
  constructor(file: string, lineOf: (path: (string | number)[]) => number) {
    this.file = file;
    this.lineOf = lineOf;
  }
  add(path: (string | number)[], message: string): void {
    this.issues.push({ file: this.file, line: this.lineOf(path), field: formatPath(path), message });
  }
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "(root)";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, path: (string | number)[], sink: IssueSink): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    sink.add(path, "expected a list of strings");
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    if (typeof item === "string" && item !== "") out.push(item);
    else sink.add([...path, i], "expected a non-empty string");
  });
  return out;
}

/** Overlay paths are compared as repository-relative POSIX paths without "./" or a trailing "/". */
export function normalizeOverlayPath(p: string): string {
  const parts = p
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".");
  return parts.join("/");
}

function parseEnvironments(v: unknown, sink: IssueSink): CertflowConfig["environments"] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    sink.add(["environments"], "expected a list of {name, type, overlays}");
    return [];
  }
  const seen = new Set<string>();
  const out: CertflowConfig["environments"] = [];
  v.forEach((e, i) => {
    const at = ["environments", i];
    if (!isRecord(e)) return sink.add(at, "expected {name, type, overlays}");
    for (const k of Object.keys(e)) {
      if (!["name", "type", "overlays"].includes(k)) sink.add([...at, k], `unknown field "${k}"`);
    }
    const name = e["name"];
    if (typeof name !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      return sink.add([...at, "name"], "required: a lower-case name such as staging or production");
    }
    if (seen.has(name)) return sink.add([...at, "name"], `environment "${name}" is defined twice`);
    seen.add(name);
    const type = e["type"] ?? name;
    if (typeof type !== "string" || !environmentTypes.includes(type as EnvironmentType)) {
      return sink.add([...at, "type"], `expected one of ${environmentTypes.join(", ")}`);
    }
    const overlays = stringList(e["overlays"], [...at, "overlays"], sink).map(normalizeOverlayPath);
    out.push({ name, type: type as EnvironmentType, overlays });
  });
  return out;
}

function parseIssuerKeys(v: unknown, sink: IssueSink): IssuerKey[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    sink.add(["externalIssuers"], "expected a list");
    return [];
  }
  const out: IssuerKey[] = [];
  v.forEach((item, i) => {
    const at = ["externalIssuers", i];
    if (typeof item === "string") {
      const r = parseIssuerKey(item);
      if (r.ok) out.push(r.key);
      else sink.add(at, r.message);
      return;
    }
    if (!isRecord(item)) return sink.add(at, 'expected {kind, name, namespace?} or "Kind/name"');
    const { kind, name, namespace } = item;
    if (kind !== "Issuer" && kind !== "ClusterIssuer")
      return sink.add([...at, "kind"], "expected Issuer or ClusterIssuer");
    if (typeof name !== "string" || name === "") return sink.add([...at, "name"], "required");
    if (namespace !== undefined && (kind !== "Issuer" || typeof namespace !== "string")) {
      return sink.add([...at, "namespace"], "only an Issuer has a namespace");
    }
    out.push(namespace === undefined ? { kind, name } : { kind, name, namespace });
  });
  return out;
}

function parseGuardrails(v: unknown, sink: IssueSink): CertflowConfig["guardrails"] {
  const out = defaultConfig().guardrails;
  if (v === undefined || v === null) return out;
  if (!isRecord(v)) {
    sink.add(["guardrails"], "expected a map of guardrail id to error, warning or off");
    return out;
  }
  for (const [id, level] of Object.entries(v)) {
    if (!guardrailIds.includes(id as GuardrailId)) {
      sink.add(["guardrails", id], `unknown guardrail "${id}"; known: ${guardrailIds.join(", ")}`);
      continue;
    }
    // `false` reads naturally in YAML for "switch it off".
    const normalized = level === false ? "off" : level === true ? "error" : level;
    if (!levels.includes(normalized as GuardrailLevel)) {
      sink.add(["guardrails", id], "expected error, warning or off");
      continue;
    }
    out[id as GuardrailId] = normalized as GuardrailLevel;
  }
  return out;
}

function parseEquivalentIssuers(v: unknown, sink: IssueSink): string[][] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    sink.add(["equivalentIssuers"], "expected a list of lists of issuer names");
    return [];
  }
  return v.map((group, i) => stringList(group, ["equivalentIssuers", i], sink));
}

function parseAcmeDirectories(v: unknown, sink: IssueSink): CertflowConfig["acmeDirectories"] {
  if (v === undefined || v === null) return { production: [], staging: [] };
  if (!isRecord(v)) {
    sink.add(["acmeDirectories"], "expected {production: [urls], staging: [urls]}");
    return { production: [], staging: [] };
  }
  for (const k of Object.keys(v)) {
    if (k !== "production" && k !== "staging") sink.add(["acmeDirectories", k], `unknown field "${k}"`);
  }
  return {
    production: stringList(v["production"], ["acmeDirectories", "production"], sink),
    staging: stringList(v["staging"], ["acmeDirectories", "staging"], sink),
  };
}

/** Parses certflow.yaml. Never throws; every problem comes back with its line and field. */
export function parseConfig(text: string, file: string): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      file,
      line: lineCounter.linePos(e.pos[0]).line,
      field: "(syntax)",
      message: e.message.split("\n")[0] ?? "invalid YAML",
    }));
    return { ok: false, issues };
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const sink = new IssueSink(file, lineOf);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return { ok: true, config: { ...defaultConfig(), file } };
  if (!isRecord(raw))
    return { ok: false, issues: [{ file, line: 1, field: "(root)", message: "expected a map" }] };
  for (const k of Object.keys(raw)) {
    if (!topLevelKeys.includes(k)) sink.add([k], `unknown field "${k}"; known: ${topLevelKeys.join(", ")}`);
  }
  if (raw["kind"] !== undefined && raw["kind"] !== "Config") sink.add(["kind"], 'expected "Config"');
  const config: CertflowConfig = {
    file,
    environments: parseEnvironments(raw["environments"], sink),
    externalIssuers: parseIssuerKeys(raw["externalIssuers"], sink),
    equivalentIssuers: parseEquivalentIssuers(raw["equivalentIssuers"], sink),
    guardrails: parseGuardrails(raw["guardrails"], sink),
    acmeDirectories: parseAcmeDirectories(raw["acmeDirectories"], sink),
  };
  return sink.issues.length > 0 ? { ok: false, issues: sink.issues } : { ok: true, config };
}
