/**
 * General comments: what a delegation writes about the text as a whole (section III of the note). Rich
 * text of a deliberately small ProseMirror schema — paragraphs, ordered and bullet lists, emphasis and
 * strong — stored as its JSON (SP11).
 */
import { Schema, type Node } from "prosemirror-model";
import { roundError, type RoundError } from "./errors.js";

/** The schema of general comments and their translations. */
export const commentsSchema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: { group: "block", content: "inline*", parseDOM: [{ tag: "p" }], toDOM: () => ["p", 0] },
    bullet_list: { group: "block", content: "list_item+", parseDOM: [{ tag: "ul" }], toDOM: () => ["ul", 0] },
    ordered_list: {
      group: "block",
      content: "list_item+",
      attrs: { order: { default: 1, validate: "number" } },
      parseDOM: [{ tag: "ol", getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute("start") ?? 1) || 1 }) }],
      toDOM: (node) => ["ol", node.attrs.order === 1 ? {} : { start: node.attrs.order }, 0],
    },
    list_item: { content: "paragraph block*", defining: true, parseDOM: [{ tag: "li" }], toDOM: () => ["li", 0] },
    text: { group: "inline" },
  },
  marks: {
    em: { parseDOM: [{ tag: "i" }, { tag: "em" }], toDOM: () => ["em", 0] },
    strong: { parseDOM: [{ tag: "b" }, { tag: "strong" }], toDOM: () => ["strong", 0] },
  },
});

/** ProseMirror node JSON, as stored in a round. */
export interface CommentsNodeJSON {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly CommentsNodeJSON[];
  readonly marks?: ReadonlyArray<{ readonly type: string }>;
  readonly text?: string;
}

/** The most text one submission may hold, in characters (about 30 pages). */
export const MAX_COMMENTS_CHARS = 100_000;
/** The most JSON one submission may take, in characters. */
export const MAX_COMMENTS_JSON = 400_000;

export type CommentsResult = { readonly ok: true; readonly doc: Node; readonly json: CommentsNodeJSON } | { readonly ok: false; readonly error: RoundError };

/**
 * Reads general comments from untrusted JSON (SP11): a valid document of `commentsSchema` with some
 * text, within the limits. On success, `json` is the canonical form to store.
 */
export function parseComments(value: unknown, what = "general comments"): CommentsResult {
  const bad = (why: string): CommentsResult => ({ ok: false, error: roundError("invalid_content", "SP11", `${what}: ${why}`) });
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("expected a ProseMirror document (JSON object)");
  let size: number;
  try {
    size = JSON.stringify(value).length;
  } catch (error) {
    return bad(`not serializable (${(error as Error).message})`);
  }
  if (size > MAX_COMMENTS_JSON) return bad(`${size} characters of JSON, more than the ${MAX_COMMENTS_JSON} allowed`);
  if ((value as { type?: unknown }).type !== "doc") return bad(`the top node is ${JSON.stringify((value as { type?: unknown }).type)}, expected "doc"`);
  let doc: Node;
  try {
    doc = commentsSchema.nodeFromJSON(value);
    doc.check();
  } catch (error) {
    // reason: prosemirror-model reports invalid JSON only by throwing; here that is expected bad input.
    return bad(`not a valid document of the comments schema (${(error as Error).message})`);
  }
  const text = doc.textBetween(0, doc.content.size, "\n");
  if (text.trim().length === 0) return bad("empty; withdraw them or declare \"no comments\" instead");
  if (text.length > MAX_COMMENTS_CHARS) return bad(`${text.length} characters, more than the ${MAX_COMMENTS_CHARS} allowed`);
  return { ok: true, doc, json: doc.toJSON() as CommentsNodeJSON };
}

/** The plain text of stored comments, paragraphs separated by blank lines (for previews and search). */
export function commentsText(json: CommentsNodeJSON): string {
  const doc = commentsSchema.nodeFromJSON(json);
  return doc.textBetween(0, doc.content.size, "\n\n");
}
