/**
 * `compileNote`: the Secretariat's note from a `NoteInput` (SPEC.md). Pure: the same input gives the
 * same note, byte for byte once serialized.
 */
import type { Node } from "prosemirror-model";
import { schema } from "../schema/schema.js";
import { annotationKey, annotationProblem, type Annotation, type Annotations } from "../tracking/annotations.js";
import { compareDelegations, findDelegation, isState, listInEnglish, sortName, type Delegation } from "../delegations/registry.js";
import { countInWords, deadlineParts, formatDate, formatDateRange, isAfter, parseCalendarDate, parseInstant, roman } from "./dates.js";
import {
  DEFAULT_BYLINE, DEFAULT_GENERAL_COMMENTS_TITLE, DEFAULT_NO_COMMENTS, DEFAULT_PROPOSALS_TITLE, DEFAULT_TRANSLATION_SENTENCE,
  type NoteInput, type NoteMastheadInput, type RichTextJSON, type Submission,
} from "./input.js";
import { buildProposals } from "./proposals.js";
import { richTextBlocks } from "./rich-text.js";
import { capitalizeFirst, fillTemplate } from "./template.js";
import { unTypography } from "./typography.js";
import type { Note, NoteBlock, NoteFootnote, NoteMasthead, NoteRun, NoteSection, NoteSessionBlock } from "./types.js";

export type NoteResult = { readonly ok: true; readonly note: Note } | { readonly ok: false; readonly problems: readonly string[] };

/** Thrown by `buildNote`: every problem of the input, each naming the values at fault. */
export class NoteInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The note cannot be built:\n- ${problems.join("\n- ")}`);
    this.name = "NoteInputError";
  }
}

/** The note, or throws `NoteInputError` listing every problem of the input. */
export function buildNote(input: NoteInput): Note {
  const result = compileNote(input);
  if (!result.ok) throw new NoteInputError(result.problems);
  return result.note;
}

/** The note, or every problem of the input (NT1). */
export function compileNote(input: NoteInput): NoteResult {
  const problems: string[] = [];
  const doc = readDocument(input.document.doc, problems);
  const annotations = readAnnotations(input.document.annotations, problems);
  const custom = new Map((input.delegations ?? []).map((d) => [d.code, d]));
  const names = input.names ?? {};
  for (const [code, name] of Object.entries(names)) {
    if (!findDelegation(code) && !custom.has(code)) problems.push(`a name is given for ${JSON.stringify(code)}, which is not a known delegation`);
    if (typeof name !== "string" || !name.trim()) problems.push(`the name given for ${code} is empty`);
  }
  const resolve = (code: string): Delegation | null => {
    const d = findDelegation(code) ?? custom.get(code) ?? null;
    const name = names[code]?.trim();
    if (!d || !name) return d;
    const { sortAs: _registryListForm, ...rest } = d;
    return { ...rest, name };
  };
  const lookup = (code: string): Delegation | undefined => resolve(code) ?? undefined;

  const footnotes: NoteFootnote[] = [];
  const { masthead, session } = buildMasthead(input.masthead, footnotes, problems);

  // Section II first: it tells who took part.
  const numbering = input.numbering ?? "note";
  if (numbering !== "note" && numbering !== "document") problems.push(`numbering ${JSON.stringify(numbering)} is not "note" or "document"`);
  const proposals = doc ? buildProposals(doc, annotations, resolve, { numbering }) : null;
  if (proposals) problems.push(...proposals.problems);

  // Submissions (NT5–NT7); the deadline as the Secretariat writes it (NT28).
  const deadlineMs = parseInstant(input.deadline.at);
  if (deadlineMs === null) problems.push(`deadline ${JSON.stringify(input.deadline.at)} is not an ISO instant such as "2020-09-16T22:00:00.000Z"`);
  const local = deadlineMs === null ? null : deadlineParts(deadlineMs, input.deadline.timeZone);
  if (deadlineMs !== null && !local) problems.push(`time zone ${JSON.stringify(input.deadline.timeZone)} is not an IANA time zone`);
  const invited = new Set(input.invited);
  for (const code of input.invited) if (!lookup(code)) problems.push(`invited delegation ${JSON.stringify(code)} is not in the registry`);
  const submitted = new Map<string, Submission>();
  for (const s of input.submissions) {
    const d = lookup(s.delegation);
    if (!d) { problems.push(`submission from unknown delegation ${JSON.stringify(s.delegation)}`); continue; }
    if (submitted.has(s.delegation)) problems.push(`${d.code} has more than one submission`);
    submitted.set(s.delegation, s);
    if (!invited.has(s.delegation)) problems.push(`${d.code} submitted comments but was not invited`);
    const received = parseInstant(s.receivedAt);
    if (received === null) problems.push(`${d.code}: receivedAt ${JSON.stringify(s.receivedAt)} is not an ISO instant`);
    else if (deadlineMs !== null && received >= deadlineMs) problems.push(`${d.code}: submission received at ${s.receivedAt}, at or after the deadline ${input.deadline.at}; late submissions are not compiled`);
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(s.language)) problems.push(`${d.code}: language ${JSON.stringify(s.language)} is not a BCP 47 tag such as "en" or "es"`);
    if (s.kind === "no-comments" && proposals?.participants.has(s.delegation)) problems.push(`${d.code} answered "no comments" but has proposals or comments in the text`);
    if (s.kind === "comments" && s.comments !== null && !isEnglish(s.language) && !s.translation) problems.push(`${d.code}: general comments in ${JSON.stringify(s.language)} need an unofficial English translation`);
  }

  // Who answered: submissions and every delegation with a proposal in the text, the Chair aside (NT3).
  const respondents = new Set<string>([...submitted.keys(), ...(proposals?.participants ?? [])]);
  const answered = [...respondents].map(lookup).filter((d): d is Delegation => !!d && d.kind !== "chair").sort(statesFirst);
  const translated = input.submissions.some((s) => !isEnglish(s.language));

  const facts: Record<string, string> = {
    deadline: local ? formatDate(local.date) : "",
    deadlineTime: local?.time ?? "",
    respondents: listInEnglish(answered.map((d) => unTypography(d.name))),
    respondentCount: countInWords(answered.length),
    invitedCount: countInWords(invited.size),
    translations: translated ? input.introduction.translationSentence ?? DEFAULT_TRANSLATION_SENTENCE : "",
  };
  const introduction: NoteBlock[] = [];
  input.introduction.paragraphs.forEach((template, index) => {
    const filled = fillTemplate(template, facts);
    if (!filled.ok) problems.push(`introduction paragraph ${index + 1}: unknown placeholder ${filled.unknown.join(", ")} (known: ${Object.keys(facts).map((k) => `{${k}}`).join(", ")})`);
    else if (filled.text) introduction.push({ type: "paragraph", number: introduction.length + 1, role: "text", runs: [{ kind: "text", text: unTypography(capitalizeFirst(filled.text)) }] });
  });

  // Section III (NT8, NT9).
  const noComments = input.generalComments?.noComments ?? DEFAULT_NO_COMMENTS;
  const general: NoteBlock[] = [];
  for (const s of [...submitted.values()].sort((a, b) => statesFirst(lookup(a.delegation)!, lookup(b.delegation)!))) {
    const d = lookup(s.delegation)!;
    if (s.kind === "no-comments") {
      const filled = fillTemplate(noComments, { name: d.name });
      if (!filled.ok) { problems.push(`the "no comments" sentence has unknown placeholder ${filled.unknown.join(", ")} (known: {name})`); continue; }
      general.push({ type: "submission", delegation: d.code, heading: unTypography(sortName(d)), language: s.language, translated: false, noComments: true,
        blocks: [{ type: "paragraph", number: null, role: "text", runs: [{ kind: "text", text: unTypography(capitalizeFirst(filled.text)) }] }] });
      continue;
    }
    if (s.comments === null) continue;
    const useTranslation = !isEnglish(s.language);
    const source = useTranslation ? s.translation : s.comments;
    if (!source) continue; // reported above
    const rich = richTextBlocks(source);
    if (!rich.ok) { problems.push(`${d.code}: ${useTranslation ? "translation" : "general comments"}: ${rich.problem}`); continue; }
    if (useTranslation) {
      const original = richTextBlocks(s.comments);
      if (!original.ok) problems.push(`${d.code}: general comments: ${original.problem}`);
    }
    if (rich.blocks.length === 0) continue;
    general.push({ type: "submission", delegation: d.code, heading: unTypography(sortName(d)), language: s.language, translated: useTranslation, noComments: false, blocks: rich.blocks });
  }

  if (problems.length > 0) return { ok: false, problems };

  footnotes.push(...proposals!.footnotes);
  const sections: NoteSection[] = [];
  const section = (id: NoteSection["id"], title: string, blocks: NoteBlock[]) =>
    sections.push({ id, number: roman(sections.length + 1), title: unTypography(title), blocks });
  section("introduction", input.introduction.title ?? "Introduction", introduction);
  const lead: NoteBlock[] = (input.proposals?.lead ?? []).map((text) => ({ type: "paragraph", number: null, role: "text", runs: [{ kind: "text", text: unTypography(text) }] }));
  section("proposals", input.proposals?.title ?? DEFAULT_PROPOSALS_TITLE, [...lead, ...proposals!.blocks]);
  if (general.length > 0) section("general-comments", input.generalComments?.title ?? DEFAULT_GENERAL_COMMENTS_TITLE, general);

  return {
    ok: true,
    note: {
      masthead,
      session,
      title: unTypography(input.masthead.title.trim()),
      subtitle: input.masthead.subtitle?.trim() ? unTypography(input.masthead.subtitle.trim()) : null,
      byline: unTypography(input.byline ?? DEFAULT_BYLINE),
      numbering,
      numberingsDiffer: proposals!.numberingsDiffer,
      sections,
      footnotes,
      competing: proposals!.competing,
    },
  };
}

const isEnglish = (language: string): boolean => /^en(-|$)/i.test(language);

/** States (Member and observer) first, then the EU and organizations; each in alphabetical order (NT3). */
function statesFirst(a: Delegation, b: Delegation): number {
  return Number(!isState(a)) - Number(!isState(b)) || compareDelegations(a, b);
}

function readDocument(input: Node | RichTextJSON, problems: string[]): Node | null {
  let doc: Node;
  try {
    doc = "nodeSize" in input ? input as Node : schema.nodeFromJSON(input);
    doc.check();
  } catch (error) {
    problems.push(`the document is not a valid Concord document: ${(error as Error).message}`);
    return null;
  }
  if (doc.type !== schema.nodes.doc) {
    problems.push(`the document must be a "doc" node, not ${JSON.stringify(doc.type.name)}`);
    return null;
  }
  return doc;
}

function readAnnotations(input: NoteInput["document"]["annotations"], problems: string[]): Annotations {
  const entries: Array<[string, Annotation]> = input instanceof Map ? [...input.entries()] : Object.entries(input);
  const out = new Map<string, Annotation>();
  for (const [key, value] of entries) {
    const problem = annotationProblem(value);
    if (problem) { problems.push(`annotation ${key}: ${problem}`); continue; }
    if (annotationKey(value) !== key) { problems.push(`annotation stored under ${key} is ${annotationKey(value)}`); continue; }
    out.set(key, value);
  }
  return out;
}

const DISTRIBUTION = { general: "Distr.: General", limited: "Distr.: Limited", restricted: "Distr.: Restricted" } as const;

/** The masthead and session block of a note (NT3); problems of the input are pushed to `problems`, the masthead's footnote to `footnotes`. */
export function buildMasthead(m: NoteMastheadInput, footnotes: NoteFootnote[], problems: string[]): { masthead: NoteMasthead; session: NoteSessionBlock | null } {
  const date = parseCalendarDate(m.date);
  if (!date) problems.push(`masthead date ${JSON.stringify(m.date)} is not a date such as "2020-10-09"`);
  if (m.distribution !== null && !(m.distribution in DISTRIBUTION)) problems.push(`distribution ${JSON.stringify(m.distribution)} is not general, limited, restricted or null`);
  if (!m.title.trim()) problems.push("the note needs a title");
  const masthead: NoteMasthead = {
    organ: unTypography(m.organ),
    symbol: m.symbol,
    distribution: m.distribution === null ? null : DISTRIBUTION[m.distribution] ?? null,
    date: date ? formatDate(date) : "",
    language: m.englishOnly ? "English only" : `Original: ${m.originalLanguage || "English"}`,
  };
  if (!m.session.trim()) return { masthead, session: null };
  const start = parseCalendarDate(m.sessionStart);
  const end = parseCalendarDate(m.sessionEnd);
  if (!start) problems.push(`session start ${JSON.stringify(m.sessionStart)} is not a date such as "2020-10-12"`);
  if (!end) problems.push(`session end ${JSON.stringify(m.sessionEnd)} is not a date such as "2020-10-16"`);
  if (start && end && isAfter(start, end)) problems.push(`the session ends (${m.sessionEnd}) before it starts (${m.sessionStart})`);
  const agendaItem: NoteRun[] = [];
  if (m.agendaItem.trim()) {
    agendaItem.push({ kind: "text", text: `Item ${m.agendaItem.trim()} of the ${m.agendaProvisional === false ? "" : "provisional "}agenda` });
    if (m.agendaFootnote.trim()) {
      footnotes.push({ marker: "*", text: m.agendaFootnote.trim() });
      agendaItem.push({ kind: "footnote", text: "*" });
    }
  }
  const dates = start && end ? formatDateRange(start, end) : "";
  return {
    masthead,
    session: {
      session: unTypography(m.session.trim()),
      venueAndDates: unTypography([m.venue.trim(), dates].filter(Boolean).join(", ")),
      agendaItem,
      agendaTitle: unTypography(m.agendaTitle.trim()),
    },
  };
}
