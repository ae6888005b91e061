/**
 * The JSON shapes of the server contract, as the client reads them: inferred from the contract's
 * schemas (shared/src/contract, CT7), never declared here. Types only: the bundle carries no zod.
 */
export type {
  ComparedChange, Comparison, Delegation, DocumentContent as DocumentDetail, DocumentSummary, ErrorBody, ExportFormat, Health,
  ImportedDocument, LateSubmissionView, NoteFormat, NoteJob, NotePreview, NoteTemplateBody, NoteTemplateView, Reply, RequestBody,
  Role, RoundView, Session, Snapshot as SnapshotSummary, TrackedChange, User, View as ExportView,
} from "@concord/shared/contract";
