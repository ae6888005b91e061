import { noteHref } from "./model.js";

export { noteHref };

/** A link to the note of a closed (or compiled) round, for the round page; nothing for other rounds. */
export function NoteLink({ roundId, status }: { roundId: string; status: string }) {
  if (status !== "closed" && status !== "compiled") return null;
  return <a class="button" href={noteHref(roundId)} data-testid="note-link">The Secretariat's note: preview and download</a>;
}
