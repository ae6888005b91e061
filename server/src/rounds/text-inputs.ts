/**
 * A delegation's input in the text of a round (RS15): its tracked changes and comment anchors (in the
 * text), and its reasons, comments on words or points and co-sponsorships (in the annotations map).
 * Pure, and proportional to the edit: the text is read block by block, and what each top-level block
 * holds is remembered for that block (ProseMirror nodes are immutable, and the server's reader hands
 * back the same node for a block no update touched), so after an update only the blocks it changed
 * are read again.
 */
import type { Node } from "prosemirror-model";
import { keyDelegation } from "@concord/shared";

/** The ids of the changes and comment anchors of each delegation in one top-level block. */
type BlockInputs = ReadonlyMap<string, readonly string[]>;

const blocks = new WeakMap<Node, BlockInputs>();

function readBlock(block: Node): BlockInputs {
  const found = new Map<string, Set<string>>();
  const add = (delegation: unknown, id: unknown) => {
    if (typeof delegation !== "string" || typeof id !== "string") return;
    let ids = found.get(delegation);
    if (!ids) found.set(delegation, (ids = new Set()));
    ids.add(id);
  };
  const visit = (node: Node) => {
    if (node.isBlock) {
      const insertion = node.attrs.insertion as { id: string; delegation: string } | null | undefined;
      const deletion = node.attrs.deletion as { id: string; delegation: string } | null | undefined;
      if (insertion) add(insertion.delegation, insertion.id);
      if (deletion) add(deletion.delegation, deletion.id);
      node.forEach(visit);
      return;
    }
    for (const mark of node.marks) {
      const name = mark.type.name;
      if (name === "insertion" || name === "deletion" || name === "comment") add(mark.attrs.delegation, mark.attrs.id);
    }
  };
  visit(block);
  return new Map([...found].map(([delegation, ids]) => [delegation, [...ids]]));
}

/** What a top-level block holds, read once per block node. */
function inputsOf(block: Node): BlockInputs {
  let inputs = blocks.get(block);
  if (!inputs) blocks.set(block, (inputs = readBlock(block)));
  return inputs;
}

/** What the annotations map gives the tracker: its entries, as Yjs' `Y.Map` and a `Map` both do. */
export interface AnnotationEntries {
  forEach(callback: (value: unknown, key: string) => void): void;
}

/** The text as circulated: input already there when the round opened is not the round's. */
export interface InputBaseline {
  /** Change and comment-anchor ids in the text. */
  readonly ids: ReadonlySet<string>;
  /** Each annotation as it stood (JSON): an annotation changed since is input of the round. */
  readonly annotations: ReadonlyMap<string, string>;
}

const json = new WeakMap<object, string>();

/** An annotation value as JSON, computed once per value (the Yjs map hands back the same object while it is unchanged). */
function jsonOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "undefined";
  let text = json.get(value);
  if (text === undefined) json.set(value, (text = JSON.stringify(value)));
  return text;
}

export function baselineOf(doc: Node, annotations: AnnotationEntries): InputBaseline {
  const ids = new Set<string>();
  doc.forEach((block) => {
    for (const list of inputsOf(block).values()) for (const id of list) ids.add(id);
  });
  const stood = new Map<string, string>();
  annotations.forEach((value, key) => stood.set(key, jsonOf(value)));
  return { ids, annotations: stood };
}

/**
 * The first input of `delegation` in the round — a change or comment anchor not in the text as
 * circulated, or an annotation of its own that is new or changed since — as the id it is about (the
 * change's, the comment's, or the co-sponsored change's); null when it has none.
 */
export function firstInput(doc: Node, annotations: AnnotationEntries, delegation: string, baseline: InputBaseline): string | null {
  let found: string | null = null;
  doc.forEach((block) => {
    if (found !== null) return;
    for (const id of inputsOf(block).get(delegation) ?? []) {
      if (!baseline.ids.has(id)) { found = id; return; }
    }
  });
  if (found !== null) return found;
  const part = `/${delegation}/`;
  annotations.forEach((value, key) => {
    if (found !== null || !key.includes(part) || keyDelegation(key) !== delegation) return;
    if (baseline.annotations.get(key) !== jsonOf(value)) found = key.slice(key.lastIndexOf("/") + 1);
  });
  return found;
}
