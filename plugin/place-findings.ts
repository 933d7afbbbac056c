import { readFile } from "node:fs/promises";
import type { Engine, LocatableDocument } from "./engine-types.ts";
import type { PluginFinding } from "./findings.ts";

/**
 * Rendered objects only know the line their document starts on; move each finding to
 * the line of its field in that source file when the field is there. (A field a patch
 * set elsewhere stays at the document's line.)
 */
export async function placeFindings(findings: PluginFinding[], engine: Engine): Promise<PluginFinding[]> {
  const parse = engine.parse;
  if (!parse || findings.length === 0) return findings;
  const byFile = new Map<string, Promise<LocatableDocument[]>>();
  const docsOf = (file: string) => {
    let p = byFile.get(file);
    if (!p) {
      p = readFile(file, "utf8").then(
        (text) => parse(text, file),
        () => [],
      );
      byFile.set(file, p);
    }
    return p;
  };
  return Promise.all(
    findings.map(async (f) => {
      if (!f.file || !f.field) return f;
      const doc = (await docsOf(f.file)).find((d) => d.line === f.line);
      const pos = doc?.locate?.(f.field);
      return pos ? { ...f, line: pos.line, column: pos.column } : f;
    }),
  );
}
