/**
 * The rounds tables of both stores and what their implementations share (SPEC.md ST14–ST16). The
 * interface is `RoundStore` in types.ts.
 */
import type { Round } from "@concord/shared";

/** Why the round links to snapshots that are not of its document, or that changed (ST16); null when they are fine. */
export function snapshotLinkProblem(
  round: Round,
  stored: { circulated: string | null; closed: string | null } | null,
  snapshotDocument: (id: string) => string | null,
): string | null {
  for (const [role, id] of [["circulated", round.circulatedSnapshotId], ["closed", round.closedSnapshotId]] as const) {
    if (id === null) {
      if (stored?.[role]) return `round ${round.id}: its ${role} snapshot ${stored[role]} cannot be unlinked`;
      continue;
    }
    if (stored?.[role] && stored[role] !== id) return `round ${round.id}: its ${role} snapshot is ${stored[role]}; it cannot become ${id}`;
    const documentId = snapshotDocument(id);
    if (documentId === null) return `round ${round.id}: there is no snapshot ${id} to link as its ${role} snapshot`;
    if (documentId !== round.documentId) return `round ${round.id}: snapshot ${id} is of document ${documentId}, not ${round.documentId}`;
  }
  return null;
}

/** The columns of a round row, from its record. */
export function roundColumns(round: Round) {
  return {
    id: round.id, documentId: round.documentId, kind: round.kind, status: round.status, revision: round.revision,
    deadline: round.deadline, circulated: round.circulatedSnapshotId, closed: round.closedSnapshotId,
    createdAt: round.createdAt, updatedAt: round.updatedAt, data: JSON.stringify(round),
  };
}

/** The tables of rounds, the same in both dialects but for the type of bytes (ST14–ST16). */
const roundsTables = (bytes: "BLOB" | "BYTEA") => `
CREATE TABLE rounds (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  kind TEXT NOT NULL CHECK (kind IN ('comments', 'silence')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'compiled')),
  revision INTEGER NOT NULL,
  deadline TEXT,
  circulated_snapshot_id TEXT REFERENCES snapshots(id),
  closed_snapshot_id TEXT REFERENCES snapshots(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX rounds_document ON rounds(document_id, created_at);
CREATE TABLE late_submissions (
  round_id TEXT NOT NULL REFERENCES rounds(id),
  delegation TEXT NOT NULL,
  late_id TEXT NOT NULL,
  author TEXT NOT NULL,
  received_at TEXT NOT NULL,
  missed TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('http', 'websocket')),
  summary TEXT NOT NULL,
  content TEXT NOT NULL,
  update_data ${bytes},
  PRIMARY KEY (round_id, delegation, late_id)
);
`;

/** SQLite: the tables, and triggers that keep late submissions as received. */
export const ROUNDS_SCHEMA_SQLITE = `${roundsTables("BLOB")}
CREATE TRIGGER late_no_update BEFORE UPDATE ON late_submissions BEGIN SELECT RAISE(ABORT, 'late submissions are kept as received'); END;
CREATE TRIGGER late_no_delete BEFORE DELETE ON late_submissions BEGIN SELECT RAISE(ABORT, 'late submissions are kept as received'); END;
`;

/** PostgreSQL: the tables, and a trigger that keeps late submissions as received. */
export const ROUNDS_SCHEMA_POSTGRES = `${roundsTables("BYTEA")}
CREATE FUNCTION late_kept_as_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'late submissions are kept as received'; END $$;
CREATE TRIGGER late_no_change BEFORE UPDATE OR DELETE ON late_submissions FOR EACH ROW EXECUTE FUNCTION late_kept_as_received();
`;
