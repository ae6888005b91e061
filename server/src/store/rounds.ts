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
