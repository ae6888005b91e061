/**
 * The note as a Word document (the `docx` package), in two modes:
 *
 * - "printed": what the PDF shows — struck and underlined text, the tags as text.
 * - "tracked": real Word revisions — each proposal a `w:del`/`w:ins` with the delegation's name as
 *   `w:author` and the change's time as `w:date`, reasons and comments as Word comments by the
 *   delegation — so that the Secretariat can accept or reject them in Word. Only for texts where
 *   each span has one proposal (a Chair's revision, say): Word cannot express competing proposals on
 *   the same words, and the renderer refuses them with `CompetingProposalsError`, listing the spans.
 */
import {
  AlignmentType, BorderStyle, CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, Footer, Header,
  FootnoteReferenceRun, InsertedTextRun, Packer, PageNumber, Paragraph, TabStopType, TextRun,
  type ICommentOptions, type IRunOptions, type ParagraphChild,
} from "docx";
import { listLabel, noteWork, type Note, type NoteBlock, type NoteCompetingSpan, type NoteRun, type NoteTagEntry } from "@concord/shared";
import { progressCounter, type RenderOptions } from "./options.js";

export type DocxMode = "printed" | "tracked";

export interface DocxOptions extends RenderOptions {
  /** "printed" (the default) or "tracked". */
  readonly mode?: DocxMode;
}

/** The tracked mode was asked for a note with competing proposals; `spans` says where. */
export class CompetingProposalsError extends Error {
  constructor(readonly spans: readonly NoteCompetingSpan[]) {
    super(`Word's tracked changes cannot show competing proposals on the same words; export "as printed" instead, or resolve these spans first:\n${spans.map((s) => `- ${s.point ?? "outside the points"}: ${s.words} (${s.tags.join("; ")})`).join("\n")}`);
    this.name = "CompetingProposalsError";
  }
}

const FONT = "Times New Roman";
/** Sizes in half-points. */
const SIZE = { body: 20, small: 16, heading: 24, title: 28, symbol: 28 };
const CM = 567; // twips per centimetre

interface Context {
  readonly tracked: boolean;
  revision: number;
  readonly comments: ICommentOptions[];
  /** Word footnote ids by the note's footnote marker ("1", "2", …). */
  readonly footnotes: Map<string, number>;
}

/** The DOCX bytes of `note`. Throws `CompetingProposalsError` in tracked mode when proposals compete. */
export async function renderNoteDocx(note: Note, options: DocxOptions = {}): Promise<Uint8Array> {
  const tracked = options.mode === "tracked";
  if (tracked) {
    const spans = [...note.competing, ...overlappingRuns(note)];
    if (spans.length > 0) throw new CompetingProposalsError(spans);
  }
  const progress = progressCounter(noteWork(note), options.onProgress, 1);
  const context: Context = { tracked, revision: 0, comments: [], footnotes: new Map() };
  const footnoteContent: Record<string, { children: Paragraph[] }> = {};
  note.footnotes.filter((f) => f.marker !== "*").forEach((f, i) => {
    context.footnotes.set(f.marker, i + 1);
    footnoteContent[String(i + 1)] = { children: [new Paragraph({ children: [new TextRun({ text: f.text, size: SIZE.small })] })] };
  });

  const children: Paragraph[] = [...masthead(note, context)];
  for (const section of note.sections) {
    children.push(new Paragraph({
      keepNext: true, spacing: { before: 360, after: 180 }, tabStops: [{ type: TabStopType.LEFT, position: CM }],
      children: [new TextRun({ text: `${section.number}.\t${section.title}`, bold: true, size: SIZE.heading })],
    }));
    for (const block of section.blocks) {
      children.push(...blockParagraphs(block, context, 0));
      progress.step();
    }
  }

  const first = note.footnotes.find((f) => f.marker === "*");
  const pageNumber = () => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: SIZE.small })] });
  const doc = new Document({
    creator: "Concord",
    title: note.title,
    description: note.byline,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    features: { trackRevisions: tracked },
    comments: { children: context.comments },
    footnotes: footnoteContent,
    sections: [{
      properties: {
        titlePage: true,
        page: { size: { width: 11906, height: 16838 }, margin: { top: 1250, bottom: 1360, left: 1300, right: 1300 } },
      },
      headers: {
        default: new Header({ children: note.masthead.symbol ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: note.masthead.symbol, bold: true, size: SIZE.small })] })] : [] }),
        first: new Header({ children: [] }),
      },
      footers: {
        default: new Footer({ children: [pageNumber()] }),
        first: new Footer({
          children: [
            ...(first ? [new Paragraph({
              border: { top: { style: BorderStyle.SINGLE, size: 4, color: "000000", space: 2 } },
              children: [new TextRun({ text: `* ${first.text}`, size: SIZE.small })],
            })] : []),
            pageNumber(),
          ],
        }),
      },
      children,
    }],
  });
  const buffer = await Packer.toBuffer(doc);
  progress.finish();
  return new Uint8Array(buffer);
}

/** Runs that a tracked document cannot hold (struck by several proposals, or an insertion struck by another). */
function overlappingRuns(note: Note): NoteCompetingSpan[] {
  const spans: NoteCompetingSpan[] = [];
  const visit = (blocks: readonly NoteBlock[], point: string | null) => {
    for (const block of blocks) {
      if (block.type === "point") visit(block.blocks, block.label);
      else if (block.type === "list") for (const item of block.items) visit(item, point);
      else if (block.type === "submission") visit(block.blocks, point);
      else for (const run of block.runs) {
        if (run.kind !== "text") continue;
        const ids = [...(run.deleted ?? []), ...(run.inserted ? [run.inserted] : [])];
        if (ids.length > 1 && !note.competing.some((s) => ids.every((c) => s.changes.includes(c.id)))) {
          spans.push({ point, words: run.text.trim(), tags: ids.map((c) => c.tag), changes: ids.map((c) => c.id) });
        }
      }
    }
  };
  for (const section of note.sections) visit(section.blocks, null);
  return spans;
}

function masthead(note: Note, context: Context): Paragraph[] {
  const m = note.masthead;
  const out: Paragraph[] = [];
  const right = (text: string, bold = false) => new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, bold, size: SIZE.body })] });
  out.push(new Paragraph({ children: [new TextRun({ text: m.organ, bold: true, size: SIZE.heading })] }));
  if (m.symbol) out.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: m.symbol, bold: true, size: SIZE.symbol })] }));
  if (m.distribution) out.push(right(m.distribution));
  out.push(right(m.date));
  out.push(new Paragraph({
    alignment: AlignmentType.RIGHT, spacing: { after: 240 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: "000000", space: 4 } },
    children: [new TextRun({ text: m.language, size: SIZE.body })],
  }));
  if (note.session) {
    const s = note.session;
    out.push(new Paragraph({ children: [new TextRun({ text: s.session, bold: true })] }));
    if (s.venueAndDates) out.push(new Paragraph({ children: [new TextRun({ text: s.venueAndDates, bold: true })] }));
    if (s.agendaItem.length > 0) out.push(new Paragraph({ children: s.agendaItem.map((r) => r.kind === "footnote" ? new TextRun({ text: r.text, superScript: true }) : new TextRun({ text: r.text })) }));
    if (s.agendaTitle) out.push(new Paragraph({ indent: { right: 8 * CM }, spacing: { after: 360 }, children: [new TextRun({ text: s.agendaTitle, bold: true })] }));
  }
  out.push(new Paragraph({ spacing: { before: 240, after: 240 }, children: [new TextRun({ text: note.title, bold: true, size: SIZE.title })] }));
  if (note.subtitle) out.push(new Paragraph({ children: [new TextRun({ text: note.subtitle, bold: true, size: SIZE.heading })] }));
  out.push(new Paragraph({ spacing: { after: 360 }, children: [new TextRun({ text: note.byline, bold: true, size: SIZE.heading })] }));
  void context;
  return out;
}

function blockParagraphs(block: NoteBlock, context: Context, depth: number): Paragraph[] {
  const justified = { alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 } } as const;
  switch (block.type) {
    case "paragraph": {
      if (block.number !== null) {
        return [new Paragraph({
          ...justified, indent: { left: CM, hanging: CM }, tabStops: [{ type: TabStopType.LEFT, position: CM }],
          children: [new TextRun({ text: `${block.number}.\t` }), ...runs(block.runs, context)],
        })];
      }
      if (block.role === "point-comment" && context.tracked) return [commentParagraph(block.runs, context)];
      return [new Paragraph({ ...justified, indent: depth > 0 ? { left: depth * CM } : undefined, children: runs(block.runs, context) })];
    }
    case "heading":
      return [new Paragraph({ keepNext: true, spacing: { before: 240, after: 120 }, children: runs(block.runs, context, { bold: true, size: block.level <= 1 ? SIZE.heading : SIZE.body }) })];
    case "point":
      return [
        new Paragraph({ keepNext: true, spacing: { before: 180, after: 60 }, children: [new TextRun({ text: block.label, italics: true })] }),
        ...block.blocks.flatMap((b) => blockParagraphs(b, context, depth)),
      ];
    case "list":
      return block.items.flatMap((item, i) => {
        const label = listLabel(block.style, block.start + i);
        const [first, ...rest] = item;
        const lead = first && first.type === "paragraph" ? first : null;
        const head = new Paragraph({
          ...justified, indent: { left: (depth + 1) * CM, hanging: 0.75 * CM }, tabStops: [{ type: TabStopType.LEFT, position: (depth + 1) * CM }],
          children: [new TextRun({ text: `${label}\t` }), ...(lead ? runs(lead.runs, context) : [])],
        });
        return [head, ...(lead ? rest : item).flatMap((b) => blockParagraphs(b, context, depth + 1))];
      });
    case "submission":
      return [
        new Paragraph({ keepNext: true, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: block.heading, bold: true })] }),
        ...block.blocks.flatMap((b) => blockParagraphs(b, context, depth)),
      ];
  }
}

/** A point's comment in tracked mode: a Word comment by the delegation, anchored on an empty paragraph. */
function commentParagraph(list: readonly NoteRun[], context: Context): Paragraph {
  const children: ParagraphChild[] = [];
  for (const run of list) if (run.kind === "tag" && run.entries) children.push(...wordComment(run.entries, context));
  return new Paragraph({ children });
}

function wordComment(entries: readonly NoteTagEntry[], context: Context): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const entry of entries) {
    if (entry.kind === "change" && entry.text === null && entry.delegations.length === 1) continue; // nothing to say beyond the revision itself
    const id = context.comments.length;
    const joined = entry.delegations.length > 1 ? ` (jointly with ${entry.names.slice(1).join(", ")})` : "";
    context.comments.push({
      id, author: entry.names[0] ?? entry.tags[0] ?? "", initials: entry.tags[0], date: new Date(entry.createdAt),
      children: [new Paragraph({ children: [new TextRun(`${entry.tags.join(", ")}${entry.text ? `: ${entry.text}` : ""}${joined}`)] })],
    });
    out.push(new CommentRangeStart(id), new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  }
  return out;
}

/** Runs as Word runs: struck and underlined ("printed"), or as revisions and comments ("tracked"). */
function runs(list: readonly NoteRun[], context: Context, base: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const run of list) {
    const style: IRunOptions = { ...base, ...(run.em ? { italics: true } : {}), ...(run.strong ? { bold: true } : {}) };
    if (run.kind === "footnote") {
      const id = context.footnotes.get(run.text);
      out.push(id === undefined ? new TextRun({ ...style, text: run.text, superScript: true }) : new FootnoteReferenceRun(id));
      continue;
    }
    if (!context.tracked) {
      out.push(new TextRun({ ...style, text: run.text, ...(run.deleted?.length ? { strike: true } : {}), ...(run.inserted && run.kind === "text" ? { underline: {} } : {}) }));
      continue;
    }
    if (run.kind === "sep") continue;
    if (run.kind === "tag") {
      out.push(...wordComment(run.entries ?? [], context));
      continue;
    }
    const change = run.deleted?.[0] ?? run.inserted;
    if (!change) { out.push(new TextRun({ ...style, text: run.text })); continue; }
    const revision = { id: ++context.revision, author: change.name, date: change.createdAt };
    out.push(run.deleted?.length ? new DeletedTextRun({ ...style, ...revision, text: run.text }) : new InsertedTextRun({ ...style, ...revision, text: run.text }));
  }
  return out;
}
