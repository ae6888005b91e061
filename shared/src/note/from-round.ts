/**
 * From a closed comment round to the note's input (SPEC.md NT23–NT31): the round record, the text of
 * its `closed` snapshot, the document's metadata and the Secretariat's editable template give a
 * `NoteInput` for `compileNote`. Pure: the caller reads the snapshot and passes `asOf` (the server's
 * time), nothing here reads a clock or a store.
 */
import type { Node } from "prosemirror-model";
import { findDelegation, type Delegation } from "../delegations/registry.js";
import type { Annotation } from "../tracking/annotations.js";
import { listChanges, listComments } from "../tracking/changes.js";
import { countingResponses, type CountingResponse } from "../rounds/status.js";
import type { Round } from "../rounds/types.js";
import type { CommentsNodeJSON } from "../rounds/comments-schema.js";
import { formatDate, formatDateRange, localDateTime, parseCalendarDate, parseInstant } from "./dates.js";
import type { NoteNumbering } from "./types.js";
import { agendaItemOf } from "./document.js";
import { DEFAULT_TRANSLATION_SENTENCE, type IntroductionTemplate, type NoteInput, type NoteMastheadInput, type RichTextJSON, type Submission } from "./input.js";
import { fillTemplate } from "./template.js";

/** The placeholders `compileNote` fills in the introduction (NT5). */
export const INTRODUCTION_PLACEHOLDERS = ["deadline", "deadlineTime", "respondents", "respondentCount", "invitedCount", "translations"] as const;

/** Masthead fields the Secretariat may set for the note of a round (NT29); everything else is derived. */
export const NOTE_MASTHEAD_FIELDS = [
  "organ", "symbol", "distribution", "englishOnly", "originalLanguage", "date", "session", "venue", "sessionStart", "sessionEnd",
  "agendaItem", "agendaProvisional", "agendaTitle", "agendaFootnote", "title", "subtitle",
] as const satisfies ReadonlyArray<keyof NoteMastheadInput>;

export type NoteMastheadOverrides = { -readonly [K in keyof NoteMastheadInput]?: NoteMastheadInput[K] };

/**
 * What the Secretariat edits for the note of one round, stored per round. Every field is optional in
 * effect: `introduction` defaults to `defaultRoundIntroduction`, the masthead to what the document's
 * metadata gives (NT29), and a delegation's language to English (NT25).
 */
export interface NoteTemplate {
  readonly introduction: IntroductionTemplate;
  readonly masthead?: NoteMastheadOverrides;
  /** The language of what a delegation sent when the round does not record one (proposals only, an objection): `{FRA: "fr"}`. */
  readonly languages?: Readonly<Record<string, string>>;
  /** The form of delegations' names in this note, instead of the registry's: `{NLD: "the Netherlands"}` (NT33). */
  readonly names?: Readonly<Record<string, string>>;
  /** "note" (the default): points numbered straight through the note; "document": as the document numbers them (NT10). */
  readonly numbering?: NoteNumbering;
}

/** The longest name the Secretariat may give a delegation (NT33). */
export const MAX_NAME_LENGTH = 200;

/** The circulated document's masthead facts: its record, and the `metadata` node of its text when it has one. */
export interface NoteDocumentMetadata {
  readonly title: string;
  readonly symbol: string;
  /** The attributes of the document's `metadata` node (organ, venue, sessionStart, …), or null. */
  readonly metadata: Readonly<Record<string, unknown>> | null;
}

export interface RoundNoteSource {
  readonly round: Round;
  /** The text of the round's `closed` snapshot and its annotations. */
  readonly document: {
    readonly doc: Node | RichTextJSON;
    readonly annotations: ReadonlyMap<string, Annotation> | Readonly<Record<string, Annotation>>;
  };
  readonly metadata: NoteDocumentMetadata;
  /** The Secretariat's template for this round; null for the default (NT29). */
  readonly template: NoteTemplate | null;
  /** When the note is made (ISO instant, the server's time): its date is that day in the round's time zone. */
  readonly asOf: string;
  /** Delegations beyond the registry (NT31). */
  readonly delegations?: readonly Delegation[];
}

/** Why a round gives no note (yet). */
export interface RoundNoteRefusal {
  readonly code: "round_not_closed" | "missing_snapshot" | "invalid_round";
  readonly rule: string;
  readonly message: string;
}

export type RoundNoteResult = { readonly ok: true; readonly input: NoteInput } | { readonly ok: false; readonly refusal: RoundNoteRefusal };

const PARAGRAPH_DEADLINE = "The Secretariat circulated the text to the registered delegations and set a deadline ({deadline}) for the submission of comments on the text.";
const PARAGRAPH_RECEIVED = "Within the aforementioned deadline, the Secretariat received comments from {respondents}. These comments are reflected below. {translations}";
const PARAGRAPH_NONE = "Within the aforementioned deadline, the Secretariat received no comments.";

/**
 * The default introduction of a round's note (NT29), in the words of paragraphs 4 and 5 of the note of
 * 9 October 2020: the deadline; who sent comments, and the translation sentence when needed. When
 * nobody answered, the second paragraph says so instead of naming nobody.
 */
export function defaultRoundIntroduction(anyRespondent = true): IntroductionTemplate {
  return {
    title: "Introduction",
    paragraphs: [PARAGRAPH_DEADLINE, anyRespondent ? PARAGRAPH_RECEIVED : PARAGRAPH_NONE],
    translationSentence: DEFAULT_TRANSLATION_SENTENCE,
  };
}

const isEnglish = (language: string): boolean => /^en(-|$)/i.test(language);
const BCP47 = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The most paragraphs and characters a template may hold. */
export const MAX_TEMPLATE_PARAGRAPHS = 20;
export const MAX_TEMPLATE_TEXT = 5000;

/**
 * Every problem of a template given as untrusted JSON (NT30), or an empty list: the shape, unknown
 * placeholders (named, with the known ones), lengths, masthead fields and their types, languages of
 * delegations not invited or not BCP 47 tags.
 */
export function noteTemplateProblems(value: unknown, invited: readonly string[]): string[] {
  const problems: string[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(value)) return ["the template must be a JSON object with `introduction` (and optionally `masthead`, `languages`, `names` and `numbering`)"];
  for (const key of Object.keys(value)) if (!["introduction", "masthead", "languages", "names", "numbering"].includes(key)) problems.push(`unexpected field ${JSON.stringify(key)}`);
  const text = (v: unknown, what: string, allowEmpty = true): v is string => {
    if (typeof v !== "string") { problems.push(`${what} must be text`); return false; }
    if (!allowEmpty && !v.trim()) { problems.push(`${what} must not be empty`); return false; }
    if (v.length > MAX_TEMPLATE_TEXT) { problems.push(`${what} has ${v.length} characters, more than ${MAX_TEMPLATE_TEXT}`); return false; }
    return true;
  };
  const facts = Object.fromEntries(INTRODUCTION_PLACEHOLDERS.map((name) => [name, ""]));
  const known = INTRODUCTION_PLACEHOLDERS.map((name) => `{${name}}`).join(", ");
  const intro = value.introduction;
  if (!isRecord(intro)) problems.push("`introduction` must be an object with `paragraphs` (a list of texts)");
  else {
    for (const key of Object.keys(intro)) if (!["title", "paragraphs", "translationSentence"].includes(key)) problems.push(`introduction: unexpected field ${JSON.stringify(key)}`);
    if (intro.title !== undefined) text(intro.title, "the introduction's title", false);
    if (intro.translationSentence !== undefined && text(intro.translationSentence, "the translation sentence")) {
      const filled = fillTemplate(intro.translationSentence, {});
      if (!filled.ok) problems.push(`the translation sentence has placeholder ${filled.unknown.join(", ")}; it takes none`);
    }
    if (!Array.isArray(intro.paragraphs)) problems.push("`introduction.paragraphs` must be a list of texts");
    else {
      if (intro.paragraphs.length > MAX_TEMPLATE_PARAGRAPHS) problems.push(`the introduction has ${intro.paragraphs.length} paragraphs, more than ${MAX_TEMPLATE_PARAGRAPHS}`);
      intro.paragraphs.forEach((paragraph, i) => {
        if (!text(paragraph, `introduction paragraph ${i + 1}`)) return;
        const filled = fillTemplate(paragraph, facts);
        if (!filled.ok) problems.push(`introduction paragraph ${i + 1}: unknown placeholder ${filled.unknown.join(", ")} (known: ${known})`);
      });
    }
  }
  if (value.masthead !== undefined) {
    if (!isRecord(value.masthead)) problems.push("`masthead` must be an object");
    else {
      for (const [key, v] of Object.entries(value.masthead)) {
        if (!(NOTE_MASTHEAD_FIELDS as readonly string[]).includes(key)) { problems.push(`masthead: unknown field ${JSON.stringify(key)} (known: ${NOTE_MASTHEAD_FIELDS.join(", ")})`); continue; }
        if (key === "englishOnly" || key === "agendaProvisional") { if (typeof v !== "boolean") problems.push(`masthead.${key} must be true or false`); continue; }
        if (key === "distribution") { if (v !== null && !["general", "limited", "restricted"].includes(v as string)) problems.push("masthead.distribution must be general, limited, restricted or null"); continue; }
        if (!text(v, `masthead.${key}`, key !== "title")) continue;
        if (["date", "sessionStart", "sessionEnd"].includes(key) && v !== "" && !parseCalendarDate(v)) problems.push(`masthead.${key} ${JSON.stringify(v)} is not a date such as "2020-10-09"`);
      }
    }
  }
  if (value.numbering !== undefined && value.numbering !== "note" && value.numbering !== "document") {
    problems.push(`numbering must be "note" (straight through the note) or "document" (as the document numbers its points), not ${JSON.stringify(value.numbering)}`);
  }
  if (value.names !== undefined) {
    if (!isRecord(value.names)) problems.push("`names` must map delegation codes to the name printed, e.g. {\"NLD\": \"the Netherlands\"}");
    else {
      for (const [code, name] of Object.entries(value.names)) {
        if (!invited.includes(code) && !findDelegation(code)) problems.push(`names: ${JSON.stringify(code)} is neither invited to this round nor a known delegation`);
        if (typeof name !== "string" || !name.trim()) problems.push(`names: the name of ${code} must be a non-empty text`);
        else if (name.length > MAX_NAME_LENGTH) problems.push(`names: the name of ${code} has ${name.length} characters, more than ${MAX_NAME_LENGTH}`);
        else if (/[{}\n]/.test(name)) problems.push(`names: the name of ${code} must be one line without braces`);
      }
    }
  }
  if (value.languages !== undefined) {
    if (!isRecord(value.languages)) problems.push("`languages` must map delegation codes to languages, e.g. {\"FRA\": \"fr\"}");
    else {
      for (const [code, language] of Object.entries(value.languages)) {
        if (!invited.includes(code)) problems.push(`languages: ${JSON.stringify(code)} is not invited to this round`);
        if (typeof language !== "string" || !BCP47.test(language)) problems.push(`languages: ${code} has ${JSON.stringify(language)}, not a BCP 47 tag such as "en" or "fr"`);
      }
    }
  }
  return problems;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The note's masthead by default (NT29): prefilled from the circulated document's metadata — its organ,
 * symbol, distribution, language line, session, venue, dates and agenda item — and dated the day the
 * note is made (`date`: a note is never dated before its round closed); the title "Comments of States
 * on “<document title>” (<venue>, <dates of the meeting>)"; then the template's fields over these.
 */
export function defaultNoteMasthead(metadata: NoteDocumentMetadata, date: string, overrides: NoteMastheadOverrides = {}): NoteMastheadInput {
  const m = metadata.metadata ?? {};
  const documentTitle = (str(m.title).trim() || metadata.title.trim() || "the circulated text");
  const start = parseCalendarDate(str(m.sessionStart));
  const end = parseCalendarDate(str(m.sessionEnd));
  const where = [str(m.venue).trim(), start && end ? formatDateRange(start, end) : ""].filter(Boolean).join(", ");
  const distribution = m.distribution === "general" || m.distribution === "limited" || m.distribution === "restricted" ? m.distribution : null;
  const base: NoteMastheadInput = {
    organ: str(m.organ),
    symbol: str(m.symbol).trim() || metadata.symbol.trim(),
    distribution: metadata.metadata ? distribution : null,
    englishOnly: typeof m.englishOnly === "boolean" ? m.englishOnly : true,
    originalLanguage: str(m.originalLanguage).trim() || "English",
    date,
    session: str(m.session),
    venue: str(m.venue),
    sessionStart: start ? str(m.sessionStart) : "",
    sessionEnd: end ? str(m.sessionEnd) : "",
    agendaItem: str(m.agendaItem),
    agendaTitle: str(m.agendaTitle),
    agendaFootnote: str(m.agendaFootnote),
    title: `Comments of States on “${documentTitle}”${where ? ` (${where})` : ""}`,
  };
  const merged: NoteMastheadInput = { ...base, ...overrides };
  if (!merged.agendaItem.trim()) return merged;
  const agenda = agendaItemOf(merged.agendaItem);
  return { ...merged, agendaItem: agenda.item, agendaProvisional: overrides.agendaProvisional ?? agenda.provisional };
}

/** Every delegation with a change, a co-sponsorship or a comment in the text. */
function participantsOf(source: RoundNoteSource["document"]): Set<string> | null {
  if (!("nodeSize" in source.doc)) return null;
  const annotations: ReadonlyMap<string, Annotation> = source.annotations instanceof Map ? source.annotations : new Map(Object.entries(source.annotations));
  const out = new Set<string>();
  for (const change of listChanges(source.doc, annotations)) {
    out.add(change.delegation);
    for (const code of change.cosponsors) out.add(code);
  }
  for (const comment of listComments(source.doc, annotations)) out.add(comment.delegation);
  return out;
}

const paragraph = (text: string, em = false): CommentsNodeJSON =>
  ({ type: "paragraph", content: [{ type: "text", text, ...(em ? { marks: [{ type: "em" }] } : {}) }] });

/** The objection or amendment that broke silence, as paragraphs of section III (NT26). */
function silenceParagraphs(response: CountingResponse, timeZone: string): CommentsNodeJSON[] {
  const broke = response.silenceBroken!;
  const local = localDateTime(Date.parse(broke.at), timeZone);
  const when = local ? ` on ${formatDate(local.date)}` : "";
  const lead = broke.kind === "objection" ? `Written objection breaking the silence procedure, received${when}:` : `Amendment breaking the silence procedure, received${when}:`;
  return [paragraph(lead, true), ...broke.text.split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean).map((t) => paragraph(t))];
}

const withParagraphs = (doc: CommentsNodeJSON | null, extra: CommentsNodeJSON[]): CommentsNodeJSON =>
  ({ type: "doc", content: [...(doc?.content ?? []), ...extra] });

/**
 * One submission per counting response (NT24–NT27): general comments as received (with their
 * translation); "no comments"; proposals only, as comments without general comments; an objection
 * or amendment breaking silence, printed in section III. Returns null for a response with nothing
 * that counts (which `countingResponses` does not give).
 */
function submissionOf(response: CountingResponse, round: Round, languages: Readonly<Record<string, string>>, inText: ReadonlySet<string> | null): Submission | null {
  const code = response.delegation;
  const times = [response.generalComments?.firstSubmittedAt, response.noComments?.at, response.proposing?.firstAt, response.silenceBroken?.at]
    .filter((t): t is string => t !== undefined).sort();
  const receivedAt = times[0];
  if (!receivedAt) return null;
  const known = languages[code];
  const general = response.generalComments;
  const silence = response.silenceBroken ? silenceParagraphs(response, round.timeZone) : [];
  if (general) {
    const translated = !isEnglish(general.language);
    return {
      delegation: code, kind: "comments", receivedAt, language: general.language,
      comments: withParagraphs(general.content, translated ? [] : silence),
      ...(translated ? { translation: general.translation ? withParagraphs(general.translation.content, silence) : null } : {}),
    };
  }
  if (response.silenceBroken) {
    // The round does not record the language of an objection: it is printed as sent, and counts as English (NT26).
    return { delegation: code, kind: "comments", receivedAt, language: "en", comments: withParagraphs(null, silence) };
  }
  if (response.noComments && !(inText?.has(code) ?? false) && !response.proposing) {
    return { delegation: code, kind: "no-comments", receivedAt, language: "en" };
  }
  return { delegation: code, kind: "comments", receivedAt, language: known ?? "en", comments: null };
}

/**
 * The `NoteInput` of a closed (or compiled) round (NT23–NT33), or why there is none yet. The deadline
 * is the round's (after every extension); the submissions are the counting responses only; the
 * introduction, names and numbering are the template's or the defaults.
 */
export function noteInputFromRound(source: RoundNoteSource): RoundNoteResult {
  const { round } = source;
  if (round.status !== "closed" && round.status !== "compiled") {
    return { ok: false, refusal: { code: "round_not_closed", rule: "NT23", message: `Round ${round.id} is ${round.status}; its note can be made once the round is closed.` } };
  }
  if (!round.closedSnapshotId) {
    return { ok: false, refusal: { code: "missing_snapshot", rule: "NT23", message: `Round ${round.id} is closed but the snapshot of its text as of the closing has not been recorded yet.` } };
  }
  const deadlineMs = round.deadline ? parseInstant(round.deadline) : null;
  const asOfMs = Date.parse(source.asOf);
  const today = Number.isNaN(asOfMs) ? null : localDateTime(asOfMs, round.timeZone);
  if (deadlineMs === null || !today) {
    return { ok: false, refusal: { code: "invalid_round", rule: "NT23", message: `Round ${round.id} has no valid deadline (${JSON.stringify(round.deadline)}), or the time ${JSON.stringify(source.asOf)} or the zone ${JSON.stringify(round.timeZone)} is not valid.` } };
  }
  const template = source.template;
  const languages = template?.languages ?? {};
  const inText = participantsOf(source.document);
  const submissions = countingResponses(round)
    .map((response) => submissionOf(response, round, languages, inText))
    .filter((s): s is Submission => s !== null);

  // Who the default introduction names: compileNote's respondents (NT4), the Chair aside.
  const answered = new Set([...submissions.map((s) => s.delegation), ...(inText ?? [])]);
  const custom = new Map((source.delegations ?? []).map((d) => [d.code, d]));
  const anyRespondent = [...answered].some((code) => (findDelegation(code) ?? custom.get(code))?.kind !== "chair");
  const date = `${today.date.year}-${String(today.date.month).padStart(2, "0")}-${String(today.date.day).padStart(2, "0")}`;

  return {
    ok: true,
    input: {
      masthead: defaultNoteMasthead(source.metadata, date, template?.masthead),
      document: source.document,
      deadline: { at: new Date(deadlineMs).toISOString(), timeZone: round.timeZone },
      invited: round.invited,
      submissions,
      introduction: template?.introduction ?? defaultRoundIntroduction(anyRespondent),
      ...(source.delegations ? { delegations: source.delegations } : {}),
      ...(template?.names ? { names: template.names } : {}),
      ...(template?.numbering ? { numbering: template.numbering } : {}),
    },
  };
}

