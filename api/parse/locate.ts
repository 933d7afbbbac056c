import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** Split `spec.dnsNames[0]` (or `spec.additionalOutputFormats[type]`) into path segments. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

/**
 * Build a locator for one document's text. Parsing with the `yaml` package is slow, so this runs
 * only for documents that have findings. Missing fields resolve to their nearest existing parent.
 */
export function makeLocator(
  chunk: string,
  startLine: number,
): (path: string) => { line: number; column: number } | undefined {
  let parsed: { doc: ReturnType<typeof parseDocument>; lc: LineCounter } | undefined;
  return (path: string) => {
    try {
      if (!parsed) {
        const lc = new LineCounter();
        const doc = parseDocument(chunk, { lineCounter: lc, uniqueKeys: false, strict: false });
        parsed = { doc, lc };
      }
      const { doc, lc } = parsed;
      let node: unknown = doc.contents;
      let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
      for (const seg of pathSegments(path)) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) break;
          const k = pair.key as Node;
          offset = k.range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof seg === "number") {
          const item = node.items[seg] as Node | undefined;
          if (!item) break;
          offset = item.range?.[0] ?? offset;
          node = item;
        } else break;
      }
      if (offset === undefined) return undefined;
      const pos = lc.linePos(offset);
      return { line: startLine + pos.line - 1, column: pos.col };
    } catch {
      return undefined;
    }
  };
}
