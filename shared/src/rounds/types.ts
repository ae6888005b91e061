/**
 * A comment round as a serializable record (SP1). Plain JSON: the server stores it whole, sends it to
 * clients and replays its events; nothing here holds a Date, a Map or a class. Every instant is an ISO
 * 8601 UTC string with milliseconds, set from the server's clock (`now`), never from a client.
 */
import type { CommentsNodeJSON } from "./comments-schema.js";

/** `comments`: a reflection period for written comments. `silence`: adopted at the deadline unless silence is broken. */
export type RoundKind = "comments" | "silence";

/** draft → open → closed → compiled, never backwards (SP1). */
export type RoundStatus = "draft" | "open" | "closed" | "compiled";

export const ROUND_STATUSES: readonly RoundStatus[] = ["draft", "open", "closed", "compiled"];

/** One extension of the deadline (SP6). */
export interface DeadlineExtension {
  /** The deadline before. */
  readonly from: string;
  /** The new, later deadline. */
  readonly to: string;
  /** When the Secretariat extended it. */
  readonly at: string;
  /** The Secretariat user who extended it. */
  readonly by: string;
  readonly reason: string;
}

/** An unofficial English translation of general comments (SP11). */
export interface CommentsTranslation {
  readonly content: CommentsNodeJSON;
  /** User id of whoever supplied it (the delegation's author or a Secretariat officer). */
  readonly by: string;
  readonly at: string;
}

/** A delegation's general comments: one entry, replaced by each new submission until the deadline. */
export interface GeneralComments {
  readonly content: CommentsNodeJSON;
  /** BCP 47 language of `content`, canonical ("en", "fr", "es", "ar", "ru", "zh"). */
  readonly language: string;
  /** Null when the language is English, or while nobody has translated them. */
  readonly translation: CommentsTranslation | null;
  /** User id of the delegate who submitted this version. */
  readonly author: string;
  /** When the delegation first submitted general comments in this round. */
  readonly firstSubmittedAt: string;
  /** When this version arrived (server time). */
  readonly submittedAt: string;
}

/** "The delegation has no comments or suggestions." */
export interface NoComments {
  readonly author: string;
  readonly at: string;
}

/** A written objection or amendment that breaks silence (SP14). Final: never withdrawn. */
export interface SilenceBreak {
  readonly kind: "objection" | "amendment";
  readonly text: string;
  readonly author: string;
  /** Server time at which silence was broken. */
  readonly at: string;
}

/** The delegation has proposed tracked changes in the text during the round (SP21). */
export interface Proposing {
  /** The first tracked change the server saw from the delegation. */
  readonly changeId: string;
  readonly author: string;
  readonly firstAt: string;
}

/** What a change proposed too late looked like, for the Secretariat to read. */
export interface LateChange {
  readonly kind: "insert" | "delete" | "replace";
  readonly insertedText: string;
  readonly deletedText: string;
  /** "Discussion point 3", or null outside points. */
  readonly point: string | null;
}

/** The content of an attempt that came too late (SP7). */
export type LateContent =
  | { readonly kind: "comments"; readonly content: CommentsNodeJSON; readonly language: string; readonly translation: CommentsNodeJSON | null }
  | { readonly kind: "no-comments" }
  | { readonly kind: "break-silence"; readonly silence: "objection" | "amendment"; readonly text: string }
  | { readonly kind: "proposal"; readonly changes: readonly LateChange[] };

/** A submission that arrived at or after the deadline (or after an early close): kept, flagged, never counted. */
export interface LateSubmission {
  /** "late-1", "late-2", … within the delegation's response. */
  readonly id: string;
  readonly late: true;
  readonly author: string;
  /** Server time of arrival. */
  readonly receivedAt: string;
  /** The deadline (or closing instant) it missed. */
  readonly missed: string;
  readonly content: LateContent;
}

/** Everything one invited delegation did in the round. What counts is everything except `late`. */
export interface DelegationResponse {
  readonly delegation: string;
  readonly generalComments: GeneralComments | null;
  readonly noComments: NoComments | null;
  readonly silenceBroken: SilenceBreak | null;
  readonly proposing: Proposing | null;
  readonly late: readonly LateSubmission[];
}

/** How a round ended (SP8, SP9). */
export interface RoundClosing {
  /** The instant the round closed as of: the deadline, or an earlier manual closing time. */
  readonly at: string;
  /** When the closing was recorded: later than `at` when the server closed it after downtime. */
  readonly recordedAt: string;
  readonly by: string;
  readonly reason: "manual" | "deadline";
}

/** A silence round's result (SP15). */
export type SilenceOutcome =
  | { readonly adopted: true; readonly at: string }
  | { readonly adopted: false; readonly brokenBy: ReadonlyArray<{ readonly delegation: string; readonly kind: "objection" | "amendment"; readonly at: string }> };

export interface Round {
  readonly id: string;
  /** The document circulated. */
  readonly documentId: string;
  readonly kind: RoundKind;
  readonly title: string;
  /** What the Secretariat asks of delegations (plain text). */
  readonly instructions: string;
  /** Delegation codes invited to respond, in the order the Secretariat listed them, without repeats. */
  readonly invited: readonly string[];
  /** IANA time zone in which deadlines are stated, canonical ("Europe/Vienna"). */
  readonly timeZone: string;
  readonly status: RoundStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Server time of the last accepted event; events with an earlier `now` are refused (SP20). */
  readonly updatedAt: string;
  /** 1 at creation, +1 for every accepted event that changed the round (for optimistic concurrency). */
  readonly revision: number;
  /** When delegations may start writing; null in draft. May lie ahead of the opening event. */
  readonly openedAt: string | null;
  /** The current deadline (after extensions). In draft, the proposed one, or null. */
  readonly deadline: string | null;
  readonly circulatedSnapshotId: string | null;
  readonly closing: RoundClosing | null;
  /** The snapshot of the text as of `closing.at`, once the server has taken it. */
  readonly closedSnapshotId: string | null;
  readonly compiled: { readonly at: string; readonly by: string } | null;
  readonly extensions: readonly DeadlineExtension[];
  /** One entry per invited delegation from opening on, keyed by code. Empty in draft. */
  readonly responses: Readonly<Record<string, DelegationResponse>>;
  /** Set when a silence round closes; null otherwise. */
  readonly outcome: SilenceOutcome | null;
}
