/**
 * The Secretariat's note of a closed round (API.md 2026-11-23 notes, server/src/notes/SPEC.md): render
 * jobs, the preview and the editable template.
 */
import { z } from "zod";
import { instant, list, oneOf } from "./common.js";
import { described, named } from "./registry.js";
import { ROUND_STATUSES } from "./rounds.js";

export const NOTE_FORMATS = ["pdf", "docx-printed", "docx-tracked", "html", "markdown"] as const;
export type NoteFormat = (typeof NOTE_FORMATS)[number];

export const noteFormat = oneOf("format", NOTE_FORMATS);

/** `format` may be given in the query or in the body. */
export const noteStartQuery = z.strictObject({ format: noteFormat.optional() });
export const noteStartBody = z.strictObject({ format: noteFormat.optional() });

export const JOB_STATES = ["queued", "running", "done", "failed", "cancelled"] as const;

export const noteJob = named("NoteJob", z.object({
  id: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    percent: described(z.number().int(), "100 only when done; never decreases"),
  }),
  createdAt: instant,
  startedAt: instant.nullable(),
  finishedAt: instant.nullable(),
  createdBy: z.string().nullable(),
  bytes: z.number().int().nullable(),
  cached: z.boolean(),
  error: z.object({ status: z.number().int(), code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  meta: z.object({ roundId: z.string(), documentId: z.string(), format: z.enum(NOTE_FORMATS), fileName: z.string(), contentType: z.string() }),
}), "A render job: its state and progress (kept 30 minutes after it finishes).");

export const competingSpan = named("CompetingSpan", z.object({
  point: z.string().nullable().meta({ example: "Discussion point 39" }),
  words: z.string(),
  tags: list(z.string()).meta({ example: ["US", "Canada"] }),
  changes: list(z.string()),
  primary: described(z.string(), "the change Word's revisions hold (the first made); the others are Word comments (EX7)"),
}), "Words on which proposals of several changes compete (shared/src/note NT21).");

export const notePreview = named("NotePreview", z.object({
  roundId: z.string(),
  documentId: z.string(),
  revision: z.number().int(),
  status: z.enum(ROUND_STATUSES),
  title: z.string(),
  html: described(z.string(), "the note as an `<article class=\"note\">` fragment, styled by `css`"),
  css: z.string(),
  competing: list(competingSpan),
  numbering: z.object({ used: z.enum(["note", "document"]), differs: z.boolean() })
    .meta({ description: "which numbering the points follow (NT10), and whether numbering them straight through and as the document does differ" }),
  formats: list(z.object({ format: z.enum(NOTE_FORMATS), label: z.string(), fileName: z.string(), available: z.boolean() })),
}), "The note as it would be rendered now.");

const MASTHEAD_TEXT = [
  "organ", "symbol", "originalLanguage", "date", "session", "venue", "sessionStart", "sessionEnd",
  "agendaItem", "agendaTitle", "agendaFootnote", "title", "subtitle",
] as const;

export const noteTemplate = named("NoteTemplate", z.strictObject({
  introduction: z.strictObject({
    title: z.string().max(500).optional(),
    paragraphs: z.array(z.string().max(5000)).max(20),
    translationSentence: z.string().max(5000).optional(),
  }),
  masthead: z.strictObject({
    ...Object.fromEntries(MASTHEAD_TEXT.map((field) => [field, z.string().max(1000).optional()])) as Record<(typeof MASTHEAD_TEXT)[number], z.ZodOptional<z.ZodString>>,
    distribution: z.enum(["general", "limited", "restricted"]).nullable().optional(),
    englishOnly: z.boolean().optional(),
    agendaProvisional: z.boolean().optional(),
  }).optional(),
  languages: z.record(z.string(), z.string().max(35)).optional()
    .meta({ example: { FRA: "fr" }, description: "the language of a delegation that only proposed changes" }),
  names: z.record(z.string(), z.string().max(200)).optional()
    .meta({ example: { NLD: "the Netherlands" }, description: "the form of a delegation's name in this note, instead of the registry's (NT33)" }),
  numbering: z.enum(["note", "document"]).optional()
    .meta({ description: "note: points numbered straight through the note (the default); document: as the document numbers them (NT10)" }),
}), "What the Secretariat edits for the note of a round. Placeholders in the paragraphs: {deadline}, {deadlineTime}, {respondents}, {respondentCount}, {invitedCount}, {translations}.");

export const noteTemplateView = named("NoteTemplateView", z.object({
  roundId: z.string(),
  template: noteTemplate.nullable(),
  isDefault: z.boolean(),
  defaultTemplate: noteTemplate,
  defaultMasthead: named("NoteMasthead", z.object({
    ...Object.fromEntries(MASTHEAD_TEXT.filter((f) => f !== "subtitle").map((field) => [field, z.string()])) as Record<Exclude<(typeof MASTHEAD_TEXT)[number], "subtitle">, z.ZodString>,
    subtitle: z.string().optional(),
    distribution: z.enum(["general", "limited", "restricted"]).nullable(),
    englishOnly: z.boolean(),
    agendaProvisional: z.boolean().optional(),
  }), "The masthead the note carries without the template's fields: the document's metadata, today's date (NT29)."),
  delegations: list(z.object({ code: z.string(), name: z.string() })).meta({ description: "the invited delegations with the registry's form of their names (NT33)" }),
  placeholders: list(z.string()),
  version: z.number().int(),
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
}), "The round's template, the default and the placeholders.");

export type NoteJob = z.infer<typeof noteJob>;
export type NotePreview = z.infer<typeof notePreview>;
export type NoteTemplateBody = z.infer<typeof noteTemplate>;
export type NoteTemplateView = z.infer<typeof noteTemplateView>;
export type CompetingSpan = z.infer<typeof competingSpan>;
