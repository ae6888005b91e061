/**
 * What the editor draws over the document, as plain values (MK rules in client/SPEC.md): the
 * colour and style of every tracked change, the delegation tag after it, block-level changes, point
 * labels and comments on whole points. `decorations.ts` turns these into ProseMirror decorations;
 * everything here is pure and runs without a DOM.
 */
import type { Node } from "prosemirror-model";
import {
  listChanges, listComments, numberPoints, numberedPointLabel,
  type Annotations, type Attribution, type TrackedChange, type TrackedComment,
} from "@concord/shared";
import { assignColours, type ColourMap } from "./colours.js";
import { formatTag, type DelegationNames } from "./labels.js";

export type InlineKind = "insert" | "delete" | "comment";

/** A range of text styled as one delegation's insertion, deletion or commented words. */
export interface InlineSpec {
  readonly type: "inline";
  readonly from: number;
  readonly to: number;
  readonly kind: InlineKind;
  /** The change id, or the comment id for commented words. */
  readonly id: string;
  readonly delegation: string;
  readonly ink: string;
}

/** The tag drawn right after a change or commented words: "(US)", "(US, Canada)". Not document text. */
export interface TagSpec {
  readonly type: "tag";
  readonly pos: number;
  readonly target: "change" | "comment";
  readonly id: string;
  readonly delegation: string;
  readonly label: string;
  readonly ink: string;
  /** True when a reason or comment text is there to read (drawn with a marker). */
  readonly hasNote: boolean;
}

/** A block proposed as new or for deletion: a coloured bar and a "¶" marker with the tag. */
export interface BlockSpec {
  readonly type: "block";
  readonly pos: number;
  readonly end: number;
  readonly kind: "insert" | "delete";
  readonly id: string;
  readonly delegation: string;
  readonly nodeType: string;
  /** The marker's text: "¶ (US)". */
  readonly label: string;
  readonly ink: string;
  readonly tint: string;
  /** The whole point is proposed for deletion (TrackedChange.wholePoint). */
  readonly wholePoint: boolean;
}

/** The derived label of a point ("Discussion point 3"), drawn before its content. */
export interface PointSpec {
  readonly type: "point";
  readonly pos: number;
  readonly pointId: string;
  readonly label: string;
}

/** The label a heading carries ("IV.", "B."), drawn before its text. */
export interface HeadingSpec {
  readonly type: "heading";
  readonly pos: number;
  readonly label: string;
}

/** A comment on a whole point, drawn after the point's text as its own paragraph: "(Canada: …)". */
export interface PointCommentSpec {
  readonly type: "point-comment";
  /** Position at the end of the point's content. */
  readonly pos: number;
  readonly id: string;
  readonly pointId: string;
  readonly delegation: string;
  readonly label: string;
  readonly ink: string;
}

export type MarkupSpec = InlineSpec | TagSpec | BlockSpec | PointSpec | HeadingSpec | PointCommentSpec;

export interface Markup {
  readonly changes: readonly TrackedChange[];
  readonly comments: readonly TrackedComment[];
  readonly colours: ColourMap;
  readonly specs: readonly MarkupSpec[];
  /** The node types each change proposes as new blocks, for summaries ("new point"). */
  readonly blockTypes: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every delegation that owns, co-sponsors or comments on something in the document, in the order it
 * first did so (its earliest change, comment or co-sponsorship; ties by code): the order colours are
 * given in, so that a delegation keeps its colour when others start proposing after it (MK7).
 */
export function delegationsIn(changes: readonly TrackedChange[], comments: readonly TrackedComment[], annotations?: Annotations): string[] {
  const first = new Map<string, string>();
  const seen = (code: string, at: string) => { const t = first.get(code); if (t === undefined || at < t) first.set(code, at); };
  const joined = new Map<string, string>();
  for (const a of annotations?.values() ?? []) if (a.kind === "cosponsor") joined.set(`${a.delegation}/${a.changeId}`, a.joinedAt);
  for (const c of changes) {
    seen(c.delegation, c.createdAt);
    for (const s of c.cosponsors) seen(s, joined.get(`${s}/${c.id}`) ?? c.createdAt);
  }
  for (const c of comments) seen(c.delegation, c.createdAt);
  return [...first].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([code]) => code);
}

/**
 * The markup of `doc` (MK1–MK6). Deterministic: the same document and annotations give the same
 * specs, in document order.
 */
export function buildMarkup(doc: Node, annotations: Annotations, names: DelegationNames): Markup {
  const changes = listChanges(doc, annotations);
  const comments = listComments(doc, annotations);
  const colours = assignColours(delegationsIn(changes, comments, annotations));
  const byId = new Map(changes.map((c) => [c.id, c]));
  const commentById = new Map(comments.map((c) => [c.id, c]));
  const specs: MarkupSpec[] = [];

  // MK1: inline ranges, merged when adjacent; MK2: the end of each change's last inline piece
  const inline: InlineSpec[] = [];
  const open = new Map<string, { to: number }>();
  const lastInlineEnd = new Map<string, { pos: number; target: "change" | "comment"; delegation: string }>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    const end = pos + node.nodeSize;
    for (const mark of node.marks) {
      const name = mark.type.name;
      if (name !== "insertion" && name !== "deletion" && name !== "comment") continue;
      const a = mark.attrs as Attribution;
      const kind: InlineKind = name === "insertion" ? "insert" : name === "deletion" ? "delete" : "comment";
      const runKey = `${kind}:${a.id}:${a.delegation}`;
      const last = open.get(runKey);
      if (last && last.to === pos) last.to = end;
      else {
        const spec = { type: "inline" as const, from: pos, to: end, kind, id: a.id, delegation: a.delegation, ink: colours.of(a.delegation).ink };
        inline.push(spec);
        open.set(runKey, spec);
      }
      const target = kind === "comment" ? "comment" : "change";
      const key = `${target}:${a.id}`;
      const seen = lastInlineEnd.get(key);
      if (!seen || seen.pos <= end) lastInlineEnd.set(key, { pos: end, target, delegation: a.delegation });
    }
    return false;
  });
  specs.push(...inline);

  for (const [key, at] of lastInlineEnd) {
    const id = key.slice(key.indexOf(":") + 1);
    if (at.target === "change") {
      const change = byId.get(id);
      if (!change) continue;
      specs.push({
        type: "tag", pos: at.pos, target: "change", id, delegation: change.delegation,
        label: formatTag(names, change.delegation, change.cosponsors), ink: colours.of(change.delegation).ink,
        hasNote: change.reason !== null,
      });
    } else {
      const comment = commentById.get(id);
      specs.push({
        type: "tag", pos: at.pos, target: "comment", id, delegation: at.delegation,
        label: formatTag(names, at.delegation), ink: colours.of(at.delegation).ink, hasNote: !!comment?.text,
      });
    }
  }

  // MK3: block-level changes; MK4: point labels
  const points = new Map(numberPoints(doc).map((p) => [p.pos, p]));
  const blockTypes = new Map<string, string[]>();
  doc.descendants((node, pos, parent) => {
    if (!node.isBlock) return false;
    const point = points.get(pos);
    if (point) specs.push({ type: "point", pos, pointId: point.id, label: numberedPointLabel(point) });
    if (node.type.name === "heading" && node.attrs.label) specs.push({ type: "heading", pos, label: node.attrs.label as string });
    const inserted = node.attrs.insertion as Attribution | null | undefined;
    if (inserted) blockTypes.set(inserted.id, [...(blockTypes.get(inserted.id) ?? []), node.type.name]);
    for (const kind of ["insert", "delete"] as const) {
      const a = node.attrs[kind === "insert" ? "insertion" : "deletion"] as Attribution | null | undefined;
      if (!a) continue;
      // a block inside a block of the same change (the paragraph of a proposed point): one bar, one marker
      if ((parent?.attrs[kind === "insert" ? "insertion" : "deletion"] as Attribution | null | undefined)?.id === a.id) continue;
      const change = byId.get(a.id);
      const colour = colours.of(a.delegation);
      specs.push({
        type: "block", pos, end: pos + node.nodeSize, kind, id: a.id, delegation: a.delegation, nodeType: node.type.name,
        label: `¶ ${formatTag(names, a.delegation, change?.cosponsors ?? [])}`, ink: colour.ink, tint: colour.tint,
        wholePoint: kind === "delete" && node.type.name === "point" && !!change?.wholePoint,
      });
    }
    return !node.isTextblock;
  });

  // MK5: comments on whole points, at the end of the point's content
  for (const comment of comments) {
    if (comment.target !== "point" || comment.pointId === null) continue;
    specs.push({
      type: "point-comment", pos: comment.from - 1, id: comment.id, pointId: comment.pointId, delegation: comment.delegation,
      label: formatTag(names, comment.delegation, [], comment.text), ink: colours.of(comment.delegation).ink,
    });
  }

  specs.sort((a, b) => specStart(a) - specStart(b) || ORDER[a.type] - ORDER[b.type]);
  return { changes, comments, colours, specs, blockTypes };
}

const ORDER: Record<MarkupSpec["type"], number> = { point: 0, heading: 0, block: 1, inline: 2, tag: 3, "point-comment": 4 };
const specStart = (s: MarkupSpec): number => ("from" in s ? s.from : s.pos);

/** The changes and comments whose range contains `pos` (the text cursor), innermost first (MK6). */
export function itemsAt(markup: Markup, pos: number): { changes: TrackedChange[]; comments: TrackedComment[] } {
  const inside = (from: number, to: number) => from <= pos && pos <= to;
  const changes = markup.changes.filter((c) => inside(c.from, c.to)).sort((a, b) => (a.to - a.from) - (b.to - b.from));
  const comments = markup.comments.filter((c) => c.target === "words" && inside(c.from, c.to));
  return { changes, comments };
}
