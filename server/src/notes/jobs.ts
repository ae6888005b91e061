/**
 * Long renders as jobs (NS5): started at once, run a few at a time, polled for their progress, and
 * downloaded when done; cancelled on request; forgotten some time after they finish. Time comes from
 * the injected clock; nothing here sets a timer except to yield to the event loop before a render
 * starts (so that the request that started it is answered first).
 */
import type { Clock } from "../clock.js";

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

/** Why a job failed, as the API's error JSON gives it. */
export interface JobError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** What a job produces. */
export interface JobResult {
  readonly bytes: Uint8Array;
}

/** A job as the API shows it. */
export interface JobView<M> {
  readonly id: string;
  readonly state: JobState;
  /** Units of work done and in all, and the percentage (100 exactly when done). */
  readonly progress: { readonly done: number; readonly total: number; readonly percent: number };
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly createdBy: string | null;
  /** The result's size in bytes once done. */
  readonly bytes: number | null;
  /** The result came from the cache: nothing was rendered. */
  readonly cached: boolean;
  readonly error: JobError | null;
  readonly meta: M;
}

/** What a job's work gets: a progress callback (it throws once the job is cancelled) and an abort signal. */
export interface JobContext {
  readonly onProgress: (done: number, total: number) => void;
  readonly signal: AbortSignal;
}

/** Thrown by `start` when `maxQueued` jobs already wait: the caller asks again later (NS5). */
export class QueueFull extends Error {
  constructor(readonly queued: number) {
    super(`${queued} notes are waiting to be rendered already; ask again in a moment.`);
    this.name = "QueueFull";
  }
}

/** Thrown by `onProgress` in a cancelled job: the renderer stops at its next step. */
export class JobCancelled extends Error {
  constructor(id: string) {
    super(`job ${id} was cancelled`);
    this.name = "JobCancelled";
  }
}

interface Job<M> {
  id: string;
  key: string;
  state: JobState;
  done: number;
  total: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  finishedMs: number | null;
  createdBy: string | null;
  cached: boolean;
  error: JobError | null;
  result: JobResult | null;
  meta: M;
  readonly abort: AbortController;
  readonly work: (context: JobContext) => Promise<JobResult>;
}

export interface JobQueueOptions {
  /** How many jobs run at once (default 2). */
  readonly concurrency: number;
  /** How long a finished job is kept (default 30 minutes). */
  readonly keepMs: number;
  /** The most finished jobs kept (default 200); the oldest go first. */
  readonly maxFinished: number;
  /** The most jobs waiting to run (default 16); one more is refused with `QueueFull`. */
  readonly maxQueued?: number;
  /** The most bytes of results finished jobs hold (default 256 MB); beyond it the oldest finished jobs are forgotten. */
  readonly maxResultBytes?: number;
}

export const DEFAULT_JOB_OPTIONS: JobQueueOptions = { concurrency: 2, keepMs: 30 * 60_000, maxFinished: 200, maxQueued: 16, maxResultBytes: 256 * 1024 * 1024 };

const FINISHED: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

export class JobQueue<M> {
  private readonly jobs = new Map<string, Job<M>>();
  private readonly queue: Job<M>[] = [];
  private running = 0;
  private closed = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly newId: () => string,
    /** Turns what a failed job threw into the API's error. */
    private readonly describe: (error: unknown) => JobError,
    private readonly options: JobQueueOptions = DEFAULT_JOB_OPTIONS,
  ) {}

  /**
   * Starts `work` as a job, or returns the unfinished job with the same `key` (the same render asked
   * twice runs once). A `cached` result makes a job that is done at once.
   */
  start(key: string, meta: M, createdBy: string | null, work: (context: JobContext) => Promise<JobResult>, cached?: JobResult): JobView<M> {
    if (this.closed) throw new Error("the job queue is closed");
    this.purge();
    if (!cached) {
      for (const job of this.jobs.values()) if (job.key === key && !FINISHED.has(job.state)) return this.view(job);
      const max = this.options.maxQueued ?? DEFAULT_JOB_OPTIONS.maxQueued!;
      if (this.queue.length >= max) throw new QueueFull(this.queue.length);
    }
    const now = this.clock.now();
    const job: Job<M> = {
      id: this.newId(), key, state: "queued", done: 0, total: 1, createdAt: now.toISOString(), startedAt: null, finishedAt: null, finishedMs: null,
      createdBy, cached: !!cached, error: null, result: null, meta, abort: new AbortController(), work,
    };
    this.jobs.set(job.id, job);
    if (cached) {
      job.startedAt = job.createdAt;
      this.finish(job, "done", cached, null);
    } else {
      this.queue.push(job);
      this.pump();
    }
    return this.view(job);
  }

  /** The job, or null when there is none with this id (or it was forgotten). */
  get(id: string): JobView<M> | null {
    this.purge();
    const job = this.jobs.get(id);
    return job ? this.view(job) : null;
  }

  /** The result of a job that is done, or null. */
  result(id: string): JobResult | null {
    const job = this.jobs.get(id);
    return job?.state === "done" ? job.result : null;
  }

  /**
   * Cancels a queued or running job: it shows `cancelled` at once; a running renderer stops at its next
   * progress step (a PDF being printed finishes in Chromium and is thrown away). A finished job is
   * left as it is. Null when there is no such job.
   */
  cancel(id: string): JobView<M> | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    if (!FINISHED.has(job.state)) {
      const queued = this.queue.indexOf(job);
      if (queued >= 0) this.queue.splice(queued, 1);
      job.abort.abort();
      this.finish(job, "cancelled", null, null);
    }
    return this.view(job);
  }

  /** Resolves when no job is running or queued. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels every unfinished job and waits for running work to stop; refuses new jobs. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.jobs.values()]) if (!FINISHED.has(job.state)) this.cancel(job.id);
    await this.idle();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.run(job);
    }
  }

  private async run(job: Job<M>): Promise<void> {
    try {
      // answer the request that started the job before a synchronous renderer takes the event loop
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (job.state !== "queued") return;
      job.state = "running";
      job.startedAt = this.clock.now().toISOString();
      const onProgress = (done: number, total: number) => {
        if (job.state !== "running") throw new JobCancelled(job.id);
        if (total > 0) job.total = total;
        job.done = Math.max(job.done, Math.min(done, job.total));
      };
      try {
        const result = await job.work({ onProgress, signal: job.abort.signal });
        if (job.state === "running") this.finish(job, "done", result, null);
      } catch (error) {
        if (job.state === "running") this.finish(job, "failed", null, this.describe(error));
      }
    } finally {
      this.running--;
      this.pump();
      if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private finish(job: Job<M>, state: "done" | "failed" | "cancelled", result: JobResult | null, error: JobError | null): void {
    const now = this.clock.now();
    job.state = state;
    job.result = result;
    job.error = error;
    job.finishedAt = now.toISOString();
    job.finishedMs = now.getTime();
    if (state === "done") job.done = job.total;
    this.purge();
  }

  /**
   * Forgets finished jobs older than `keepMs`, the oldest beyond `maxFinished`, and the oldest while
   * the results of finished jobs hold more than `maxResultBytes` (the memory is bounded, NS5).
   */
  private purge(): void {
    const now = this.clock.now().getTime();
    const finished = [...this.jobs.values()].filter((j) => j.finishedMs !== null);
    for (const job of finished) if (now - job.finishedMs! > this.options.keepMs) this.jobs.delete(job.id);
    const left = finished.filter((j) => this.jobs.has(j.id)).sort((a, b) => a.finishedMs! - b.finishedMs!);
    for (const job of left.splice(0, Math.max(0, left.length - this.options.maxFinished))) this.jobs.delete(job.id);
    const maxBytes = this.options.maxResultBytes ?? DEFAULT_JOB_OPTIONS.maxResultBytes!;
    let bytes = left.reduce((n, j) => n + (j.result?.bytes.byteLength ?? 0), 0);
    while (bytes > maxBytes && left.length > 1) { // the newest stays, whatever its size
      const oldest = left.shift()!;
      bytes -= oldest.result?.bytes.byteLength ?? 0;
      this.jobs.delete(oldest.id);
    }
  }

  /** How many jobs wait, run and are kept finished, and the bytes their results hold (tests, the operator). */
  stats(): { queued: number; running: number; finished: number; resultBytes: number } {
    const finished = [...this.jobs.values()].filter((j) => FINISHED.has(j.state));
    return { queued: this.queue.length, running: this.running, finished: finished.length, resultBytes: finished.reduce((n, j) => n + (j.result?.bytes.byteLength ?? 0), 0) };
  }

  private view(job: Job<M>): JobView<M> {
    const percent = job.state === "done" ? 100 : Math.min(99, Math.floor((job.done / Math.max(1, job.total)) * 100));
    return {
      id: job.id, state: job.state, progress: { done: job.done, total: job.total, percent },
      createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt, createdBy: job.createdBy,
      bytes: job.result ? job.result.bytes.byteLength : null, cached: job.cached, error: job.error, meta: job.meta,
    };
  }
}
