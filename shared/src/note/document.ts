/**
 * A document's own text exports (HTML and Markdown of a view, NT34) in the note's model: the masthead
 * and session block from the document's metadata, written as the note writes them ("14 May 2018",
 * "Distr.: General", "Vienna, 2–3 May 2018"), then the text with every proposal, comment on words,
 * comment on a point and co-sponsorship in the conventions of section II (NT9–NT22), the points
 * numbered as the document numbers them. Rendered by the note's own renderers.
 */
import type { Node } from "prosemirror-model";
import type { Annotations } from "../tracking/annotations.js";
import { buildMasthead } from "./build.js";
import { buildProposals, type DelegationResolver } from "./proposals.js";
import type { Note, NoteFootnote } from "./types.js";
import type { NoteMastheadInput } from "./input.js";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** "Item 2 (d) of the provisional agenda" (as the importer keeps it) → "2 (d)" and whether it is provisional. */
export function agendaItemOf(text: string): { item: string; provisional: boolean } {
  const match = /^\s*(?:item\s+)?(.*?)(?:\s+of\s+the\s+(provisional\s+)?agenda)?\s*$/i.exec(text)!;
  return { item: match[1]!.trim(), provisional: !/of\s+the\s+agenda\s*$/i.test(text) };
}

/** The masthead facts of the `metadata` node's attributes, as a note's masthead input; `title` when the metadata has none. */
export function mastheadOfMetadata(attrs: Readonly<Record<string, unknown>> | null, title: string): NoteMastheadInput {
  const m = attrs ?? {};
  const agenda = agendaItemOf(str(m.agendaItem));
  const distribution = m.distribution === "general" || m.distribution === "limited" || m.distribution === "restricted" ? m.distribution : null;
  return {
    organ: str(m.organ),
    symbol: str(m.symbol),
    distribution: attrs ? distribution : null,
    englishOnly: m.englishOnly === true,
    originalLanguage: str(m.originalLanguage) || "English",
    date: str(m.date),
    session: str(m.session),
    venue: str(m.venue),
    sessionStart: str(m.sessionStart),
    sessionEnd: str(m.sessionEnd),
    agendaItem: agenda.item,
    agendaProvisional: agenda.provisional,
    agendaTitle: str(m.agendaTitle),
    agendaFootnote: str(m.agendaFootnote),
    title: str(m.title).trim() || title,
    subtitle: str(m.subtitle),
  };
}

/**
 * The document `doc` (with its annotations) as a `Note` of one untitled section: what its HTML and
 * Markdown exports print. Never refuses: a metadata field that does not read as a date is left out,
 * an unknown delegation is tagged by its code.
 */
export function documentNote(doc: Node, annotations: Annotations, resolve: DelegationResolver, title: string): Note {
  const first = doc.firstChild;
  const attrs = first?.type.name === "metadata" ? first.attrs : null;
  const input = mastheadOfMetadata(attrs, title);
  const footnotes: NoteFootnote[] = [];
  const ignored: string[] = [];
  const { masthead, session } = buildMasthead(input, footnotes, ignored);
  const proposals = buildProposals(doc, annotations, resolve, { numbering: "document" });
  const hasSession = session !== null && (session.session !== "" || session.venueAndDates !== "");
  return {
    masthead,
    session: hasSession ? session : null,
    title: input.title,
    subtitle: input.subtitle?.trim() || null,
    byline: null,
    numbering: "document",
    numberingsDiffer: proposals.numberingsDiffer,
    sections: [{ id: "text", number: null, title: null, blocks: proposals.blocks }],
    footnotes: [...footnotes, ...proposals.footnotes],
    competing: proposals.competing,
  };
}
