/**
 * Standard cron schedules (five fields, as robfig/cron's ParseStandard reads them, which
 * cert-manager uses for renewal windows) evaluated in an IANA time zone.
 *
 *   minute hour day-of-month month day-of-week
 *
 * Fields take `*`, `?`, numbers, names (JAN–DEC, SUN–SAT), ranges `a-b`, steps `*\/n`, `a-b/n`,
 * `a/n` and lists `a,b`. When both day fields are restricted a day matches either (Vixie cron).
 * Descriptors: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>.
 */

import { parseGoDuration } from "../time/go-duration.ts";

export interface CronSchedule {
  /** The first activation strictly after `after`, or undefined if none within five years. */
  next(after: Date): Date | undefined;
}

interface Field {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTE: Field = { min: 0, max: 59 };
const HOUR: Field = { min: 0, max: 23 };
const DOM: Field = { min: 1, max: 31 };
const MONTH: Field = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Field = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** Descriptors are matched case-sensitively, as robfig/cron does. */
const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

interface ParsedField {
  set: boolean[];
  star: boolean;
}

// Error texts are robfig/cron's (with Go's strconv errors), since the webhook prints them.
function parseIntStrict(s: string): number | string {
  if (!/^-?[0-9]+$/.test(s))
    return `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  if (n < 0) return `negative number (${n}) not allowed: ${s}`;
  return n;
}

function parseIntOrName(s: string, f: Field): number | string {
  const n = f.names?.[s.toLowerCase()];
  return n !== undefined ? n : parseIntStrict(s);
}

/** One comma-separated term: `*`, `?`, `a`, `a-b`, each optionally `/step`. */
function parseRange(expr: string, f: Field, set: boolean[]): boolean | string {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  const isStar = lowAndHigh[0] === "*" || lowAndHigh[0] === "?";
  let start: number;
  let end: number;
  if (isStar) {
    start = f.min;
    end = f.max;
  } else {
    const a = parseIntOrName(lowAndHigh[0] ?? "", f);
    if (typeof a === "string") return a;
    start = a;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const b = parseIntOrName(lowAndHigh[1] ?? "", f);
      if (typeof b === "string") return b;
      end = b;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = parseIntStrict(rangeAndStep[1] ?? "");
    if (typeof st === "string") return st;
    // `a/n` means from a to the maximum.
    if (lowAndHigh.length === 1 && !isStar) end = f.max;
    if (st === 0) return `step of range should be a positive number: ${expr}`;
    step = st;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < f.min) return `beginning of range (${start}) below minimum (${f.min}): ${expr}`;
  if (end > f.max) return `end of range (${end}) above maximum (${f.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  for (let v = start; v <= end; v += step) set[v] = true;
  return isStar && step === 1;
}

function parseField(field: string, f: Field): ParsedField | string {
  const set = new Array<boolean>(f.max + 1).fill(false);
  let star = false;
  for (const expr of field.split(",")) {
    const r = parseRange(expr, f, set);
    if (typeof r === "string") return r;
    star ||= r;
  }
  return { set, star };
}

/** Wall-clock fields of an instant in a time zone (formatter per zone, reused). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Wall {
  y: number;
  mo: number; // 1–12
  d: number;
  h: number;
  mi: number;
  s: number;
  dow: number; // 0 = Sunday
}

/** The zone's offset at `t` (wall clock minus instant, ms), read from ICU: exact but slow. */
function exactOffset(t: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(t))) p[x.type] = Number(x.value);
  const wall = Date.UTC(
    p["year"] ?? 1970,
    (p["month"] ?? 1) - 1,
    p["day"] ?? 1,
    p["hour"] ?? 0,
    p["minute"] ?? 0,
    p["second"] ?? 0,
  );
  return wall - Math.floor(t / 1000) * 1000;
}

const HALF_DAY_MS = 43_200_000;
/**
 * Offsets per zone and half-day: the offset when it is the same at both ends (no clock change in
 * between; zones change at most twice a year), null on the rare half-days with a change. A
 * renewal-window search asks for thousands of instants; ICU answers each in tens of microseconds.
 */
const offsetCache = new Map<string, number | null>();

function offsetAt(t: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  const bucket = Math.floor(t / HALF_DAY_MS);
  const key = `${timeZone}|${bucket}`;
  let known = offsetCache.get(key);
  if (known === undefined) {
    const a = exactOffset(bucket * HALF_DAY_MS, timeZone);
    const b = exactOffset((bucket + 1) * HALF_DAY_MS - 1000, timeZone);
    known = a === b ? a : null;
    if (offsetCache.size >= 4096) offsetCache.clear();
    offsetCache.set(key, known);
  }
  return known ?? exactOffset(t, timeZone);
}

/** The wall clock of instant `t` (whole seconds) in the zone. */
function wallParts(t: number, timeZone: string): Wall {
  const x = new Date(t + offsetAt(t, timeZone));
  return {
    y: x.getUTCFullYear(),
    mo: x.getUTCMonth() + 1,
    d: x.getUTCDate(),
    h: x.getUTCHours(),
    mi: x.getUTCMinutes(),
    s: x.getUTCSeconds(),
    dow: x.getUTCDay(),
  };
}

/**
 * Go's time.Date in a zone: fields out of range roll over (day 32 is the next month's 1st); a
 * wall time a clock change skips or repeats gets the offset Go picks (the one in force at the
 * wall time read as UTC, unless the result falls outside that period).
 */
function dateIn(
  timeZone: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (timeZone === "UTC") return wall;
  const first = offsetAt(wall, timeZone);
  const utc = wall - first;
  return offsetAt(utc, timeZone) === first ? utc : wall - offsetAt(utc, timeZone);
}

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * robfig/cron's SpecSchedule.Next, step for step: whole units in the zone's wall clock (month,
 * day) move with Go's time.Date, smaller ones (hour, minute, second) in absolute time, so an hour
 * the clock repeats is walked twice and a skipped one not at all, as robfig/cron does.
 */
class FieldSchedule implements CronSchedule {
  private readonly f: ParsedField[];
  private readonly timeZone: string;

  constructor(fields: ParsedField[], timeZone: string) {
    this.f = fields;
    this.timeZone = timeZone;
  }

  private dayMatches(w: Wall): boolean {
    const [, , dom, , dow] = this.f as [ParsedField, ParsedField, ParsedField, ParsedField, ParsedField];
    const a = dom.set[w.d] === true;
    const b = dow.set[w.dow] === true;
    return dom.star || dow.star ? a && b : a || b;
  }

  next(after: Date): Date | undefined {
    const [minute, hour, , month] = this.f as [ParsedField, ParsedField, ParsedField, ParsedField];
    const tz = this.timeZone;
    let t = Math.floor(after.getTime() / SECOND_MS) * SECOND_MS + SECOND_MS;
    let added = false;
    let w = wallParts(t, tz);
    const yearLimit = w.y + 5;
    wrap: for (;;) {
      w = wallParts(t, tz);
      if (w.y > yearLimit) return undefined;
      while (!month.set[w.mo]) {
        if (!added) {
          added = true;
          t = dateIn(tz, w.y, w.mo, 1, 0, 0, 0);
          w = wallParts(t, tz);
        }
        t = dateIn(tz, w.y, w.mo + 1, w.d, w.h, w.mi, w.s);
        w = wallParts(t, tz);
        if (w.mo === 1) continue wrap;
      }
      while (!this.dayMatches(w)) {
        if (!added) {
          added = true;
          t = dateIn(tz, w.y, w.mo, w.d, 0, 0, 0);
          w = wallParts(t, tz);
        }
        t = dateIn(tz, w.y, w.mo, w.d + 1, w.h, w.mi, w.s);
        w = wallParts(t, tz);
        // A clock change can leave the day starting at 23:00 or 01:00: back to midnight.
        if (w.h !== 0) {
          t += (w.h > 12 ? 24 - w.h : -w.h) * HOUR_MS;
          w = wallParts(t, tz);
        }
        if (w.d === 1) continue wrap;
      }
      while (!hour.set[w.h]) {
        if (!added) {
          added = true;
          t = dateIn(tz, w.y, w.mo, w.d, w.h, 0, 0);
        }
        t += HOUR_MS;
        w = wallParts(t, tz);
        if (w.h === 0) continue wrap;
      }
      while (!minute.set[w.mi]) {
        if (!added) {
          added = true;
          t = Math.floor(t / MINUTE_MS) * MINUTE_MS;
        }
        t += MINUTE_MS;
        w = wallParts(t, tz);
        if (w.mi === 0) continue wrap;
      }
      // The seconds field of a standard spec is always 0.
      while (w.s !== 0) {
        if (!added) {
          added = true;
          t = Math.floor(t / SECOND_MS) * SECOND_MS;
        }
        t += SECOND_MS;
        w = wallParts(t, tz);
        if (w.s === 0) continue wrap;
      }
      return new Date(t);
    }
  }
}

class EverySchedule implements CronSchedule {
  private readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  next(after: Date): Date {
    return new Date(Math.floor((after.getTime() + this.ms) / 1000) * 1000);
  }
}

/**
 * Whether Go's time.LoadLocation accepts the name: "", "UTC", "Local" and the IANA database
 * names. ICU also takes fixed offsets such as "+01:00", which Go refuses.
 */
export function isGoLocation(tz: string): boolean {
  if (tz === "" || tz === "UTC" || tz === "Local") return true;
  if (/^[+-]/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a standard cron expression for a time zone (a `CRON_TZ=` or `TZ=` prefix overrides
 * it); the error text, as robfig/cron words it, when the expression or the zone is invalid.
 */
export function parseCron(expr: string, timeZone = "UTC"): CronSchedule | string {
  let spec = expr.trim();
  if (spec.length === 0) return "empty spec string";
  let tz = timeZone;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    tz = spec.slice(spec.indexOf("=") + 1, i < 0 ? undefined : i);
    spec = i < 0 ? "" : spec.slice(i).trim();
  }
  if (!isGoLocation(tz)) return `provided bad location ${tz}: unknown time zone ${tz}`;
  if (tz === "" || tz === "Local") tz = "UTC";
  if (spec.startsWith("@every ")) {
    const d = parseGoDuration(spec.slice(7).trim());
    if (!d.ok) return `failed to parse duration ${spec}: ${d.error}`;
    // robfig/cron rounds the delay down to whole seconds, with one second at least.
    return new EverySchedule(Math.max(1000, Math.floor(d.ns / 1e9) * 1000));
  }
  if (spec.startsWith("@")) {
    const d = DESCRIPTORS[spec];
    if (d === undefined) return `unrecognized descriptor: ${spec}`;
    spec = d;
  }
  const parts = spec.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) return `expected exactly 5 fields, found ${parts.length}: [${parts.join(" ")}]`;
  const fields: ParsedField[] = [];
  for (const [i, f] of [MINUTE, HOUR, DOM, MONTH, DOW].entries()) {
    const p = parseField(parts[i] as string, f);
    if (typeof p === "string") return p;
    fields.push(p);
  }
  return new FieldSchedule(fields, tz);
}
