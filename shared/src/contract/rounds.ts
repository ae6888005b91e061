/**
 * Comment rounds and silence procedures over HTTP (API.md 2026-11-22 rounds, server/src/rounds/SPEC.md).
 * Request bodies never name who acts (RS13): those fields are refused here, at the edge.
 */
import { z } from "zod";
import type { CommentsNodeJSON } from "../rounds/comments-schema.js";
import { instant, list, serverField, text } from "./common.js";
import { described, named } from "./registry.js";

export const ROUND_KINDS = ["comments", "silence"] as const;
export const ROUND_STATUSES = ["draft", "open", "closed", "compiled"] as const;
export const DELEGATION_STATUSES = ["not-started", "proposing", "comments-submitted", "no-comments", "broke-silence"] as const;
export const SILENCE_KINDS = ["objection", "amendment"] as const;

/** A wall-clock time of the round's zone ("2020-09-16T24:00", the end of 16 September), or an ISO instant ending in Z. */
export const wallTime = described(z.string({ error: "Give a local date and time such as \"2020-09-16T24:00\" (in the round's time zone)." }).max(64),
  "wall-clock time in the round's zone (\"2020-09-16T24:00\"), or an ISO instant ending in Z", "2020-09-16T24:00");

/**
 * ProseMirror JSON of the comments schema (shared/src/rounds/comments-schema.ts), checked whole by the
 * rounds core (SP11); here only its outline (any node type), so that the core can name the rule it breaks.
 */
export const commentsJson: z.ZodType<CommentsNodeJSON> = named("Comments", z.object({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  get content() {
    return z.array(commentsJson).readonly().optional();
  },
  marks: z.array(z.object({ type: z.string() })).readonly().optional(),
  text: z.string().optional(),
}), "ProseMirror JSON of the comments schema (shared/src/rounds/comments-schema.ts): doc > paragraph | bullet_list | ordered_list, marks em and strong; at most 100,000 characters");

/** The fields no round body may carry (RS13). */
const serverFields = {
  by: serverField("by"), author: serverField("author"), delegation: serverField("delegation"), id: serverField("id"),
  documentId: serverField("documentId"), status: serverField("status"), responses: serverField("responses"),
};

const draftFields = {
  kind: z.enum(ROUND_KINDS, { error: (issue) => `The kind ${JSON.stringify(issue.input)} is not one of comments, silence.` }).optional(),
  title: text("title", 300).optional(),
  instructions: text("instructions", 10_000).optional(),
  invited: z.array(z.string().max(64), { error: "`invited` must be a list of delegation codes, such as [\"USA\", \"CAN\"]." }).max(500).optional()
    .meta({ example: ["USA", "CAN"] }),
  timeZone: text("timeZone", 64).optional().meta({ example: "Europe/Vienna" }),
  deadline: wallTime.nullable().optional(),
};

export const roundDraftBody = named("RoundDraft", z.strictObject({ ...draftFields, ...serverFields, revision: serverField("revision") }),
  "A draft's fields; a deadline is stated in `timeZone` (a time the clocks skip is 400, one they repeat gives the later instant).");

export const roundPatchBody = z.strictObject({
  ...draftFields, ...serverFields,
  revision: z.number({ error: "`revision` must be the revision you read, a number." }).int().optional()
    .meta({ description: "the revision read; 409 when the round changed meanwhile" }),
});

export const openBody = z.strictObject({
  deadline: wallTime.optional().meta({ description: "the draft's by default" }),
  opensAt: wallTime.optional().meta({ description: "a later opening time; now by default" }),
  ...serverFields, revision: serverField("revision"),
});

export const extendBody = z.strictObject({
  deadline: wallTime,
  reason: text("reason", 10_000),
  ...serverFields, revision: serverField("revision"),
});

export const translationBody = z.strictObject({ translation: commentsJson, ...serverFields, revision: serverField("revision") });

export const commentsBody = z.strictObject({
  content: commentsJson,
  language: text("language", 35).meta({ description: "BCP 47", example: "fr" }),
  translation: commentsJson.nullable().optional().meta({ description: "an unofficial English translation (not for English comments)" }),
  ...serverFields, revision: serverField("revision"),
});

export const silenceBody = z.strictObject({
  kind: z.enum(SILENCE_KINDS, { error: (issue) => `The kind ${JSON.stringify(issue.input)} is not one of objection, amendment.` }),
  text: text("text", 10_000),
  at: z.never({ error: "`at` is not taken from the request: the server timestamps a break of silence." }).optional(),
  ...serverFields, revision: serverField("revision"),
});

const translationRecord = z.object({ content: commentsJson, by: z.string(), at: instant });
const silenceBreak = z.object({ kind: z.enum(SILENCE_KINDS), text: z.string(), author: z.string(), at: instant });

const lateChange = z.object({ kind: z.enum(["insert", "delete", "replace"]), insertedText: z.string(), deletedText: z.string(), point: z.string().nullable() });

export const lateContent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("comments"), content: commentsJson, language: z.string(), translation: commentsJson.nullable() }),
  z.object({ kind: z.literal("no-comments") }),
  z.object({ kind: z.literal("break-silence"), silence: z.enum(SILENCE_KINDS), text: z.string() }),
  z.object({ kind: z.literal("proposal"), changes: list(lateChange) }),
]);

export const delegationResponse = z.object({
  delegation: z.string(),
  generalComments: z.object({
    content: commentsJson, language: z.string(), translation: translationRecord.nullable(), author: z.string(),
    firstSubmittedAt: instant, submittedAt: instant,
  }).nullable(),
  noComments: z.object({ author: z.string(), at: instant }).nullable(),
  silenceBroken: silenceBreak.nullable(),
  proposing: z.object({ changeId: z.string(), author: z.string(), firstAt: instant }).nullable(),
  late: list(z.object({ id: z.string(), late: z.literal(true), author: z.string(), receivedAt: instant, missed: instant, content: lateContent })),
});

export const silenceOutcome = z.union([
  z.object({ adopted: z.literal(true), at: instant }),
  z.object({ adopted: z.literal(false), brokenBy: list(z.object({ delegation: z.string(), kind: z.enum(SILENCE_KINDS), at: instant })) }),
]);

const roundFields = {
  id: z.string(),
  documentId: z.string(),
  kind: z.enum(ROUND_KINDS),
  title: z.string(),
  instructions: z.string(),
  invited: list(z.string()),
  timeZone: z.string(),
  status: z.enum(ROUND_STATUSES),
  createdAt: instant,
  createdBy: z.string(),
  updatedAt: instant,
  revision: z.number().int(),
  openedAt: instant.nullable(),
  deadline: instant.nullable(),
  circulatedSnapshotId: z.string().nullable(),
  closing: z.object({ at: instant, recordedAt: instant, by: z.string(), reason: z.enum(["manual", "deadline"]) }).nullable(),
  closedSnapshotId: z.string().nullable(),
  compiled: z.object({ at: instant, by: z.string() }).nullable(),
  extensions: list(z.object({ from: instant, to: instant, at: instant, by: z.string(), reason: z.string() })),
  outcome: silenceOutcome.nullable(),
};

export const round = named("Round", z.object({
  ...roundFields,
  responses: z.record(z.string(), delegationResponse).optional().meta({ description: "every invited delegation's response: for the Secretariat only" }),
}), "The shared Round record (shared/src/rounds/types.ts); `responses` only for the Secretariat.");

export const lateSubmission = named("LateSubmission", z.object({
  roundId: z.string(),
  delegation: z.string(),
  id: z.string().meta({ example: "late-1" }),
  author: z.string(),
  receivedAt: instant,
  missed: described(instant, "the deadline or closing instant it missed"),
  via: z.enum(["http", "websocket"]),
  summary: z.string(),
  content: lateContent,
  updateBytes: z.number().int().nullable(),
}), "A submission that arrived after the deadline: kept, flagged, never counted (without the bytes).");

export const lateSubmissions = list(lateSubmission);
export const lateSubmissionWithBytes = z.object({ ...lateSubmission.shape, updateBase64: z.string().nullable() });

export const roundView = named("RoundView", z.object({
  round,
  now: described(instant, "the server's clock: run countdowns on it"),
  deadlineText: z.string().nullable().meta({ example: "16 September 2020, 24:00 (Vienna time, UTC+2)" }),
  closedAsOfText: z.string().nullable(),
  outcome: silenceOutcome.nullable(),
  silenceBreaks: list(z.object({ delegation: z.string(), kind: z.enum(SILENCE_KINDS), text: z.string(), at: instant })),
  overview: list(z.object({ delegation: z.string(), status: z.enum(DELEGATION_STATUSES), late: z.number().int(), lastActivityAt: instant.nullable() }))
    .optional().meta({ description: "Secretariat only" }),
  late: lateSubmissions.optional().meta({ description: "Secretariat only" }),
  you: z.object({
    delegation: z.string(),
    invited: z.boolean(),
    status: z.enum(DELEGATION_STATUSES).nullable(),
    response: delegationResponse.nullable(),
    canWrite: z.union([z.object({ allowed: z.literal(true) }), z.object({ allowed: z.literal(false), code: z.string(), message: z.string() })]),
  }).optional().meta({ description: "a delegate's own delegation" }),
}), "A round as the caller sees it (RS14).");

export const roundViews = list(roundView);

export type RoundDraftBody = z.infer<typeof roundDraftBody>;
export type RoundPatchBody = z.infer<typeof roundPatchBody>;
export type OpenBody = z.infer<typeof openBody>;
export type ExtendBody = z.infer<typeof extendBody>;
export type TranslationBody = z.infer<typeof translationBody>;
export type CommentsBody = z.infer<typeof commentsBody>;
export type SilenceBody = z.infer<typeof silenceBody>;
export type RoundRecord = z.infer<typeof round>;
export type LateSubmissionView = z.infer<typeof lateSubmission>;
export type LateSubmissionWithBytes = z.infer<typeof lateSubmissionWithBytes>;
export type RoundView = z.infer<typeof roundView>;
