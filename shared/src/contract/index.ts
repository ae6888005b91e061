/**
 * The one contract of Concord's wire (CT1–CT7, SPEC.md beside this file): every HTTP request and
 * response body, the WebSocket close codes and the notices. The server parses what it receives with
 * these schemas, the browser and the headless client use the types inferred from them, and
 * server/openapi.yaml is generated from them. Nothing else declares a wire shape.
 *
 * Why zod (4) rather than valibot: zod 4 converts schemas to JSON Schema 2020-12 itself
 * (`z.toJSONSchema`), which is what OpenAPI 3.1 uses, so the generated document needs no second
 * library and no hand-kept mapping; its error messages can be set per schema (the API keeps its
 * sentences); and the clients import only types from here (`import type`), so the browser bundle
 * does not pay for zod's size, which is valibot's main advantage.
 *
 * Import it as `@concord/shared/contract`: it is not re-exported from `@concord/shared`, so that code
 * that only needs the engine never loads zod.
 */
import type { z } from "zod";
import type { RouteName, routes } from "./routes.js";

export { CLOSE, NOTICE_MESSAGE, ROUND_NOTICE_TOPICS, isCloseCode, notice, parseNotice, closeNotice, roundNotice } from "./collab.js";
export type { CloseCode, Notice, CloseNotice, RoundNotice, RoundNoticeTopic } from "./collab.js";
export { ERROR_CODES, errorBody } from "./common.js";
export type { ErrorBody, ErrorCode } from "./common.js";
export {
  EXPORT_FORMATS, MAX_IMPORT_CHARS, SNAPSHOT_KINDS, VIEWS, comparison, documentAuthors, documentContent, documentSummary, importBody, importedDocument,
  reviewBody, snapshot, snapshotBody, trackedChange,
} from "./documents.js";
export type {
  ComparedChange, Comparison, DocumentAuthors, DocumentContent, DocumentSummary, ExportFormat, ImportBody, ImportedDocument, ReviewBody, Snapshot,
  SnapshotBody, SnapshotContent, SnapshotKind, TrackedChange, View,
} from "./documents.js";
export { DELEGATION_KINDS, ROLES, delegation, session, signInBody, user } from "./identity.js";
export type { Delegation, Health, Role, Session, SignInBody, User } from "./identity.js";
export { JOB_STATES, NOTE_FORMATS, noteJob, notePreview, noteTemplate, noteTemplateView } from "./notes.js";
export type { CompetingSpan, NoteFormat, NoteJob, NotePreview, NoteTemplateBody, NoteTemplateView } from "./notes.js";
export {
  DELEGATION_STATUSES, ROUND_KINDS, ROUND_STATUSES, SILENCE_KINDS, commentsBody, extendBody, lateSubmission, openBody, round, roundDraftBody,
  roundPatchBody, roundView, silenceBody, translationBody,
} from "./rounds.js";
export type {
  CommentsBody, ExtendBody, LateSubmissionView, LateSubmissionWithBytes, OpenBody, RoundDraftBody, RoundPatchBody, RoundRecord, RoundView, SilenceBody, TranslationBody,
} from "./rounds.js";
export { openApiDocument } from "./openapi.js";
export { pathParams, routes } from "./routes.js";
export type { Caller, HttpMethod, ResponseSpec, RouteName, RouteSpec } from "./routes.js";

type Route<N extends RouteName> = (typeof routes)[N];

/** The JSON body a request to route `N` sends (as the client writes it: defaults and trims not applied). */
export type RequestBody<N extends RouteName> = Route<N> extends { readonly body: infer B extends z.ZodType } ? z.input<B> : never;

/** The query of route `N`. */
export type RequestQuery<N extends RouteName> = Route<N> extends { readonly query: infer Q extends z.ZodType } ? z.input<Q> : never;

/** The JSON the server answers route `N` with on success. */
export type Reply<N extends RouteName> = {
  [S in keyof Route<N>["responses"]]: Route<N>["responses"][S] extends { readonly schema: infer R extends z.ZodType } ? z.output<R> : never;
}[keyof Route<N>["responses"]];
