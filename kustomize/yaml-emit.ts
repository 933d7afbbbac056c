/**
 * Serializes one object the way `kustomize build` prints it: the object goes through JSON and
 * sigs.k8s.io/yaml (go-yaml v2), so keys come out in go-yaml v2's key order, scalars get
 * go-yaml v2's quoting, long plain and quoted strings fold at column 80, multi-line strings are
 * literal blocks, and sequences sit at their parent key's indentation. This follows the
 * libyaml emitter's rules (the port go-yaml v2 carries) for the subset JSON data can reach.
 */
import { isBase60Float, v2ResolvesNonString } from "./go-scalar.ts";
import { isMap, type Value, type ValueMap } from "./value.ts";

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

type Style = "plain" | "single" | "double" | "literal";

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}
function isBlankZ(c: number | undefined): boolean {
  return c === undefined || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

function analyze(cps: number[]): Analysis {
  if (cps.length === 0)
    return { multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const s = String.fromCodePoint(...cps.slice(0, 3));
  if (s === "---" || s === "...") {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  let followedByWs = isBlankZ(cps[1]);
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowInd = true;
        blockInd = true;
      }
      if (ch === "?" || ch === ":") {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === "-" && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else {
      if (",?[]{}".includes(ch)) flowInd = true;
      if (ch === ":") {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === "#" && precededByWs) {
        flowInd = true;
        blockInd = true;
      }
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankZ(c);
    followedByWs = isBlankZ(cps[i + 2]);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
    a.block = false;
  }
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

const LETTER = /\p{L}/u;

function isLetterCode(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER.test(String.fromCodePoint(c));
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** go-yaml v2's key order: numbers inside keys compare by value, letters after non-letters. */
export function v2KeyLess(a: string, b: string): boolean {
  // Keys without surrogate pairs can be compared by UTF-16 code units (one per rune).
  const ar = /[\ud800-\udfff]/.test(a) ? codePoints(a) : null;
  const br = /[\ud800-\udfff]/.test(b) ? codePoints(b) : null;
  const al = ar ? ar.length : a.length;
  const bl = br ? br.length : b.length;
  const at = (i: number) => (ar ? ar[i]! : a.charCodeAt(i));
  const bt = (i: number) => (br ? br[i]! : b.charCodeAt(i));
  const isDigit = (c: number) => c >= 48 && c <= 57;
  for (let i = 0; i < al && i < bl; i++) {
    const x = at(i);
    const y = bt(i);
    if (x === y) continue;
    const xl = isLetterCode(x);
    const yl = isLetterCode(y);
    if (xl && yl) return x < y;
    if (xl || yl) return yl;
    let an = 0;
    let bn = 0;
    if (x === 48 || y === 48) {
      for (let j = i - 1; j >= 0 && isDigit(at(j)); j--) {
        if (at(j) !== 48) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    // Go accumulates in int64; keys never carry digit runs long enough for that to matter here.
    for (; ai < al && isDigit(at(ai)); ai++) an = an * 10 + (at(ai) - 48);
    for (; bi < bl && isDigit(bt(bi)); bi++) bn = bn * 10 + (bt(bi) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return al < bl;
}

const SIMPLE_KEY = /^[a-z]+$/;
const LETTERS_ONLY = /^[A-Za-z]+$/;
const SPACES = Array.from({ length: 64 }, (_, i) => " ".repeat(i));
const SIMPLE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const PLAIN_TEXT = /^[A-Za-z0-9_/(][A-Za-z0-9 _./:,()=+@-]*[A-Za-z0-9_./)=+@-]$/;
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path for the common all-lowercase-ASCII-letter keys, where v2's order is plain code order.
  if (SIMPLE_KEY.test(a) && SIMPLE_KEY.test(b)) return a < b ? -1 : 1;
  return v2KeyLess(a, b) ? -1 : v2KeyLess(b, a) ? 1 : 0;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64): shortest digits, %e when exp < -4 || exp >= 6. */
function goFormatG(f: number): string {
  if (f === 0) return "0";
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(f.toExponential())!;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? "");
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${"0".repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/**
 * How a number prints after kustomize's JSON round trip: json.Marshal writes integral floats
 * below 1e21 without a fraction, go-yaml v2 reads those back as integers when they fit int64
 * or uint64, and prints everything else with %g.
 */
export function formatNumber(v: number | bigint): string {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v === "bigint") {
    if (v >= INT64_MIN && v <= UINT64_MAX) return v.toString();
    return goFormatG(Number(v));
  }
  if (Number.isInteger(v) && Math.abs(v) < 1e21) {
    const b = BigInt(v);
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString();
  }
  return goFormatG(v);
}

function isSimpleKey(k: string): boolean {
  if (k.length <= 32 && !/[\n\r\u0085\u2028\u2029]/.test(k)) return true;
  if (Buffer.byteLength(k, "utf8") > 128) return false;
  return !/[\n\r\u0085\u2028\u2029]/.test(k);
}

function foldNel(s: string): string {
  return s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (m) => {
    const n = (m.match(/\u0085/g) ?? []).length;
    return n === 1 ? " " : "\n".repeat(n - 1);
  });
}

export class ControlCharacterError extends Error {
  override name = "ControlCharacterError";
}

class Emitter {
  out = "";
  column = 0;
  indent = -1;
  indents: number[] = [];
  whitespace = true;
  indention = true;

  put(s: string): void {
    this.out += s;
    this.column += s.length;
  }
  putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) {
      const n = indent - this.column;
      this.out += n < SPACES.length ? SPACES[n]! : " ".repeat(n);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(" ");
    this.put(ind);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  node(v: Value, ctx: { mapping: boolean; simpleKey: boolean }): void {
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.writeIndicator("[", true, true, false);
        this.writeIndicator("]", false, false, false);
        return;
      }
      this.increaseIndent(false, ctx.mapping && !this.indention);
      for (const item of v) {
        this.writeIndent();
        this.writeIndicator("-", true, false, true);
        this.node(item, { mapping: false, simpleKey: false });
      }
      this.popIndent();
      return;
    }
    if (isMap(v)) {
      this.mapping(v);
      return;
    }
    if (v === null) return this.scalar("null", "plain", ctx.simpleKey);
    if (typeof v === "boolean") return this.scalar(v ? "true" : "false", "plain", ctx.simpleKey);
    if (typeof v === "number" || typeof v === "bigint")
      return this.scalar(formatNumber(v), "plain", ctx.simpleKey);
    this.stringScalar(v, ctx.simpleKey);
  }

  mapping(m: ValueMap): void {
    const keys = Object.keys(m);
    if (keys.length === 0) {
      this.writeIndicator("{", true, true, false);
      this.writeIndicator("}", false, false, false);
      return;
    }
    // For keys of letters only go-yaml v2's order is plain code-unit order.
    if (keys.every((k) => LETTERS_ONLY.test(k))) keys.sort();
    else keys.sort(compareKeys);
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      if (isSimpleKey(k)) {
        this.stringScalar(k, true);
        this.writeIndicator(":", false, false, false);
      } else {
        // libyaml's complex key form for keys over 128 bytes or spanning lines.
        this.writeIndicator("?", true, false, true);
        this.stringScalar(k, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(m[k] as Value, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  stringScalar(raw: string, simpleKey: boolean): void {
    // Fast path: short words that are plain and cannot fold (the bulk of any manifest).
    // The second form: plain text with inner spaces or colons that ends before column 80, so it
    // cannot fold, and holds no ": " or " #" (which would need quotes).
    if (
      (raw.length <= 64 && SIMPLE_PLAIN.test(raw) && !v2ResolvesNonString(raw)) ||
      (this.column + 1 + raw.length <= BEST_WIDTH &&
        PLAIN_TEXT.test(raw) &&
        !raw.includes(": ") &&
        !raw.includes(" #") &&
        !v2ResolvesNonString(raw) &&
        !isBase60Float(raw))
    ) {
      if (!this.whitespace) {
        this.out += " ";
        this.column++;
      }
      this.out += raw;
      this.column += raw.length;
      this.whitespace = false;
      this.indention = false;
      return;
    }
    // Go's JSON keeps U+0085 raw and go-yaml, re-reading that JSON, folds it like a line break.
    const s = raw.includes("\u0085") ? foldNel(raw) : raw;
    let style: Style;
    if (s.includes("\n")) style = "literal";
    else if (!v2ResolvesNonString(s) && !isBase60Float(s)) style = "plain";
    else style = "double";
    this.scalar(s, style, simpleKey);
  }

  scalar(s: string, requested: Style, simpleKey: boolean): void {
    const cps = Array.from(s, (c) => c.codePointAt(0)!);
    for (const c of cps) {
      // JSON carries these raw, and go-yaml's reader rejects them when kustomize re-reads the JSON.
      if (
        (c >= 0x7f && c <= 0x9f && c !== 0x85) ||
        (c >= 0xd800 && c <= 0xdfff) ||
        c === 0xfffe ||
        c === 0xffff
      ) {
        throw new ControlCharacterError("yaml: control characters are not allowed");
      }
    }
    const a = analyze(cps);
    let style = requested;
    if (style === "plain") {
      if (!a.blockPlain) style = "single";
      if (cps.length === 0 && simpleKey) style = "single";
    }
    if (style === "single" && !a.single) style = "double";
    if (style === "literal" && (!a.block || simpleKey)) style = "double";
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === "plain") this.writePlain(cps, allowBreaks);
    else if (style === "single") this.writeSingle(cps, allowBreaks);
    else if (style === "double") this.writeDouble(cps, allowBreaks);
    else this.writeLiteral(cps);
    this.popIndent();
  }

  writePlain(cps: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.put(" ");
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
    }
  }

  writeSingle(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i !== 0 &&
          i !== cps.length - 1 &&
          cps[i + 1] !== 0x20
        ) {
          this.writeIndent();
        } else {
          this.put(" ");
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
  }

  writeDouble(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    // go-yaml v2's is_bom looks at the start of the value, not the current character, so a
    // leading BOM makes it escape every character.
    const bom = cps[0] === 0xfeff;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (bom || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        const esc: Record<number, string> = {
          0x00: "0",
          0x07: "a",
          0x08: "b",
          0x09: "t",
          0x0a: "n",
          0x0b: "v",
          0x0c: "f",
          0x0d: "r",
          0x1b: "e",
          0x22: '"',
          0x5c: "\\",
          0x85: "N",
          0xa0: "_",
          0x2028: "L",
          0x2029: "P",
        };
        const e = esc[c];
        if (e !== undefined) this.put("\\" + e);
        else if (c <= 0xff) this.put("\\x" + c.toString(16).toUpperCase().padStart(2, "0"));
        else if (c <= 0xffff) this.put("\\u" + c.toString(16).toUpperCase().padStart(4, "0"));
        else this.put("\\U" + c.toString(16).toUpperCase().padStart(8, "0"));
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
          this.writeIndent();
          if (cps[i + 1] === 0x20) this.put("\\");
        } else {
          this.put(" ");
        }
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  writeLiteral(cps: number[]): void {
    this.writeIndicator("|", true, false, false);
    const first = cps[0];
    if (first !== undefined && (first === 0x20 || isBreak(first))) {
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    }
    let chomp = "";
    const n = cps.length;
    if (n === 0) chomp = "-";
    else if (!isBreak(cps[n - 1]!)) chomp = "-";
    else if (n === 1) chomp = "+";
    else if (isBreak(cps[n - 2]!)) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** One object as `kustomize build` prints it (ends with a newline). */
export function emitObject(obj: ValueMap): string {
  const e = new Emitter();
  e.node(obj, { mapping: false, simpleKey: false });
  e.writeIndent();
  return e.out;
}

/** The whole `kustomize build` stream. */
export function emitStream(objs: readonly ValueMap[]): string {
  return objs.map(emitObject).join("---\n");
}
