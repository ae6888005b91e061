import type { Mark, Node, Schema } from "prosemirror-model";
import * as Y from "yjs";
import { markKey, markNameOfKey } from "./mark-keys.js";

/** The Yjs content does not describe a valid document of the schema. Carries the path and the reason. */
export class ContentError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = "ContentError";
  }
}

type Converted = Node | readonly Node[];
// reason: yjs types its AbstractType over its event type; any event will do here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;

/**
 * Reads the ProseMirror document held by a Y.XmlFragment, strictly and without touching the Yjs
 * document (y-prosemirror's own reader repairs invalid content by deleting it, which a server must
 * never do). Unknown node types, attributes, marks, non-canonical mark keys, embeds and content the
 * schema does not allow are errors (`ContentError`).
 *
 * The reader caches converted nodes per Yjs type: call `invalidate` with every transaction applied
 * to the document (`doc.on("afterTransaction", t => reader.invalidate(t))`) and a read after a small
 * update converts only the changed path, reusing every untouched top-level block as the same object.
 */
export class DocumentReader {
  private cache = new WeakMap<YType, Converted>();

  constructor(readonly schema: Schema) {}

  invalidate(transaction: Y.Transaction): void {
    for (const type of transaction.changed.keys()) this.forget(type);
    for (const type of transaction.changedParentTypes.keys()) this.forget(type);
  }

  private forget(type: YType): void {
    for (let t: YType | null = type; t; t = (t._item?.parent as YType | null) ?? null) {
      this.cache.delete(t);
    }
  }

  /** Forgets everything (for a document that was replaced or diverged). */
  reset(): void {
    this.cache = new WeakMap();
  }

  read(fragment: Y.XmlFragment): Node {
    const children: Node[] = [];
    fragment.toArray().forEach((child, index) => {
      if (!(child instanceof Y.XmlElement)) throw new ContentError(`content[${index}]`, "only elements may stand at the top level");
      children.push(this.element(child, `content[${index}]`));
    });
    const doc = this.schema.topNodeType.create(null, children);
    // every child was checked whole when it was read (`element` checks before caching), so only the
    // top level is left: `doc.check()` would walk the whole document again on every update
    if (!doc.type.validContent(doc.content)) throw new ContentError("content", `Invalid content for node ${doc.type.name}: ${doc.content.toString().slice(0, 50)}`);
    return doc;
  }

  private element(el: Y.XmlElement, path: string): Node {
    const cached = this.cache.get(el as YType);
    if (cached) return cached as Node;
    const type = this.schema.nodes[el.nodeName];
    if (!type || type.isText || type === this.schema.topNodeType) throw new ContentError(path, `unknown node type ${JSON.stringify(el.nodeName)}`);
    const here = `${path}<${el.nodeName}>`;
    const attrs = el.getAttributes() as Record<string, unknown>;
    const known = type.spec.attrs ?? {};
    for (const key of Object.keys(attrs)) {
      if (!(key in known)) throw new ContentError(here, `unknown attribute ${JSON.stringify(key)}`);
    }
    const children: Node[] = [];
    el.toArray().forEach((child, index) => {
      if (child instanceof Y.XmlElement) children.push(this.element(child, `${here}[${index}]`));
      else if (child instanceof Y.XmlText) children.push(...this.text(child, `${here}[${index}]`));
      else throw new ContentError(`${here}[${index}]`, "unsupported Yjs type");
    });
    let node: Node;
    try {
      node = type.create(attrs, children);
      node.check();
    } catch (error) {
      throw new ContentError(here, (error as Error).message);
    }
    this.cache.set(el as YType, node);
    return node;
  }

  private text(text: Y.XmlText, path: string): readonly Node[] {
    const cached = this.cache.get(text as YType);
    if (cached) return cached as readonly Node[];
    const nodes: Node[] = [];
    const delta = text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>;
    for (const op of delta) {
      if (typeof op.insert !== "string") throw new ContentError(path, "embeds are not allowed in text");
      if (op.insert.length === 0) continue;
      const marks: Mark[] = [];
      for (const [key, value] of Object.entries(op.attributes ?? {})) {
        const markType = this.schema.marks[markNameOfKey(key)];
        if (!markType) throw new ContentError(path, `unknown mark ${JSON.stringify(key)}`);
        let mark: Mark;
        try {
          mark = markType.create(value as Record<string, unknown> | null);
        } catch (error) {
          throw new ContentError(path, `mark ${key}: ${(error as Error).message}`);
        }
        if (markKey(mark) !== key) throw new ContentError(path, `mark key ${JSON.stringify(key)} does not match its attributes`);
        for (const attr of Object.keys((value ?? {}) as object)) {
          if (!(attr in (markType.spec.attrs ?? {}))) throw new ContentError(path, `mark ${key} has unknown attribute ${JSON.stringify(attr)}`);
        }
        marks.push(mark);
      }
      let set: readonly Mark[] = [];
      for (const mark of marks) {
        if (set.some((m) => m.type === mark.type && m.type.excludes(mark.type) && !m.eq(mark))) throw new ContentError(path, `two ${mark.type.name} marks on the same text`);
        set = mark.addToSet(set);
      }
      nodes.push(this.schema.text(op.insert, set));
    }
    this.cache.set(text as YType, nodes);
    return nodes;
  }
}

/** Reads a document once, without caching. */
export function readDocument(schema: Schema, fragment: Y.XmlFragment): Node {
  return new DocumentReader(schema).read(fragment);
}
