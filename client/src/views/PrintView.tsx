import type { NoteBlock, NoteInline } from "./note-model.js";
import type { ColourMap } from "../editor/colours.js";

/** The "print" view: the text as the Secretariat's note reproduces it (PV1–PV7). Read only. */
export function PrintView({ blocks, colours, title }: { blocks: readonly NoteBlock[]; colours: ColourMap; title: string }) {
  return (
    <article class="print-view" data-testid="print-view" aria-label={`${title}, as compiled`}>
      {blocks.map((b, i) => <Block key={i} block={b} colours={colours} />)}
    </article>
  );
}

function Block({ block, colours }: { block: NoteBlock; colours: ColourMap }) {
  const content = <Inlines inlines={block.inlines} colours={colours} />;
  const body = block.struck ? <del class="c-delete">{content}</del> : content;
  const style = block.delegation ? { "--dc": colours.of(block.delegation).ink } : undefined;
  switch (block.kind) {
    case "heading": {
      const Tag = `h${Math.min(6, block.level + 2)}` as "h3";
      return <Tag class="note-heading">{block.marker && `${block.marker} `}{body}</Tag>;
    }
    case "point-label":
      return <p class="note-point-label">{block.struck ? <del>{content}</del> : content}</p>;
    case "point-comment":
      return <p class="note-point-comment" style={style}>{content}</p>;
    default:
      return <p class={`note-paragraph depth-${block.depth}${block.inserted ? " note-inserted" : ""}`} style={style}>{block.marker && <span class="note-marker">{block.marker} </span>}{body}</p>;
  }
}

function Inlines({ inlines, colours }: { inlines: readonly NoteInline[]; colours: ColourMap }) {
  return <>{inlines.map((inline, i) => {
    if (inline.kind === "tag") {
      // one space before a tag that follows words (the model moved their trailing space after it: PV8)
      const before = inlines[i - 1];
      const space = before !== undefined && !/\s$/.test(before.text) ? " " : "";
      const tag = <span class="c-tag" style={{ "--dc": colours.of(inline.delegation).ink }}>{space}{inline.text}</span>;
      return inline.struck ? <del key={i} class="c-delete" style={{ "--dc": colours.of(inline.delegation).ink }}>{tag}</del> : <span key={i}>{tag}</span>;
    }
    let node = <>{inline.text}</>;
    if (inline.em) node = <em>{node}</em>;
    if (inline.strong) node = <strong>{node}</strong>;
    if (inline.footnote) node = <sup title={inline.footnote}>{node}</sup>;
    if (inline.insertion) node = <ins class="c-insert" style={{ "--dc": colours.of(inline.insertion).ink }}>{node}</ins>;
    if (inline.deletions.length > 0) node = <del class="c-delete" style={{ "--dc": colours.of(inline.deletions[0]!).ink }}>{node}</del>;
    return <span key={i} class={inline.commented ? "c-comment" : undefined}>{node}</span>;
  })}</>;
}
