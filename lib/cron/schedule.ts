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

/** The wall clock of `t` in the zone, expressed as if it were UTC (milliseconds). */
function wallOf(t: number, timeZone: string): number {
  if (timeZone === "UTC") return t;
  const p: Record<string, number> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(t))) p[x.type] = Number(x.value);
  return Date.UTC(
    p["year"] ?? 0,
    (p["month"] ?? 1) - 1,
    p["day"] ?? 1,
    p["hour"] ?? 0,
    p["minute"] ?? 0,
    p["second"] ?? 0,
  );
}

/** The instant whose wall clock in the zone is `wall` (the earlier one when a clock goes back). */
function instantOf(wall: number, timeZone: string): number {
  if (timeZone === "UTC") return wall;
  const first = wall - (wallOf(wall, timeZone) - wall);
  const second = wall - (wallOf(first, timeZone) - first);
  return Math.min(first, second);
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

class FieldSchedule implements CronSchedule {
  private readonly f: ParsedField[];
  private readonly timeZone: string;

  constructor(fields: ParsedField[], timeZone: string) {
    this.f = fields;
    this.timeZone = timeZone;
  }

  private dayMatches(d: Date): boolean {
    const [, , dom, , dow] = this.f as [ParsedField, ParsedField, ParsedField, ParsedField, ParsedField];
    const a = dom.set[d.getUTCDate()] === true;
    const b = dow.set[d.getUTCDay()] === true;
    return dom.star || dow.star ? a && b : a || b;
  }

  next(after: Date): Date | undefined {
    const [minute, hour, , month] = this.f as [ParsedField, ParsedField, ParsedField, ParsedField];
    // Search in wall-clock time (held as UTC fields), from the minute after `after`.
    let wall = Math.floor(wallOf(after.getTime(), this.timeZone) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const limit = wall + 5 * 366 * DAY_MS;
    while (wall < limit) {
      const d = new Date(wall);
      if (!month.set[d.getUTCMonth() + 1]) {
        wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        continue;
      }
      if (!this.dayMatches(d)) {
        wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        continue;
      }
      if (!hour.set[d.getUTCHours()]) {
        wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
        continue;
      }
      if (!minute.set[d.getUTCMinutes()]) {
        wall += MINUTE_MS;
        continue;
      }
      const t = instantOf(wall, this.timeZone);
      // A wall time skipped by a clock change, or repeated before `after`: keep looking.
      if (t > after.getTime() && wallOf(t, this.timeZone) === wall) return new Date(t);
      wall += MINUTE_MS;
    }
    return undefined;
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

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration ("1h30m", "90s", "1.5h") in milliseconds, for @every; undefined when malformed. */
function goDurationMs(s: string): number | undefined {
  if (!/^(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
  return total;
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
  if (tz === "" || tz === "Local") tz = "UTC";
  try {
    formatter(tz);
  } catch {
    return `provided bad location ${tz}: unknown time zone ${tz}`;
  }
  if (spec.startsWith("@every ")) {
    const d = spec.slice(7).trim();
    const ms = goDurationMs(d);
    if (ms === undefined)
      return `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
    // robfig/cron rounds the delay to whole seconds, with one second at least.
    return new EverySchedule(Math.max(1000, Math.floor(ms / 1000) * 1000));
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
