/**
 * Making the note of a closed round from the bytes of its closed snapshot (NS2, NT23–NT33) and its
 * preview (NS6): what the render worker does before it renders (NS10), so that reading a large text
 * and compiling its note never hold up the collaboration event loop either. Pure but for Yjs decoding.
 */
import { compileNote, noteInputFromRound, type Annotation, type Delegation, type Note, type NoteTemplate, type Round } from "@concord/shared";
import { readState } from "../documents/service.js";
import { renderNoteHtmlFragment } from "../export/html.js";
import type { JobError } from "./jobs.js";

/** What making a round's note takes: the round, its document's record, the closed snapshot's bytes and the Secretariat's template. */
export interface NoteMaking {
  readonly round: Round;
  readonly record: { readonly title: string; readonly symbol: string };
  readonly snapshotId: string;
  readonly snapshot: Uint8Array;
  readonly template: NoteTemplate | null;
  /** The server's time (the note's date is that day in the round's zone). */
  readonly asOf: string;
  readonly delegations: readonly Delegation[];
}

/** The note and its preview (an `<article class="note">` fragment), or why it cannot be made, as the API says it. */
export type MadeNote =
  | { readonly ok: true; readonly note: Note; readonly noteSymbol: string; readonly html: string }
  | { readonly ok: false; readonly failure: JobError };

export function makeRoundNote(making: NoteMaking): MadeNote {
  const { round } = making;
  let content: ReturnType<typeof readState>;
  try {
    content = readState(making.snapshot);
  } catch (error) {
    return { ok: false, failure: { status: 500, code: "internal", message: `The closed snapshot ${making.snapshotId} of round ${round.id} is not a valid document (${(error as Error).message}).` } };
  }
  const first = content.doc.firstChild;
  const mapped = noteInputFromRound({
    round,
    document: { doc: content.doc, annotations: new Map(Object.entries(content.annotations)) as Map<string, Annotation> },
    metadata: { title: making.record.title, symbol: making.record.symbol, metadata: first?.type.name === "metadata" ? first.attrs : null },
    template: making.template,
    asOf: making.asOf,
    delegations: making.delegations,
  });
  if (!mapped.ok) return { ok: false, failure: { status: 409, code: "conflict", message: mapped.refusal.message, details: { round: round.id, rule: mapped.refusal.rule, reason: mapped.refusal.code } } };
  const compiled = compileNote(mapped.input);
  if (!compiled.ok) {
    return { ok: false, failure: { status: 422, code: "refused", message: `The note of round ${round.id} cannot be made yet:\n- ${compiled.problems.join("\n- ")}`, details: { rule: "NT1", problems: compiled.problems } } };
  }
  return { ok: true, note: compiled.note, noteSymbol: mapped.input.masthead.symbol, html: renderNoteHtmlFragment(compiled.note) };
}
