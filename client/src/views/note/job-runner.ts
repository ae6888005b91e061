/**
 * Runs a note render from the browser (NP3): starts the job, polls it until it finishes, reports
 * every state to `onUpdate`, and cancels it on the server when `signal` aborts. Time is injected
 * (`sleep`) so that tests run without waiting.
 */
import type { NoteApi, NoteFormat, NoteJob } from "./note-api.js";

export interface RunOptions {
  readonly onUpdate: (job: NoteJob) => void;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Polls quickly at first (short renders), then every 600 ms. */
export const pollDelay = (attempt: number): number => (attempt < 5 ? 150 : attempt < 20 ? 300 : 600);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const unfinished = (job: NoteJob) => job.state === "queued" || job.state === "running";

/**
 * The job once finished: `done`, `failed` (with its error) or `cancelled`. A refusal to start (409,
 * 422, 403) rejects with the `ApiError` and no job exists. Polling errors reject too (the job may go
 * on on the server; the caller may offer to try again).
 */
export async function runNoteJob(api: Pick<NoteApi, "start" | "job" | "cancel">, roundId: string, format: NoteFormat, options: RunOptions): Promise<NoteJob> {
  const sleep = options.sleep ?? realSleep;
  let job = await api.start(roundId, format);
  options.onUpdate(job);
  for (let attempt = 0; unfinished(job); attempt++) {
    if (options.signal?.aborted) {
      job = await api.cancel(job.id);
      options.onUpdate(job);
      return job;
    }
    await sleep(pollDelay(attempt));
    if (options.signal?.aborted) continue;
    job = await api.job(job.id);
    options.onUpdate(job);
  }
  return job;
}
