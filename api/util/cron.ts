import { parseCron } from "../../lib/cron/schedule.ts";

/**
 * The webhook's check of a renewal window's cron (robfig/cron's ParseStandard): its error text,
 * or null. The parser is the one the controller schedules with (lib/cron).
 */
export function cronParseError(spec: string): string | null {
  const r = parseCron(spec);
  return typeof r === "string" ? r : null;
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
