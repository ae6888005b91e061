/** From the outline and the reading of every block's text to a ProseMirror document of our schema. */
import { Mark, type Node } from "prosemirror-model";
import type { Attribution } from "../schema/attribution.js";
import { schema } from "../schema/schema.js";
import type { ImportContext } from "./context.js";
import { flatten, type Flat } from "./inline.js";
import type { MastheadAttrs } from "./masthead.js";
import type { OutlineBlock, OutlineInner, OutlineList, Outline } from "./outline.js";
import { isTagOnly, readPointComments, readProposals, type BlockMarks } from "./proposals.js";
import type { Source } from "./source.js";
import { quote } from "./errors.js";

const { nodes, marks } = schema;

/** The text nodes of one block: emphasis and strong from the flat text, tracking marks from `reading`. */
export function inlineNodes(flat: Flat, reading: BlockMarks | null): Node[] {
  const result: Node[] = [];
  let text = "";
  let key = "";
  let current: readonly Mark[] = [];
  const flush = () => { if (text) result.push(schema.text(text, current)); text = ""; };
  for (let i = 0; i < flat.text.length; i++) {
    if (reading?.drop[i]) continue;
    const ins = reading?.ins[i] ?? null;
    const dels = reading?.dels[i] ?? [];
    const comments = reading?.comments[i] ?? [];
    const k = `${flat.em[i] ? 1 : 0}${flat.strong[i] ? 1 : 0}|${ins?.id ?? ""}|${dels.map((d) => d.id).join(",")}|${comments.map((c) => c.id).join(",")}`;
    if (k !== key) {
      flush();
      key = k;
      const list: Mark[] = [];
      if (flat.em[i]) list.push(marks.em!.create());
      if (flat.strong[i]) list.push(marks.strong!.create());
      if (ins) list.push(marks.insertion!.create(ins));
      for (const d of dels) list.push(marks.deletion!.create(d));
      for (const c of comments) list.push(marks.comment!.create(c));
      current = Mark.setFrom(list);
    }
    text += flat.text[i];
  }
  flush();
  return result;
}

const attrsOf = (attribution: Attribution | null) => attribution ?? null;

/** Builds the document; `tracked` reads strikes and tags (Markdown). */
export class DocumentBuilder {
  constructor(private readonly ctx: ImportContext, private readonly tracked: boolean) {}

  build(outline: Outline): Node {
    const children: Node[] = [];
    const metadata = metadataNode(outline.masthead.attrs);
    if (metadata) children.push(metadata);
    for (const block of outline.blocks) {
      const node = this.block(block);
      if (node) children.push(node);
    }
    const doc = nodes.doc!.create(null, children);
    doc.check();
    return doc;
  }

  private flat(source: Source): Flat {
    return flatten(source, this.tracked, this.ctx);
  }

  private block(block: OutlineBlock): Node | null {
    switch (block.type) {
      case "heading": {
        const flat = this.flat(block.source);
        const reading = this.tracked ? readProposals([flat], null, this.ctx).blocks[0]! : null;
        return nodes.heading!.create({ level: block.level, label: block.label }, inlineNodes(flat, reading));
      }
      case "point":
        return this.point(block.kind, block.numberFrom, block.line, block.children);
      default:
        return this.inner(block);
    }
  }

  /** A paragraph or list outside points. */
  private inner(block: OutlineInner): Node | null {
    const sources = block.type === "paragraph" ? [block.source] : listSources(block);
    let flats = sources.map((s) => this.flat(s));
    if (this.tracked && block.type === "paragraph" && isTagOnly(flats[0]!)) {
      this.ctx.warn(block.source.line, `${quote(block.source.text)} is a comment outside any point; kept as text`);
      flats = [flatten(block.source, false, this.ctx)];
      return this.render(block, flats, null);
    }
    const reading = this.tracked ? readProposals(flats, null, this.ctx) : null;
    return this.render(block, flats, reading?.blocks ?? null);
  }

  private point(kind: string, numberFrom: number | null, line: number, children: readonly OutlineInner[]): Node {
    const id = this.ctx.newId();
    const kept: OutlineInner[] = [];
    const flats: Flat[] = [];
    for (const child of children) {
      const sources = child.type === "paragraph" ? [child.source] : listSources(child);
      const childFlats = sources.map((s) => this.flat(s));
      if (this.tracked && child.type === "paragraph" && isTagOnly(childFlats[0]!)) {
        readPointComments(childFlats[0]!, id, this.ctx);
        continue;
      }
      kept.push(child);
      flats.push(...childFlats);
    }
    const reading = this.tracked ? readProposals(flats, id, this.ctx) : null;
    let offset = 0;
    const content: Node[] = [];
    for (const child of kept) {
      const count = child.type === "paragraph" ? 1 : listSources(child).length;
      const node = this.render(child, flats.slice(offset, offset + count), reading?.blocks.slice(offset, offset + count) ?? null);
      offset += count;
      if (node) content.push(node);
    }
    if (content.length === 0) this.ctx.warn(line, "the point has no text");
    return nodes.point!.create({ id, kind, numberFrom, deletion: attrsOf(reading?.deletion ?? null), insertion: attrsOf(reading?.insertion ?? null) }, content);
  }

  /** The node of a paragraph or list from the flats (and readings) of its textblocks, in order. */
  private render(block: OutlineInner, flats: readonly Flat[], readings: readonly BlockMarks[] | null): Node | null {
    let index = 0;
    const paragraph = (): Node | null => {
      const flat = flats[index]!;
      const reading = readings?.[index] ?? null;
      index++;
      const content = inlineNodes(flat, reading);
      if (content.length === 0) return null;
      return nodes.paragraph!.create({ insertion: reading?.insertion ?? null }, content);
    };
    const list = (l: OutlineList): Node => {
      const items = l.items.map((item) => {
        const first = paragraph();
        const nested = item.lists.map(list);
        return nodes.list_item!.create(null, [...(first ? [first] : []), ...nested]);
      });
      return l.ordered
        ? nodes.ordered_list!.create({ start: l.start, style: l.style }, items)
        : nodes.bullet_list!.create(null, items);
    };
    return block.type === "paragraph" ? paragraph() : list(block);
  }
}

/** The sources of a list's textblocks in document order (item text, then its nested lists). */
function listSources(list: OutlineList): Source[] {
  return list.items.flatMap((item) => [item.source, ...item.lists.flatMap(listSources)]);
}

function metadataNode(attrs: MastheadAttrs): Node | null {
  const present = Object.entries(attrs).filter(([, value]) => value !== undefined && value !== "");
  if (present.length === 0) return null;
  return nodes.metadata!.create(Object.fromEntries(present));
}
