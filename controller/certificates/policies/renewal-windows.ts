import type { Certificate, RenewalWindow } from "../../../api/types.ts";
import { parseCron, type CronSchedule } from "../../../lib/cron/schedule.ts";
import { durationMs, renewalTime } from "./renewal.ts";

const SECOND = 1000;

/**
 * The latest activation S of the schedule with min ≤ S ≤ max, found by bisection over `next`
 * (an every-minute window over a year would take half a million steps one by one).
 */
function latestStart(sched: CronSchedule, min: number, max: number): number | undefined {
  if (min >= max) return undefined;
  const first = sched.next(new Date(min - SECOND));
  if (!first || first.getTime() > max) return undefined;
  let low = min;
  let high = max;
  while (high - low > SECOND) {
    const mid = low + Math.floor((high - low) / 2);
    const n = sched.next(new Date(mid));
    if (!n || n.getTime() > max) high = mid;
    else low = mid;
  }
  const last = sched.next(new Date(low - SECOND));
  return last && last.getTime() <= max ? last.getTime() : undefined;
}

/**
 * spec.renewal.windows: the renewal time moved into a window, as cert-manager computes it. The
 * desired time stands when it falls inside a window that starts at or before it; otherwise the
 * earliest window start after it, searched within [notBefore − duration, notAfter + duration]
 * of each window; an error when no window qualifies.
 */
export function applyRenewalWindows(
  notBefore: Date,
  notAfter: Date,
  desired: Date,
  windows: readonly RenewalWindow[],
): { at: Date } | { error: string } {
  if (windows.length === 0) return { at: desired };
  const want = desired.getTime();
  let inside = false;
  let bestAfter: number | undefined;
  for (const w of windows) {
    const sched = parseCron(w.cron, w.timezone || "UTC");
    if (typeof sched === "string") return { error: `error parsing cron in window ${sched}` };
    const dur = durationMs(w.windowDuration) ?? 0;
    const searchMin = notBefore.getTime() - dur;
    const searchMax = notAfter.getTime() + dur;
    if (want >= searchMin) {
      const start = latestStart(sched, searchMin, Math.min(want, searchMax));
      if (start !== undefined && want < start + dur) inside = true;
    }
    const from = Math.max(want, searchMin);
    const next = sched.next(new Date(from - SECOND))?.getTime();
    if (next !== undefined && next <= searchMax) {
      const candidate = want >= next && want < next + dur ? want : want < next ? next : undefined;
      if (candidate !== undefined && (bestAfter === undefined || candidate < bestAfter))
        bestAfter = candidate;
    }
  }
  if (inside) return { at: desired };
  if (bestAfter !== undefined) return { at: new Date(bestAfter) };
  return { error: `cannot find a time with the given windows for: ${goTime(desired)}` };
}

/** Go's time.Time.String() for a UTC time in whole seconds: "2026-01-02 03:04:05 +0000 UTC". */
function goTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
}

export interface RenewalPlan {
  /** When to renew: in a window if windows are set and one fits, else the desired time. */
  at: Date;
  /** Why no window fits (the Certificate is then renewed at the desired time, and says so). */
  windowError?: string;
}

type RenewalSpec = Pick<Certificate["spec"], "renewBefore" | "renewBeforePercentage" | "renewal">;

/**
 * Window searches by issued certificate (a cached Secret's summary) and spec object: the
 * trigger, its renewal check and readiness all ask on every event of a Certificate. Cached
 * objects are replaced, never mutated, so object identity is a safe key.
 */
const windowPlans = new WeakMap<object, { spec: RenewalSpec; plan: RenewalPlan }>();

/** The renewal time of an issued certificate with spec.renewal.windows applied (cert-manager's RenewalTime). */
export function renewalPlan(leaf: { notBefore: Date; notAfter: Date }, spec: RenewalSpec): RenewalPlan {
  const desired = renewalTime(leaf.notBefore, leaf.notAfter, spec);
  const windows = spec.renewal?.windows;
  if (!windows?.length) return { at: desired };
  const hit = windowPlans.get(leaf);
  if (hit?.spec === spec) return hit.plan;
  const r = applyRenewalWindows(leaf.notBefore, leaf.notAfter, desired, windows);
  const plan = "error" in r ? { at: desired, windowError: r.error } : { at: r.at };
  windowPlans.set(leaf, { spec, plan });
  return plan;
}
