/**
 * What a person had typed when the server refused their edit (CN4 in client/SPEC.md): their
 * proposals in the refused local document that the server's document does not hold, so that they
 * can be offered back as a draft and proposed again. Pure.
 */
import type { Node } from "prosemirror-model";
import { acceptAll, changedWindow, listChanges, subDocument, type TrackedChange } from "@concord/shared";

export interface DraftPiece {
  /** The change id in the refused document, or null for untracked (direct) edits. */
  readonly changeId: string | null;
  readonly point: string | null;
  readonly pointId: string | null;
  /** The text they proposed to insert (or, for a direct edit, the edited passage). */
  readonly inserted: string;
  /** The text they proposed to delete. */
  readonly deleted: string;
}

export interface Draft {
  readonly pieces: readonly DraftPiece[];
  /** Everything as plain text, to copy: one line per piece, labelled by point. */
  readonly text: string;
}

export interface DraftOwner {
  readonly delegation: string | null;
  readonly author: string;
}

/**
 * The draft of `owner` in `refused` relative to `server`:
 * - every change of the owner's delegation and author that the server lacks, or holds with other
 *   text (the person went on typing in an existing proposal), as a piece;
 * - when there is none (the Secretariat's direct edits), the passages of top-level blocks that differ,
 *   as the refused document shows them with every proposal accepted.
 * Empty when nothing was lost.
 */
export function extractDraft(refused: Node, server: Node, owner: DraftOwner): Draft {
  const known = new Map(listChanges(server).map((c) => [c.id, c]));
  const pieces: DraftPiece[] = [];
  for (const change of listChanges(refused)) {
    if (change.author !== owner.author || (owner.delegation !== null && change.delegation !== owner.delegation)) continue;
    const there = known.get(change.id);
    if (there && there.insertedText === change.insertedText && there.deletedText === change.deletedText && sameBlocks(there, change)) continue;
    if (change.insertedText === "" && change.deletedText === "" && change.blocks.inserted === 0) continue;
    pieces.push({ changeId: change.id, point: change.point, pointId: change.pointId, inserted: change.insertedText, deleted: change.deletedText });
  }
  if (pieces.length === 0) pieces.push(...directEdits(refused, server));
  return { pieces, text: pieces.map(pieceText).join("\n") };
}

const sameBlocks = (a: TrackedChange, b: TrackedChange) => a.blocks.inserted === b.blocks.inserted && a.blocks.deleted === b.blocks.deleted;

function directEdits(refused: Node, server: Node): DraftPiece[] {
  const window = changedWindow([server, refused]);
  if (!window) return [];
  const mine = acceptAll(subDocument(refused, window.start, window.ends[1]!));
  const theirs = acceptAll(subDocument(server, window.start, window.ends[0]!));
  const text = blockTexts(mine);
  const before = new Set(blockTexts(theirs));
  return text.filter((t) => t.trim() !== "" && !before.has(t)).map((t) => ({ changeId: null, point: null, pointId: null, inserted: t, deleted: "" }));
}

function blockTexts(doc: Node): string[] {
  const texts: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) { texts.push(node.textContent); return false; }
    return true;
  });
  return texts;
}

function pieceText(piece: DraftPiece): string {
  const where = piece.point ? `${piece.point}: ` : "";
  if (piece.inserted && piece.deleted) return `${where}replace "${piece.deleted}" with "${piece.inserted}"`;
  if (piece.deleted) return `${where}delete "${piece.deleted}"`;
  if (piece.inserted) return `${where}insert "${piece.inserted}"`;
  return `${where}new paragraph or point`;
}
