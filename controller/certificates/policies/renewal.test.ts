import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backoffRemainingMs, renewalTime } from "./renewal.ts";

const nb = new Date("2026-01-01T00:00:00Z");
const day = 86_400_000;
const na = new Date(nb.getTime() + 90 * day);

describe("renewal time (cert-manager's RenewalTime)", () => {
  const cases: [string, Parameters<typeof renewalTime>[2], string][] = [
    ["default: two thirds of the actual lifetime", {}, "2026-03-02T00:00:00.000Z"],
    ["renewBefore inside the lifetime", { renewBefore: "360h" }, "2026-03-17T00:00:00.000Z"],
    ["renewBefore ≥ lifetime falls back to one third", { renewBefore: "2400h" }, "2026-03-02T00:00:00.000Z"],
    ["renewBeforePercentage", { renewBeforePercentage: 50 }, "2026-02-15T00:00:00.000Z"],
    [
      "renewBefore wins over the percentage",
      { renewBefore: "24h", renewBeforePercentage: 50 },
      "2026-03-31T00:00:00.000Z",
    ],
  ];
  for (const [name, spec, want] of cases)
    test(name, () => assert.equal(renewalTime(nb, na, spec).toISOString(), want));

  test("truncated to whole seconds", () => {
    const t = renewalTime(nb, new Date(nb.getTime() + 10_000), {});
    assert.equal(t.toISOString(), "2026-01-01T00:00:06.000Z");
  });
});

describe("backoff after failed issuance", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  const h = 3600_000;
  const cases: [string, number | undefined, number, number][] = [
    ["first failure waits the minimum", 1, 0, h],
    ["doubles per attempt", 3, 0, 4 * h],
    ["clamped at the maximum", 10, 0, 32 * h],
    ["part of the wait already passed", 2, 30 * 60_000, 90 * 60_000],
    ["unset attempts mean the minimum", undefined, 0, h],
  ];
  for (const [name, attempts, elapsed, want] of cases)
    test(name, () => {
      const status = {
        lastFailureTime: new Date(now.getTime() - elapsed).toISOString(),
        failedIssuanceAttempts: attempts,
      };
      assert.equal(backoffRemainingMs(status, now, h, 32 * h), want);
    });
  test("no failure, no backoff; minimum 0 disables it", () => {
    assert.equal(backoffRemainingMs({}, now, h, 32 * h), 0);
    assert.equal(
      backoffRemainingMs({ lastFailureTime: now.toISOString(), failedIssuanceAttempts: 3 }, now, 0, 32 * h),
      0,
    );
  });
});
