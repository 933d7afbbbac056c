import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCron, type CronSchedule } from "./schedule.ts";

function sched(expr: string, tz?: string): CronSchedule {
  const s = parseCron(expr, tz);
  assert.ok(typeof s !== "string", `${expr}: ${String(s)}`);
  return s;
}

/** The next `n` activations after `from`, as ISO strings. */
function nexts(expr: string, from: string, n = 3, tz?: string): string[] {
  const s = sched(expr, tz);
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    const x = s.next(t);
    if (!x) break;
    out.push(x.toISOString());
    t = x;
  }
  return out;
}

describe("cron schedules (robfig/cron standard syntax)", () => {
  test("fields, ranges, steps, lists and names", () => {
    assert.deepEqual(nexts("0 2 * * *", "2026-03-01T02:00:00Z"), [
      "2026-03-02T02:00:00.000Z",
      "2026-03-03T02:00:00.000Z",
      "2026-03-04T02:00:00.000Z",
    ]);
    assert.deepEqual(nexts("*/20 9-10 * * *", "2026-03-01T09:30:00Z", 4), [
      "2026-03-01T09:40:00.000Z",
      "2026-03-01T10:00:00.000Z",
      "2026-03-01T10:20:00.000Z",
      "2026-03-01T10:40:00.000Z",
    ]);
    // 2026-03-06 is a Friday: the next weekday mornings skip the weekend.
    assert.deepEqual(nexts("30 6 * * MON-FRI", "2026-03-06T07:00:00Z", 2), [
      "2026-03-09T06:30:00.000Z",
      "2026-03-10T06:30:00.000Z",
    ]);
    assert.deepEqual(nexts("0 0 1 jan,JUL *", "2026-03-01T00:00:00Z", 2), [
      "2026-07-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
    assert.deepEqual(nexts("5/30 * * * *", "2026-03-01T00:00:00Z", 2), [
      "2026-03-01T00:05:00.000Z",
      "2026-03-01T00:35:00.000Z",
    ]);
  });

  test("both day fields restricted: either matches; one starred: both must", () => {
    // The 13th, or any Friday (2026-03-06 is a Friday).
    assert.deepEqual(nexts("0 0 13 * 5", "2026-03-01T00:00:00Z", 3), [
      "2026-03-06T00:00:00.000Z",
      "2026-03-13T00:00:00.000Z",
      "2026-03-20T00:00:00.000Z",
    ]);
    assert.deepEqual(nexts("0 0 * 2 ?", "2026-03-01T00:00:00Z", 1), ["2027-02-01T00:00:00.000Z"]);
  });

  test("descriptors and @every", () => {
    assert.deepEqual(nexts("@weekly", "2026-03-01T12:00:00Z", 1), ["2026-03-08T00:00:00.000Z"]);
    assert.deepEqual(nexts("@hourly", "2026-03-01T12:00:00Z", 1), ["2026-03-01T13:00:00.000Z"]);
    assert.deepEqual(nexts("@yearly", "2026-03-01T12:00:00Z", 1), ["2027-01-01T00:00:00.000Z"]);
    // Go durations as time.ParseDuration reads them; below a second, robfig/cron waits one.
    assert.deepEqual(nexts("@every .5s", "2026-03-01T12:00:00Z", 1), ["2026-03-01T12:00:01.000Z"]);
    assert.deepEqual(nexts("@every 1h30m", "2026-03-01T12:00:00.400Z", 2), [
      "2026-03-01T13:30:00.000Z",
      "2026-03-01T15:00:00.000Z",
    ]);
  });

  test("time zones, across a daylight-saving change", () => {
    // 02:00 in Berlin is 01:00Z in winter and 00:00Z in summer; 2026-03-29 has no 02:00 at all.
    assert.deepEqual(nexts("0 2 * * *", "2026-03-27T12:00:00Z", 3, "Europe/Berlin"), [
      "2026-03-28T01:00:00.000Z",
      "2026-03-30T00:00:00.000Z",
      "2026-03-31T00:00:00.000Z",
    ]);
    assert.deepEqual(nexts("0 9 * * *", "2026-06-01T00:00:00Z", 1, "America/New_York"), [
      "2026-06-01T13:00:00.000Z",
    ]);
  });

  test("a schedule that never fires within five years, and bad input", () => {
    assert.equal(sched("0 0 30 2 *").next(new Date("2026-01-01T00:00:00Z")), undefined);
    const bad: [string, string][] = [
      ["0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"],
      ["60 * * * *", "end of range (60) above maximum (59): 60"],
      ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
      ["0 5-2 * * *", "beginning of range (5) beyond end of range (2): 5-2"],
      ["*/0 * * * *", "step of range should be a positive number: */0"],
      ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
      ["x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ["", "empty spec string"],
      ["@Daily", "unrecognized descriptor: @Daily"],
      ["@sometimes", "unrecognized descriptor: @sometimes"],
      ["@every soon", 'failed to parse duration @every soon: time: invalid duration "soon"'],
      ["@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'],
      ["CRON_TZ=+01:00 0 0 * * *", "provided bad location +01:00: unknown time zone +01:00"],
    ];
    for (const [expr, msg] of bad) assert.equal(parseCron(expr), msg, expr);
    assert.equal(
      parseCron("0 0 * * *", "Mars/Olympus"),
      "provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
    );
    // A CRON_TZ prefix overrides the zone: 09:00 in Tokyo is 00:00Z.
    assert.equal(
      sched("CRON_TZ=Asia/Tokyo 0 9 * * *").next(new Date("2026-03-01T12:00:00Z"))?.toISOString(),
      "2026-03-02T00:00:00.000Z",
    );
  });
});
