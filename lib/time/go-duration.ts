/** Go `time.ParseDuration` / `Duration.String`, because cert-manager durations are Go durations. */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds as a number (exact enough below 2^53 ns ≈ 104 days · 1000; we only compare). */
export type ParsedDuration = { ok: true; ns: number } | { ok: false; error: string };

export function parseGoDuration(input: string): ParsedDuration {
  const orig = input;
  let s = input;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, ns: 0 };
  if (s === "") return { ok: false, error: `time: invalid duration ${JSON.stringify(orig)}` };
  let total = 0;
  while (s !== "") {
    const m = /^([0-9]*)(\.[0-9]*)?/.exec(s);
    const intPart = m?.[1] ?? "";
    const frac = m?.[2] ?? "";
    if (intPart === "" && (frac === "" || frac === ".")) {
      return { ok: false, error: `time: invalid duration ${JSON.stringify(orig)}` };
    }
    s = s.slice(intPart.length + frac.length);
    const u = /^[^0-9.]+/.exec(s)?.[0] ?? "";
    if (u === "") return { ok: false, error: `time: missing unit in duration ${JSON.stringify(orig)}` };
    const mult = UNIT_NS[u];
    if (mult === undefined) {
      return {
        ok: false,
        error: `time: unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(orig)}`,
      };
    }
    s = s.slice(u.length);
    total += Number(`${intPart || "0"}${frac === "." ? "" : frac}`) * mult;
  }
  if (total >= 2 ** 63) return { ok: false, error: `time: invalid duration ${JSON.stringify(orig)}` };
  return { ok: true, ns: neg ? -total : total };
}

/** Go's Duration.String() for whole-nanosecond values, e.g. 2160h0m0s, 30m0s, 1.5s. */
export function formatGoDuration(nsIn: number): string {
  if (nsIn === 0) return "0s";
  const neg = nsIn < 0;
  let ns = Math.round(Math.abs(nsIn));
  let out: string;
  if (ns < 1e9) {
    if (ns < 1e3) out = `${ns}ns`;
    else if (ns < 1e6) out = `${trimFrac(ns / 1e3)}µs`;
    else out = `${trimFrac(ns / 1e6)}ms`;
  } else {
    const h = Math.floor(ns / 3600e9);
    ns -= h * 3600e9;
    const m = Math.floor(ns / 60e9);
    ns -= m * 60e9;
    const sec = trimFrac(ns / 1e9);
    out = h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
  }
  return neg ? `-${out}` : out;
}

function trimFrac(n: number): string {
  return Number(n.toFixed(9)).toString();
}
