/**
 * Rounds in the PostgreSQL store (ST14–ST16): the statements behind `RoundStore`, run by
 * `PostgresStore` inside its transactions. A round's row is locked (`FOR UPDATE`) while a write checks
 * its revision, so two servers cannot both write revision n+1.
 */
import type pg from "pg";
import type { LateContent, Round } from "@concord/shared";
import { roundColumns, snapshotLinkProblem } from "./rounds.js";
import { StoreConflict, type LateChannel, type LateSubmissionMeta, type LateSubmissionRecord, type RoundWrite } from "./types.js";
import { prepared } from "./prepared.js";

type Row = Record<string, unknown>;

const toMeta = (r: Row): LateSubmissionMeta => ({
  roundId: r.round_id as string, delegation: r.delegation as string, id: r.late_id as string, author: r.author as string,
  receivedAt: r.received_at as string, missed: r.missed as string, via: r.via as LateChannel, summary: r.summary as string,
  content: JSON.parse(r.content as string) as LateContent, updateBytes: r.update_size === null || r.update_size === undefined ? null : Number(r.update_size),
});

const LATE_COLUMNS = "round_id, delegation, late_id, author, received_at, missed, via, summary, content, octet_length(update_data) AS update_size";
const buffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === "23505";

/** Writes one round change inside the caller's transaction (`client`), then its audit entries (`appendAudit`). */
export async function saveRoundRows(client: pg.PoolClient, write: RoundWrite, appendAudit: () => Promise<unknown>): Promise<void> {
  const { round } = write;
  const stored = (await client.query(prepared("SELECT revision, circulated_snapshot_id, closed_snapshot_id FROM rounds WHERE id = $1 FOR UPDATE"), [round.id])).rows[0] as Row | undefined;
  if (write.expectedRevision === null && stored) throw new StoreConflict(`round ${round.id} already exists`);
  if (write.expectedRevision !== null && Number(stored?.revision) !== write.expectedRevision) {
    throw new StoreConflict(`round ${round.id} is at revision ${stored ? Number(stored.revision) : "none"}, not ${write.expectedRevision}: it changed meanwhile`);
  }
  for (const s of write.snapshots ?? []) {
    try {
      await client.query(prepared("INSERT INTO snapshots (id, document_id, name, kind, seq, state, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
        [s.id, s.documentId, s.name, s.kind, s.seq, buffer(s.state), s.createdAt, s.createdBy]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreConflict(`snapshot ${s.id} already exists`);
      throw error;
    }
  }
  const ids = [round.circulatedSnapshotId, round.closedSnapshotId].filter((id): id is string => id !== null);
  const documents = new Map(((await client.query(prepared("SELECT id, document_id FROM snapshots WHERE id = ANY($1::text[])"), [ids])).rows as Row[])
    .map((r) => [r.id as string, r.document_id as string]));
  const problem = snapshotLinkProblem(round, stored ? { circulated: (stored.circulated_snapshot_id as string | null) ?? null, closed: (stored.closed_snapshot_id as string | null) ?? null } : null,
    (id) => documents.get(id) ?? null);
  if (problem) throw new StoreConflict(problem);
  const c = roundColumns(round);
  if (stored) {
    await client.query(prepared(`UPDATE rounds SET kind = $1, status = $2, revision = $3, deadline = $4, circulated_snapshot_id = $5, closed_snapshot_id = $6,
      updated_at = $7, data = $8 WHERE id = $9 AND document_id = $10`),
    [c.kind, c.status, c.revision, c.deadline, c.circulated, c.closed, c.updatedAt, c.data, c.id, c.documentId]);
  } else {
    await client.query(prepared(`INSERT INTO rounds (id, document_id, kind, status, revision, deadline, circulated_snapshot_id, closed_snapshot_id, created_at, updated_at, data)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
    [c.id, c.documentId, c.kind, c.status, c.revision, c.deadline, c.circulated, c.closed, c.createdAt, c.updatedAt, c.data]);
  }
  for (const l of write.late ?? []) {
    if (l.roundId !== round.id) throw new Error(`saveRound: late submission ${l.id} is of round ${l.roundId}, not ${round.id}`);
    try {
      await client.query(prepared(`INSERT INTO late_submissions (round_id, delegation, late_id, author, received_at, missed, via, summary, content, update_data)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
      [l.roundId, l.delegation, l.id, l.author, l.receivedAt, l.missed, l.via, l.summary, JSON.stringify(l.content), l.update ? buffer(l.update) : null]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreConflict(`late submission ${l.delegation}/${l.id} of round ${l.roundId} already exists`);
      throw error;
    }
  }
  await appendAudit();
}

export async function findRound(pool: pg.Pool, id: string): Promise<Round | null> {
  const row = (await pool.query(prepared("SELECT data FROM rounds WHERE id = $1"), [id])).rows[0] as Row | undefined;
  return row ? (JSON.parse(row.data as string) as Round) : null;
}

export async function listRounds(pool: pg.Pool, documentId?: string): Promise<Round[]> {
  const result = documentId === undefined
    ? await pool.query(prepared("SELECT data FROM rounds ORDER BY created_at, id"))
    : await pool.query(prepared("SELECT data FROM rounds WHERE document_id = $1 ORDER BY created_at, id"), [documentId]);
  return (result.rows as Row[]).map((r) => JSON.parse(r.data as string) as Round);
}

export async function listLate(pool: pg.Pool, roundId: string): Promise<LateSubmissionMeta[]> {
  return ((await pool.query(prepared(`SELECT ${LATE_COLUMNS} FROM late_submissions WHERE round_id = $1 ORDER BY received_at, delegation, late_id`), [roundId])).rows as Row[]).map(toMeta);
}

export async function findLate(pool: pg.Pool, roundId: string, delegation: string, id: string): Promise<LateSubmissionRecord | null> {
  const row = (await pool.query(prepared(`SELECT ${LATE_COLUMNS}, update_data FROM late_submissions WHERE round_id = $1 AND delegation = $2 AND late_id = $3`),
    [roundId, delegation, id])).rows[0] as Row | undefined;
  if (!row) return null;
  const data = row.update_data as Buffer | null;
  return { ...toMeta(row), update: data ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : null };
}
