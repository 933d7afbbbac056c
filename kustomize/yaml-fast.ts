/**
 * A fast reader for the YAML that Kubernetes manifests are made of (block mappings and
 * sequences, plain/quoted/literal scalars, one-line flow collections, comments). Anything
 * outside that subset (anchors, tags, folded or multi-line flow scalars, odd indentation)
 * raises Unsupported and the caller falls back to the full `yaml` parser, so results never
 * differ from it; this reader only exists because the full parser is too slow for 4,000-object
 * overlays.
 */
import type { ResolveV3 } from "./go-scalar.ts";
import type { Value, ValueMap } from "./value.ts";

export class Unsupported extends Error {
  override name = "Unsupported";
}

/** Input kustomize rejects (not merely input this reader does not handle). */
export class YamlInputError extends Error {
  override name = "YamlInputError";
}

export type Mode = "root" | "metadata" | "annotations" | "annotationValue" | "other";

interface Line {
  indent: number;
  text: string; // content after the indentation
  no: number; // 1-based line number
}

const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

function childMode(mode: Mode, key: string): Mode {
  if (mode === "root" && key === "metadata") return "metadata";
  if (mode === "metadata" && key === "annotations") return "annotations";
  if (mode === "annotations") return "annotationValue";
  return "other";
}

/** Strips a trailing " # comment" from plain text; returns the trimmed scalar text. */
function stripComment(s: string): string {
  let end = s.length;
  const h = s.indexOf("#");
  if (h > 0) {
    const i = s.search(/[ \t]#/);
    if (i >= 0) end = i;
  }
  while (end > 0 && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  return end === s.length ? s : s.slice(0, end);
}

function trimLeadingSpaces(s: string): string {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  return i === 0 ? s : s.slice(i);
}

function isBlankOrComment(t: string): boolean {
  return t === "" || t[0] === "#";
}

function hex(s: string, i: number, n: number): number {
  const h = s.slice(i, i + n);
  if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) unsupported("bad escape");
  return parseInt(h, 16);
}

/** Parses a quoted scalar starting at s[i]; returns the value and the index after it. */
function parseQuoted(s: string, i: number): [string, number] {
  const q = s[i];
  let out = "";
  let j = i + 1;
  if (q === "'") {
    for (;;) {
      const k = s.indexOf("'", j);
      if (k < 0) return unsupported("multi-line single-quoted scalar");
      out += s.slice(j, k);
      if (s[k + 1] === "'") {
        out += "'";
        j = k + 2;
        continue;
      }
      return [out, k + 1];
    }
  }
  for (;;) {
    if (j >= s.length) return unsupported("multi-line double-quoted scalar");
    const c = s[j]!;
    if (c === '"') return [out, j + 1];
    if (c !== "\\") {
      out += c;
      j++;
      continue;
    }
    const e = s[j + 1];
    j += 2;
    switch (e) {
      case "0":
        out += "\0";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "t":
      case "\t":
        out += "\t";
        break;
      case "n":
        out += "\n";
        break;
      case "v":
        out += "\v";
        break;
      case "f":
        out += "\f";
        break;
      case "r":
        out += "\r";
        break;
      case "e":
        out += "\x1b";
        break;
      case " ":
        out += " ";
        break;
      case '"':
        out += '"';
        break;
      case "/":
        out += "/";
        break;
      case "\\":
        out += "\\";
        break;
      case "N":
        out += "\u0085";
        break;
      case "_":
        out += "\u00a0";
        break;
      case "L":
        out += "\u2028";
        break;
      case "P":
        out += "\u2029";
        break;
      case "x":
        out += String.fromCodePoint(hex(s, j, 2));
        j += 2;
        break;
      case "u":
        out += String.fromCodePoint(hex(s, j, 4));
        j += 4;
        break;
      case "U":
        out += String.fromCodePoint(hex(s, j, 8));
        j += 8;
        break;
      default:
        return unsupported("escape");
    }
  }
}

/** After a scalar or flow node, only whitespace and a comment may follow on the line. */
function expectLineEnd(s: string, i: number): void {
  const rest = s.slice(i);
  if (rest.trim() === "") return;
  if (/^[ \t]+#/.test(rest)) return;
  unsupported("trailing content");
}

class FlowParser {
  s: string;
  i = 0;
  resolve: (t: string) => ResolveV3;
  checkKeys: boolean;
  constructor(s: string, resolve: (t: string) => ResolveV3, checkKeys: boolean) {
    this.s = s;
    this.resolve = resolve;
    this.checkKeys = checkKeys;
  }
  ws(): void {
    while (this.s[this.i] === " " || this.s[this.i] === "\t") this.i++;
  }
  node(): Value {
    this.ws();
    const c = this.s[this.i];
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    if (c === '"' || c === "'") {
      const [v, j] = parseQuoted(this.s, this.i);
      this.i = j;
      return v;
    }
    return this.plain();
  }
  plainText(): string {
    const start = this.i;
    const c = this.s[this.i];
    if (c === undefined || "&*!|>%@`#,]}".includes(c)) unsupported("flow indicator");
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === "," || ch === "]" || ch === "}" || ch === "[" || ch === "{") break;
      if (
        ch === ":" &&
        (this.s[this.i + 1] === " " ||
          this.s[this.i + 1] === "," ||
          this.s[this.i + 1] === "}" ||
          this.s[this.i + 1] === "]" ||
          this.i + 1 >= this.s.length)
      )
        break;
      if (ch === "#" && (this.s[this.i - 1] === " " || this.s[this.i - 1] === "\t"))
        unsupported("comment in flow");
      this.i++;
    }
    return this.s.slice(start, this.i).trim();
  }
  plain(): Value {
    const t = this.plainText();
    const r = this.resolve(t);
    if (!r.ok) return unsupported(r.reason);
    return r.value;
  }
  seq(): Value[] {
    this.i++;
    const out: Value[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      if (this.i >= this.s.length) unsupported("multi-line flow");
      const v = this.node();
      this.ws();
      if (this.s[this.i] === ":") unsupported("flow pair in sequence");
      out.push(v);
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "]") unsupported("flow sequence");
    }
  }
  map(): ValueMap {
    this.i++;
    const out: ValueMap = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      if (this.i >= this.s.length) unsupported("multi-line flow");
      let key: string;
      const c = this.s[this.i];
      if (c === '"' || c === "'") {
        const [k, j] = parseQuoted(this.s, this.i);
        key = k;
        this.i = j;
      } else {
        key = this.plainText();
        const r = this.resolve(key);
        if (this.checkKeys && (!r.ok || typeof r.value !== "string"))
          throw new YamlInputError(`mapping key "${key}" is not a string`);
      }
      this.ws();
      let v: Value = null;
      if (this.s[this.i] === ":") {
        this.i++;
        this.ws();
        if (this.s[this.i] !== "," && this.s[this.i] !== "}") v = this.node();
      }
      if (key in out) unsupported("duplicate key");
      out[key] = v;
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") unsupported("flow mapping");
    }
  }
}

class BlockParser {
  lines: Line[];
  i = 0;
  resolve: (t: string) => ResolveV3;
  /** kyaml input: keys that resolve to non-strings make kustomize's JSON conversion fail. */
  checkKeys: boolean;
  constructor(lines: Line[], resolve: (t: string) => ResolveV3, checkKeys: boolean) {
    this.lines = lines;
    this.resolve = resolve;
    this.checkKeys = checkKeys;
  }

  /** Index of the next line with content, skipping blank and comment lines. */
  peek(): Line | undefined {
    while (this.i < this.lines.length && isBlankOrComment(this.lines[this.i]!.text)) this.i++;
    return this.lines[this.i];
  }

  scalarText(text: string, mode: Mode): Value {
    if (mode === "annotationValue") return text;
    const r = this.resolve(text);
    if (!r.ok) return unsupported(r.reason);
    return r.value;
  }

  /** A value that starts on the current line after an indicator (`key: ` or `- `). */
  inlineValue(rest: string, parentIndent: number, mode: Mode): Value {
    const c = rest[0]!;
    if (c === "|" || c === ">") return this.blockScalar(rest, parentIndent);
    if (c === "[" || c === "{") {
      const fp = new FlowParser(rest, this.resolve, this.checkKeys);
      const v = fp.node();
      expectLineEnd(rest, fp.i);
      if (mode === "annotationValue") unsupported("flow annotation value");
      this.i++;
      return v;
    }
    if (c === '"' || c === "'") {
      const [v, j] = parseQuoted(rest, 0);
      expectLineEnd(rest, j);
      this.i++;
      this.noContinuation(parentIndent);
      return v;
    }
    if ("&*!%@`?,]}".includes(c)) unsupported("indicator");
    const text = stripComment(rest);
    if (text.includes(": ") || text.endsWith(":") || text.includes("\t")) unsupported("plain with colon");
    this.i++;
    this.noContinuation(parentIndent);
    return this.scalarText(text, mode);
  }

  /** A more-indented line after a one-line scalar would continue it (multi-line plain): unsupported. */
  noContinuation(parentIndent: number): void {
    const next = this.peek();
    if (next && next.indent > parentIndent) unsupported("multi-line scalar");
  }

  blockScalar(header: string, parentIndent: number): string {
    const m = /^([|>])([1-9]?)([-+]?)([1-9]?)(?:[ \t]+#.*)?[ \t]*$/.exec(header);
    if (!m || m[1] === ">") return unsupported("folded or odd block scalar");
    const explicit = Number(m[2] || m[4] || 0);
    const chomp = m[3];
    this.i++;
    let contentIndent = explicit ? parentIndent + explicit : -1;
    if (parentIndent < 0 && explicit) contentIndent = explicit;
    const raw: string[] = [];
    const lines = this.lines;
    while (this.i < lines.length) {
      const l = lines[this.i]!;
      const blank = l.text.trim() === "";
      if (blank) {
        raw.push(" ".repeat(l.indent) + l.text);
        this.i++;
        continue;
      }
      if (contentIndent < 0) {
        if (l.indent <= parentIndent) break;
        // Leading blank lines longer than the content indentation are an error in YAML.
        if (raw.some((r) => r.length > l.indent)) unsupported("block scalar leading spaces");
        contentIndent = l.indent;
      }
      if (l.indent < contentIndent) break;
      raw.push(" ".repeat(l.indent) + l.text);
      this.i++;
    }
    if (contentIndent < 0) contentIndent = Number.MAX_SAFE_INTEGER;
    // Trailing blank lines belong to the scalar only for chomping.
    let end = raw.length;
    while (end > 0 && raw[end - 1]!.trim() === "") end--;
    const body = raw.slice(0, end).map((r) => (r.length > contentIndent ? r.slice(contentIndent) : ""));
    const trailing = raw.length - end;
    if (body.length === 0) return chomp === "+" ? "\n".repeat(trailing) : "";
    const text = body.join("\n");
    if (chomp === "-") return text;
    if (chomp === "+") return text + "\n" + "\n".repeat(trailing);
    return text + "\n";
  }

  node(minIndent: number, mode: Mode): Value {
    const l = this.peek();
    if (!l || l.indent < minIndent) return null;
    if (l.text === "---" || l.text.startsWith("--- ") || l.text === "..." || l.text.startsWith("... "))
      return null;
    if (l.text === "-" || l.text.startsWith("- ")) return this.seq(l.indent);
    if (keyOf(l.text) !== undefined) return this.map(l.indent, mode);
    // A lone scalar on its own line (a document that is just a scalar).
    return this.inlineValue(l.text, l.indent - 1, mode);
  }

  seq(indent: number): Value[] {
    const out: Value[] = [];
    for (;;) {
      const l = this.peek();
      if (!l || l.indent !== indent || !(l.text === "-" || l.text.startsWith("- "))) {
        if (l && l.indent > indent) unsupported("bad sequence indentation");
        return out;
      }
      if (l.indent === 0 && (l.text === "---" || l.text.startsWith("--- "))) return out;
      const rest = l.text.slice(1).replace(/^[ ]+/, "");
      if (l.text.slice(1).startsWith("\t")) unsupported("tab");
      if (rest === "" || rest[0] === "#") {
        this.i++;
        out.push(this.node(indent + 1, "other"));
        continue;
      }
      const col = indent + (l.text.length - rest.length);
      if (rest === "-" || rest.startsWith("- ") || keyOf(rest) !== undefined) {
        // Re-read the rest of the line as a node starting at its own column.
        this.lines[this.i] = { indent: col, text: rest, no: l.no };
        out.push(this.node(col, "other"));
        continue;
      }
      out.push(this.inlineValue(rest, indent, "other"));
    }
  }

  map(indent: number, mode: Mode): ValueMap {
    const out: ValueMap = {};
    for (;;) {
      const l = this.peek();
      if (!l || l.indent !== indent) {
        if (l && l.indent > indent) unsupported("bad mapping indentation");
        return out;
      }
      if (
        l.indent === 0 &&
        (l.text === "---" || l.text.startsWith("--- ") || l.text === "..." || l.text.startsWith("... "))
      )
        return out;
      const k = keyOf(l.text);
      if (k === undefined) {
        if (l.text === "-" || l.text.startsWith("- ")) return out; // a sequence at the parent's level
        return unsupported("not a key");
      }
      const [key, restRaw] = k;
      if (this.checkKeys && l.text[0] !== '"' && l.text[0] !== "'") {
        const r = this.resolve(key);
        if (!r.ok || typeof r.value !== "string") {
          throw new YamlInputError(
            `line ${l.no}: mapping key "${key}" is not a string (json: unsupported type: map[interface {}]interface {})`,
          );
        }
      }
      if (key in out) unsupported("duplicate key");
      if (key === "<<") unsupported("merge key");
      const cm = childMode(mode, key);
      const rest = trimLeadingSpaces(restRaw);
      if (rest.charCodeAt(0) === 9) unsupported("tab");
      if (rest === "" || rest[0] === "#") {
        this.i++;
        const next = this.peek();
        if (next && next.indent > indent) out[key] = this.node(indent + 1, cm);
        else if (
          next &&
          next.indent === indent &&
          (next.text === "-" || next.text.startsWith("- ")) &&
          !(indent === 0 && next.text.startsWith("---"))
        )
          out[key] = this.seq(indent);
        else out[key] = cm === "annotationValue" ? "" : null;
        continue;
      }
      out[key] = this.inlineValue(rest, indent, cm);
    }
  }
}

/** Splits `key: rest` (or `key:` at end of line); undefined when the line is not a mapping entry. */
function keyOf(text: string): [string, string] | undefined {
  const c = text[0];
  if (c === '"' || c === "'") {
    let parsed: [string, number];
    try {
      parsed = parseQuoted(text, 0);
    } catch {
      return undefined;
    }
    const [k, j] = parsed;
    const after = text.slice(j).replace(/^[ ]+/, "");
    if (after === ":" || after.startsWith(": ")) return [k, after.slice(1)];
    return undefined;
  }
  if (c === undefined || "-?:,[]{}#&*!|>%@`".includes(c)) {
    if (c === "-" && text.length > 1 && text[1] !== " ") {
      // "-foo: bar" is a plain key
    } else if (c === "?" || c === ":") {
      if (text.length > 1 && text[1] !== " ") {
        // "?x" / ":x" plain
      } else return undefined;
    } else return undefined;
  }
  let idx = text.indexOf(": ");
  if (idx < 0) {
    if (text.charCodeAt(text.length - 1) !== 58) return undefined;
    idx = text.indexOf(":");
    while (idx >= 0 && idx !== text.length - 1 && text[idx + 1] !== " ") idx = text.indexOf(":", idx + 1);
    if (idx < 0) return undefined;
  } else {
    const first = text.indexOf(":");
    if (first < idx) {
      // "a:b: c" – the first ": " decides; a colon not followed by space is part of the key.
    }
  }
  const key = text.slice(0, idx);
  if (key.includes("#") && /[ \t]#/.test(key)) return undefined;
  if (key.endsWith(" ") || key.endsWith("\t")) unsupported("space before colon");
  return [key, text.slice(idx + 1)];
}

export interface FastDoc {
  value: Value;
  line: number;
}

/** Parses a stream, or throws Unsupported. */
export function parseFast(text: string, resolve: (t: string) => ResolveV3, rootMode: Mode): FastDoc[] {
  if (text.includes("\t") && /^[ ]*\t/m.test(text)) unsupported("tab indentation");
  if (text.charCodeAt(0) === 0xfeff) unsupported("bom");
  if (/^%/m.test(text)) unsupported("directive");
  // go-yaml treats these as line breaks inside scalars; leave them to the full parser.
  if (/[\u0085\u2028\u2029]/.test(text)) unsupported("unicode line separators");
  const rawLines = text.split("\n");
  // The newline that ends the last line does not start another one.
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === "") rawLines.pop();
  const lines: Line[] = new Array(rawLines.length);
  for (let n = 0; n < rawLines.length; n++) {
    let s = rawLines[n]!;
    if (s.endsWith("\r")) s = s.slice(0, -1);
    let ind = 0;
    while (s.charCodeAt(ind) === 32) ind++;
    lines[n] = { indent: ind, text: s.slice(ind), no: n + 1 };
  }
  const p = new BlockParser(lines, resolve, rootMode === "root");
  const docs: FastDoc[] = [];
  for (;;) {
    const l = p.peek();
    if (!l) break;
    if (
      l.indent === 0 &&
      (l.text === "---" || /^---[ \t]+#/.test(l.text) || l.text === "..." || /^\.\.\.[ \t]+#/.test(l.text))
    ) {
      p.i++;
      continue;
    }
    if (l.indent === 0 && l.text.startsWith("--- ")) unsupported("content after document marker");
    const line = l.no;
    const value = p.node(0, rootMode);
    const after = p.peek();
    if (
      after &&
      !(
        after.indent === 0 &&
        (after.text === "---" || after.text.startsWith("---") || after.text.startsWith("..."))
      )
    )
      unsupported("trailing content in document");
    docs.push({ value, line });
  }
  return docs;
}
