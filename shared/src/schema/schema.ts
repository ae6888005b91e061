import { Schema, type AttributeSpec, type MarkSpec, type NodeSpec } from "prosemirror-model";
import { assertAttributionOrNull } from "./attribution.js";

/**
 * The kinds of numbered point. The label and the number are structure: the number is derived from the
 * position of the point among the points of its kind (see `numbering.ts`), never typed.
 */
export const POINT_KINDS = ["discussion", "recommendation", "paragraph"] as const;
export type PointKind = (typeof POINT_KINDS)[number];

const oneOf = (values: readonly string[]) => (value: unknown) => {
  if (typeof value !== "string" || !values.includes(value)) {
    throw new RangeError(`${JSON.stringify(value)} is not one of ${values.join(", ")}`);
  }
};
const stringAttr = (def: string): AttributeSpec => ({ default: def, validate: "string" });
const nullableString: AttributeSpec = { default: null, validate: "string|null" };
/** A block-level tracked change: `insertion` = this block was proposed; `deletion` = see TC SPEC (join or remove). */
const trackedBlockAttrs: Record<string, AttributeSpec> = {
  insertion: { default: null, validate: assertAttributionOrNull },
  deletion: { default: null, validate: assertAttributionOrNull },
};
const positiveIntOrNull = (value: unknown) => {
  if (value !== null && !(typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 100000)) {
    throw new RangeError(`${JSON.stringify(value)} is not a point number`);
  }
};
const attributionAttrs: Record<string, AttributeSpec> = {
  id: { validate: "string" },
  delegation: { validate: "string" },
  author: { validate: "string" },
  createdAt: { validate: "string" },
};

/** The names of the block nodes whose `insertion`/`deletion` attributes carry block-level tracked changes. */
export const TRACKED_BLOCKS = ["heading", "point", "paragraph", "bullet_list", "ordered_list", "list_item"] as const;

const nodes: Record<string, NodeSpec> = {
  doc: { content: "metadata? block*" },

  /**
   * The masthead facts of a UN document. One atom at the top of the document, edited by the Secretariat
   * through a form; delegates cannot change it.
   */
  metadata: {
    atom: true,
    selectable: false,
    attrs: {
      organ: stringAttr(""),
      symbol: stringAttr(""),
      distribution: { default: "general", validate: oneOf(["general", "limited", "restricted"]) },
      englishOnly: { default: false, validate: "boolean" },
      date: stringAttr(""),
      originalLanguage: stringAttr("English"),
      session: stringAttr(""),
      venue: stringAttr(""),
      sessionStart: stringAttr(""),
      sessionEnd: stringAttr(""),
      agendaItem: stringAttr(""),
      agendaTitle: stringAttr(""),
      agendaFootnote: stringAttr(""),
      title: stringAttr(""),
      subtitle: stringAttr(""),
    },
    parseDOM: [{ tag: "header[data-metadata]" }],
    toDOM: () => ["header", { "data-metadata": "" }],
  },

  heading: {
    group: "block",
    content: "inline*",
    defining: true,
    attrs: {
      level: { default: 1, validate: (v: unknown) => { if (!(typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 6)) throw new RangeError(`heading level ${JSON.stringify(v)}`); } },
      /** The heading's own label as printed ("IV.", "B.", "1bis."); headings are not renumbered. */
      label: nullableString,
      ...trackedBlockAttrs,
    },
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
    toDOM: (node) => [`h${node.attrs.level}`, 0],
  },

  point: {
    group: "block",
    content: "(paragraph | bullet_list | ordered_list)*",
    defining: true,
    attrs: {
      /** Stable id, unique in the document: comments on a whole point refer to it. */
      id: { validate: "string" },
      kind: { default: "discussion", validate: oneOf(POINT_KINDS) },
      /** Restart numbering of this kind at this number (the Chair's summary restarts per section). */
      numberFrom: { default: null, validate: positiveIntOrNull },
      ...trackedBlockAttrs,
    },
    parseDOM: [{ tag: "section[data-point]", getAttrs: (dom) => ({ id: (dom as HTMLElement).getAttribute("data-point"), kind: (dom as HTMLElement).getAttribute("data-kind") ?? "discussion" }) }],
    toDOM: (node) => ["section", { "data-point": node.attrs.id, "data-kind": node.attrs.kind }, 0],
  },

  paragraph: {
    group: "block",
    content: "inline*",
    attrs: { ...trackedBlockAttrs },
    parseDOM: [{ tag: "p" }],
    toDOM: () => ["p", 0],
  },

  bullet_list: {
    group: "block",
    content: "list_item*",
    attrs: { ...trackedBlockAttrs },
    parseDOM: [{ tag: "ul" }],
    toDOM: () => ["ul", 0],
  },

  ordered_list: {
    group: "block",
    content: "list_item*",
    attrs: {
      start: { default: 1, validate: "number" },
      /** How items are labelled: "1." or "(a)" or "(i)". */
      style: { default: "decimal", validate: oneOf(["decimal", "lower-alpha", "lower-roman"]) },
      ...trackedBlockAttrs,
    },
    parseDOM: [{ tag: "ol" }],
    toDOM: (node) => ["ol", { start: node.attrs.start }, 0],
  },

  list_item: {
    content: "(paragraph | bullet_list | ordered_list)*",
    defining: true,
    attrs: { ...trackedBlockAttrs },
    parseDOM: [{ tag: "li" }],
    toDOM: () => ["li", 0],
  },

  /** Text is the only inline content: every inline thing can then carry tracking marks through Yjs. */
  text: { group: "inline" },

};

const marks: Record<string, MarkSpec> = {
  em: { parseDOM: [{ tag: "i" }, { tag: "em" }], toDOM: () => ["em", 0] },
  strong: { parseDOM: [{ tag: "b" }, { tag: "strong" }], toDOM: () => ["strong", 0] },

  /**
   * A footnote: the mark sits on the reference character ("*" or "1") and carries the note's text.
   * A mark rather than an inline node, so that tracked changes on it sync through Yjs (y-prosemirror
   * keeps marks only on text).
   */
  footnote: {
    attrs: { text: { validate: "string" } },
    inclusive: false,
    excludes: "footnote",
    parseDOM: [{ tag: "sup[data-footnote]", getAttrs: (dom) => ({ text: (dom as HTMLElement).getAttribute("data-footnote") ?? "" }) }],
    toDOM: (mark) => ["sup", { "data-footnote": mark.attrs.text }, 0],
  },

  /** Text proposed by a delegation. At most one insertion per character. */
  insertion: {
    attrs: attributionAttrs,
    inclusive: false,
    parseDOM: [{ tag: "ins[data-change]" }],
    toDOM: (mark) => ["ins", { "data-change": mark.attrs.id, "data-delegation": mark.attrs.delegation }, 0],
  },

  /** Text a delegation proposes to delete. Several delegations may propose deleting the same words. */
  deletion: {
    attrs: attributionAttrs,
    inclusive: false,
    excludes: "",
    parseDOM: [{ tag: "del[data-change]" }],
    toDOM: (mark) => ["del", { "data-change": mark.attrs.id, "data-delegation": mark.attrs.delegation }, 0],
  },

  /**
   * The anchor of a delegation's comment on words it does not change. The comment's text lives in the
   * annotations map (see tracking/SPEC.md), keyed by the anchor's id.
   */
  comment: {
    attrs: attributionAttrs,
    inclusive: false,
    excludes: "",
    parseDOM: [{ tag: "span[data-comment]" }],
    toDOM: (mark) => ["span", { "data-comment": mark.attrs.id, "data-delegation": mark.attrs.delegation }, 0],
  },
};

/** The ProseMirror schema of a negotiated text. */
export const schema = new Schema({ nodes, marks });

/** Marks that carry an attribution. */
export const ATTRIBUTED_MARKS = ["insertion", "deletion", "comment"] as const;
export type AttributedMarkName = (typeof ATTRIBUTED_MARKS)[number];
