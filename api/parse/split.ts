/** One YAML document's text inside a stream, with where it starts. */
export interface DocumentChunk {
  text: string;
  /** 1-based line of the chunk's first character in the file. */
  startLine: number;
}

function isMarkerAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 45)
    return false;
  const c = text.charCodeAt(i + 3);
  // end of text, space, tab, CR or LF
  return Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf("\n", from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf("\n", i + 1);
  }
  return n;
}

/**
 * Split a YAML stream at `---` lines. YAML forbids a document marker at column 0 inside any
 * scalar, so a line-based split is exact and lets one broken document not spoil the others.
 */
export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let line = 1;
  let search = 0;
  if (isMarkerAt(text, 0)) search = 3;
  for (;;) {
    let i = text.indexOf("\n---", search);
    while (i !== -1 && !isMarkerAt(text, i + 1)) i = text.indexOf("\n---", i + 4);
    const end = i === -1 ? text.length : i + 1;
    chunks.push({ text: text.slice(start, end), startLine: line });
    if (i === -1) break;
    line += countNewlines(text, start, end);
    start = end;
    search = end + 3;
  }
  return chunks;
}

/** 1-based line (relative to the chunk) of the first line with content: not blank, comment, directive or marker. */
export function firstContentLine(chunk: string): { line: number; column: number } {
  let line = 1;
  let pos = 0;
  while (pos <= chunk.length) {
    const nl = chunk.indexOf("\n", pos);
    const raw = chunk.slice(pos, nl === -1 ? chunk.length : nl);
    let body = raw;
    if (isMarkerAt(raw + "\n", 0)) body = raw.slice(3);
    const trimmed = body.trim();
    if (trimmed !== "" && !trimmed.startsWith("#") && !raw.startsWith("%")) {
      return { line, column: raw.length - raw.trimStart().length + 1 };
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  return { line: 1, column: 1 };
}
