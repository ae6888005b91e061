/**
 * The note as a Word document (the `docx` package), in two modes (SPEC.md EX6, EX7):
 *
 * - "printed": what the PDF shows — struck and underlined text, the tags as text; the masthead's organ
 *   and symbol side by side; paragraph numbers and list labels as Word numbering.
 * - "tracked": real Word revisions — each proposal a `w:del`/`w:ins` with the delegation's name as
 *   `w:author` and the change's time as `w:date` — and Word comments by the delegation anchored to the
 *   words they concern: reasons on the proposal's words, comments on words on those words, comments on
 *   a point on the whole point, and one comment by each co-sponsor on the proposal it joined. Where
 *   proposals compete on the same words (`Note.competing`), Word can hold only one of them as
 *   revisions: the first made is written as revisions, and every other one as a comment by its
 *   delegation on the same words, quoting what it proposes (EX7).
 */
import {
  AlignmentType, BorderStyle, CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, Footer, Header,
  FootnoteReferenceRun, InsertedTextRun, LevelFormat, LevelSuffix, Packer, PageNumber, Paragraph, Table, TableCell, TableLayoutType,
  Tab, TableRow, TabStopType, TextRun, WidthType,
  type ICommentOptions, type IParagraphOptions, type IRunOptions, type ParagraphChild,
} from "docx";
import {
  capitalizeFirst, initials, noteWork, runChanges, tagEntryText,
  type Note, type NoteBlock, type NoteChange, type NoteCompetingSpan, type NoteListStyle, type NoteRun, type NoteTagEntry,
} from "@concord/shared";
import { progressCounter, type RenderOptions } from "./options.js";

export type DocxMode = "printed" | "tracked";

export interface DocxOptions extends RenderOptions {
  /** "printed" (the default) or "tracked". */
  readonly mode?: DocxMode;
}

const FONT = "Times New Roman";
/** Sizes in half-points. */
const SIZE = { body: 20, small: 16, heading: 24, title: 28, symbol: 28 };
const CM = 567; // twips per centimetre
const PAGE = { width: 11906, height: 16838, left: 1300, right: 1300 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

/** The Word numbering of the note's numbered paragraphs (section I): "1.", "2.", … straight through the note. */
const PARAGRAPHS = "note-paragraphs";
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;

const LIST_FORMAT: Record<NoteListStyle, { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string }> = {
  "bullet": { format: LevelFormat.BULLET, text: "•" },
  "decimal": { format: LevelFormat.DECIMAL, text: "%1." },
  "lower-alpha": { format: LevelFormat.LOWER_LETTER, text: "(%1)" },
  "lower-roman": { format: LevelFormat.LOWER_ROMAN, text: "(%1)" },
};

/** A Word comment on its way: opened (its range started) before the words it concerns, written where its tag is. */
interface Anchor {
  readonly id: number;
  started: boolean;
}

interface Context {
  readonly note: Note;
  readonly tracked: boolean;
  revision: number;
  readonly comments: ICommentOptions[];
  /** Word footnote ids by the note's footnote marker ("1", "2", …). */
  readonly footnotes: Map<string, number>;
  /** Word comments by key (see `anchorKeys`). */
  readonly anchors: Map<string, Anchor>;
  /** Every tag entry of a proposal, by change id. */
  readonly entries: Map<string, NoteTagEntry>;
  /** The comments of competing proposals not written as revisions, by change id (keys `x:<span>:<change>`). */
  readonly competing: Map<string, string[]>;
  /** Lists made so far (each is a Word numbering instance of its own). */
  lists: number;
}

/** The DOCX bytes of `note`. */
export async function renderNoteDocx(note: Note, options: DocxOptions = {}): Promise<Uint8Array> {
  const tracked = options.mode === "tracked";
  const progress = progressCounter(noteWork(note), options.onProgress, 1);
  const context: Context = { note, tracked, revision: 0, comments: [], footnotes: new Map(), anchors: new Map(), entries: collectEntries(note), competing: new Map(), lists: 0 };
  const footnoteContent: Record<string, { children: Paragraph[] }> = {};
  note.footnotes.filter((f) => f.marker !== "*").forEach((f, i) => {
    context.footnotes.set(f.marker, i + 1);
    footnoteContent[String(i + 1)] = { children: [new Paragraph({ children: [new TextRun({ text: f.text, size: SIZE.small })] })] };
  });

  const children: Array<Paragraph | Table> = [...masthead(note)];
  for (const section of note.sections) {
    if (section.title !== null) {
      children.push(new Paragraph({
        keepNext: true, keepLines: true, spacing: { before: 360, after: 180 },
        ...(section.number !== null ? { indent: { left: CM, hanging: CM }, tabStops: [{ type: TabStopType.LEFT, position: CM }] } : {}),
        children: [new TextRun({ children: section.number !== null ? [`${section.number}.`, new Tab(), section.title] : [section.title], bold: true, size: SIZE.heading })],
      }));
    }
    for (const block of section.blocks) {
      children.push(...blockParagraphs(block, context, 0, {}));
      progress.step();
    }
  }

  const first = note.footnotes.find((f) => f.marker === "*");
  const pageNumber = () => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: SIZE.small })] });
  const doc = new Document({
    creator: "Concord",
    title: note.title,
    description: note.byline ?? note.title,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    features: { trackRevisions: tracked },
    comments: { children: context.comments },
    footnotes: footnoteContent,
    numbering: {
      config: [{
        reference: PARAGRAPHS,
        levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, suffix: LevelSuffix.TAB, style: { paragraph: { indent: { left: CM, hanging: CM } } } }],
      }],
    },
    sections: [{
      properties: {
        titlePage: true,
        page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: 1250, bottom: 1360, left: PAGE.left, right: PAGE.right } },
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

/** Every proposal's tag entry, by change id (a proposal is tagged once: NT20). */
function collectEntries(note: Note): Map<string, NoteTagEntry> {
  const out = new Map<string, NoteTagEntry>();
  const visit = (blocks: readonly NoteBlock[]) => {
    for (const block of blocks) {
      if (block.type === "point" || block.type === "submission") visit(block.blocks);
      else if (block.type === "list") for (const item of block.items) visit(item);
      else for (const run of block.runs) for (const entry of run.entries ?? []) if (entry.kind !== "comment") out.set(entry.id, entry);
    }
  };
  for (const section of note.sections) visit(section.blocks);
  return out;
}

/**
 * The masthead as printed: a borderless table, the organ on the left and the symbol on the right, the
 * distribution, date and language under the symbol, a rule below; then the session block, the title
 * and the byline.
 */
function masthead(note: Note): Array<Paragraph | Table> {
  const m = note.masthead;
  // the symbol's column is as wide as a symbol at its size needs (about 0.31 cm a character), the organ takes the rest
  const right = Math.min(Math.round(TEXT_WIDTH * 0.5), Math.max(Math.round(TEXT_WIDTH * 0.36), Math.round(m.symbol.length * 0.31 * CM)));
  const left = TEXT_WIDTH - right;
  const cell = (paragraphs: Paragraph[], width: number, bottom = false) => new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    borders: { top: NO_BORDER, left: NO_BORDER, right: NO_BORDER, bottom: bottom ? { style: BorderStyle.SINGLE, size: 12, color: "000000" } : NO_BORDER },
    children: paragraphs.length > 0 ? paragraphs : [new Paragraph({ children: [] })],
  });
  const meta = [m.distribution, m.date, m.language].filter((line): line is string => !!line)
    .map((line, i, all) => new Paragraph({ spacing: i === all.length - 1 ? { after: 120 } : {}, children: [new TextRun({ text: line, size: SIZE.body })] }));
  const table = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({ children: [
        cell([new Paragraph({ children: [new TextRun({ text: m.organ, bold: true, size: SIZE.heading })] })], left),
        cell(m.symbol ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: m.symbol, bold: true, size: SIZE.symbol })] })] : [], right),
      ] }),
      new TableRow({ children: [cell([], left, true), cell(meta, right, true)] }),
    ],
  });
  const out: Array<Paragraph | Table> = [table, new Paragraph({ spacing: { after: 120 }, children: [] })];
  if (note.session) {
    const s = note.session;
    out.push(new Paragraph({ children: [new TextRun({ text: s.session, bold: true })] }));
    if (s.venueAndDates) out.push(new Paragraph({ children: [new TextRun({ text: s.venueAndDates, bold: true })] }));
    if (s.agendaItem.length > 0) out.push(new Paragraph({ children: s.agendaItem.map((r) => r.kind === "footnote" ? new TextRun({ text: r.text, superScript: true }) : new TextRun({ text: r.text })) }));
    if (s.agendaTitle) out.push(new Paragraph({ indent: { right: 8 * CM }, spacing: { after: 360 }, children: [new TextRun({ text: s.agendaTitle, bold: true })] }));
  }
  out.push(new Paragraph({ spacing: { before: 240, after: 240 }, children: [new TextRun({ text: note.title, bold: true, size: SIZE.title })] }));
  if (note.subtitle) out.push(new Paragraph({ children: [new TextRun({ text: note.subtitle, bold: true, size: SIZE.heading })] }));
  if (note.byline) out.push(new Paragraph({ spacing: { after: 360 }, children: [new TextRun({ text: note.byline, bold: true, size: SIZE.heading })] }));
  return out;
}

type Extra = Pick<IParagraphOptions, "keepNext">;

function blockParagraphs(block: NoteBlock, context: Context, depth: number, extra: Extra): Paragraph[] {
  const justified = { alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, ...extra } as const;
  switch (block.type) {
    case "paragraph": {
      if (block.number !== null) {
        return [new Paragraph({ ...justified, numbering: { reference: PARAGRAPHS, level: 0, instance: 1 }, children: runs(block.runs, context) })];
      }
      if (block.role === "point-comment" && context.tracked) return []; // a Word comment on the whole point instead (see "point")
      return [new Paragraph({ ...justified, indent: depth > 0 ? { left: depth * CM } : undefined, children: runs(block.runs, context) })];
    }
    case "heading": {
      const label = block.label ? [new TextRun({ children: [block.label, new Tab()], bold: true, italics: block.level >= 4, size: block.level <= 1 ? 22 : SIZE.body })] : [];
      return [new Paragraph({
        keepNext: true, keepLines: true, spacing: { before: 240, after: 120 },
        ...(block.label ? { indent: { left: CM, hanging: CM }, tabStops: [{ type: TabStopType.LEFT, position: CM }] } : {}),
        children: [...label, ...runs(block.runs, context, { bold: true, italics: block.level >= 4, size: block.level <= 1 ? 22 : SIZE.body })],
      })];
    }
    case "point":
      return pointParagraphs(block, context, depth);
    case "list": {
      const instance = ++context.lists;
      const reference = `list-${block.style}-${block.start}`;
      const { format, text } = LIST_FORMAT[block.style];
      const definition = {
        reference,
        levels: [{ level: 0, format, text, start: block.start, alignment: AlignmentType.LEFT, suffix: LevelSuffix.TAB, style: { paragraph: { indent: { left: CM, hanging: 0.75 * CM } } } }],
      };
      return block.items.flatMap((item) => {
        const [first, ...rest] = item;
        const lead = first && first.type === "paragraph" ? first : null;
        const head = new Paragraph({
          ...justified,
          numbering: { reference: definition, level: 0, instance },
          indent: { left: (depth + 1) * CM, hanging: 0.75 * CM },
          children: lead ? runs(lead.runs, context) : [],
        });
        return [head, ...(lead ? rest : item).flatMap((b) => blockParagraphs(b, context, depth + 1, {}))];
      });
    }
    case "submission":
      return [
        new Paragraph({ keepNext: true, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: block.heading, bold: true })] }),
        ...block.blocks.flatMap((b) => blockParagraphs(b, context, depth, {})),
      ];
  }
}

/**
 * A point: its label, its text, its comments. Printed, a comment on the point is its own paragraph,
 * kept on the page of the point's last paragraph. With revisions, each comment on the point is a Word
 * comment by its delegation on the whole point, from its label to its last word.
 */
function pointParagraphs(block: Extract<NoteBlock, { type: "point" }>, context: Context, depth: number): Paragraph[] {
  const text = block.blocks.filter((b) => !(b.type === "paragraph" && b.role === "point-comment"));
  const comments = block.blocks.filter((b): b is Extract<NoteBlock, { type: "paragraph" }> => b.type === "paragraph" && b.role === "point-comment");
  if (!context.tracked) {
    const out: Paragraph[] = [new Paragraph({ keepNext: true, spacing: { before: 180, after: 60 }, children: [new TextRun({ text: block.label, italics: true })] })];
    block.blocks.forEach((b, i) => {
      const next = block.blocks[i + 1];
      const keepNext = next?.type === "paragraph" && next.role === "point-comment";
      out.push(...blockParagraphs(b, context, depth, keepNext ? { keepNext: true } : {}));
    });
    return out;
  }
  const entries = comments.flatMap((c) => c.runs.flatMap((r) => r.entries ?? []));
  const anchors = entries.map((entry) => ({ entry, anchor: open(context, `p:${block.id}:${entry.id}`) }));
  const labelRuns = (): ParagraphChild[] => [...anchors.map(({ anchor }) => new CommentRangeStart(anchor.id)), new TextRun({ text: block.label, italics: true })];
  const body = text.flatMap((b) => blockParagraphs(b, context, depth, {}));
  const ends: ParagraphChild[] = anchors.flatMap(({ entry, anchor }) => {
    writeComment(context, anchor, entry.names[0] ?? entry.tags[0] ?? "", entry.createdAt, tagEntryText(entry.tags, entry.text));
    return [new CommentRangeEnd(anchor.id), new TextRun({ children: [new CommentReference(anchor.id)] })];
  });
  const label = (extra: ParagraphChild[] = []) => new Paragraph({ keepNext: body.length > 0, spacing: { before: 180, after: 60 }, children: [...labelRuns(), ...extra] });
  if (ends.length === 0) return [label(), ...body];
  // the comments end after the point's last word: on the label when the point has no text
  if (body.length === 0) return [label(ends)];
  return [label(), ...body, new Paragraph({ spacing: { after: 120 }, children: ends })];
}

/** The Word comment `key`, created (not yet written) if it is new. */
function open(context: Context, key: string): Anchor {
  let anchor = context.anchors.get(key);
  if (!anchor) {
    anchor = { id: context.anchors.size, started: false };
    context.anchors.set(key, anchor);
  }
  return anchor;
}

function writeComment(context: Context, anchor: Anchor, author: string, date: string, text: string): void {
  context.comments.push({
    id: anchor.id, author, initials: initials(author), date: new Date(date),
    children: [new Paragraph({ children: [new TextRun(text)] })],
  });
}

/** The competing span of a run, if any (NT21). */
const spanOf = (context: Context, run: NoteRun): NoteCompetingSpan | null => (run.competing !== undefined ? context.note.competing[run.competing] ?? null : null);

/**
 * The keys of the Word comments that concern the words of `run` (with revisions): its comments on
 * words, the reason and the co-sponsorships of each proposal it belongs to, and, in a span of
 * competing proposals, the comment of each proposal that is not written as revisions.
 */
function anchorKeys(context: Context, run: NoteRun): string[] {
  const keys: string[] = [];
  for (const id of run.comments ?? []) keys.push(`c:${id}`);
  const { inserted, deleted } = runChanges(run);
  const span = spanOf(context, run);
  for (const change of [...(inserted ? [inserted] : []), ...deleted]) {
    const entry = context.entries.get(change.id);
    if (!entry) continue;
    const secondary = span !== null && span.primary !== change.id;
    if (secondary) {
      const key = `x:${run.competing}:${change.id}`;
      const list = context.competing.get(change.id) ?? [];
      if (!list.includes(key)) list.push(key);
      context.competing.set(change.id, list);
      keys.push(key);
    }
    else if (entry.text !== null) keys.push(`r:${change.id}`);
    for (const c of entry.cosponsorships) keys.push(`j:${change.id}:${c.delegation}`);
  }
  return keys;
}

/** What a competing proposal that is not shown as revisions proposes, quoted from the span's words. */
function competingText(context: Context, spanIndex: number, changeId: string, entry: NoteTagEntry): string {
  const span = context.note.competing[spanIndex]!;
  let inserted = "";
  let deleted = "";
  const visit = (blocks: readonly NoteBlock[]) => {
    for (const block of blocks) {
      if (block.type === "point" || block.type === "submission") visit(block.blocks);
      else if (block.type === "list") for (const item of block.items) visit(item);
      else for (const run of block.runs) {
        if (run.competing !== spanIndex || run.kind !== "text") continue;
        const changes = runChanges(run);
        if (changes.inserted?.id === changeId) inserted += run.text;
        if (changes.deleted.some((c) => c.id === changeId)) deleted += run.text;
      }
    }
  };
  for (const section of context.note.sections) visit(section.blocks);
  const squash = (text: string) => text.replace(/\s+/g, " ").trim();
  const primary = context.entries.get(span.primary);
  const what = inserted.trim() && deleted.trim() ? `proposes “${squash(inserted)}” instead of “${squash(deleted)}”`
    : inserted.trim() ? `proposes to insert “${squash(inserted)}”` : `proposes to delete “${squash(deleted)}”`;
  const against = primary ? ` (a competing proposal; the proposal of ${primary.runningNames[0] ?? primary.tags[0]} is shown as revisions)` : "";
  const joint = entry.cosponsorships.length > 0 ? ` Jointly with ${entry.cosponsorships.map((c) => c.name).join(", ")}.` : "";
  return `${entry.names[0] ?? entry.tags[0]} ${what}${against}.${entry.text ? ` Reason: ${entry.text}` : ""}${joint}`;
}

/** Closes and writes the Word comments of a tag's entries (with revisions). */
function tagComments(context: Context, entries: readonly NoteTagEntry[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const close = (key: string, author: string, date: string, text: string) => {
    const anchor = open(context, key);
    if (!anchor.started) { out.push(new CommentRangeStart(anchor.id)); anchor.started = true; }
    writeComment(context, anchor, author, date, text);
    out.push(new CommentRangeEnd(anchor.id), new TextRun({ children: [new CommentReference(anchor.id)] }));
  };
  for (const entry of entries) {
    const author = entry.names[0] ?? entry.tags[0] ?? "";
    if (entry.kind === "comment") { close(`c:${entry.id}`, author, entry.createdAt, tagEntryText(entry.tags.slice(0, 1), entry.text)); continue; }
    if (entry.kind === "structure") { close(`s:${entry.id}`, author, entry.createdAt, tagEntryText(entry.tags.slice(0, 1), entry.text)); continue; }
    const spans = context.competing.get(entry.id) ?? [];
    for (const key of spans) close(key, author, entry.createdAt, competingText(context, Number(key.split(":")[1]), entry.id, entry));
    if (spans.length === 0 && entry.text !== null) close(`r:${entry.id}`, author, entry.createdAt, tagEntryText(entry.tags.slice(0, 1), entry.text));
    for (const c of entry.cosponsorships) {
      close(`j:${entry.id}:${c.delegation}`, c.name, c.joinedAt, `${capitalizeFirst(c.runningName)} joins this proposal of ${entry.runningNames[0] ?? author}.`);
    }
  }
  return out;
}

/** Runs as Word runs: struck and underlined ("printed"), or as revisions and comments ("tracked"). */
function runs(list: readonly NoteRun[], context: Context, base: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  // with revisions, adjacent text of one revision (a proposal's words and its edge whitespace) is one w:ins or w:del
  let pending: { kind: "ins" | "del"; change: NoteChange; style: IRunOptions; key: string; text: string } | null = null;
  const flush = () => {
    if (!pending) return;
    const attrs = { id: ++context.revision, author: pending.change.name, date: pending.change.createdAt };
    out.push(pending.kind === "del" ? new DeletedTextRun({ ...pending.style, ...attrs, text: pending.text }) : new InsertedTextRun({ ...pending.style, ...attrs, text: pending.text }));
    pending = null;
  };
  for (const run of list) {
    const style: IRunOptions = { ...base, ...(run.em ? { italics: true } : {}), ...(run.strong ? { bold: true } : {}) };
    if (context.tracked) {
      for (const key of anchorKeys(context, run)) {
        const anchor = open(context, key);
        if (!anchor.started) { flush(); out.push(new CommentRangeStart(anchor.id)); anchor.started = true; }
      }
    }
    if (run.kind === "footnote") {
      flush();
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
      flush();
      out.push(...tagComments(context, run.entries ?? []));
      continue;
    }
    const revision = revisionOf(context, run);
    if (revision === "omit") continue;
    if (!revision) { flush(); out.push(new TextRun({ ...style, text: run.text })); continue; }
    const key = `${revision.kind}:${revision.change.id}:${!!run.em}:${!!run.strong}`;
    if (pending && pending.key === key) pending.text += run.text;
    else { flush(); pending = { ...revision, style, key, text: run.text }; }
  }
  flush();
  return out;
}

/**
 * How a run of text is written with revisions: as the deletion or insertion of its proposal; in a span
 * of competing proposals, only the primary proposal's (words only another proposal inserts are left
 * out — its comment quotes them — and words only another proposal deletes stay as they are).
 */
function revisionOf(context: Context, run: NoteRun): { kind: "ins" | "del"; change: NoteChange } | null | "omit" {
  const { inserted, deleted } = runChanges(run);
  if (!inserted && deleted.length === 0) return null;
  const span = spanOf(context, run);
  const all = [...(inserted ? [inserted] : []), ...deleted];
  const primary = span ? span.primary : [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))[0]!.id;
  if (inserted && inserted.id !== primary) return "omit";
  if (inserted) return { kind: "ins", change: inserted };
  const del = deleted.find((c) => c.id === primary);
  return del ? { kind: "del", change: del } : null;
}
