import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { WorkQueue } from "./queue.ts";
import { runReconciler } from "./runner.ts";

describe("work queue", () => {
  test("a key added twice while waiting is processed once", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("a");
    q.add("b");
    assert.equal(q.length, 2);
    assert.equal(await q.get(), "a");
    assert.equal(await q.get(), "b");
  });

  test("a key is never handed out twice at once; a re-add while processing runs after done()", async () => {
    const q = new WorkQueue();
    q.add("a");
    const k = await q.get();
    q.add("a");
    assert.equal(q.length, 0, "held back while processing");
    q.done(k as string);
    assert.equal(q.length, 1);
  });

  test("addAfter keeps the earliest timer per key", async () => {
    const q = new WorkQueue();
    q.addAfter("a", 200);
    q.addAfter("a", 20);
    q.addAfter("a", 500);
    assert.equal(q.pendingTimers, 1);
    const t = Date.now();
    assert.equal(await q.get(), "a");
    assert.ok(Date.now() - t < 150);
    q.shutDown();
  });

  test("runner: one key is reconciled by one worker at a time; errors are retried with backoff", async () => {
    const q = new WorkQueue({ baseMs: 10, maxMs: 50 });
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const ac = new AbortController();
    const counters = {
      calls: 0,
      errors: 0,
      syncCall: () => counters.calls++,
      syncError: () => counters.errors++,
    };
    const run = runReconciler(
      {
        name: "t",
        queue: q,
        async reconcile() {
          calls++;
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(5);
          for (let i = 0; i < 5; i++) q.add("k");
          inFlight--;
          if (calls === 1) throw new Error("first attempt fails");
          if (calls >= 4) ac.abort();
        },
      },
      8,
      ac.signal,
      counters,
      () => {},
    );
    for (let i = 0; i < 10; i++) q.add("k");
    await run;
    assert.equal(maxInFlight, 1);
    assert.equal(counters.errors, 1);
    assert.ok(counters.calls >= 4);
  });
});
