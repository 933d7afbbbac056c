/** Go's strconv.Quote / QuoteRune (what `%q` prints), so error texts that embed values match Go's byte for byte. */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function isGoPrint(cp: number): boolean {
  return cp === 0x20 || PRINTABLE.test(String.fromCodePoint(cp));
}

function escapeRune(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return `\\${String.fromCodePoint(cp)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return "\\ufffd"; // a lone surrogate is invalid UTF-8 in Go
  if (isGoPrint(cp)) return String.fromCodePoint(cp);
  const named: Record<number, string> = {
    7: "\\a",
    8: "\\b",
    12: "\\f",
    10: "\\n",
    13: "\\r",
    9: "\\t",
    11: "\\v",
  };
  const n = named[cp];
  if (n !== undefined) return n;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** `%q` of a Go string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0) ?? 0, 0x22);
  return `${out}"`;
}

/** `%q` of a Go rune. */
export function goQuoteRune(cp: number): string {
  return `'${escapeRune(cp, 0x27)}'`;
}
