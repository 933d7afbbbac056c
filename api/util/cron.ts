/** Standard 5-field cron parsing as robfig/cron's ParseStandard does it; returns the error text or null. */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = {
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
};
const DOW: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DOW },
];
const DESCRIPTORS = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
]);

export function cronParseError(specIn: string): string | null {
  let spec = specIn.trim();
  if (spec.length === 0) return "empty spec string";
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    const tz = spec.slice(spec.indexOf("=") + 1, i < 0 ? undefined : i);
    if (!isIANATimeZone(tz)) return `provided bad location ${tz}: unknown time zone ${tz}`;
    spec = i < 0 ? "" : spec.slice(i).trim();
  }
  if (spec.startsWith("@")) {
    if (DESCRIPTORS.has(spec)) return null;
    if (spec.startsWith("@every ")) return null;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  for (let i = 0; i < 5; i++) {
    const err = parseField(fields[i] ?? "", FIELDS[i] as Bounds);
    if (err) return err;
  }
  return null;
}

function parseField(field: string, b: Bounds): string | null {
  for (const expr of field.split(",")) {
    const err = parseRange(expr, b);
    if (err) return err;
  }
  return null;
}

function parseRange(expr: string, b: Bounds): string | null {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0] ?? "", b.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1] ?? "", b.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  if (rangeAndStep.length === 2) {
    const st = parseIntStrict(rangeAndStep[1] ?? "");
    if (typeof st === "string") return st;
    if (single && lowAndHigh[0] !== "*" && lowAndHigh[0] !== "?") end = b.max;
    if (st === 0) return `step of range should be a positive number: ${expr}`;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return null;
}

function parseIntOrName(s: string, names?: Record<string, number>): number | string {
  const n = names?.[s.toLowerCase()];
  if (n !== undefined) return n;
  return parseIntStrict(s);
}

function parseIntStrict(s: string): number | string {
  if (!/^-?[0-9]+$/.test(s))
    return `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  if (n < 0) return `negative number (${n}) not allowed: ${s}`;
  return n;
}

/** Go time.LoadLocation accepts "", "UTC", "Local" and the IANA database names. */
export function isIANATimeZone(tz: string): boolean {
  if (tz === "" || tz === "UTC" || tz === "Local") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return !/^[+-]/.test(tz);
  } catch {
    return false;
  }
}
