/**
 * Go's net/mail.ParseAddress, rewritten rule for rule, because cert-manager's webhook puts its error
 * text into `spec.emailAddresses[i]` findings (`invalid email address: mail: no angle-addr`).
 * Follows Go 1.23+ (domain literals, `missing '@' or angle-addr`).
 */
import { isIP } from "node:net";
import { goQuote, goQuoteRune } from "./goquote.ts";

export type MailResult = { ok: true; name: string; address: string } | { ok: false; error: string };

class ParseError extends Error {}

interface Address {
  name: string;
  address: string;
}

const isVchar = (r: number): boolean => (r >= 0x21 && r <= 0x7e) || r >= 0x80;
const isWSP = (r: number): boolean => r === 0x20 || r === 0x09;
const isQtext = (r: number): boolean => r !== 0x5c && r !== 0x22 && isVchar(r);
const isDtext = (r: number): boolean => r !== 0x5b && r !== 0x5d && r !== 0x5c && isVchar(r);
const SPECIALS = new Set([...'()<>[]:;@\\,"'].map((c) => c.charCodeAt(0)));

function isAtext(r: number, dot: boolean): boolean {
  if (r === 0x2e) return dot;
  if (SPECIALS.has(r)) return false;
  return isVchar(r);
}

const UNDECODABLE = Symbol("undecodable");

/** mime.WordDecoder.Decode for the charsets Go decodes itself; other charsets are a charset error. */
function decodeRFC2047(word: string): { word: string; encoded: boolean; charsetError?: string } {
  const m = /^=\?([^?]*)\?([^?]*)\?(.*)\?=$/s.exec(word);
  if (!m || word.length < 8) return { word, encoded: false };
  const [, charset = "", enc = "", text = ""] = m;
  if (charset === "" || enc.length !== 1) return { word, encoded: false };
  let content: Buffer | typeof UNDECODABLE;
  if (enc === "B" || enc === "b") {
    content =
      text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
        ? Buffer.from(text, "base64")
        : UNDECODABLE;
  } else if (enc === "Q" || enc === "q") content = qDecode(text);
  else return { word, encoded: false };
  if (content === UNDECODABLE) return { word, encoded: false };
  const cs = charset.toLowerCase();
  if (cs === "utf-8" || cs === "us-ascii") return { word: content.toString("utf8"), encoded: true };
  if (cs === "iso-8859-1") return { word: content.toString("latin1"), encoded: true };
  return { word, encoded: true, charsetError: `charset not supported: ${goQuote(charset)}` };
}

function qDecode(s: string): Buffer | typeof UNDECODABLE {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) out.push(0x20);
    else if (c === 0x3d) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return UNDECODABLE;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if ((c >= 0x20 && c <= 0x7e) || c === 0x0a || c === 0x0d || c === 0x09) out.push(c);
    else return UNDECODABLE;
  }
  return Buffer.from(out);
}

class AddrParser {
  s: string;
  constructor(s: string) {
    this.s = s;
  }

  empty(): boolean {
    return this.s.length === 0;
  }
  peek(): number {
    return this.s.charCodeAt(0);
  }
  consume(c: string): boolean {
    if (this.empty() || this.s[0] !== c) return false;
    this.s = this.s.slice(1);
    return true;
  }
  skipSpace(): void {
    this.s = this.s.replace(/^[ \t]+/, "");
  }
  /** Code point at i and its length in UTF-16 units (0 at the end, like utf8.DecodeRuneInString). */
  rune(i: number): [number, number] {
    const cp = this.s.codePointAt(i);
    if (cp === undefined) return [0, 0];
    return [cp, cp > 0xffff ? 2 : 1];
  }

  skipCFWS(): boolean {
    this.skipSpace();
    while (this.consume("(")) {
      if (!this.consumeComment().ok) return false;
      this.skipSpace();
    }
    return true;
  }

  consumeComment(): { comment: string; ok: boolean } {
    let depth = 1;
    let comment = "";
    while (!this.empty() && depth !== 0) {
      if (this.s[0] === "\\" && this.s.length > 1) this.s = this.s.slice(1);
      else if (this.s[0] === "(") depth++;
      else if (this.s[0] === ")") depth--;
      if (depth > 0) comment += this.s[0];
      this.s = this.s.slice(1);
    }
    return { comment, ok: depth === 0 };
  }

  parseSingleAddress(): Address {
    const addrs = this.parseAddress(true);
    if (!this.skipCFWS()) throw new ParseError("mail: misformatted parenthetical comment");
    if (!this.empty()) throw new ParseError(`mail: expected single address, got ${goQuote(this.s)}`);
    if (addrs.length === 0) throw new ParseError("mail: empty group");
    if (addrs.length > 1) throw new ParseError("mail: group with multiple addresses");
    return addrs[0] as Address;
  }

  parseAddress(handleGroup: boolean): Address[] {
    this.skipSpace();
    if (this.empty()) throw new ParseError("mail: no address");
    // addr-spec is tried first, then name-addr (Go does the same).
    const spec = this.tryAddrSpec();
    if (spec !== null) {
      let displayName = "";
      this.skipSpace();
      if (!this.empty() && this.s[0] === "(") displayName = this.consumeDisplayNameComment();
      return [{ name: displayName, address: spec }];
    }
    let displayName = "";
    if (this.s[0] !== "<") displayName = this.consumePhrase();
    this.skipSpace();
    if (handleGroup && this.consume(":")) return this.consumeGroupList();
    if (!this.consume("<")) {
      const atext = [...displayName].every((ch) => isAtext(ch.codePointAt(0) ?? 0, true));
      // "foo.bar" may have meant foo.bar@domain; "Full Name" can only have meant "Full Name <...>".
      throw new ParseError(atext ? "mail: missing '@' or angle-addr" : "mail: no angle-addr");
    }
    const inner = this.consumeAddrSpec();
    if (!this.consume(">")) throw new ParseError("mail: unclosed angle-addr");
    return [{ name: displayName, address: inner }];
  }

  consumeGroupList(): Address[] {
    const group: Address[] = [];
    this.skipSpace();
    if (this.consume(";")) {
      if (!this.skipCFWS()) throw new ParseError("mail: misformatted parenthetical comment");
      return group;
    }
    for (;;) {
      this.skipSpace();
      group.push(...this.parseAddress(false));
      if (!this.skipCFWS()) throw new ParseError("mail: misformatted parenthetical comment");
      if (this.consume(";")) {
        if (!this.skipCFWS()) throw new ParseError("mail: misformatted parenthetical comment");
        break;
      }
      if (!this.consume(",")) throw new ParseError("mail: expected comma");
    }
    return group;
  }

  tryAddrSpec(): string | null {
    try {
      return this.consumeAddrSpec();
    } catch (e) {
      if (e instanceof ParseError) return null;
      throw e;
    }
  }

  /** Restores the input on failure, like Go's deferred `*p = orig`. */
  consumeAddrSpec(): string {
    const orig = this.s;
    try {
      this.skipSpace();
      if (this.empty()) throw new ParseError("mail: no addr-spec");
      let localPart: string;
      if (this.s[0] === '"') {
        let qs = "";
        let err: ParseError | null = null;
        try {
          qs = this.consumeQuotedString();
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          err = e;
        }
        if (qs === "") err = new ParseError("mail: empty quoted string in addr-spec");
        if (err) throw err;
        localPart = qs;
      } else localPart = this.consumeAtom(true, false);
      if (!this.consume("@")) throw new ParseError("mail: missing @ in addr-spec");
      this.skipSpace();
      if (this.empty()) throw new ParseError("mail: no domain in addr-spec");
      const domain = this.s[0] === "[" ? this.consumeDomainLiteral() : this.consumeAtom(true, false);
      return `${localPart}@${domain}`;
    } catch (e) {
      this.s = orig;
      throw e;
    }
  }

  consumePhrase(): string {
    const words: string[] = [];
    let isPrevEncoded = false;
    let err: string | null = null;
    for (;;) {
      if (words.length > 0 && !this.skipCFWS())
        throw new ParseError("mail: misformatted parenthetical comment");
      this.skipSpace();
      if (this.empty()) break;
      let word = "";
      let isEncoded = false;
      try {
        if (this.s[0] === '"') word = this.consumeQuotedString();
        else {
          word = this.consumeAtom(true, true);
          const d = decodeRFC2047(word);
          if (d.charsetError !== undefined) throw new ParseError(d.charsetError);
          word = d.word;
          isEncoded = d.encoded;
        }
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        err = e.message;
        break;
      }
      if (isPrevEncoded && isEncoded) words[words.length - 1] += word;
      else words.push(word);
      isPrevEncoded = isEncoded;
    }
    if (err !== null && words.length === 0) throw new ParseError(`mail: missing word in phrase: ${err}`);
    return words.join(" ");
  }

  consumeQuotedString(): string {
    let i = 1;
    let qs = "";
    let escaped = false;
    for (;;) {
      const [r, size] = this.rune(i);
      if (size === 0) throw new ParseError("mail: unclosed quoted-string");
      if (escaped) {
        if (!isVchar(r) && !isWSP(r))
          throw new ParseError(`mail: bad character in quoted-string: ${goQuoteRune(r)}`);
        qs += String.fromCodePoint(r);
        escaped = false;
      } else if (isQtext(r) || isWSP(r)) qs += String.fromCodePoint(r);
      else if (r === 0x22) break;
      else if (r === 0x5c) escaped = true;
      else throw new ParseError(`mail: bad character in quoted-string: ${goQuoteRune(r)}`);
      i += size;
    }
    this.s = this.s.slice(i + 1);
    return qs;
  }

  consumeAtom(dot: boolean, permissive: boolean): string {
    let i = 0;
    for (;;) {
      const [r, size] = this.rune(i);
      if (size === 0 || !isAtext(r, dot)) break;
      i += size;
    }
    if (i === 0) throw new ParseError("mail: invalid string");
    const atom = this.s.slice(0, i);
    this.s = this.s.slice(i);
    if (!permissive) {
      if (atom.startsWith(".")) throw new ParseError("mail: leading dot in atom");
      if (atom.includes("..")) throw new ParseError("mail: double dot in atom");
      if (atom.endsWith(".")) throw new ParseError("mail: trailing dot in atom");
    }
    return atom;
  }

  consumeDomainLiteral(): string {
    if (!this.consume("[")) throw new ParseError('mail: missing "[" in domain-literal');
    let dtext = "";
    for (;;) {
      if (this.empty()) throw new ParseError("mail: unclosed domain-literal");
      if (this.s[0] === "]") break;
      const [r, size] = this.rune(0);
      if (!isDtext(r)) throw new ParseError(`mail: bad character in domain-literal: ${goQuoteRune(r)}`);
      dtext += this.s.slice(0, size);
      this.s = this.s.slice(size);
    }
    this.consume("]");
    if (dtext.startsWith("IPv6:")) {
      // net.ParseIP returns 16 bytes for IPv4 too, so Go accepts "IPv6:1.2.3.4".
      if (isIP(dtext.slice(5)) === 0)
        throw new ParseError(`mail: invalid IPv6 address in domain-literal: ${goQuote(dtext)}`);
    } else if (!isIPv4ForGo(dtext)) {
      throw new ParseError(`mail: invalid IP address in domain-literal: ${goQuote(dtext)}`);
    }
    return `[${dtext}]`;
  }

  consumeDisplayNameComment(): string {
    if (!this.consume("(")) throw new ParseError("mail: comment does not start with (");
    const { comment, ok } = this.consumeComment();
    if (!ok) throw new ParseError("mail: misformatted parenthetical comment");
    const words = comment.split(/[ \t]+/).filter((w) => w !== "");
    return words
      .map((w) => {
        const d = decodeRFC2047(w);
        if (d.charsetError !== undefined) throw new ParseError(d.charsetError);
        return d.encoded ? d.word : w;
      })
      .join(" ");
  }
}

/** net.ParseIP(s).To4() != nil: dotted IPv4, or an IPv4-mapped IPv6 address. */
function isIPv4ForGo(s: string): boolean {
  if (isIP(s) === 4) return true;
  return isIP(s) === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(s) && /^[0:]*ffff:/i.test(s);
}

/** Go net/mail.ParseAddress: the parsed name and address, or Go's error text. */
export function parseMailAddress(s: string): MailResult {
  try {
    const a = new AddrParser(s).parseSingleAddress();
    return { ok: true, name: a.name, address: a.address };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}
