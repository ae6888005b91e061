/**
 * Seeded forgeries: edits a delegate's client could send that the engine's rules forbid (TC15–TC18,
 * TC19–TC21), made directly on the document (never through `trackTransaction`), each of them
 * schema-valid so that only the attribution rules can catch it.
 */
import type { Mark, Node } from "prosemirror-model";
import { EditorState, type Transaction } from "prosemirror-state";
import { TRACKED_BLOCKS, schema, type Annotation, type Attribution } from "@concord/shared";
import type { Prng } from "./prng.js";

export interface Forgery {
  /** What the forger did, for the failure message. */
  readonly name: string;
  /** The kind, so a test can require that each kind was tried. */
  readonly kind: ForgeryKind;
  readonly after: Node;
}

export const FORGERY_KINDS = [
  "untracked insertion",
  "untracked deletion",
  "insertion in another's name",
  "deletion in another's name",
  "another's mark removed",
  "another's insertion deleted",
  "another's attribution altered",
  "another's change id reused",
  "another author named",
  "block change in another's name",
] as const;
export type ForgeryKind = (typeof FORGERY_KINDS)[number];

interface TextSpan { readonly from: number; readonly to: number; readonly node: Node; readonly inOwnBlock: boolean }

const CREATED_AT = "2020-09-10T12:00:00.000Z";

/** Every text node with its position, and whether a block of `delegation`'s own proposal holds it. */
function textSpans(doc: Node, delegation: string): TextSpan[] {
  const spans: TextSpan[] = [];
  doc.descendants((node, pos, _parent, _index) => {
    if (!node.isText) return true;
    const $pos = doc.resolve(pos);
    let inOwnBlock = false;
    for (let depth = $pos.depth; depth > 0; depth--) {
      const block = $pos.node(depth);
      const ins = block.attrs.insertion as Attribution | null | undefined;
      if (ins?.delegation === delegation) inOwnBlock = true;
    }
    spans.push({ from: pos, to: pos + node.nodeSize, node, inOwnBlock });
    return false;
  });
  return spans;
}

const markOf = (node: Node, type: string): Mark | undefined => node.marks.find((m) => m.type.name === type);
const isOwnInsertion = (span: TextSpan, delegation: string) =>
  span.inOwnBlock || (markOf(span.node, "insertion")?.attrs.delegation as string | undefined) === delegation;

/** The attributed marks of other delegations, with where they are. */
function othersMarks(doc: Node, delegation: string): { span: TextSpan; mark: Mark }[] {
  return textSpans(doc, delegation).flatMap((span) =>
    span.node.marks.filter((m) => m.attrs.delegation !== undefined && m.attrs.delegation !== delegation).map((mark) => ({ span, mark })));
}

function attribution(rnd: Prng, delegation: string, author: string, id = `forged-${rnd.int(1e9)}`): Attribution {
  return { id, delegation, author, createdAt: CREATED_AT };
}

/** A random point inside a span (between two of its characters, or at either end). */
const pointIn = (rnd: Prng, span: TextSpan) => span.from + rnd.int(span.to - span.from + 1);
/** A random non-empty range inside a span. */
function rangeIn(rnd: Prng, span: TextSpan): [number, number] {
  const from = span.from + rnd.int(span.to - span.from);
  return [from, from + 1 + rnd.int(Math.min(5, span.to - from))];
}

/**
 * One forgery of `kind` by `actor` on `doc`, or null when `doc` offers no place for it (no other
 * delegation's mark to tamper with, say).
 */
export function forge(doc: Node, kind: ForgeryKind, actor: { delegation: string; author: string }, others: readonly string[], rnd: Prng): Forgery | null {
  const tr: Transaction = EditorState.create({ schema, doc }).tr;
  const spans = textSpans(doc, actor.delegation);
  const foreign = othersMarks(doc, actor.delegation);
  const other = rnd.pick(others);
  const word = rnd.pick(["forged ", "must ", "not "]);
  let name: string;
  switch (kind) {
    case "untracked insertion": {
      const candidates = spans.filter((s) => !s.inOwnBlock);
      if (candidates.length === 0) return null;
      const at = pointIn(rnd, rnd.pick(candidates));
      tr.replaceWith(at, at, schema.text(word));
      name = `plain “${word}” at ${at}`;
      break;
    }
    case "untracked deletion": {
      const candidates = spans.filter((s) => !isOwnInsertion(s, actor.delegation));
      if (candidates.length === 0) return null;
      const [from, to] = rangeIn(rnd, rnd.pick(candidates));
      tr.delete(from, to);
      name = `deleted ${from}–${to} outright`;
      break;
    }
    case "insertion in another's name": {
      const candidates = spans.filter((s) => !s.inOwnBlock);
      if (candidates.length === 0) return null;
      const at = pointIn(rnd, rnd.pick(candidates));
      tr.replaceWith(at, at, schema.text(word, [schema.marks.insertion!.create(attribution(rnd, other, `${other.toLowerCase()}-1`))]));
      name = `“${word}” inserted at ${at} as ${other}`;
      break;
    }
    case "deletion in another's name": {
      const candidates = spans.filter((s) => !isOwnInsertion(s, actor.delegation));
      if (candidates.length === 0) return null;
      const [from, to] = rangeIn(rnd, rnd.pick(candidates));
      tr.addMark(from, to, schema.marks.deletion!.create(attribution(rnd, other, `${other.toLowerCase()}-1`)));
      name = `${from}–${to} struck as ${other}`;
      break;
    }
    case "another's mark removed": {
      const candidates = foreign.filter((f) => !isOwnInsertion(f.span, actor.delegation));
      if (candidates.length === 0) return null;
      const { span, mark } = rnd.pick(candidates);
      tr.removeMark(span.from, span.to, mark);
      name = `the ${mark.type.name} of ${mark.attrs.delegation as string} removed at ${span.from}–${span.to}`;
      break;
    }
    case "another's insertion deleted": {
      const candidates = foreign.filter((f) => f.mark.type.name === "insertion" && !f.span.inOwnBlock);
      if (candidates.length === 0) return null;
      const { span, mark } = rnd.pick(candidates);
      const [from, to] = rangeIn(rnd, span);
      tr.delete(from, to);
      name = `the insertion of ${mark.attrs.delegation as string} deleted at ${from}–${to}`;
      break;
    }
    case "another's attribution altered": {
      const candidates = foreign.filter((f) => !isOwnInsertion(f.span, actor.delegation));
      if (candidates.length === 0) return null;
      const { span, mark } = rnd.pick(candidates);
      const attrs = mark.attrs as Attribution;
      const altered = rnd.pick<Partial<Attribution>>([
        { author: `${attrs.author}-x` }, { createdAt: "2020-09-11T08:00:00.000Z" }, { delegation: actor.delegation },
      ]);
      tr.removeMark(span.from, span.to, mark);
      tr.addMark(span.from, span.to, mark.type.create({ ...attrs, ...altered }));
      name = `the ${mark.type.name} of ${attrs.delegation} at ${span.from}–${span.to} altered: ${JSON.stringify(altered)}`;
      break;
    }
    case "another's change id reused": {
      const candidates = spans.filter((s) => !s.inOwnBlock);
      if (foreign.length === 0 || candidates.length === 0) return null;
      const id = rnd.pick(foreign).mark.attrs.id as string;
      const at = pointIn(rnd, rnd.pick(candidates));
      tr.replaceWith(at, at, schema.text(word, [schema.marks.insertion!.create(attribution(rnd, actor.delegation, actor.author, id))]));
      name = `“${word}” inserted at ${at} under ${actor.delegation} with the change id ${id} of another delegation`;
      break;
    }
    case "another author named": {
      const candidates = spans.filter((s) => !s.inOwnBlock);
      if (candidates.length === 0) return null;
      const at = pointIn(rnd, rnd.pick(candidates));
      tr.replaceWith(at, at, schema.text(word, [schema.marks.insertion!.create(attribution(rnd, actor.delegation, `${actor.author}-colleague`))]));
      name = `“${word}” inserted at ${at} naming author ${actor.author}-colleague`;
      break;
    }
    case "block change in another's name": {
      const blocks: { pos: number; node: Node }[] = [];
      doc.descendants((node, pos) => {
        if ((TRACKED_BLOCKS as readonly string[]).includes(node.type.name) && !node.attrs.insertion && !node.attrs.deletion) blocks.push({ pos, node });
        return !node.isTextblock;
      });
      if (blocks.length === 0) return null;
      const { pos, node } = rnd.pick(blocks);
      const which = rnd.pick(["insertion", "deletion"] as const);
      tr.setNodeMarkup(pos, undefined, { ...node.attrs, [which]: attribution(rnd, other, `${other.toLowerCase()}-1`) });
      name = `the ${node.type.name} at ${pos} given a block ${which} of ${other}`;
      break;
    }
  }
  if (!tr.docChanged) return null;
  return { name, kind, after: tr.doc };
}

/** An annotation `actor` writes in `other`'s name (TC19), of a random kind. */
export function forgedAnnotation(actor: { author: string }, other: string, changeId: string, rnd: Prng): { key: string; value: Annotation } {
  const kind = rnd.pick(["reason", "comment", "cosponsor"] as const);
  const at = CREATED_AT;
  const value: Annotation =
    kind === "reason" ? { kind, delegation: other, author: actor.author, changeId, text: "Forged reason.", updatedAt: at }
    : kind === "cosponsor" ? { kind, delegation: other, author: actor.author, changeId, joinedAt: at }
    : { kind, delegation: other, author: actor.author, id: `forged-${rnd.int(1e9)}`, target: { type: "words" }, text: "Forged comment.", createdAt: at, updatedAt: at };
  const key = kind === "comment" ? `comment/${other}/${value.kind === "comment" ? value.id : ""}` : `${kind}/${other}/${changeId}`;
  return { key, value };
}
