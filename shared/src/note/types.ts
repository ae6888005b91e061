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

/** A delegation that joined a proposal: who, and when (for the Word comment it writes). */
export interface NoteCosponsorship {
  readonly delegation: string;
  readonly tag: string;
  /** Without a leading "the". */
  readonly name: string;
  /** As running text writes it ("the United States"). */
  readonly runningName: string;
  readonly author: string;
  /** ISO 8601 instant. */
  readonly joinedAt: string;
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
  /** Names as running text writes them, in the same order ("the United States", "Canada"). */
  readonly runningNames: readonly string[];
  /** The reason or the comment; null when there is none. */
  readonly text: string | null;
  /** The delegation's author and time (for Word comments). */
  readonly author: string;
  readonly createdAt: string;
  /** For a proposal: the co-sponsors, in the order they joined (their tags are in `tags` after the proposer's). */
  readonly cosponsorships: readonly NoteCosponsorship[];
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
  /**
   * Whitespace at the edge of a proposal (NT16): printed plain — outside the strike and the underline —
   * but part of the change in Word's revisions, so that accepting or rejecting it leaves one space.
   */
  readonly edgeOf?: { readonly inserted?: NoteChange; readonly deleted?: readonly NoteChange[] };
  /** Ids of the comments on words that cover this text (Word anchors each comment to its words). */
  readonly comments?: readonly string[];
  /** Index in `Note.competing` of the span of competing proposals this text belongs to. */
  readonly competing?: number;
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
  /** The heading's own label ("A.", "IV."), printed before its text with a hanging indent; null for none. */
  readonly label: string | null;
  readonly runs: readonly NoteRun[];
}

export interface NotePoint {
  readonly type: "point";
  /** "Discussion point 3", or "New discussion point" for a point a delegation proposes: in the note's numbering (`Note.numbering`). */
  readonly label: string;
  /** The point's number; null for a proposed new point. */
  readonly number: number | null;
  /** The label in the document's own numbering (which may restart per section). */
  readonly documentLabel: string;
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
  /** `text`: the document itself, in the text exports of a document (no heading). */
  readonly id: "introduction" | "proposals" | "general-comments" | "text";
  /** Roman numeral: "I", "II", "III"; null for a section without a heading. */
  readonly number: string | null;
  readonly title: string | null;
  readonly blocks: readonly NoteBlock[];
}

export interface NoteFootnote {
  /** "*" for the masthead's footnote, "1", "2", … for the text's. */
  readonly marker: string;
  readonly text: string;
}

/**
 * Words on which several proposals compete: Word's revisions hold one proposal per word, so the DOCX
 * with revisions writes the first one made (`primary`) as revisions and every other one as a Word
 * comment by its delegation on the same words (EX7).
 */
export interface NoteCompetingSpan {
  /** "Discussion point 39", or null outside points. */
  readonly point: string | null;
  /** The words of the span as printed, without tags (shortened to about 80 characters). */
  readonly words: string;
  readonly tags: readonly string[];
  /** The changes of the span, in the order they were made. */
  readonly changes: readonly string[];
  /** The change written as Word revisions: the first made. */
  readonly primary: string;
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

/** How the note numbers points: straight through the note (the Secretariat's practice), or as the document does (restarting per section). */
export type NoteNumbering = "note" | "document";

export interface Note {
  readonly masthead: NoteMasthead;
  readonly session: NoteSessionBlock | null;
  readonly title: string;
  readonly subtitle: string | null;
  /** "Note by the Secretariat"; null in the text export of a document. */
  readonly byline: string | null;
  /** Which numbering the points' labels follow (NT10). */
  readonly numbering: NoteNumbering;
  /** Whether numbering the points straight through the note labels some point otherwise than the document does (NT10). */
  readonly numberingsDiffer: boolean;
  readonly sections: readonly NoteSection[];
  /** Footnotes in order: the masthead's ("*") first, then the text's ("1", "2", …). */
  readonly footnotes: readonly NoteFootnote[];
  /** Spans where proposals of several changes meet (see `NoteCompetingSpan`). */
  readonly competing: readonly NoteCompetingSpan[];
}
