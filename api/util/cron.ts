import { isGoLocation, parseCron } from "../../lib/cron/schedule.ts";

/** Go time.LoadLocation accepts "", "UTC", "Local" and the IANA database names. */
export const isIANATimeZone = isGoLocation;

/**
 * The webhook's check of a renewal window's cron (robfig/cron's ParseStandard): its error text,
 * or null. The parser is the one the controller schedules with (lib/cron).
 */
export function cronParseError(spec: string): string | null {
  const r = parseCron(spec);
  return typeof r === "string" ? r : null;
}
