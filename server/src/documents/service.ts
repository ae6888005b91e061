/**
 * What the HTTP API and the CLI do with documents (SPEC.md DS1–DS8): import, read, export, list
 * changes, accept and reject, named snapshots and comparisons. Reads go through the served room, so
 * they show exactly what clients see, and only what is durable.
 */
import * as Y from "yjs";
import type { Node } from "prosemirror-model";
import {
  ANNOTATIONS_ROOT, CONTENT_ROOT, ContentError, SERVER_CLIENT_ID, acceptAll, acceptChange, listChanges, readAnnotations,
  compareDocuments, readDocument, rejectAll, rejectChange, schema, updateDocument, viewOf, writeDocument, type Annotation, type ComparedChange,
  type TrackedChange, type View,
} from "@concord/shared";
import type { Clock, Random } from "../clock.js";
import type { AuditRecorder } from "../audit/recorder.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { ConcordError, badRequest, notFound } from "../auth/errors.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import { SERVER_ORIGIN, type Room } from "../collab/room.js";
import type { RoomManager } from "../collab/rooms.js";
import { SNAPSHOT_KINDS, type DocumentRecord, type NamedSnapshotMeta, type SnapshotKind, type Store } from "../store/types.js";
import { importDocument } from "./import.js";

export interface DocumentSummary {
  readonly id: string;
  readonly title: string;
  readonly symbol: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DocumentContent {
  readonly id: string;
  readonly title: string;
  readonly doc: unknown;
  readonly annotations: Record<string, unknown>;
  readonly updatedAt: string;
}

export const VIEWS: readonly View[] = ["markup", "proposed", "original"];

const summary = (d: DocumentRecord): DocumentSummary => ({ id: d.id, title: d.title, symbol: d.symbol, createdAt: d.createdAt, updatedAt: d.updatedAt });

/** The state a new document starts from: the imported text and annotations, written by the server. */
export function initialState(doc: Node, annotations: ReadonlyMap<string, Annotation>): Uint8Array {
  const ydoc = new Y.Doc({ gc: false });
  ydoc.clientID = SERVER_CLIENT_ID;
  ydoc.transact(() => {
    writeDocument(doc, ydoc.getXmlFragment(CONTENT_ROOT));
    const map = ydoc.getMap(ANNOTATIONS_ROOT);
    for (const [key, value] of annotations) map.set(key, value);
  });
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return state;
}

/** Reads a stored state (a snapshot) as a document and its annotations. */
export function readState(state: Uint8Array): { doc: Node; annotations: Record<string, unknown> } {
  const ydoc = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(ydoc, state);
    const doc = readDocument(schema, ydoc.getXmlFragment(CONTENT_ROOT));
    return { doc, annotations: Object.fromEntries(readAnnotations(ydoc.getMap(ANNOTATIONS_ROOT))) };
  } finally {
    ydoc.destroy();
  }
}

function read<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ContentError) throw new ConcordError(500, "internal", `The stored ${what} is not a valid document (${error.message}).`);
    throw error;
  }
}

export class DocumentService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomManager,
    private readonly delegations: DelegationDirectory,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async list(): Promise<DocumentSummary[]> {
    return (await this.store.listDocuments()).map(summary);
  }

  async record(id: string): Promise<DocumentRecord> {
    const found = await this.store.findDocument(id);
    if (!found) throw notFound(`There is no document ${id}.`);
    return found;
  }

  /** DS1: imports text as a new document (400 `invalid_import` with the line on bad input). */
  async create(input: { format?: unknown; text?: unknown; title?: unknown }, identity: Identity | null): Promise<DocumentSummary & { warnings: unknown[] }> {
    const format = input.format;
    if (format !== undefined && format !== "text" && format !== "markdown") throw badRequest(`The format ${JSON.stringify(format)} is not one of text, markdown.`);
    if (typeof input.text !== "string") throw badRequest("Give the text to import as `text`.");
    if (input.title !== undefined && typeof input.title !== "string") throw badRequest("`title` must be a string.");
    const now = this.clock.now();
    const imported = importDocument(input.text, format, { createdAt: now.toISOString(), author: identity?.user.id ?? "import", env: { now: () => now, newId: () => this.random.id() } });
    const metadata = imported.doc.firstChild?.type.name === "metadata" ? imported.doc.firstChild.attrs : null;
    const title = (input.title as string | undefined)?.trim() || imported.title || (metadata?.title as string | undefined) || "Untitled document";
    const record: DocumentRecord = {
      id: this.random.id(),
      title,
      symbol: (metadata?.symbol as string | undefined) ?? "",
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      createdBy: identity?.user.id ?? null,
    };
    const actor = identity ? { userId: identity.user.id, delegation: actingDelegation(identity.user) } : { userId: null, delegation: null };
    await this.store.createDocument(record, {
      documentId: record.id, update: initialState(imported.doc, imported.annotations), connectionId: null,
      userId: actor.userId, delegation: actor.delegation, createdAt: record.createdAt,
    }, { audit: [this.audit.entry(actor, "document-created", { document: record.id, title, format: format ?? "detected", characters: input.text.length, warnings: imported.warnings.length })] });
    return { ...summary(record), warnings: imported.warnings as unknown[] };
  }

  /** DS2: the document as clients see it, once durable. */
  async get(id: string): Promise<DocumentContent> {
    await this.record(id);
    return this.rooms.withRoom(id, async (room) => {
      await room.durable();
      const doc = read("document", () => room.document());
      const annotations = room.annotations();
      const record = await this.record(id);
      return { id, title: record.title, doc: doc.toJSON(), annotations, updatedAt: record.updatedAt };
    });
  }

  private async current(id: string): Promise<{ doc: Node; annotations: ReadonlyMap<string, Annotation>; record: DocumentRecord }> {
    const record = await this.record(id);
    return this.rooms.withRoom(id, async (room) => {
      await room.durable();
      return { doc: read("document", () => room.document()), annotations: readAnnotations(room.doc.getMap(ANNOTATIONS_ROOT)), record };
    });
  }

  /** DS3: the document in one view, for export, with its annotations (reasons, comments, co-sponsorships). */
  async view(id: string, view: unknown): Promise<{ doc: Node; annotations: ReadonlyMap<string, Annotation>; record: DocumentRecord; view: View }> {
    if (!VIEWS.includes(view as View)) throw badRequest(`The view ${JSON.stringify(view)} is not one of ${VIEWS.join(", ")}.`);
    const { doc, annotations, record } = await this.current(id);
    return { doc: viewOf(doc, view as View), annotations, record, view: view as View };
  }

  /** DS4: the tracked changes, optionally of one delegation. */
  async changes(id: string, delegation?: string): Promise<TrackedChange[]> {
    const { doc, annotations } = await this.current(id);
    const all = listChanges(doc, annotations);
    return delegation ? all.filter((c) => c.delegation === delegation) : all;
  }

  /** DS5: the Secretariat accepts or rejects one change, or all (of one delegation), on the served document. */
  async decide(id: string, identity: Identity, decision: "accept" | "reject", target: { changeId: string } | { delegation?: string }): Promise<TrackedChange[]> {
    await this.record(id);
    const author = { userId: identity.user.id, delegation: actingDelegation(identity.user) };
    return this.rooms.withRoom(id, async (room) => {
      const { result } = await room.serverWrite(author, (r: Room) => {
        const before = read("document", () => r.document());
        const annotations = readAnnotations(r.doc.getMap(ANNOTATIONS_ROOT));
        const existing = listChanges(before, annotations);
        let decided: string[];
        let after: Node;
        if ("changeId" in target) {
          if (!existing.some((c) => c.id === target.changeId)) throw notFound(`There is no change ${target.changeId} in this document.`);
          decided = [target.changeId];
          after = decision === "accept" ? acceptChange(before, target.changeId) : rejectChange(before, target.changeId);
        } else {
          const scope = target.delegation ? { delegation: target.delegation } : undefined;
          decided = existing.filter((c) => !target.delegation || c.delegation === target.delegation).map((c) => c.id);
          after = decision === "accept" ? acceptAll(before, scope) : rejectAll(before, scope);
        }
        if (decided.length > 0) updateDocument(r.doc, r.doc.getXmlFragment(CONTENT_ROOT), after, SERVER_ORIGIN);
        return { decided, changes: listChanges(after, annotations) };
      }, ({ decided }) => ({
        kind: decision,
        details: { document: id, changeIds: decided, ...("delegation" in target && target.delegation ? { delegation: target.delegation } : {}) },
      }));
      return result.changes;
    });
  }

  async listSnapshots(id: string): Promise<NamedSnapshotMeta[]> {
    await this.record(id);
    return this.store.listSnapshots(id);
  }

  /** DS7: a named snapshot of the served document as it is now. */
  async createSnapshot(id: string, input: { name?: unknown; kind?: unknown }, identity: Identity | null): Promise<NamedSnapshotMeta> {
    await this.record(id);
    if (typeof input.name !== "string" || !input.name.trim() || input.name.length > 200) throw badRequest("A snapshot needs a `name` of 1 to 200 characters.");
    const kind = (input.kind ?? "manual") as SnapshotKind;
    if (!SNAPSHOT_KINDS.includes(kind)) throw badRequest(`The snapshot kind ${JSON.stringify(input.kind)} is not one of ${SNAPSHOT_KINDS.join(", ")}.`);
    const name = input.name.trim();
    return this.rooms.withRoom(id, async (room) => {
      const { state, seq } = await room.capture();
      const meta: NamedSnapshotMeta = { id: this.random.id(), documentId: id, name, kind, seq, createdAt: this.clock.now().toISOString(), createdBy: identity?.user.id ?? null };
      const actor = identity ? { userId: identity.user.id, delegation: actingDelegation(identity.user) } : { userId: null, delegation: null };
      await this.store.createSnapshot({ ...meta, state }, [this.audit.entry(actor, "snapshot", { document: id, snapshot: meta.id, name, kind, seq })]);
      return meta;
    });
  }

  async getSnapshot(id: string, snapshotId: string): Promise<NamedSnapshotMeta & { doc: unknown; annotations: Record<string, unknown> }> {
    await this.record(id);
    const snapshot = await this.store.findSnapshot(id, snapshotId);
    if (!snapshot) throw notFound(`There is no snapshot ${snapshotId} of this document.`);
    const { state, ...meta } = snapshot;
    const content = read("snapshot", () => readState(state));
    return { ...meta, doc: content.doc.toJSON(), annotations: content.annotations };
  }

  /** DS6: the changes between two snapshots, or a snapshot and the current text, attributed by delegation. */
  async compare(id: string, from: unknown, to: unknown): Promise<{ from: string; to: string; changes: ComparedChange[] }> {
    await this.record(id);
    if (typeof from !== "string" || !from) throw badRequest("Give the snapshot to compare from as `from`.");
    const toId = typeof to === "string" && to ? to : "current";
    const load = async (snapshotId: string): Promise<Node> => {
      if (snapshotId === "current") return (await this.current(id)).doc;
      const snapshot = await this.store.findSnapshot(id, snapshotId);
      if (!snapshot) throw notFound(`There is no snapshot ${snapshotId} of this document.`);
      return read("snapshot", () => readState(snapshot.state).doc);
    };
    const [a, b] = await Promise.all([load(from), load(toId)]);
    return { from, to: toId, changes: compareDocuments(a, b) };
  }

  /** code → tag and name ("USA" → "US", "the United States") of the registry and the custom delegations, for renderers. */
  async delegationResolver(): Promise<(code: string) => { readonly tag: string; readonly name: string } | null> {
    const known = new Map<string, { tag: string; name: string }>((await this.delegations.list()).map((d) => [d.code, { tag: d.tag, name: d.name }]));
    known.set("SECRETARIAT", { tag: "Secretariat", name: "the Secretariat" });
    return (code) => known.get(code) ?? null;
  }
}
