import type { Finding, ObjectFinding } from "../finding.ts";
import type { ParsedDocument } from "../parse/manifests.ts";
import { crossDocumentChecks } from "./cross-document.ts";
import { isRecord, validateObject } from "./validate-object.ts";

export interface ValidateDocumentsOptions {
  /** Treat "may exist in the cluster" findings as errors. */
  strict?: boolean;
}

function place(doc: ParsedDocument, f: ObjectFinding, at = f.field): Finding {
  const pos = at !== "" ? doc.locate?.(at) : undefined;
  return { ...f, file: doc.file, line: pos?.line ?? doc.line, column: pos?.column ?? doc.column };
}

/** `kind: List` (as `kubectl get -o yaml` prints) stands for its items; each item is located inside it. */
function expandLists(docs: ParsedDocument[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const d of docs) {
    const items = d.object["items"];
    const kind = d.object["kind"];
    if (
      d.object["apiVersion"] === "v1" &&
      typeof kind === "string" &&
      kind.endsWith("List") &&
      Array.isArray(items)
    ) {
      items.forEach((item, i) => {
        const at = d.locate?.(`items[${i}]`);
        const object = isRecord(item) ? item : { value: item };
        out.push({
          ...d,
          object,
          line: at?.line ?? d.line,
          column: at?.column ?? d.column,
          locate: (path: string) => d.locate?.(`items[${i}]${path.startsWith("[") ? "" : "."}${path}`),
        });
      });
    } else out.push(d);
  }
  return out;
}

/** Per-object webhook rules plus the cross-document checks, each finding placed at its source line. */
export function validateDocuments(input: ParsedDocument[], opts: ValidateDocumentsOptions = {}): Finding[] {
  const out: Finding[] = [];
  const docs = expandLists(input);
  for (const doc of docs) {
    for (const f of validateObject(doc.object)) out.push(place(doc, f));
  }
  for (const { doc, finding, at } of crossDocumentChecks(docs, opts.strict === true))
    out.push(place(doc, finding, at));
  return out;
}
