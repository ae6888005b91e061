/**
 * Rounds in the SQLite store (ST14–ST16): the statements behind `RoundStore`, run by `SqliteStore`
 * inside its transactions.
 */
import type Database from "better-sqlite3";
import type { LateContent, Round } from "@concord/shared";
import { roundColumns, snapshotLinkProblem } from "./rounds.js";
import { StoreConflict, type LateChannel, type LateSubmissionMeta, type LateSubmissionRecord, type NewAuditEntry, type RoundWrite } from "./types.js";

interface LateRow {
  round_id: string; delegation: string; late_id: string; author: string; received_at: string; missed: string; via: string;
  summary: string; content: string; update_size: number | null; update_data?: Buffer | null;
}

const toMeta = (r: LateRow): LateSubmissionMeta => ({
  roundId: r.round_id, delegation: r.delegation, id: r.late_id, author: r.author, receivedAt: r.received_at, missed: r.missed,
  via: r.via as LateChannel, summary: r.summary, content: JSON.parse(r.content) as LateContent, updateBytes: r.update_size,
});

const LATE_COLUMNS = "round_id, delegation, late_id, author, received_at, missed, via, summary, content, length(update_data) AS update_size";

export class SqliteRounds {
  constructor(
    /** The store's cached prepared statement of a SQL text (ST18). */
    private readonly sql: (text: string) => Database.Statement,
    private readonly db: Database.Database,
    private readonly appendAudit: (entries: readonly NewAuditEntry[]) => void,
  ) {}

  save(write: RoundWrite): void {
    const { round } = write;
    this.db.transaction(() => {
      const stored = this.sql("SELECT revision, circulated_snapshot_id, closed_snapshot_id FROM rounds WHERE id = ?").get(round.id) as
        { revision: number; circulated_snapshot_id: string | null; closed_snapshot_id: string | null } | undefined;
      if (write.expectedRevision === null && stored) throw new StoreConflict(`round ${round.id} already exists`);
      if (write.expectedRevision !== null && stored?.revision !== write.expectedRevision) {
        throw new StoreConflict(`round ${round.id} is at revision ${stored?.revision ?? "none"}, not ${write.expectedRevision}: it changed meanwhile`);
      }
      const insertSnapshot = this.sql("INSERT INTO snapshots (id, document_id, name, kind, seq, state, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      for (const s of write.snapshots ?? []) {
        try {
          insertSnapshot.run(s.id, s.documentId, s.name, s.kind, s.seq, Buffer.from(s.state.buffer, s.state.byteOffset, s.state.byteLength), s.createdAt, s.createdBy);
        } catch (error) {
          if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new StoreConflict(`snapshot ${s.id} already exists`);
          throw error;
        }
      }
      const snapshotDocument = this.sql("SELECT document_id FROM snapshots WHERE id = ?");
      const problem = snapshotLinkProblem(round, stored ? { circulated: stored.circulated_snapshot_id, closed: stored.closed_snapshot_id } : null,
        (id) => (snapshotDocument.get(id) as { document_id: string } | undefined)?.document_id ?? null);
      if (problem) throw new StoreConflict(problem);
      const c = roundColumns(round);
      if (stored) {
        this.sql(`UPDATE rounds SET kind = ?, status = ?, revision = ?, deadline = ?, circulated_snapshot_id = ?, closed_snapshot_id = ?,
          updated_at = ?, data = ? WHERE id = ? AND document_id = ?`)
          .run(c.kind, c.status, c.revision, c.deadline, c.circulated, c.closed, c.updatedAt, c.data, c.id, c.documentId);
      } else {
        this.sql(`INSERT INTO rounds (id, document_id, kind, status, revision, deadline, circulated_snapshot_id, closed_snapshot_id, created_at, updated_at, data)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(c.id, c.documentId, c.kind, c.status, c.revision, c.deadline, c.circulated, c.closed, c.createdAt, c.updatedAt, c.data);
      }
      const insertLate = this.sql(`INSERT INTO late_submissions (round_id, delegation, late_id, author, received_at, missed, via, summary, content, update_data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const l of write.late ?? []) {
        if (l.roundId !== round.id) throw new Error(`saveRound: late submission ${l.id} is of round ${l.roundId}, not ${round.id}`);
        try {
          insertLate.run(l.roundId, l.delegation, l.id, l.author, l.receivedAt, l.missed, l.via, l.summary, JSON.stringify(l.content),
            l.update ? Buffer.from(l.update.buffer, l.update.byteOffset, l.update.byteLength) : null);
        } catch (error) {
          if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new StoreConflict(`late submission ${l.delegation}/${l.id} of round ${l.roundId} already exists`);
          throw error;
        }
      }
      this.appendAudit(write.audit ?? []);
    })();
  }

  find(id: string): Round | null {
    const row = this.sql("SELECT data FROM rounds WHERE id = ?").get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Round) : null;
  }

  list(documentId?: string): Round[] {
    const rows = (documentId === undefined
      ? this.sql("SELECT data FROM rounds ORDER BY created_at, id").all()
      : this.sql("SELECT data FROM rounds WHERE document_id = ? ORDER BY created_at, id").all(documentId)) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Round);
  }

  listLate(roundId: string): LateSubmissionMeta[] {
    return (this.sql(`SELECT ${LATE_COLUMNS} FROM late_submissions WHERE round_id = ? ORDER BY received_at, delegation, late_id`).all(roundId) as LateRow[]).map(toMeta);
  }

  findLate(roundId: string, delegation: string, id: string): LateSubmissionRecord | null {
    const row = this.sql(`SELECT ${LATE_COLUMNS}, update_data FROM late_submissions WHERE round_id = ? AND delegation = ? AND late_id = ?`)
      .get(roundId, delegation, id) as LateRow | undefined;
    if (!row) return null;
    const data = row.update_data ?? null;
    return { ...toMeta(row), update: data ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : null };
  }
}
