import assert from "node:assert/strict";
import { test } from "node:test";
import { applyRenewalWindows, renewalPlan } from "./renewal-windows.ts";

const nb = new Date("2026-01-01T00:00:00Z");
const na = new Date("2026-04-01T00:00:00Z"); // 90 days; desired (2/3) = 2026-03-02T00:00:00Z
const desired = new Date("2026-03-02T00:00:00Z");

test("renewal windows: desired time kept inside a window, else moved to the next window start", () => {
  // Daily 22:00–04:00 UTC: midnight is inside.
  assert.deepEqual(applyRenewalWindows(nb, na, desired, [{ cron: "0 22 * * *", windowDuration: "6h" }]), {
    at: desired,
  });
  // Weekends only (2026-03-02 is a Monday): the next Saturday.
  assert.deepEqual(applyRenewalWindows(nb, na, desired, [{ cron: "0 0 * * SAT", windowDuration: "48h" }]), {
    at: new Date("2026-03-07T00:00:00Z"),
  });
  // Of two windows the earliest later start wins; a window holding the desired time wins outright.
  assert.deepEqual(
    applyRenewalWindows(nb, na, desired, [
      { cron: "0 0 * * SAT", windowDuration: "1h" },
      { cron: "0 3 * * *", windowDuration: "1h" },
    ]),
    { at: new Date("2026-03-02T03:00:00Z") },
  );
  // Time zones: 09:00 in Tokyo is 00:00Z.
  assert.deepEqual(
    applyRenewalWindows(nb, na, desired, [
      { cron: "0 9 * * *", windowDuration: "1m", timezone: "Asia/Tokyo" },
    ]),
    { at: desired },
  );
});

test("renewal windows: none in range, a bad cron, no windows", () => {
  assert.deepEqual(applyRenewalWindows(nb, na, desired, [{ cron: "0 0 1 1 *", windowDuration: "1h" }]), {
    error: "cannot find a time with the given windows for: 2026-03-02 00:00:00 +0000 UTC",
  });
  assert.deepEqual(applyRenewalWindows(nb, na, desired, [{ cron: "0 0 * *", windowDuration: "1h" }]), {
    error: "error parsing cron in window expected exactly 5 fields, found 4: [0 0 * *]",
  });
  assert.deepEqual(applyRenewalWindows(nb, na, desired, []), { at: desired });
});

test("renewal plan: renewBefore first, then windows; an error keeps the desired time", () => {
  assert.deepEqual(renewalPlan({ notBefore: nb, notAfter: na }, { renewBefore: "720h" }), { at: desired });
  assert.deepEqual(
    renewalPlan(
      { notBefore: nb, notAfter: na },
      {
        renewal: { policy: "RenewBefore", windows: [{ cron: "0 0 * * SAT", windowDuration: "1h" }] },
      },
    ),
    { at: new Date("2026-03-07T00:00:00Z") },
  );
  assert.deepEqual(
    renewalPlan(
      { notBefore: nb, notAfter: na },
      { renewal: { windows: [{ cron: "0 0 1 1 *", windowDuration: "1h" }] } },
    ),
    {
      at: desired,
      windowError: "cannot find a time with the given windows for: 2026-03-02 00:00:00 +0000 UTC",
    },
  );
});

test("renewal plan: a window search is done once per certificate and spec, again when either changes", () => {
  const leaf = { notBefore: nb, notAfter: na };
  const spec = { renewal: { windows: [{ cron: "0 0 * * SAT", windowDuration: "1h" }] } };
  const first = renewalPlan(leaf, spec);
  assert.equal(renewalPlan(leaf, spec), first, "same objects: the remembered plan");
  const moved = { renewal: { windows: [{ cron: "0 0 * * SUN", windowDuration: "1h" }] } };
  assert.deepEqual(renewalPlan(leaf, moved), { at: new Date("2026-03-08T00:00:00Z") });
  assert.deepEqual(renewalPlan({ ...leaf }, spec), first, "another certificate: searched again, same answer");
});
