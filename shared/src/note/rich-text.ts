/**
 * General comments as note blocks. Accepts the JSON of the general comments' small ProseMirror schema
 * (doc, paragraph, bullet_list, ordered_list with `order` or `start`, list_item, text; marks em and
 * strong) or plain text whose paragraphs are separated by blank lines.
 */
import type { RichTextInput, RichTextJSON } from "./input.js";
import type { NoteBlock, NoteRun } from "./types.js";

export type RichTextResult = { readonly ok: true; readonly blocks: NoteBlock[] } | { readonly ok: false; readonly problem: string };

/** The blocks of `input`, or why it is not rich text of the small schema. An empty text gives no blocks. */
export function richTextBlocks(input: RichTextInput): RichTextResult {
  if (typeof input === "string") {
    const blocks: NoteBlock[] = input.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p.length > 0)
      .map((text) => ({ type: "paragraph", number: null, role: "text", runs: [{ kind: "text", text }] }));
    return { ok: true, blocks };
  }
  try {
    if (!isObject(input) || input.type !== "doc") throw new RichTextProblem(`expected a "doc" node, got ${describe(input)}`);
    return { ok: true, blocks: blocksOf(input, "doc") };
  } catch (error) {
    if (error instanceof RichTextProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

class RichTextProblem extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (isObject(v) ? `a ${JSON.stringify(v.type)} node` : JSON.stringify(v)?.slice(0, 40) ?? String(v));

function children(node: RichTextJSON, where: string): readonly RichTextJSON[] {
  if (node.content === undefined) return [];
  if (!Array.isArray(node.content)) throw new RichTextProblem(`${where}: content must be an array`);
  return node.content;
}

function blocksOf(node: RichTextJSON, where: string): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  children(node, where).forEach((child, index) => {
    const at = `${where}/${index}`;
    if (!isObject(child)) throw new RichTextProblem(`${at}: expected a node, got ${describe(child)}`);
    switch (child.type) {
      case "paragraph":
        blocks.push({ type: "paragraph", number: null, role: "text", runs: runsOf(child, at) });
        break;
      case "bullet_list":
      case "ordered_list": {
        const attrs = isObject(child.attrs) ? child.attrs : {};
        const start = attrs.order ?? attrs.start ?? 1;
        if (typeof start !== "number" || !Number.isInteger(start) || start < 0) throw new RichTextProblem(`${at}: list start ${JSON.stringify(start)} is not a number`);
        const items = children(child, at).map((item, i) => {
          if (!isObject(item) || item.type !== "list_item") throw new RichTextProblem(`${at}/${i}: expected a "list_item", got ${describe(item)}`);
          return blocksOf(item, `${at}/${i}`);
        });
        blocks.push({ type: "list", style: child.type === "bullet_list" ? "bullet" : "decimal", start, items });
        break;
      }
      default:
        throw new RichTextProblem(`${at}: unexpected ${describe(child)} (paragraphs and lists only)`);
    }
  });
  return blocks;
}

function runsOf(paragraph: RichTextJSON, where: string): NoteRun[] {
  const runs: NoteRun[] = [];
  children(paragraph, where).forEach((child, index) => {
    const at = `${where}/${index}`;
    if (!isObject(child) || child.type !== "text" || typeof child.text !== "string") throw new RichTextProblem(`${at}: expected a text node, got ${describe(child)}`);
    let em = false;
    let strong = false;
    for (const mark of child.marks ?? []) {
      if (!isObject(mark)) throw new RichTextProblem(`${at}: a mark must be an object`);
      if (mark.type === "em") em = true;
      else if (mark.type === "strong") strong = true;
      else throw new RichTextProblem(`${at}: unexpected mark ${JSON.stringify(mark.type)} (em and strong only)`);
    }
    runs.push({ kind: "text", text: child.text, ...(em ? { em: true } : {}), ...(strong ? { strong: true } : {}) });
  });
  return runs;
}
