/**
 * The "print" view: the document as the Secretariat's note reproduces it (NT rules in client/SPEC.md,
 * conventions in tests/fixtures/domain/README.md): "illicit (US) trafficking", "~~and ammunition (US:
 * delete, since …)~~", "~~should~~ are encouraged to (US)", "integrated (US: If …)", a comment on a
 * whole point as its own paragraph. Pure: `noteBlocks` builds the model, `noteToText` writes it as
 * Markdown-like text (used by tests and "copy as text").
 */
import type { Mark, Node } from "prosemirror-model";
import {
  listChanges, listComments, numberPoints, pointLabel,
  type Annotations, type Attribution, type TrackedChange, type TrackedComment,
} from "@concord/shared";
import { formatTag, type DelegationNames } from "../editor/labels.js";

export interface NoteText {
  readonly kind: "text";
  readonly text: string;
  readonly em: boolean;
  readonly strong: boolean;
  /** The delegation proposing this text, or null. */
  readonly insertion: string | null;
  /** Delegations proposing to delete this text. */
  readonly deletions: readonly string[];
  readonly commented: boolean;
  readonly footnote: string | null;
}

export interface NoteTag {
  readonly kind: "tag";
  readonly text: string;
  /** Inside the strike: the tag of a proposed deletion ("~~and ammunition (US: delete …)~~"). */
  readonly struck: boolean;
  readonly delegation: string;
}

export type NoteInline = NoteText | NoteTag;

export interface NoteBlock {
  readonly kind: "heading" | "point-label" | "paragraph" | "point-comment";
  readonly level: number;
  /** Nesting in lists: 0 for a point's own paragraphs. */
  readonly depth: number;
  /** "(a)", "•" for list items; "IV." for headings with a label; "" otherwise. */
  readonly marker: string;
  readonly inlines: readonly NoteInline[];
  /** The whole block is proposed for deletion (struck through). */
  readonly struck: boolean;
  /** The block is proposed as new by this delegation. */
  readonly inserted: string | null;
  readonly delegation: string | null;
}

interface Ends {
  /** Position after the last inline piece of each change and comment anchor. */
  readonly change: Map<string, number>;
  readonly comment: Map<string, number>;
}

/** The note's blocks for `doc` with `annotations` (PV1–PV7). */
export function noteBlocks(doc: Node, annotations: Annotations, names: DelegationNames): NoteBlock[] {
  const changes = new Map(listChanges(doc, annotations).map((c) => [c.id, c]));
  const comments = listComments(doc, annotations);
  const wordComments = new Map(comments.filter((c) => c.target === "words").map((c) => [c.id, c]));
  const pointComments = new Map<string, TrackedComment[]>();
  for (const c of comments) if (c.target === "point" && c.pointId) pointComments.set(c.pointId, [...(pointComments.get(c.pointId) ?? []), c]);
  const ends = lastPieces(doc);
  const labels = new Map(numberPoints(doc).map((p) => [p.pos, pointLabel(p.kind, p.number)]));
  const blocks: NoteBlock[] = [];

  const walk = (node: Node, pos: number, depth: number, struck: boolean, marker: string) => {
    const deletion = node.attrs.deletion as Attribution | null | undefined;
    const insertion = node.attrs.insertion as Attribution | null | undefined;
    const wholeDeleted = struck || (!!deletion && changes.get(deletion.id)?.wholePoint === true) || (!!deletion && allTextDeleted(node));
    if (node.type.name === "point") {
      blocks.push(block("point-label", [plain(labels.get(pos) ?? "")], { struck: wholeDeleted }));
      node.forEach((child, offset) => walk(child, pos + 1 + offset, 0, wholeDeleted, ""));
      for (const c of pointComments.get(node.attrs.id as string) ?? []) {
        blocks.push(block("point-comment", [{ kind: "tag", text: formatTag(names, c.delegation, [], c.text), struck: false, delegation: c.delegation }], { delegation: c.delegation }));
      }
      return;
    }
    if (node.type.name === "bullet_list" || node.type.name === "ordered_list") {
      const style = node.attrs.style as string | undefined;
      const start = (node.attrs.start as number | undefined) ?? 1;
      node.forEach((item, offset, index) => walk(item, pos + 1 + offset, depth + 1, wholeDeleted, node.type.name === "bullet_list" ? "•" : listMarker(style ?? "decimal", start + index)));
      return;
    }
    if (node.type.name === "list_item") {
      let first = true;
      node.forEach((child, offset) => { walk(child, pos + 1 + offset, depth, wholeDeleted, first ? marker : ""); first = false; });
      return;
    }
    if (node.isTextblock) {
      const kind = node.type.name === "heading" ? "heading" : "paragraph";
      const inlines = spaceTags(inlineContent(node, pos + 1, changes, wordComments, ends, names));
      if (inlines.length === 0 && insertion) return; // a proposed empty paragraph says nothing yet
      blocks.push(block(kind, inlines, {
        level: (node.attrs.level as number | undefined) ?? 0, depth, struck: wholeDeleted,
        marker: kind === "heading" ? ((node.attrs.label as string | null) ?? "") : marker,
        inserted: insertion?.delegation ?? null, delegation: insertion?.delegation ?? deletion?.delegation ?? null,
      }));
      return;
    }
    node.forEach((child, offset) => walk(child, pos + 1 + offset, depth, wholeDeleted, ""));
  };
  doc.forEach((child, offset) => { if (child.type.name !== "metadata") walk(child, offset, 0, false, ""); });
  return blocks;
}

/**
 * Spaces around tags as the note prints them (PV8): whitespace that ends the words before a tag goes
 * after the tag (after the last of several tags at one place), outside any strike or insertion —
 * "illicit (US) trafficking", "~~and ammunition (US: …)~~ and"; a tag directly followed by a word is
 * separated from it by a space. The renderers then put one space before each tag that follows text.
 */
export function spaceTags(inlines: readonly NoteInline[]): NoteInline[] {
  const out: NoteInline[] = [];
  let moved = "";
  inlines.forEach((inline, i) => {
    if (inline.kind === "tag") {
      for (let last = out[out.length - 1]; last?.kind === "text" && /\s$/.test(last.text); last = out[out.length - 1]) {
        const space = /\s+$/.exec(last.text)![0];
        moved = space + moved;
        if (space.length === last.text.length) out.pop();
        else out[out.length - 1] = { ...last, text: last.text.slice(0, -space.length) };
      }
      out.push(inline);
      const next = inlines[i + 1];
      if (next?.kind === "tag") return;
      if (moved === "" && next?.kind === "text" && /^[\p{L}\p{N}]/u.test(next.text)) moved = " ";
      if (moved !== "") out.push(plain(moved));
      moved = "";
      return;
    }
    out.push(inline);
  });
  return out;
}

function block(kind: NoteBlock["kind"], inlines: NoteInline[], patch: Partial<NoteBlock> = {}): NoteBlock {
  return { kind, level: 0, depth: 0, marker: "", inlines, struck: false, inserted: null, delegation: null, ...patch };
}

const plain = (text: string): NoteText => ({ kind: "text", text, em: false, strong: false, insertion: null, deletions: [], commented: false, footnote: null });

function listMarker(style: string, n: number): string {
  if (style === "lower-alpha") return `(${String.fromCharCode(96 + ((n - 1) % 26) + 1)})`;
  if (style === "lower-roman") return `(${roman(n)})`;
  return `${n}.`;
}

function roman(n: number): string {
  const table: Array<[number, string]> = [[10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let out = "";
  for (const [value, letters] of table) while (n >= value) { out += letters; n -= value; }
  return out;
}

function allTextDeleted(node: Node): boolean {
  let any = false;
  let all = true;
  node.descendants((child) => {
    if (!child.isInline) return true;
    any = true;
    if (!child.marks.some((m) => m.type.name === "deletion")) all = false;
    return false;
  });
  return any && all;
}

function lastPieces(doc: Node): Ends {
  const change = new Map<string, number>();
  const comment = new Map<string, number>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      const name = mark.type.name;
      if (name === "insertion" || name === "deletion") change.set(mark.attrs.id as string, pos + node.nodeSize);
      else if (name === "comment") comment.set(mark.attrs.id as string, pos + node.nodeSize);
    }
    return false;
  });
  return { change, comment };
}

function inlineContent(
  node: Node, start: number, changes: ReadonlyMap<string, TrackedChange>, comments: ReadonlyMap<string, TrackedComment>,
  ends: Ends, names: DelegationNames,
): NoteInline[] {
  const out: NoteInline[] = [];
  node.forEach((child, offset) => {
    const marks = child.marks;
    const has = (name: string) => marks.some((m: Mark) => m.type.name === name);
    const insertion = marks.find((m) => m.type.name === "insertion");
    const footnote = marks.find((m) => m.type.name === "footnote");
    out.push({
      kind: "text", text: child.text ?? "", em: has("em"), strong: has("strong"),
      insertion: insertion ? (insertion.attrs.delegation as string) : null,
      deletions: marks.filter((m) => m.type.name === "deletion").map((m) => m.attrs.delegation as string),
      commented: has("comment"), footnote: footnote ? (footnote.attrs.text as string) : null,
    });
    const end = start + offset + child.nodeSize;
    const seen = new Set<string>();
    // deletions first (their tags sit inside the strike), then the insertion, then comments
    const ordered = [...marks].sort((a, b) => rank(a) - rank(b));
    for (const mark of ordered) {
      const id = mark.attrs.id as string;
      const name = mark.type.name;
      if ((name === "insertion" || name === "deletion") && ends.change.get(id) === end && !seen.has(id)) {
        seen.add(id);
        const change = changes.get(id);
        if (!change) continue;
        out.push({ kind: "tag", text: formatTag(names, change.delegation, change.cosponsors, change.reason), struck: change.kind === "delete", delegation: change.delegation });
      } else if (name === "comment" && ends.comment.get(id) === end && !seen.has(id)) {
        seen.add(id);
        const comment = comments.get(id);
        const delegation = mark.attrs.delegation as string;
        out.push({ kind: "tag", text: formatTag(names, delegation, [], comment?.text ?? null), struck: false, delegation });
      }
    }
  });
  return out;
}

const closeStrike = (text: string): string => text.replace(/(\s*)$/, "~~$1");

const rank = (mark: Mark): number => ({ deletion: 0, insertion: 1, comment: 2 } as Record<string, number>)[mark.type.name] ?? 3;

/** The note as Markdown-like text: struck passages in `~~ ~~`, a space before every tag. */
export function noteToText(blocks: readonly NoteBlock[]): string {
  return blocks.map((b) => {
    const body = inlineText(b.inlines, b.struck && b.kind !== "point-label");
    const marker = b.marker ? `${b.marker} ` : "";
    const indent = "  ".repeat(Math.max(0, b.depth - 1));
    switch (b.kind) {
      case "heading": return `**${marker}${body}**`;
      case "point-label": return b.struck ? `~~*${body}*~~` : `*${body}*`;
      default: return `${indent}${marker}${body}`;
    }
  }).join("\n\n");
}

function inlineText(inlines: readonly NoteInline[], blockStruck: boolean): string {
  let out = "";
  let inStrike = false;
  let last = "";
  for (const inline of inlines) {
    const struck = !blockStruck && (inline.kind === "text" ? inline.deletions.length > 0 : inline.struck);
    let text = inline.kind === "tag" && last !== "" && !/\s/.test(last) ? ` ${inline.text}` : inline.text;
    if (text === "") continue;
    if (inline.kind === "tag" && struck === inStrike && /\S\s+$/.test(out)) {
      // "illicit " + tag reads "illicit (US) ": the tag goes before the space that ended the words
      const space = /\s+$/.exec(out)![0];
      out = out.slice(0, -space.length);
      text = ` ${inline.text}${space}`;
    }
    // a strike opens and closes on words, not on the spaces around them: "States ~~should~~ are"
    if (struck && !inStrike) {
      const lead = /^\s+/.exec(text)?.[0] ?? "";
      out += `${lead}~~${text.slice(lead.length)}`;
    } else if (!struck && inStrike) {
      out = closeStrike(out) + text;
    } else {
      out += text;
    }
    inStrike = struck;
    last = text[text.length - 1]!;
  }
  if (inStrike) out = closeStrike(out);
  return blockStruck ? `~~${out}~~` : out;
}
