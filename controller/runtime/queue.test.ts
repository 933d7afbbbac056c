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

  test("delayed keys come out in due order behind one timer; an earlier addAfter wins, a later one is ignored", async () => {
    const q = new WorkQueue();
    const delays = [90, 10, 70, 30, 50, 20, 80, 40, 60, 100];
    delays.forEach((d, i) => q.addAfter(`k${i}`, d));
    q.addAfter("k0", 5); // earlier: replaces 90
    q.addAfter("k1", 500); // later: ignored
    assert.equal(q.pendingTimers, delays.length);
    const order: string[] = [];
    for (let i = 0; i < delays.length; i++) {
      const k = (await q.get()) as string;
      order.push(k);
      q.done(k);
    }
    assert.deepEqual(order, ["k0", "k1", "k5", "k3", "k7", "k4", "k8", "k2", "k6", "k9"]);
    assert.equal(q.pendingTimers, 0);
    q.shutDown();
  });

  test("many superseded due times do not grow the heap without bound", async () => {
    const q = new WorkQueue();
    for (let i = 0; i < 20_000; i++) q.addAfter("same", 100_000 - i);
    assert.equal(q.pendingTimers, 1);
    q.addAfter("other", 1);
    assert.equal(await q.get(), "other");
    q.shutDown();
    assert.equal(q.pendingTimers, 0);
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
