/**
 * CT7, checked by `tsc -b` (this file is part of the tests' project; it has no runtime part): the
 * types the server and the engine give their answers are the contract's, field for field, and back.
 * A field added on one side only, or typed differently, fails the typecheck here, naming the pair.
 */
import type { ComparedChange, Delegation as RegistryDelegation, NoticeTopic, Round, TrackedChange as EngineChange } from "@concord/shared";
import type * as C from "@concord/shared/contract";
import type { DocumentContent, DocumentSummary, LateSubmissionMeta, NamedSnapshotMeta, Notice, NoteJobView, NotePreview, NoteTemplateView, RoundView, SnapshotKind } from "@concord/server";
import type { NoteFormat } from "../../server/src/notes/formats.js";

/** T without `readonly` anywhere: the contract's inferred types are mutable, the server's readonly. */
type Mutable<T> = T extends (...args: never[]) => unknown ? T
  : T extends ReadonlyArray<infer U> ? Array<Mutable<U>>
  : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> }
  : T;
type Same<A, B> = [Mutable<A>] extends [Mutable<B>] ? ([Mutable<B>] extends [Mutable<A>] ? true : false) : false;
type Fits<A, B> = [Mutable<A>] extends [Mutable<B>] ? true : false;
const same = <_T extends true>() => undefined;

same<Same<EngineChange, C.TrackedChange>>();
same<Same<RegistryDelegation, C.Delegation>>();
same<Same<DocumentSummary, C.DocumentSummary>>();
same<Same<DocumentContent, C.DocumentContent>>();
same<Same<NamedSnapshotMeta, C.Snapshot>>();
same<Same<ComparedChange, C.ComparedChange>>();
same<Same<SnapshotKind, C.SnapshotKind>>();
same<Same<NoteJobView, C.NoteJob>>();
same<Same<NotePreview, C.NotePreview>>();
same<Same<NoteTemplateView, C.NoteTemplateView>>();
same<Same<NoteFormat, C.NoteFormat>>();
same<Same<LateSubmissionMeta, C.LateSubmissionView>>();
same<Same<NoticeTopic, C.RoundNoticeTopic>>();
same<Same<Notice, C.CloseNotice>>();
// a full round record (the Secretariat's) and a summary (everyone else's) are both what the contract's view carries
same<Fits<Round, C.RoundView["round"]>>();
same<Fits<Omit<Round, "responses">, C.RoundView["round"]>>();
same<Fits<RoundView, C.RoundView>>();
same<Fits<C.RoundView["round"], Omit<Round, "responses"> & Partial<Pick<Round, "responses">>>>();
