/**
 * The Secretariat's note template of each round (NS7), kept in the audit log as `note-template`
 * entries `{round, template}` (null: back to the default): durable on SQLite and PostgreSQL without a
 * table of its own, and every edit says who changed the introduction and when. The latest entry of a
 * round wins. The log is read once from the start, then only the entries after the last one read, so
 * that several server processes on one database see each other's edits.
 */
import type { NoteTemplate } from "@concord/shared";
import type { Actor, AuditRecorder } from "../audit/recorder.js";
import type { Store } from "../store/types.js";

export const NOTE_TEMPLATE_AUDIT_KIND = "note-template";

export interface StoredTemplate {
  readonly template: NoteTemplate | null;
  /** The audit seq of the edit; 0 when the round never had one. Changes with every edit (cache keys). */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

const NONE: StoredTemplate = { template: null, version: 0, updatedAt: null, updatedBy: null };

export class NoteTemplateStore {
  private readonly byRound = new Map<string, StoredTemplate>();
  private readThrough = 0;
  private reading: Promise<void> | null = null;

  constructor(private readonly store: Store, private readonly audit: AuditRecorder, private readonly pageSize = 5000) {}

  /** The round's template, or the default marker (template null, version 0). */
  async get(roundId: string): Promise<StoredTemplate> {
    await this.catchUp();
    return this.byRound.get(roundId) ?? NONE;
  }

  /** Records `template` (null: back to the default) for the round, by `actor`. */
  async set(roundId: string, template: NoteTemplate | null, actor: Actor): Promise<StoredTemplate> {
    const entry = await this.audit.record(actor, NOTE_TEMPLATE_AUDIT_KIND, { round: roundId, template });
    // a read under way may have started before the entry was written: read until it is in
    for (let reads = 0; this.readThrough < entry.seq; reads++) {
      if (reads === 3) throw new Error(`audit entry ${entry.seq} (note template of round ${roundId}) was written but cannot be read back`);
      await this.catchUp();
    }
    return this.byRound.get(roundId) ?? NONE;
  }

  /** Reads the audit entries written since the last read (one reader at a time). */
  private catchUp(): Promise<void> {
    this.reading ??= (async () => {
      try {
        for (;;) {
          const page = await this.store.listAudit(this.readThrough, this.pageSize);
          for (const entry of page) {
            this.readThrough = entry.seq;
            if (entry.kind !== NOTE_TEMPLATE_AUDIT_KIND || typeof entry.details.round !== "string") continue;
            this.byRound.set(entry.details.round, {
              template: (entry.details.template ?? null) as NoteTemplate | null,
              version: entry.seq,
              updatedAt: entry.time,
              updatedBy: entry.actor,
            });
          }
          if (page.length < this.pageSize) break;
        }
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }
}
