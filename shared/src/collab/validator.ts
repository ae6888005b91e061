import type { Node, Schema } from "prosemirror-model";
import * as Y from "yjs";
import { schema as negotiationSchema } from "../schema/schema.js";
import { checkDelegateEdit } from "../tracking/check.js";
import { decidedChanges, type DecidedChanges } from "../tracking/decided.js";
import { AttributionOwners } from "../tracking/owners.js";
import { checkAnnotationEdit, type Annotation } from "../tracking/annotations.js";
import { ContentError, DocumentReader } from "./read.js";
import { readAnnotationEntries } from "./annotations-map.js";
import { DEFAULT_INSPECT_LIMITS, inspectUpdateV1, type InspectLimits, type UpdateSummary } from "./inspect-update.js";
import { changesNothing } from "./noop.js";
import { ANNOTATIONS_ROOT, CONTENT_ROOT, ROOT_TYPES, SERVER_CLIENT_ID } from "./roots.js";
import { CLOSE } from "../contract/codes.js";

/** Who sends an update, as the server authenticated the connection. */
export interface Writer {
  readonly role: "secretariat" | "delegate" | "observer";
  /** The delegation of a delegate; null for the Secretariat and observers. */
  readonly delegation: string | null;
  /** The account id, which new attributions must name. */
  readonly author: string;
}

/** The key a writer's Yjs client ids are bound to: its delegation, or "SECRETARIAT". */
export const bindingOf = (writer: Writer): string => (writer.role === "secretariat" ? "SECRETARIAT" : writer.delegation ?? "OBSERVER");

/** Close codes of server/PROTOCOL.md: the contract's one table (CT6). */
export { CLOSE };

export type Verdict =
  | {
      readonly ok: true;
      /** The update creates and deletes nothing: acknowledge it, do not store or broadcast it. */
      readonly noop: boolean;
      /** Client ids seen for the first time, to persist as bound to the writer together with the update. */
      readonly newBindings: ReadonlyArray<readonly [number, string]>;
      /** For the Secretariat's updates: the changes it accepted, rejected or otherwise resolved (TC23). */
      readonly decided?: DecidedChanges;
    }
  | { readonly ok: false; readonly code: number; readonly rule: string; readonly message: string };

const refuse = (code: number, rule: string, message: string): Verdict => ({ ok: false, code, rule, message });

export interface ValidatorOptions {
  readonly schema?: Schema;
  readonly limits?: InspectLimits;
}

/**
 * Judges whole updates before the server applies, stores or broadcasts them (server/SECURITY.md,
 * SEC rules). An update is inspected structurally without Yjs, then applied to a *twin* of the served
 * document, and the integrated result is checked: nothing left pending, only known roots, a document
 * valid for the schema, and — for a delegate — `checkDelegateEdit` and the annotation rules on the
 * result. Updates are accepted or refused whole; nothing is ever filtered out of one.
 *
 * The validator owns the twin. After an accepted update the caller applies the same bytes to the
 * served document; updates the server makes itself go through `trusted`. After a refusal the twin is
 * rebuilt from the served document.
 */
export class UpdateValidator {
  private twin!: Y.Doc;
  private reader!: DocumentReader;
  private current!: Node;
  private annotations!: Map<string, unknown>;
  /** Who owns each change id in `current`, for TC17 without reading the whole document per update. */
  private owners!: AttributionOwners;
  private changedKeys = new Set<string>();
  private readonly schema: Schema;
  private readonly limits: InspectLimits;

  constructor(private readonly served: Y.Doc, options: ValidatorOptions = {}) {
    this.schema = options.schema ?? negotiationSchema;
    this.limits = options.limits ?? DEFAULT_INSPECT_LIMITS;
    this.rebuild();
  }

  /** The current document as the validator last read it. */
  get document(): Node {
    return this.current;
  }

  private rebuild(): void {
    this.twin = new Y.Doc({ gc: false });
    Y.applyUpdate(this.twin, Y.encodeStateAsUpdate(this.served));
    this.reader = new DocumentReader(this.schema);
    this.twin.on("afterTransaction", (transaction: Y.Transaction) => {
      this.reader.invalidate(transaction);
      const map = this.twin.share.get(ANNOTATIONS_ROOT);
      for (const [type, keys] of transaction.changed) {
        if (type === map) for (const key of keys) if (key !== null) this.changedKeys.add(key);
      }
    });
    this.current = this.reader.read(this.twin.getXmlFragment(CONTENT_ROOT));
    this.owners = new AttributionOwners(this.current);
    this.annotations = readAnnotationEntries(this.twin.getMap(ANNOTATIONS_ROOT));
  }

  /** Applies an update the server itself made (accept/reject, import) to the twin. */
  trusted(update: Uint8Array): void {
    Y.applyUpdate(this.twin, update);
    this.current = this.reader.read(this.twin.getXmlFragment(CONTENT_ROOT));
    this.owners.update(this.current);
    this.annotations = readAnnotationEntries(this.twin.getMap(ANNOTATIONS_ROOT));
    this.changedKeys.clear();
  }

  validate(update: Uint8Array, writer: Writer, bindings: ReadonlyMap<number, string>, now: Date): Verdict {
    // SEC2, SEC3: size and structure, before Yjs decodes anything
    if (update.length > this.limits.maxBytes) return refuse(CLOSE.tooLarge, "SEC2", `update of ${update.length} bytes exceeds the limit of ${this.limits.maxBytes} bytes`);
    const inspected = inspectUpdateV1(update, this.limits);
    if (!inspected.ok) return refuse(CLOSE.malformed, "SEC3", inspected.reason);
    const summary = inspected.summary;
    // An update that creates and deletes nothing new (a reconnecting client's sync step 2) is
    // acknowledged without being stored, but it must still apply cleanly: Yjs parks an already-known
    // struct whose origin it cannot find, and reading an update creates every root it names.
    const noop = changesNothing(this.served, summary);
    // SEC1: observers never write
    if (!noop && writer.role === "observer") return refuse(CLOSE.forbidden, "SEC1", "observers cannot change the text");
    // SEC4: only the writer's own client ids create content
    const binding = bindingOf(writer);
    const newBindings: Array<readonly [number, string]> = [];
    for (const [client, range] of summary.ranges) {
      if (range.to <= Y.getState(this.served.store, client)) continue; // nothing new from this client: a duplicate
      if (client === SERVER_CLIENT_ID) return refuse(CLOSE.refused, "SEC4", `client id ${client} is reserved for the server`);
      const owner = bindings.get(client);
      if (owner === undefined) newBindings.push([client, binding]);
      else if (owner !== binding) return refuse(CLOSE.refused, "SEC4", `client id ${client} belongs to ${owner}; ${binding} cannot write with it`);
    }
    // SEC5: known roots and content kinds only
    const shape = checkShape(summary);
    if (shape) return refuse(CLOSE.refused, "SEC5", shape);

    const before = this.current;
    const annotationsBefore = this.annotations;
    this.changedKeys.clear();
    let verdict: Verdict;
    try {
      Y.applyUpdate(this.twin, update);
      verdict = noop ? this.judgeNoop() : this.judge(before, annotationsBefore, writer, now, newBindings);
    } catch (error) {
      verdict = refuse(CLOSE.malformed, "SEC3", `the update does not apply: ${(error as Error).message}`);
    }
    if (!verdict.ok) this.rebuild();
    return verdict;
  }

  private pendingOrForeignRoot(): Verdict | null {
    if (this.twin.store.pendingStructs !== null || this.twin.store.pendingDs !== null) {
      return refuse(CLOSE.refused, "SEC6", "the update depends on content the server does not have");
    }
    for (const name of this.twin.share.keys()) {
      if (!(ROOT_TYPES as readonly string[]).includes(name)) return refuse(CLOSE.refused, "SEC5", `unknown root type ${JSON.stringify(name)}`);
    }
    return null;
  }

  private judgeNoop(): Verdict {
    return this.pendingOrForeignRoot() ?? { ok: true, noop: true, newBindings: [] };
  }

  private judge(before: Node, annotationsBefore: Map<string, unknown>, writer: Writer, now: Date, newBindings: ReadonlyArray<readonly [number, string]>): Verdict {
    // SEC6: nothing pending — an update anchored to content the server has not seen is refused, never parked
    const structural = this.pendingOrForeignRoot();
    if (structural) return structural;
    // SEC7: the result is a valid document
    let after: Node;
    try {
      after = this.reader.read(this.twin.getXmlFragment(CONTENT_ROOT));
    } catch (error) {
      if (error instanceof ContentError) return refuse(CLOSE.refused, "SEC7", `the result is not a valid document: ${error.message}`);
      throw error;
    }
    const map = this.twin.getMap(ANNOTATIONS_ROOT);
    const annotationsAfter = new Map(annotationsBefore);
    for (const key of this.changedKeys) {
      if (map.has(key)) annotationsAfter.set(key, map.get(key) instanceof Y.AbstractType ? "<yjs type>" : map.get(key));
      else annotationsAfter.delete(key);
    }
    // the index follows the twin; after a refusal `rebuild` makes it again from the served document
    this.owners.update(after);
    if (writer.role === "delegate") {
      // SEC8: the delegation's edit passes the engine's rule on the integrated result
      const check = checkDelegateEdit(before, after, writer.delegation!, { author: writer.author, now, ownersOf: (id) => this.owners.ownersOf(id) });
      if (!check.ok) return refuse(CLOSE.refused, "SEC8", `${check.violation.message} (${check.violation.rule})`);
      // SEC9: annotations — a delegation writes only its own
      const changedBefore = new Map<string, Annotation>();
      const changedAfter = new Map<string, Annotation>();
      for (const key of this.changedKeys) {
        if (annotationsBefore.has(key)) changedBefore.set(key, annotationsBefore.get(key) as Annotation);
        if (annotationsAfter.has(key)) changedAfter.set(key, annotationsAfter.get(key) as Annotation);
      }
      const annotationCheck = checkAnnotationEdit(changedBefore, changedAfter, writer.delegation!, after);
      if (!annotationCheck.ok) return refuse(CLOSE.refused, "SEC9", `${annotationCheck.message} (${annotationCheck.rule})`);
    }
    const decided = writer.role === "secretariat" ? decidedChanges(before, after, (id) => this.owners.ownersOf(id).length > 0) : undefined;
    this.current = after;
    this.annotations = annotationsAfter;
    return decided ? { ok: true, noop: false, newBindings, decided } : { ok: true, noop: false, newBindings };
  }
}

/** Why the update's structure is not one a Concord client writes, or null. */
function checkShape(summary: UpdateSummary): string | null {
  for (const root of summary.roots) {
    if (!(ROOT_TYPES as readonly string[]).includes(root)) return `unknown root type ${JSON.stringify(root)}`;
  }
  for (const s of summary.structs) {
    if (s.kind === "doc" || s.kind === "binary" || s.kind === "embed" || s.kind === "json") return `content of kind ${s.kind} is not used by Concord documents`;
    if (s.kind === "type" && s.typeName !== "xmlElement" && s.typeName !== "xmlText") return `a ${s.typeName} type is not used by Concord documents`;
    if (s.root === CONTENT_ROOT && s.parentSub !== undefined) return "the content root has no attributes";
    if (s.root === ANNOTATIONS_ROOT && (s.parentSub === undefined || (s.kind !== "any" && s.kind !== "deleted"))) {
      return "annotations are plain values under a key";
    }
  }
  return null;
}
