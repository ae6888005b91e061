/**
 * What the note is built from. Deliberately independent of the rounds module: the server maps a closed
 * round (its document snapshot, deadline, invitations and submissions) to a `NoteInput`.
 */
import type { Node } from "prosemirror-model";
import type { Annotation } from "../tracking/annotations.js";
import type { Delegation } from "../delegations/registry.js";
import type { NoteNumbering } from "./types.js";

/** The masthead facts of the note itself (not of the document it compiles comments on). */
export interface NoteMastheadInput {
  /** "Conference of the Parties to the United Nations Convention against Transnational Organized Crime". */
  readonly organ: string;
  /** "CTOC/COP/2020/CRP.1"; may be empty. */
  readonly symbol: string;
  /** null for a document without a distribution line (a conference room paper). */
  readonly distribution: "general" | "limited" | "restricted" | null;
  /** "English only" instead of "Original: …". */
  readonly englishOnly: boolean;
  /** "English", for "Original: English". */
  readonly originalLanguage: string;
  /** The date of the note, "2020-10-09". */
  readonly date: string;
  /** "Tenth session"; empty for no session block. */
  readonly session: string;
  readonly venue: string;
  /** "2020-10-12" and "2020-10-16". */
  readonly sessionStart: string;
  readonly sessionEnd: string;
  /** "2 (d)"; empty for no agenda line. */
  readonly agendaItem: string;
  /** "Item … of the provisional agenda" (true, the default) or "of the agenda". */
  readonly agendaProvisional?: boolean;
  readonly agendaTitle: string;
  /** The footnote on the agenda line ("CTOC/COP/2020/1."); empty for none. */
  readonly agendaFootnote: string;
  readonly title: string;
  readonly subtitle?: string;
}

/** ProseMirror node JSON (the general comments' small schema: doc, paragraph, bullet_list, ordered_list, list_item, text; marks em, strong). */
export interface RichTextJSON {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly RichTextJSON[];
  readonly marks?: ReadonlyArray<{ readonly type: string }>;
  readonly text?: string;
}

/** Rich text, or plain text whose paragraphs are separated by blank lines. */
export type RichTextInput = string | RichTextJSON;

/** What one delegation sent within the deadline. */
export type Submission = CommentsSubmission | NoCommentsSubmission;

interface SubmissionBase {
  /** Delegation code. */
  readonly delegation: string;
  /** When it arrived (ISO instant); must not be after the deadline. */
  readonly receivedAt: string;
  /** BCP 47 language of what was sent ("en", "es", "fr"). */
  readonly language: string;
}

export interface CommentsSubmission extends SubmissionBase {
  readonly kind: "comments";
  /** General comments as sent (section III); null when the delegation only proposed changes to the text. */
  readonly comments: RichTextInput | null;
  /** The Secretariat's unofficial English translation; required when comments are not in English. */
  readonly translation?: RichTextInput | null;
}

/** "The delegation has no comments or suggestions." */
export interface NoCommentsSubmission extends SubmissionBase {
  readonly kind: "no-comments";
}

/**
 * The introduction (section I) as the Secretariat edits it: one string per numbered paragraph, with
 * placeholders for the facts, written `{name}` (a literal brace is `{{` or `}}`):
 *   {deadline}         the deadline's date in its time zone: "16 September 2020" (a deadline at midnight is the day before's 24:00)
 *   {deadlineTime}     its local time, to the minute: "24:00", "17:30"
 *   {respondents}      the delegations that answered: "Canada, France … and the United States"
 *   {respondentCount}  how many: "eight"
 *   {invitedCount}     how many delegations were invited: "nine", "14"
 *   {translations}     `translationSentence` when a submission was not in English, else nothing
 */
export interface IntroductionTemplate {
  readonly title?: string;
  readonly paragraphs: readonly string[];
  readonly translationSentence?: string;
}

export interface NoteInput {
  readonly masthead: NoteMastheadInput;
  /** The tracked document as compiled: its text with every proposal, and its annotations. */
  readonly document: {
    /** A ProseMirror document of the Concord schema, or its JSON. */
    readonly doc: Node | RichTextJSON;
    readonly annotations: ReadonlyMap<string, Annotation> | Readonly<Record<string, Annotation>>;
  };
  /**
   * The deadline for comments: the UTC instant from which input is late (the round's deadline) and the
   * IANA time zone it is announced in. A submission received at or after it is refused (NT1).
   */
  readonly deadline: { readonly at: string; readonly timeZone: string };
  /** Codes of the delegations invited to comment. */
  readonly invited: readonly string[];
  readonly submissions: readonly Submission[];
  readonly introduction: IntroductionTemplate;
  /** Section II: its title and unnumbered opening paragraphs. */
  readonly proposals?: { readonly title?: string; readonly lead?: readonly string[] };
  /** Section III: its title, and the sentence for a delegation without comments (`{name}` placeholder). */
  readonly generalComments?: { readonly title?: string; readonly noComments?: string };
  /** "Note by the Secretariat". */
  readonly byline?: string;
  /**
   * Delegations beyond the registry (added by the Secretariat, e.g. an organization the registry lacks):
   * they are named and sorted like the registry's (NT31).
   */
  readonly delegations?: readonly Delegation[];
  /**
   * The form of a delegation's name the Secretariat chose for this note, instead of the registry's:
   * `{"NLD": "the Netherlands"}` (NT33). It is named, sorted and headed by it.
   */
  readonly names?: Readonly<Record<string, string>>;
  /** How the note numbers the points (NT10): "note" (straight through, the default) or "document". */
  readonly numbering?: NoteNumbering;
}

export const DEFAULT_TRANSLATION_SENTENCE = "Submissions received in languages other than English were translated unofficially through the use of internal resources.";
export const DEFAULT_NO_COMMENTS = "{name} explained that they have no comments or suggestions.";
export const DEFAULT_PROPOSALS_TITLE = "Comments of States on the text";
export const DEFAULT_GENERAL_COMMENTS_TITLE = "General comments";
export const DEFAULT_BYLINE = "Note by the Secretariat";

/** A default introduction: the deadline, who answered and, when needed, the translation sentence. */
export const DEFAULT_INTRODUCTION: IntroductionTemplate = {
  title: "Introduction",
  paragraphs: [
    "The Secretariat circulated the text to the delegations and set a deadline ({deadline}) for the submission of comments.",
    "Within the aforementioned deadline, the Secretariat received comments from {respondents}. These comments are reflected below. {translations}",
  ],
  translationSentence: DEFAULT_TRANSLATION_SENTENCE,
};
