import jsyaml from "js-yaml";
import { parseDocument } from "yaml";
import type { Finding } from "../finding.ts";
import { describeValue, isRecord } from "../validation/validate-object.ts";
import { makeLocator } from "./locate.ts";
import { firstContentLine, splitDocuments, type DocumentChunk } from "./split.ts";

export interface ParsedDocument {
  object: Record<string, unknown>;
  file: string;
  /** 1-based line of the document's first content line. */
  line: number;
  column: number;
  /** 0-based position of the document in its file. */
  index: number;
  /** Maps a field path like `spec.dnsNames[0]` to its position in the source. */
  locate?(path: string): { line: number; column: number } | undefined;
}

export interface ParseResult {
  documents: ParsedDocument[];
  findings: Finding[];
}

/** The API server refuses request bodies above 3 MiB; a bigger document cannot be applied anyway. */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;
/** Aliases allowed in one document: enough for real manifests, far too few for a billion laughs. */
export const MAX_ALIASES = 100;

const ALIAS_HINT = /(^|[\s[{,:?-])\*[^\s,\]}]/;

/**
 * Parse a multi-document YAML (or JSON) stream. Never throws: each broken document becomes a
 * finding with its line, and parsing goes on with the next document.
 */
export function parseManifests(text: string, file: string): ParseResult {
  const documents: ParsedDocument[] = [];
  const findings: Finding[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let index = 0;
  for (const chunk of splitDocuments(src)) {
    const r = parseChunk(chunk, file, index);
    if (r === undefined) continue;
    index++;
    if ("finding" in r) findings.push(r.finding);
    else documents.push(r.document);
  }
  return { documents, findings };
}

function problem(file: string, line: number, column: number, message: string): { finding: Finding } {
  return { finding: { severity: "error", file, line, column, kind: "", name: "", field: "", message } };
}

function parseChunk(
  chunk: DocumentChunk,
  file: string,
  index: number,
): { document: ParsedDocument } | { finding: Finding } | undefined {
  const start = firstContentLine(chunk.text);
  const line = chunk.startLine + start.line - 1;
  if (chunk.text.length > MAX_DOCUMENT_BYTES) {
    const mib = (Buffer.byteLength(chunk.text) / 1024 / 1024).toFixed(1);
    return problem(
      file,
      line,
      1,
      `document is ${mib} MiB; the Kubernetes API server accepts at most 3 MiB per object, so it was not parsed`,
    );
  }
  let value: unknown;
  try {
    value =
      chunk.text.includes("&") && ALIAS_HINT.test(chunk.text) ? loadWithAliases(chunk) : loadFast(chunk.text);
  } catch (err) {
    if (err instanceof PositionedError)
      return problem(file, chunk.startLine + err.line, err.column + 1, err.message);
    return problem(file, line, 1, `YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (value === undefined || value === null) return undefined; // empty document: only comments or markers
  if (!isRecord(value)) {
    return problem(
      file,
      line,
      start.column,
      `document must be a Kubernetes object (a mapping), got ${describeValue(value)}`,
    );
  }
  const locate = makeLocator(chunk.text, chunk.startLine);
  return { document: { object: value, file, line, column: start.column, index, locate } };
}

class PositionedError extends Error {
  override name = "PositionedError";
  line: number;
  column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

function loadFast(text: string): unknown {
  try {
    // CORE schema: no timestamps-as-Date, no !!binary; duplicate keys are errors.
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch (err) {
    if (err instanceof jsyaml.YAMLException) {
      // js-yaml's mark.line is not always maintained (e.g. for a null byte); derive it from the offset.
      const pos = (err as { mark?: { position: number } }).mark?.position ?? 0;
      const before = text.slice(0, pos);
      const line = before.split("\n").length - 1;
      const hint = text.includes("\u0000") ? " (binary data: not a YAML or JSON text file)" : "";
      throw new PositionedError(`YAML: ${err.reason}${hint}`, line, pos - (before.lastIndexOf("\n") + 1));
    }
    throw err;
  }
}

/** Documents with anchors and aliases go through `yaml`, which caps alias expansion. */
function loadWithAliases(chunk: DocumentChunk): unknown {
  const doc = parseDocument(chunk.text, { uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new PositionedError(
      `YAML: ${first.message.split("\n")[0] ?? first.code}`,
      (pos?.line ?? 1) - 1,
      (pos?.col ?? 1) - 1,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw new Error(
      `${err instanceof Error ? err.message : String(err)} (more than ${MAX_ALIASES} alias expansions)`,
    );
  }
}
