import type { JSX } from "preact";
import { listLabel, type NoteBlock, type NoteRun } from "@concord/shared";
import type { ColourMap } from "../editor/colours.js";

/**
 * The "print" view: the text as the Secretariat's note reproduces it (PV1–PV8), drawn from shared's note
 * model (views/note-model.ts) in each delegation's colour. Read only.
 */
export function PrintView({ blocks, colours, title }: { blocks: readonly NoteBlock[]; colours: ColourMap; title: string }) {
  return (
    <article class="print-view" data-testid="print-view" aria-label={`${title}, as compiled`}>
      {blocks.map((b, i) => <Block key={i} block={b} colours={colours} depth={0} marker="" />)}
    </article>
  );
}

type Ink = { "--dc": string } | undefined;

function Block({ block, colours, depth, marker }: { block: NoteBlock; colours: ColourMap; depth: number; marker: string }): JSX.Element | null {
  const ink = (code: string | undefined): Ink => (code ? { "--dc": colours.of(code).ink } : undefined);
  switch (block.type) {
    case "heading": {
      const Tag = `h${Math.min(6, block.level + 2)}` as "h3";
      return <Tag class="note-heading">{block.label && `${block.label} `}<Runs runs={block.runs} colours={colours} /></Tag>;
    }
    case "point":
      return (
        <section class={`note-point${block.deleted ? " note-deleted" : ""}${block.inserted ? " note-inserted" : ""}`} data-point={block.id}>
          <p class="note-point-label">{block.label}</p>
          {block.blocks.map((b, i) => <Block key={i} block={b} colours={colours} depth={0} marker="" />)}
        </section>
      );
    case "list":
      return (
        <>
          {block.items.map((item, i) => item.map((b, k) => (
            <Block key={`${i}-${k}`} block={b} colours={colours} depth={depth + 1} marker={k === 0 ? listLabel(block.style, block.start + i) : ""} />
          )))}
        </>
      );
    case "paragraph": {
      if (block.role === "point-comment") {
        const by = block.runs.find((r) => r.kind === "tag")?.entries?.[0]?.delegations[0];
        return <p class="note-point-comment" style={ink(by)}><Runs runs={block.runs} colours={colours} /></p>;
      }
      return (
        <p class={`note-paragraph depth-${depth}`}>
          {marker && <span class="note-marker">{marker} </span>}
          <Runs runs={block.runs} colours={colours} />
        </p>
      );
    }
    case "submission":
      return null;
  }
}

/** Runs as the note prints them: struck deletions (tags of deletions inside the strike), underlined insertions, tags in the proposer's colour. */
function Runs({ runs, colours }: { runs: readonly NoteRun[]; colours: ColourMap }) {
  return <>{runs.map((run, i) => {
    const struckBy = run.deleted?.[0]?.delegation;
    let node: JSX.Element;
    switch (run.kind) {
      case "tag": {
        const by = run.entries?.[0]?.delegations[0];
        node = <span class="c-tag" style={by ? { "--dc": colours.of(by).ink } : undefined}>{run.text}</span>;
        break;
      }
      case "footnote":
        node = <sup>{run.text}</sup>;
        break;
      case "sep":
        node = <>{run.text}</>;
        break;
      case "text": {
        node = <>{run.text}</>;
        if (run.em) node = <em>{node}</em>;
        if (run.strong) node = <strong>{node}</strong>;
        if (run.inserted) node = <ins class="c-insert" style={{ "--dc": colours.of(run.inserted.delegation).ink }}>{node}</ins>;
        if (run.comments?.length) node = <span class="c-comment">{node}</span>;
      }
    }
    if (struckBy) node = <del class="c-delete" style={{ "--dc": colours.of(struckBy).ink }}>{node}</del>;
    return <span key={i}>{node}</span>;
  })}</>;
}
