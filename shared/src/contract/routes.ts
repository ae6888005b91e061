/**
 * Every HTTP endpoint of the API, once (CT1): method, path, who may call it, the schemas of its
 * query and body, and its answers. The server parses requests with these (server/src/http/validate.ts),
 * server/openapi.yaml is generated from them, and a test checks that what express serves is exactly
 * this table. Paths are written as express writes them (`/api/rounds/:roundId`).
 */
import type { z } from "zod";
import { errorBody } from "./common.js";
import {
  changesQuery, compareQuery, comparison, documentAuthors, documentContent, documentSummary, exportQuery, exportedJson, importBody, importedDocument,
  remainingChanges, reviewBody, snapshot, snapshotBody, snapshotContent, snapshots, trackedChanges,
} from "./documents.js";
import { delegations, health, session, signInBody } from "./identity.js";
import { noteJob, notePreview, noteStartBody, noteStartQuery, noteTemplate, noteTemplateView } from "./notes.js";
import {
  commentsBody, extendBody, lateSubmissionWithBytes, lateSubmissions, openBody, roundDraftBody, roundPatchBody, roundView, roundViews,
  silenceBody, translationBody,
} from "./rounds.js";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** Who may call an endpoint: anyone, any signed-in user, or one role (the server checks; this documents it). */
export type Caller = "anyone" | "user" | "secretariat" | "delegate";

/** One answer of an endpoint: JSON of `schema`, or a body of other media types. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Non-JSON bodies, by media type. */
  readonly media?: Readonly<Record<string, "text" | "binary">>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: "identity" | "documents" | "review" | "snapshots" | "rounds" | "notes";
  readonly caller: Caller;
  readonly query?: z.ZodObject;
  /** The JSON body; `bodyOptional` when a request may leave it out. */
  readonly body?: z.ZodType;
  readonly bodyOptional?: boolean;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses it may answer, each with the error body. */
  readonly errors: readonly number[];
}

const json = <S extends z.ZodType>(description: string, schema: S) => ({ description, schema }) as const;
const view = json("The round as the caller sees it", roundView);
const job = json("The job", noteJob);

/** The API. Keys are the operation ids of the generated document. */
export const routes = {
  health: { method: "get", path: "/api/health", tag: "identity", caller: "anyone", summary: "Whether the server is up, and which store it uses",
    responses: { 200: json("Up", health) }, errors: [] },

  signIn: { method: "post", path: "/api/session", tag: "identity", caller: "anyone", summary: "Sign in",
    body: signInBody, responses: { 200: { ...json("Signed in; sets the concord_session cookie (httpOnly, SameSite=Lax, Secure under https)", session), headers: { "Set-Cookie": "the session cookie" } } },
    errors: [400, 401, 429] },
  session: { method: "get", path: "/api/session", tag: "identity", caller: "user", summary: "Who is signed in",
    responses: { 200: json("The user and the session's CSRF token (null with a bearer token)", session) }, errors: [401] },
  signOut: { method: "delete", path: "/api/session", tag: "identity", caller: "user", summary: "Sign out",
    responses: { 204: { description: "Signed out; the cookie is cleared" } }, errors: [401, 403] },
  delegations: { method: "get", path: "/api/delegations", tag: "identity", caller: "user", summary: "The delegations (the registry, plus custom ones)",
    responses: { 200: json("In English alphabetical order", delegations) }, errors: [401] },

  listDocuments: { method: "get", path: "/api/documents", tag: "documents", caller: "user", summary: "The documents the caller may see",
    responses: { 200: json("Documents", documentSummary.array()) }, errors: [401] },
  importDocument: { method: "post", path: "/api/documents", tag: "documents", caller: "secretariat", summary: "Import a document (Secretariat)",
    body: importBody, responses: { 201: json("Created, with the importer's warnings", importedDocument) },
    errors: [400, 401, 403, 413] },
  getDocument: { method: "get", path: "/api/documents/:id", tag: "documents", caller: "user", summary: "The document as served (only what is durable)",
    responses: { 200: json("ProseMirror JSON and annotations", documentContent) }, errors: [401, 403, 404] },
  exportDocument: { method: "get", path: "/api/documents/:id/export", tag: "documents", caller: "user",
    summary: "The document in one view (markup: changes shown with their tags; proposed: all accepted; original: all rejected)",
    query: exportQuery,
    responses: { 200: { description: "JSON (the default), HTML or Markdown", schema: exportedJson, media: { "text/html": "text", "text/markdown": "text" } } },
    errors: [400, 401, 403, 404] },
  listChanges: { method: "get", path: "/api/documents/:id/changes", tag: "review", caller: "user", summary: "The tracked changes, in document order",
    query: changesQuery, responses: { 200: json("Changes", trackedChanges) }, errors: [400, 401, 403, 404] },
  acceptChange: { method: "post", path: "/api/documents/:id/changes/:changeId/accept", tag: "review", caller: "secretariat",
    summary: "Accept one change (Secretariat); every client receives it", responses: { 200: json("The changes that remain", remainingChanges) },
    errors: [401, 403, 404, 409] },
  rejectChange: { method: "post", path: "/api/documents/:id/changes/:changeId/reject", tag: "review", caller: "secretariat",
    summary: "Reject one change (Secretariat); every client receives it", responses: { 200: json("The changes that remain", remainingChanges) },
    errors: [401, 403, 404, 409] },
  review: { method: "post", path: "/api/documents/:id/review", tag: "review", caller: "secretariat",
    summary: "Accept or reject every change, or every change of one delegation (Secretariat)",
    body: reviewBody, responses: { 200: json("The changes that remain", remainingChanges) }, errors: [400, 401, 403, 404] },
  listSnapshots: { method: "get", path: "/api/documents/:id/snapshots", tag: "snapshots", caller: "user", summary: "Named snapshots, in log order",
    responses: { 200: json("Snapshots", snapshots) }, errors: [401, 403, 404] },
  createSnapshot: { method: "post", path: "/api/documents/:id/snapshots", tag: "snapshots", caller: "secretariat",
    summary: "Take a named snapshot of the document as it is now (Secretariat)",
    body: snapshotBody, responses: { 201: json("Created", snapshot) }, errors: [400, 401, 403, 404] },
  getSnapshot: { method: "get", path: "/api/documents/:id/snapshots/:snapshotId", tag: "snapshots", caller: "user", summary: "One snapshot with its document",
    responses: { 200: json("The snapshot", snapshotContent) }, errors: [401, 403, 404] },
  documentAuthors: { method: "get", path: "/api/documents/:id/authors", tag: "documents", caller: "user",
    summary: "The names of the accounts that wrote the document's proposals, comments, reasons and co-sponsorships",
    responses: { 200: json("Every author id of the document, with its account's name", documentAuthors) }, errors: [401, 403, 404] },
  compare: { method: "get", path: "/api/documents/:id/compare", tag: "snapshots", caller: "user",
    summary: "What changed between two snapshots, or a snapshot and now, attributed by delegation",
    query: compareQuery, responses: { 200: json("Changes along the newer version", comparison) }, errors: [400, 401, 403, 404] },

  listRounds: { method: "get", path: "/api/documents/:id/rounds", tag: "rounds", caller: "user",
    summary: "The document's comment rounds, oldest first (drafts for the Secretariat only)",
    responses: { 200: json("Rounds", roundViews) }, errors: [401, 403, 404] },
  createRound: { method: "post", path: "/api/documents/:id/rounds", tag: "rounds", caller: "secretariat",
    summary: "Draft a comment round or silence procedure (Secretariat)",
    body: roundDraftBody, responses: { 201: view }, errors: [400, 401, 403, 404] },
  getRound: { method: "get", path: "/api/rounds/:roundId", tag: "rounds", caller: "user", summary: "The round as the caller sees it (RS14)",
    responses: { 200: view }, errors: [401, 403, 404] },
  updateRound: { method: "patch", path: "/api/rounds/:roundId", tag: "rounds", caller: "secretariat", summary: "Edit a draft (Secretariat)",
    body: roundPatchBody, responses: { 200: view }, errors: [400, 401, 403, 404, 409] },
  openRound: { method: "post", path: "/api/rounds/:roundId/open", tag: "rounds", caller: "secretariat",
    summary: "Circulate the text (Secretariat): takes the `circulated` snapshot",
    body: openBody, bodyOptional: true, responses: { 200: view }, errors: [400, 401, 403, 404, 409] },
  extendRound: { method: "post", path: "/api/rounds/:roundId/extend", tag: "rounds", caller: "secretariat",
    summary: "Extend the deadline (Secretariat), before it passes, to a later time, with a reason",
    body: extendBody, responses: { 200: view }, errors: [400, 401, 403, 404, 409] },
  closeRound: { method: "post", path: "/api/rounds/:roundId/close", tag: "rounds", caller: "secretariat",
    summary: "Close by hand (Secretariat): as of now, or as of the deadline once passed; takes the `closed` snapshot",
    responses: { 200: view }, errors: [401, 403, 404, 409, 422] },
  translate: { method: "post", path: "/api/rounds/:roundId/translations/:delegation", tag: "rounds", caller: "secretariat",
    summary: "Record an unofficial English translation of a delegation's general comments (Secretariat)",
    body: translationBody, responses: { 200: view }, errors: [400, 401, 403, 404, 409] },
  submitComments: { method: "put", path: "/api/rounds/:roundId/comments", tag: "rounds", caller: "delegate",
    summary: "Submit or replace the delegation's general comments (delegates)",
    body: commentsBody, responses: { 200: view }, errors: [400, 401, 403, 404, 409, 423] },
  withdrawComments: { method: "delete", path: "/api/rounds/:roundId/comments", tag: "rounds", caller: "delegate",
    summary: "Withdraw the delegation's general comments (delegates)", responses: { 200: view }, errors: [401, 403, 404, 409, 423] },
  declareNoComments: { method: "put", path: "/api/rounds/:roundId/no-comments", tag: "rounds", caller: "delegate",
    summary: "Declare that the delegation has no comments (delegates)", responses: { 200: view }, errors: [401, 403, 404, 409, 423] },
  withdrawNoComments: { method: "delete", path: "/api/rounds/:roundId/no-comments", tag: "rounds", caller: "delegate",
    summary: "Withdraw the declaration of no comments (delegates)", responses: { 200: view }, errors: [401, 403, 404, 409, 423] },
  breakSilence: { method: "post", path: "/api/rounds/:roundId/silence", tag: "rounds", caller: "delegate",
    summary: "Break silence by a written objection or amendment (delegates; timestamped by the server; final)",
    body: silenceBody, responses: { 200: view }, errors: [400, 401, 403, 404, 409, 422, 423] },
  lateSubmissions: { method: "get", path: "/api/rounds/:roundId/late", tag: "rounds", caller: "secretariat",
    summary: "Late submissions, in order of arrival (Secretariat)", responses: { 200: json("Late submissions", lateSubmissions) }, errors: [401, 403, 404] },
  lateSubmission: { method: "get", path: "/api/rounds/:roundId/late/:delegation/:lateId", tag: "rounds", caller: "secretariat",
    summary: "One late submission with the bytes of a refused update (Secretariat)",
    responses: { 200: json("The late submission; `updateBase64` is the refused Yjs update", lateSubmissionWithBytes) }, errors: [401, 403, 404] },

  startNote: { method: "post", path: "/api/rounds/:id/note", tag: "notes", caller: "secretariat",
    summary: "Start rendering the note of a closed round in one format (Secretariat)",
    query: noteStartQuery, body: noteStartBody, bodyOptional: true,
    responses: { 202: { ...job, headers: { Location: "/api/note-jobs/{jobId}" } } }, errors: [400, 401, 403, 404, 409, 422, 429] },
  notePreview: { method: "get", path: "/api/rounds/:id/note/preview", tag: "notes", caller: "secretariat", summary: "The note as it would be rendered now",
    responses: { 200: json("The preview", notePreview) }, errors: [401, 403, 404, 409, 422] },
  noteTemplate: { method: "get", path: "/api/rounds/:id/note/template", tag: "notes", caller: "secretariat", summary: "The note's template",
    responses: { 200: json("The template", noteTemplateView) }, errors: [401, 403, 404] },
  setNoteTemplate: { method: "put", path: "/api/rounds/:id/note/template", tag: "notes", caller: "secretariat",
    summary: "Replace the note's template, checked whole (400 with `details.problems`: every problem, nothing stored)",
    body: noteTemplate, responses: { 200: json("The stored template", noteTemplateView) }, errors: [400, 401, 403, 404] },
  resetNoteTemplate: { method: "delete", path: "/api/rounds/:id/note/template", tag: "notes", caller: "secretariat", summary: "Back to the default template",
    responses: { 200: json("The default", noteTemplateView) }, errors: [401, 403, 404] },
  noteJob: { method: "get", path: "/api/note-jobs/:jobId", tag: "notes", caller: "secretariat", summary: "A render job's state and progress",
    responses: { 200: job }, errors: [401, 403, 404] },
  cancelNoteJob: { method: "delete", path: "/api/note-jobs/:jobId", tag: "notes", caller: "secretariat", summary: "Cancel the job (a finished job is left as it is)",
    responses: { 200: job }, errors: [401, 403, 404] },
  downloadNote: { method: "get", path: "/api/note-jobs/:jobId/download", tag: "notes", caller: "secretariat",
    summary: "The rendered file, as an attachment named after the note's or the document's symbol (NS4)",
    responses: { 200: { description: "The file", headers: { "Content-Disposition": "attachment; filename=\"CTOC-COP-WG.6-2020-L.1-comments.pdf\"; filename*=UTF-8''…" },
      media: { "application/pdf": "binary", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "binary", "text/html": "text", "text/markdown": "text" } } },
    errors: [401, 403, 404, 409, 422] },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;

/** The error body every route answers with for its error statuses. */
export const errorResponse = errorBody;

/** The names of a path's parameters: `/api/rounds/:roundId/late/:delegation` → roundId, delegation. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
