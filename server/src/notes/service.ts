/**
 * The Secretariat's note of a closed round (SPEC.md NS1–NS10): made from the round's `closed`
 * snapshot (make-note.ts: `noteInputFromRound` → `compileNote`), previewed as an HTML fragment,
 * rendered in every format as a job with progress, cached per round revision, template version and
 * date. Making and rendering happen in the renderer's thread (a worker on the server, NS10), where one
 * headless Chromium prints every PDF; `close()` stops the jobs and the renderer.
 */
import {
  INTRODUCTION_PLACEHOLDERS, defaultNoteMasthead, defaultRoundIntroduction, formatDeadline, noteTemplateProblems,
  type Delegation, type Note, type NoteCompetingSpan, type NoteDocumentMetadata, type NoteMastheadInput, type NoteNumbering, type NoteTemplate, type Round,
} from "@concord/shared";
import type { Actor } from "../audit/recorder.js";
import type { Clock, Random } from "../clock.js";
import { ConcordError, badRequest, conflict, notFound } from "../auth/errors.js";
import { readState } from "../documents/service.js";
import { NOTE_CSS, PdfRenderError } from "../export/index.js";
import type { DocumentRecord, Store } from "../store/types.js";
import { LruCache } from "./cache.js";
import { FORMAT_INFO, NOTE_FORMATS, isNoteFormat, noteFileName, type NoteFormat } from "./formats.js";
import { JobCancelled, JobQueue, DEFAULT_JOB_OPTIONS, QueueFull, type JobContext, type JobError, type JobQueueOptions, type JobResult, type JobView } from "./jobs.js";
import type { NoteRenderer, RendererStats } from "./renderer.js";
import type { RoundReader } from "./rounds.js";
import type { NoteTemplateStore, StoredTemplate } from "./template-store.js";

/** What a note job is about (the `meta` of its view). */
export interface NoteJobMeta {
  readonly roundId: string;
  readonly documentId: string;
  readonly format: NoteFormat;
  readonly fileName: string;
  readonly contentType: string;
}

export type NoteJobView = JobView<NoteJobMeta>;

/** The note of a round, built and ready to render. */
interface PreparedNote {
  readonly key: string;
  readonly round: Round;
  readonly record: DocumentRecord;
  readonly note: Note;
  readonly noteSymbol: string;
  /** The preview: the note as an `<article class="note">` fragment. */
  readonly html: string;
}

export interface NotePreview {
  readonly roundId: string;
  readonly documentId: string;
  readonly revision: number;
  readonly status: Round["status"];
  readonly title: string;
  /** The note as an `<article class="note">` fragment (escaped, self-contained). */
  readonly html: string;
  /** The note's stylesheet (style the fragment with it). */
  readonly css: string;
  /** Words on which proposals compete: Word with revisions shows the first proposal as revisions and the others as comments on the same words (EX7). */
  readonly competing: readonly NoteCompetingSpan[];
  /** Which numbering the points follow (NT10), and whether numbering them straight through and as the document does differ (it restarts per section). */
  readonly numbering: { readonly used: NoteNumbering; readonly differs: boolean };
  /** Each format with its file name. */
  readonly formats: ReadonlyArray<{ readonly format: NoteFormat; readonly label: string; readonly fileName: string; readonly available: boolean }>;
}

export interface NoteTemplateView {
  readonly roundId: string;
  /** The Secretariat's template, or null while the round uses the default. */
  readonly template: NoteTemplate | null;
  readonly isDefault: boolean;
  readonly defaultTemplate: NoteTemplate;
  /** The masthead the note carries without the template's fields: the document's metadata and today's date (NT29). */
  readonly defaultMasthead: NoteMastheadInput;
  /** The invited delegations with the registry's form of their names (NT33). */
  readonly delegations: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  readonly placeholders: readonly string[];
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export interface NoteFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

export interface NoteServiceOptions {
  readonly jobs: JobQueueOptions;
  /** The most bytes of finished renders kept (default 256 MB). */
  readonly cacheBytes: number;
  /** Abort printing one PDF after this long (default two minutes). */
  readonly pdfTimeoutMs: number;
}

export const DEFAULT_NOTE_OPTIONS: NoteServiceOptions = { jobs: DEFAULT_JOB_OPTIONS, cacheBytes: 256 * 1024 * 1024, pdfTimeoutMs: 120_000 };

export interface NoteServiceDeps {
  readonly store: Store;
  /** The rounds service (null until it is wired: every request then answers 503). */
  readonly rounds: RoundReader | null;
  readonly templates: NoteTemplateStore;
  /** Where notes are rendered: a worker thread with a warm Chromium on the server (NS10), this thread in the CLI. */
  readonly renderer: NoteRenderer;
  readonly clock: Clock;
  readonly random: Random;
  /** The registry plus custom delegations, so that a note names delegations added by the CLI (NT31). */
  readonly delegations: { list(): Promise<Delegation[]> };
}

/** The calendar day of `instant` in `timeZone`, "2020-10-09". */
function localDay(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export class NoteService {
  private readonly jobs: JobQueue<NoteJobMeta>;
  private readonly renders: LruCache<JobResult>;
  private readonly notes = new LruCache<PreparedNote>(8, Number.MAX_SAFE_INTEGER, () => 1);
  private readonly options: NoteServiceOptions;

  constructor(private readonly deps: NoteServiceDeps, options: Partial<NoteServiceOptions> = {}) {
    this.options = { ...DEFAULT_NOTE_OPTIONS, ...options };
    this.jobs = new JobQueue(deps.clock, () => deps.random.id(), (error) => describeFailure(error), this.options.jobs);
    this.renders = new LruCache(64, this.options.cacheBytes, (r) => r.bytes.byteLength);
  }

  /** The round, or 404 (NS1). */
  async round(roundId: string): Promise<Round> {
    if (!this.deps.rounds) throw new ConcordError(503, "unavailable", "Comment rounds are not available on this server yet.");
    const round = await this.deps.rounds.get(roundId);
    if (!round) throw notFound(`There is no round ${roundId}.`);
    return round;
  }

  /** The round's note, built from its closed snapshot; 409 for a round not closed, 422 for input the note refuses (NS2). */
  private async prepare(roundId: string): Promise<PreparedNote> {
    const round = await this.round(roundId);
    if (round.status !== "closed" && round.status !== "compiled") {
      const until = round.status === "open" && round.deadline ? ` until ${formatDeadline(round.deadline, round.timeZone)}` : "";
      throw conflict(`Round ${round.id} (“${round.title}”) is ${round.status}${until}. The note is made from the text as it stands when the round closes; close the round first.`,
        { round: round.id, status: round.status });
    }
    if (!round.closedSnapshotId) throw conflict(`Round ${round.id} is closed, but the snapshot of its text at the closing is not recorded yet; try again in a moment.`, { round: round.id, status: round.status });
    const stored = await this.deps.templates.get(round.id);
    const now = this.deps.clock.now();
    const key = `${round.id}|${round.revision}|${round.closedSnapshotId}|${stored.version}|${localDay(now, round.timeZone)}`;
    const cached = this.notes.get(key);
    if (cached) return cached;

    const record = await this.deps.store.findDocument(round.documentId);
    if (!record) throw notFound(`The document ${round.documentId} of round ${round.id} does not exist.`);
    const snapshot = await this.deps.store.findSnapshot(round.documentId, round.closedSnapshotId);
    if (!snapshot) throw new ConcordError(500, "internal", `The closed snapshot ${round.closedSnapshotId} of round ${round.id} is missing from the store.`);
    // reading the text and compiling the note happen where notes render, off this event loop (NS10)
    const made = await this.deps.renderer.make({
      round, record: { title: record.title, symbol: record.symbol }, snapshotId: round.closedSnapshotId, snapshot: snapshot.state,
      template: stored.template, asOf: now.toISOString(), delegations: await this.deps.delegations.list(),
    });
    if (!made.ok) throw new ConcordError(made.failure.status, made.failure.code, made.failure.message, made.failure.details);
    const prepared: PreparedNote = { key, round, record, note: made.note, noteSymbol: made.noteSymbol, html: made.html };
    this.notes.set(key, prepared);
    return prepared;
  }

  private fileName(prepared: PreparedNote, format: NoteFormat): string {
    return noteFileName({ noteSymbol: prepared.noteSymbol, documentSymbol: prepared.record.symbol, title: prepared.record.title }, format);
  }

  /** The in-app preview: the note as an HTML fragment with its CSS (NS6). */
  async preview(roundId: string): Promise<NotePreview> {
    const prepared = await this.prepare(roundId);
    const html = prepared.html;
    const competing = prepared.note.competing;
    return {
      roundId: prepared.round.id, documentId: prepared.round.documentId, revision: prepared.round.revision, status: prepared.round.status,
      title: prepared.note.title, html, css: NOTE_CSS, competing, numbering: { used: prepared.note.numbering, differs: prepared.note.numberingsDiffer },
      formats: NOTE_FORMATS.map((format) => ({ format, label: FORMAT_INFO[format].label, fileName: this.fileName(prepared, format), available: true })),
    };
  }

  /**
   * Starts rendering the round's note in `format` (NS5): a job, done at once when the same render is
   * cached (NS8), the running one when it is already under way. Refusals come before any job: 400 for
   * an unknown format, 409 for a round not closed, 422 for a note that cannot be made.
   */
  async start(roundId: string, format: unknown, by: string | null): Promise<NoteJobView> {
    if (!isNoteFormat(format)) throw badRequest(`The format ${JSON.stringify(format)} is not one of ${NOTE_FORMATS.join(", ")}.`, { formats: NOTE_FORMATS });
    const prepared = await this.prepare(roundId);
    const key = `${prepared.key}|${format}`;
    const meta: NoteJobMeta = { roundId: prepared.round.id, documentId: prepared.round.documentId, format, fileName: this.fileName(prepared, format), contentType: FORMAT_INFO[format].contentType };
    const cached = this.renders.get(key);
    try {
      return this.jobs.start(key, meta, by, async (context) => {
        const result = { bytes: await this.renderNote(prepared.note, format, context) };
        this.renders.set(key, result);
        return result;
      }, cached);
    } catch (error) {
      if (!(error instanceof QueueFull)) throw error;
      const failure = describeFailure(error);
      throw new ConcordError(failure.status, failure.code, failure.message, failure.details);
    }
  }

  /** A job, or 404 (jobs are forgotten some time after they finish). */
  job(jobId: string): NoteJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw notFound(`There is no note job ${jobId} (finished jobs are kept for ${Math.round(this.options.jobs.keepMs / 60_000)} minutes).`);
    return job;
  }

  cancel(jobId: string): NoteJobView {
    this.job(jobId);
    return this.jobs.cancel(jobId)!;
  }

  /** The file of a finished job; 409 while it runs or when it was cancelled, its error when it failed (NS5). */
  download(jobId: string): NoteFile {
    const job = this.job(jobId);
    if (job.state === "failed") throw new ConcordError(job.error!.status, job.error!.code, job.error!.message, job.error!.details);
    if (job.state === "cancelled") throw conflict(`The note job ${jobId} was cancelled; start it again.`, { state: job.state });
    const result = this.jobs.result(jobId);
    if (job.state !== "done" || !result) throw conflict(`The note is still being rendered (${job.progress.percent}%); download it when the job is done.`, { state: job.state, progress: job.progress });
    return { bytes: result.bytes, fileName: job.meta.fileName, contentType: job.meta.contentType };
  }

  /** Renders at once, without a job (the CLI), with progress. */
  async render(roundId: string, format: unknown, onProgress?: (done: number, total: number) => void): Promise<NoteFile> {
    if (!isNoteFormat(format)) throw badRequest(`The format ${JSON.stringify(format)} is not one of ${NOTE_FORMATS.join(", ")}.`);
    const prepared = await this.prepare(roundId);
    try {
      const bytes = await this.renderNote(prepared.note, format, { onProgress: onProgress ?? (() => undefined), signal: new AbortController().signal });
      return { bytes, fileName: this.fileName(prepared, format), contentType: FORMAT_INFO[format].contentType };
    } catch (error) {
      const failure = describeFailure(error);
      throw new ConcordError(failure.status, failure.code, failure.message, failure.details);
    }
  }

  private renderNote(note: Note, format: NoteFormat, context: JobContext): Promise<Uint8Array> {
    return this.deps.renderer.render(note, format, context, this.options.pdfTimeoutMs);
  }

  /** The round's template, or the default (NS7). */
  async template(roundId: string): Promise<NoteTemplateView> {
    const round = await this.round(roundId);
    return this.templateView(round, await this.deps.templates.get(round.id));
  }

  /** The circulated document's masthead facts: its record, and the metadata of its text as circulated (or closed). */
  private async documentMetadata(round: Round): Promise<NoteDocumentMetadata> {
    const record = await this.deps.store.findDocument(round.documentId);
    const snapshotId = round.closedSnapshotId ?? round.circulatedSnapshotId;
    const snapshot = snapshotId ? await this.deps.store.findSnapshot(round.documentId, snapshotId) : null;
    let metadata: Readonly<Record<string, unknown>> | null = null;
    if (snapshot) {
      try {
        const first = readState(snapshot.state).doc.firstChild;
        metadata = first?.type.name === "metadata" ? first.attrs : null;
      } catch {
        metadata = null; // the preview says why the snapshot cannot be read; the defaults do without it
      }
    }
    return { title: record?.title ?? "", symbol: record?.symbol ?? "", metadata };
  }

  /** Replaces the round's template (null: back to the default) after checking it whole (NT30): 400 naming every problem. */
  async setTemplate(roundId: string, value: unknown, actor: Actor): Promise<NoteTemplateView> {
    const round = await this.round(roundId);
    if (value !== null) {
      const problems = noteTemplateProblems(value, round.invited);
      if (problems.length > 0) throw badRequest(`The note template has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n- ${problems.join("\n- ")}`, { problems });
    }
    return this.templateView(round, await this.deps.templates.set(round.id, value as NoteTemplate | null, actor));
  }

  private async templateView(round: Round, stored: StoredTemplate): Promise<NoteTemplateView> {
    const known = new Map((await this.deps.delegations.list()).map((d) => [d.code, d.name]));
    return {
      roundId: round.id, template: stored.template, isDefault: stored.template === null, defaultTemplate: { introduction: defaultRoundIntroduction() },
      defaultMasthead: defaultNoteMasthead(await this.documentMetadata(round), localDay(this.deps.clock.now(), round.timeZone)),
      delegations: round.invited.map((code) => ({ code, name: known.get(code) ?? code })),
      placeholders: INTRODUCTION_PLACEHOLDERS.map((name) => `{${name}}`), version: stored.version, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy,
    };
  }

  /** What the service holds: for tests and the operator. */
  stats(): RendererStats & { cachedRenders: number; jobs: ReturnType<JobQueue<NoteJobMeta>["stats"]> } {
    return { ...this.deps.renderer.stats(), cachedRenders: this.renders.size, jobs: this.jobs.stats() };
  }

  /** Waits for no job to run (tests). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  /** Cancels the jobs, waits for running work to stop, closes the renderer and its Chromium (NS3). */
  async close(): Promise<void> {
    await this.jobs.close();
    await this.deps.renderer.close();
  }
}

/** What a failed render tells the person who asked for it (NS5). */
export function describeFailure(error: unknown): JobError {
  if (error instanceof ConcordError) return { status: error.status, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof JobCancelled) return { status: 409, code: "conflict", message: error.message };
  if (error instanceof QueueFull) return { status: 429, code: "rate_limited", message: error.message, details: { queued: error.queued } };
  if (error instanceof PdfRenderError) {
    console.error(`concord: ${error.message}`);
    return { status: 500, code: "internal", message: `The PDF could not be printed: ${error.message}` };
  }
  console.error(`concord: rendering a note failed: ${(error as Error)?.stack ?? String(error)}`);
  return { status: 500, code: "internal", message: "Rendering the note failed on the server; the error was logged." };
}
