import { child, forbidden, index, type FieldError } from "../field.ts";
import type { Challenge, Order } from "../types.ts";
import { deepEqual } from "./deep-equal.ts";

const IMMUTABLE = "field is immutable once set";

function onceSet(oldV: unknown, newV: unknown, path: string, el: FieldError[]): void {
  const set = oldV !== undefined && oldV !== null && oldV !== "";
  if (set && !deepEqual(oldV, newV)) el.push(forbidden(path, IMMUTABLE));
}

/** Order UPDATE: fields are immutable once set (inventory §2.7). CREATE has no rules. */
export function validateOrderUpdate(oldO: Order, newO: Order): FieldError[] {
  const el: FieldError[] = [];
  onceSet(oldO.spec?.request, newO.spec?.request, "spec.request", el);
  const os = oldO.status ?? {};
  const ns = newO.status ?? {};
  onceSet(os.url, ns.url, "status.url", el);
  onceSet(os.finalizeURL, ns.finalizeURL, "status.finalizeURL", el);
  onceSet(os.certificate, ns.certificate, "status.certificate", el);
  const oa = os.authorizations;
  const na = ns.authorizations ?? [];
  if (oa && oa.length > 0) {
    if (oa.length !== na.length) el.push(forbidden("status.authorizations", IMMUTABLE));
    else {
      oa.forEach((a, i) => {
        const b = na[i];
        const ap = index("status.authorizations", i);
        onceSet(a.url, b?.url, child(ap, "url"), el);
        onceSet(a.identifier, b?.identifier, child(ap, "identifier"), el);
        if (a.wildcard !== undefined && a.wildcard !== null)
          onceSet(a.wildcard, b?.wildcard, child(ap, "wildcard"), el);
        onceSet(a.initialState, b?.initialState, child(ap, "initialState"), el);
        const oc = a.challenges;
        const nc = b?.challenges ?? [];
        if (oc && oc.length > 0) {
          if (oc.length !== nc.length) el.push(forbidden(child(ap, "challenges"), IMMUTABLE));
          else {
            oc.forEach((c, j) => {
              const cp = index(child(ap, "challenges"), j);
              onceSet(c.url, nc[j]?.url, child(cp, "url"), el);
              onceSet(c.type, nc[j]?.type, child(cp, "type"), el);
              onceSet(c.token, nc[j]?.token, child(cp, "token"), el);
            });
          }
        }
      });
    }
  }
  return el;
}

/** Challenge UPDATE: the whole spec is immutable. */
export function validateChallengeUpdate(oldC: Challenge, newC: Challenge): FieldError[] {
  return deepEqual(oldC.spec, newC.spec)
    ? []
    : [forbidden("spec", "challenge spec is immutable after creation")];
}
