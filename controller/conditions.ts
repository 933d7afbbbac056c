import type { Condition, ConditionStatus } from "../api/types.ts";
import { rfc3339 } from "./certificates/policies/renewal.ts";

export function getCondition(
  obj: { status?: { conditions?: Condition[] } },
  type: string,
): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

export function isTrue(obj: { status?: { conditions?: Condition[] } }, type: string): boolean {
  return getCondition(obj, type)?.status === "True";
}

/** A condition whose lastTransitionTime only moves when its status changes (cert-manager's rule). */
export function makeCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  previous: Condition | undefined,
  now: Date,
  observedGeneration?: number,
): Condition {
  const c: Condition = {
    type,
    status,
    reason,
    message,
    lastTransitionTime:
      previous && previous.status === status && previous.lastTransitionTime
        ? previous.lastTransitionTime
        : rfc3339(now),
  };
  if (observedGeneration !== undefined) c.observedGeneration = observedGeneration;
  return c;
}

export function sameCondition(a: Condition | undefined, b: Condition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.status === b.status &&
    (a.reason ?? "") === (b.reason ?? "") &&
    (a.message ?? "") === (b.message ?? "") &&
    (a.observedGeneration ?? 0) === (b.observedGeneration ?? 0)
  );
}
