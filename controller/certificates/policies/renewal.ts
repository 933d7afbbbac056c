import type { Certificate } from "../../../api/types.ts";
import { parseGoDuration } from "../../../lib/time/go-duration.ts";

/** A Go duration string in milliseconds, or undefined when unset or invalid. */
export function durationMs(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const d = parseGoDuration(s);
  return d.ok ? d.ns / 1e6 : undefined;
}

/**
 * cert-manager's RenewalTime: renewBefore if 0 < renewBefore < actual lifetime, else
 * renewBeforePercentage of the lifetime, else one third of it; truncated to whole seconds.
 */
export function renewalTime(
  notBefore: Date,
  notAfter: Date,
  spec: Pick<Certificate["spec"], "renewBefore" | "renewBeforePercentage">,
): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  const rb = durationMs(spec.renewBefore);
  let before: number;
  if (rb !== undefined && rb > 0 && rb < lifetime) before = rb;
  else if (
    spec.renewBeforePercentage !== undefined &&
    spec.renewBeforePercentage > 0 &&
    spec.renewBeforePercentage < 100
  )
    before = (lifetime * spec.renewBeforePercentage) / 100;
  else before = lifetime / 3;
  const t = notAfter.getTime() - before;
  return new Date(Math.floor(t / 1000) * 1000);
}

/** Remaining backoff after failed issuance: min·2^(n−1), clamped to [min, max]; 0 when none. */
export function backoffRemainingMs(
  status: Certificate["status"],
  now: Date,
  minMs: number,
  maxMs: number,
): number {
  if (!status?.lastFailureTime || minMs <= 0) return 0;
  const n = status.failedIssuanceAttempts ?? 0;
  let delay = n <= 0 ? minMs : minMs * 2 ** (n - 1);
  delay = Math.max(minMs, Math.min(delay, maxMs));
  const end = Date.parse(status.lastFailureTime) + delay;
  return Math.max(0, end - now.getTime());
}

/** RFC 3339 with whole seconds, as Kubernetes metav1.Time serialises. */
export function rfc3339(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
