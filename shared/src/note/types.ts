/**
 * The Secretariat's note ("Comments of States on …") as a value: what `buildNote` makes from a
 * `NoteInput`, and what every renderer (HTML, Markdown, PDF, DOCX) consumes. Plain JSON: no Date, Map or
 * class, so a note can be stored, sent to a browser for preview and rendered later, and two notes can be
 * compared with `JSON.stringify`.
 */

/** A change of the tracked document as the note shows it: whose it is, and when it was made. */
export interface NoteChange {
  readonly id: string;
  /** Delegation code ("USA"). */
  readonly delegation: string;
  /** The delegation's tag ("US"). */
  readonly tag: string;
  /** The delegation's UN short name without a leading "the" ("United States"), e.g. for `w:author`. */
  readonly name: string;
  /** Account id of the person who made it. */
  readonly author: string;
  /** ISO 8601 instant. */
  readonly createdAt: string;
}

/** One entry of a tag: "US: delete, since …" or "US, Canada" (a joint proposal). */
export interface NoteTagEntry {
  /** `change`: a proposal's tag (with its reason); `comment`: a comment on words or on a point; `structure`: a proposed paragraph break or join. */
  readonly kind: "change" | "comment" | "structure";
  /** The change id or the comment id. */
  readonly id: string;
  /** Delegation codes: the proposer first, then co-sponsors in the order they joined. */
  readonly delegations: readonly string[];
  /** Tags in the same order ("US", "Canada"). */
  readonly tags: readonly string[];
  /** Names in the same order, without a leading "the" ("United States", "Canada"). */
  readonly names: readonly string[];
  /** The reason or the comment; null when there is none. */
  readonly text: string | null;
  /** The delegation's author and time (for Word comments). */
  readonly author: string;
  readonly createdAt: string;
}

/**
 * A run of the note's text with its annotations. The text of a paragraph is its runs' texts in
 * order. `text` runs are the document's words; `tag`, `sep` and `footnote` runs are the note's
 * presentation: a renderer that shows real tracked changes (Word revisions) leaves out tags and
 * separators and renders the `text` runs with their `deleted` and `inserted` attributions.
 */
export interface NoteRun {
  readonly kind: "text" | "tag" | "sep" | "footnote";
  /** For `tag`: the printed tag "(US: delete, since …)"; for `footnote`: the marker ("1", "*"). */
  readonly text: string;
  readonly em?: true;
  readonly strong?: true;
  /** Proposed for deletion by these changes (printed struck through). A tag inside a strike has it too. */
  readonly deleted?: readonly NoteChange[];
  /** Proposed by this change. */
  readonly inserted?: NoteChange;
  /** For `tag`: its entries. */
  readonly entries?: readonly NoteTagEntry[];
}

export type NoteListStyle = "bullet" | "decimal" | "lower-alpha" | "lower-roman";

export type NoteBlock = NoteParagraph | NoteHeading | NotePoint | NoteList | NoteSubmission;

export interface NoteParagraph {
  readonly type: "paragraph";
  /** The paragraph number (introduction), or null. */
  readonly number: number | null;
  /** `point-comment`: a delegation's comment on a whole point, printed as its own paragraph. */
  readonly role: "text" | "point-comment";
  readonly runs: readonly NoteRun[];
}

export interface NoteHeading {
  readonly type: "heading";
  /** 1 for the top level within a section. */
  readonly level: number;
  readonly runs: readonly NoteRun[];
}

export interface NotePoint {
  readonly type: "point";
  /** "Discussion point 3", or "New discussion point" for a point a delegation proposes. */
  readonly label: string;
  /** The point's number; null for a proposed new point. */
  readonly number: number | null;
  readonly id: string;
  /** The whole point is proposed for deletion. */
  readonly deleted: boolean;
  /** The point is proposed as new. */
  readonly inserted: boolean;
  /** The point's text (paragraphs and lists), then its point-level comments. */
  readonly blocks: readonly NoteBlock[];
}

export interface NoteList {
  readonly type: "list";
  readonly style: NoteListStyle;
  readonly start: number;
  /** Each item is a sequence of blocks (paragraphs and nested lists). */
  readonly items: ReadonlyArray<readonly NoteBlock[]>;
}

/** A delegation's general comments (section III). */
export interface NoteSubmission {
  readonly type: "submission";
  readonly delegation: string;
  /** "United States": the name as a heading. */
  readonly heading: string;
  /** BCP 47 language of the submission as received ("en", "es"). */
  readonly language: string;
  /** The blocks are the Secretariat's unofficial English translation. */
  readonly translated: boolean;
  readonly noComments: boolean;
  readonly blocks: readonly NoteBlock[];
}

export interface NoteSection {
  readonly id: "introduction" | "proposals" | "general-comments";
  /** Roman numeral: "I", "II", "III". */
  readonly number: string;
  readonly title: string;
  readonly blocks: readonly NoteBlock[];
}

export interface NoteFootnote {
  /** "*" for the masthead's footnote, "1", "2", … for the text's. */
  readonly marker: string;
  readonly text: string;
}

/** Words on which several proposals compete: Word's tracked changes cannot express them. */
export interface NoteCompetingSpan {
  /** "Discussion point 39", or null outside points. */
  readonly point: string | null;
  /** The words of the span as printed, without tags (shortened to about 80 characters). */
  readonly words: string;
  readonly tags: readonly string[];
  readonly changes: readonly string[];
}

export interface NoteMasthead {
  readonly organ: string;
  readonly symbol: string;
  /** "Distr.: General", "Distr.: Limited", "Distr.: Restricted", or null (a conference room paper). */
  readonly distribution: string | null;
  /** "9 October 2020". */
  readonly date: string;
  /** "English only" or "Original: English". */
  readonly language: string;
}

export interface NoteSessionBlock {
  /** "Tenth session". */
  readonly session: string;
  /** "Vienna, 12–16 October 2020". */
  readonly venueAndDates: string;
  /** "Item 2 (d) of the provisional agenda" and its footnote reference. */
  readonly agendaItem: readonly NoteRun[];
  readonly agendaTitle: string;
}

export interface Note {
  readonly masthead: NoteMasthead;
  readonly session: NoteSessionBlock | null;
  readonly title: string;
  readonly subtitle: string | null;
  /** "Note by the Secretariat". */
  readonly byline: string;
  readonly sections: readonly NoteSection[];
  /** Footnotes in order: the masthead's ("*") first, then the text's ("1", "2", …). */
  readonly footnotes: readonly NoteFootnote[];
  /** Spans where proposals of several changes meet (see `NoteCompetingSpan`). */
  readonly competing: readonly NoteCompetingSpan[];
}
