/**
 * The parts of the note service on their own (server/src/notes/SPEC.md): the job queue (NS5) with a
 * manual clock and work that waits for the test, the shared browser (NS3) with a fake launcher, file
 * names (NS4), and the cache. Nothing here starts Chromium or a server.
 */
import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import type { Browser } from "playwright-core";
import { ConcordError, JobCancelled, JobQueue, ManualClock, QueueFull, SharedBrowser, attachment, describeFailure, noteFileName, type JobContext, type JobQueueOptions, type JobResult } from "@concord/server";
import { LruCache } from "../../server/src/notes/cache.js";

/** Work the test finishes by hand, reporting progress through the job's callback. */
function gate() {
  let release: ((bytes: Uint8Array) => void) | null = null;
  let fail: ((error: unknown) => void) | null = null;
  let context: JobContext | null = null;
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => { onStart = resolve; });
  const work = (c: JobContext): Promise<JobResult> => {
    context = c;
    const result = new Promise<JobResult>((resolve, reject) => {
      release = (bytes) => resolve({ bytes });
      fail = reject;
    });
    onStart();
    return result;
  };
  return {
    work,
    started,
    release: (bytes = new Uint8Array([1, 2, 3])) => release!(bytes),
    fail: (error: unknown) => fail!(error),
    progress: (done: number, total: number) => context!.onProgress(done, total),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function queue(clock = new ManualClock("2020-10-09T08:00:00.000Z"), options: JobQueueOptions = { concurrency: 2, keepMs: 60_000, maxFinished: 3 }) {
  let n = 0;
  return { clock, jobs: new JobQueue<string>(clock, () => `job-${++n}`, describeFailure, options) };
}

describe("NS5 the job queue", () => {
  it("[NS5] a job goes queued → running → done, its progress never decreasing and 100% only when done", async () => {
    const { jobs } = queue();
    const g = gate();
    const view = jobs.start("k", "meta", "sec-1", g.work);
    expect(view).toMatchObject({ id: "job-1", state: "queued", progress: { done: 0, total: 1, percent: 0 }, createdBy: "sec-1", cached: false, meta: "meta" });
    await g.started;
    expect(jobs.get("job-1")!.state).toBe("running");
    g.progress(5, 10);
    expect(jobs.get("job-1")!.progress).toEqual({ done: 5, total: 10, percent: 50 });
    g.progress(3, 10);
    expect(jobs.get("job-1")!.progress.done).toBe(5);
    g.progress(10, 10);
    expect(jobs.get("job-1")!.progress.percent).toBe(99);
    g.release(new Uint8Array(42));
    await jobs.idle();
    expect(jobs.get("job-1")).toMatchObject({ state: "done", bytes: 42, progress: { done: 10, total: 10, percent: 100 } });
    expect(jobs.result("job-1")!.bytes.byteLength).toBe(42);
  });

  it("[NS5] at most `concurrency` jobs run; the others wait their turn", async () => {
    const { jobs } = queue();
    const gates = [gate(), gate(), gate()];
    gates.forEach((g, i) => jobs.start(`k${i}`, "m", null, g.work));
    await Promise.all([gates[0]!.started, gates[1]!.started]);
    await tick();
    expect(["job-1", "job-2", "job-3"].map((id) => jobs.get(id)!.state)).toEqual(["running", "running", "queued"]);
    gates[0]!.release();
    await gates[2]!.started;
    expect(jobs.get("job-3")!.state).toBe("running");
    gates[1]!.release();
    gates[2]!.release();
    await jobs.idle();
  });

  it("[NS5] the same key while unfinished is the same job; once finished, a new one", async () => {
    const { jobs } = queue();
    const g = gate();
    const a = jobs.start("k", "m", null, g.work);
    const b = jobs.start("k", "m", null, gate().work);
    expect(b.id).toBe(a.id);
    await g.started;
    g.release();
    await jobs.idle();
    const g2 = gate();
    expect(jobs.start("k", "m", null, g2.work).id).not.toBe(a.id);
    await g2.started;
    g2.release();
    await jobs.idle();
  });

  it("[NS5] cancelling a queued job means it never runs; a running one stops at its next progress step", async () => {
    const { jobs } = queue(undefined, { concurrency: 1, keepMs: 60_000, maxFinished: 10 });
    const first = gate();
    let secondRan = false;
    jobs.start("a", "m", null, first.work);
    jobs.start("b", "m", null, async () => { secondRan = true; return { bytes: new Uint8Array() }; });
    expect(jobs.cancel("job-2")!.state).toBe("cancelled");
    await first.started;
    expect(jobs.cancel("job-1")!.state).toBe("cancelled");
    expect(() => first.progress(1, 2)).toThrow(JobCancelled);
    first.release();
    await jobs.idle();
    expect(secondRan).toBe(false);
    expect(jobs.get("job-1")!.state).toBe("cancelled");
    expect(jobs.result("job-1")).toBeNull();
    expect(jobs.cancel("no-such-job")).toBeNull();
  });

  it("[NS5] a failing job carries the API's error: a refusal as itself, a crash as a logged 500", async () => {
    const { jobs } = queue();
    const g = gate();
    jobs.start("a", "m", null, g.work);
    await g.started;
    g.fail(new ConcordError(422, "refused", "The note of round r1 cannot be made yet:\n- CAN: general comments in \"fr\" need an unofficial English translation", { rule: "NT1", problems: ["CAN: …"] }));
    await jobs.idle();
    expect(jobs.get("job-1")!.error).toMatchObject({ status: 422, code: "refused", details: { rule: "NT1", problems: ["CAN: …"] } });
    expect(jobs.get("job-1")!.error!.message).toContain("need an unofficial English translation");
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(describeFailure(new TypeError("x is undefined"))).toEqual({ status: 500, code: "internal", message: "Rendering the note failed on the server; the error was logged." });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("TypeError: x is undefined"));
    } finally {
      logged.mockRestore();
    }
  });

  it("[NS8] a cached result makes a job that is done at once", () => {
    const { jobs } = queue();
    const view = jobs.start("k", "m", null, () => { throw new Error("must not run"); }, { bytes: new Uint8Array(7) });
    expect(view).toMatchObject({ state: "done", cached: true, bytes: 7, progress: { percent: 100 } });
  });

  it("[NS5] finished jobs are forgotten after `keepMs`, and beyond `maxFinished` the oldest first", async () => {
    const { jobs, clock } = queue();
    for (let i = 0; i < 4; i++) {
      jobs.start(`k${i}`, "m", null, async () => ({ bytes: new Uint8Array() }));
      await jobs.idle();
      clock.advance(1000);
    }
    expect(jobs.get("job-1")).toBeNull();
    expect(jobs.get("job-2")!.state).toBe("done");
    clock.advance(60_000);
    expect(jobs.get("job-4")).toBeNull();
  });

  it("[NS5] at most `maxQueued` jobs wait: one more is refused with QueueFull, a 429 for the caller", async () => {
    const { jobs } = queue(undefined, { concurrency: 1, keepMs: 60_000, maxFinished: 10, maxQueued: 2 });
    const gates = [gate(), gate(), gate()];
    jobs.start("a", "m", null, gates[0]!.work);
    await gates[0]!.started;
    jobs.start("b", "m", null, gates[1]!.work);
    jobs.start("c", "m", null, gates[2]!.work);
    expect(jobs.stats()).toMatchObject({ queued: 2, running: 1 });
    let refused: unknown = null;
    try { jobs.start("d", "m", null, gate().work); } catch (error) { refused = error; }
    expect(refused).toBeInstanceOf(QueueFull);
    expect(describeFailure(refused)).toMatchObject({ status: 429, code: "rate_limited", details: { queued: 2 } });
    // the same render asked again is still the job it was, not a refusal; a cached one is never refused
    expect(jobs.start("b", "m", null, gate().work).id).toBe("job-2");
    expect(jobs.start("e", "m", null, gate().work, { bytes: new Uint8Array(1) }).state).toBe("done");
    for (const g of gates) { await g.started; g.release(); }
    await jobs.idle();
    expect(jobs.start("d", "m", null, async () => ({ bytes: new Uint8Array() })).state).toBe("queued");
    await jobs.idle();
  });

  it("[NS5] the files of finished jobs are bounded in bytes: the oldest go first, the newest stays", async () => {
    const { jobs, clock } = queue(undefined, { concurrency: 1, keepMs: 60_000, maxFinished: 100, maxResultBytes: 25 });
    for (let i = 0; i < 4; i++) {
      jobs.start(`k${i}`, "m", null, async () => ({ bytes: new Uint8Array(10) }));
      await jobs.idle();
      clock.advance(1000);
    }
    expect(["job-1", "job-2", "job-3", "job-4"].map((id) => jobs.get(id)?.state ?? null)).toEqual([null, null, "done", "done"]);
    expect(jobs.stats().resultBytes).toBe(20);
    jobs.start("huge", "m", null, async () => ({ bytes: new Uint8Array(100) }));
    await jobs.idle();
    expect(jobs.get("job-5")!.bytes).toBe(100);
    expect(jobs.stats()).toMatchObject({ finished: 1, resultBytes: 100 });
  });

  it("[NS5] closing cancels what is unfinished, waits for running work, and refuses new jobs", async () => {
    const { jobs } = queue();
    const g = gate();
    jobs.start("a", "m", null, g.work);
    await g.started;
    const closing = jobs.close();
    expect(jobs.get("job-1")!.state).toBe("cancelled");
    g.release();
    await closing;
    expect(() => jobs.start("b", "m", null, g.work)).toThrow(/closed/);
  });
});

/** A stand-in for playwright's Browser: closes, and can be disconnected as if Chromium crashed. */
class FakeBrowser extends EventEmitter {
  closed = false;
  async close() { this.closed = true; this.emit("disconnected"); }
  crash() { this.emit("disconnected"); }
}

describe("NS3 one shared browser", () => {
  it("[NS3] starts on first use, is reused, starts again after a crash or a failed start, and is closed with the service", async () => {
    const made: FakeBrowser[] = [];
    let failNext = false;
    const shared = new SharedBrowser(async () => {
      if (failNext) { failNext = false; throw new Error("no chromium"); }
      const b = new FakeBrowser();
      made.push(b);
      return b as unknown as Browser;
    });
    expect(shared.running).toBe(false);
    const [a, b] = await Promise.all([shared.get(), shared.get()]);
    expect(a).toBe(b);
    expect(await shared.get()).toBe(a);
    expect(shared.launches).toBe(1);
    made[0]!.crash();
    failNext = true;
    await expect(shared.get()).rejects.toThrow("no chromium");
    const c = await shared.get();
    expect(c).not.toBe(a);
    expect(shared.launches).toBe(3);
    await shared.close();
    expect(made[1]!.closed).toBe(true);
    await expect(shared.get()).rejects.toThrow(/shutting down/);
  });
});

describe("NS4 file names", () => {
  it("[NS4] the note's symbol, else the document's, else its title; '/' as '-'; a safe attachment header", () => {
    expect(noteFileName({ noteSymbol: "", documentSymbol: "CTOC/COP/WG.6/2020/L.1", title: "Draft" }, "pdf")).toBe("CTOC-COP-WG.6-2020-L.1-comments.pdf");
    expect(noteFileName({ noteSymbol: "CTOC/COP/2020/CRP.3", documentSymbol: "X/1", title: "Draft" }, "docx-tracked")).toBe("CTOC-COP-2020-CRP.3-comments-tracked.docx");
    expect(noteFileName({ noteSymbol: " ", documentSymbol: "", title: "Réunion du groupe: «texte» / 2020" }, "markdown")).toBe("Reunion-du-groupe-texte-2020-comments.md");
    expect(noteFileName({ noteSymbol: "", documentSymbol: "", title: "../../«»" }, "html")).toBe("note-comments.html");
    expect(attachment("Réunion-comments.pdf")).toBe(`attachment; filename="R_union-comments.pdf"; filename*=UTF-8''R%C3%A9union-comments.pdf`);
  });
});

describe("the render cache", () => {
  it("keeps the most recently used entries within its count and byte limits", () => {
    const cache = new LruCache<Uint8Array>(3, 100, (v) => v.byteLength);
    cache.set("a", new Uint8Array(40));
    cache.set("b", new Uint8Array(40));
    expect(cache.get("a")).toBeDefined();
    cache.set("c", new Uint8Array(40));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    cache.set("huge", new Uint8Array(101));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
