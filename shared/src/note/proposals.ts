/**
 * Section II of the note: the tracked document with every proposal attributed, as the Secretariat
 * prints it (SPEC.md, NT10–NT22):
 *
 *   insertion            illicit (US) trafficking
 *   deletion             ~~and ammunition (US: delete, since …)~~
 *   replacement          ~~should~~ are encouraged to (US)
 *   competing proposals  ~~should~~ are encouraged to (US); are urged to (Canada)
 *   joint proposal       are encouraged to (US, Canada)
 *   comment on words     integrated (US: If "integrated" means …)
 *   comment on a point   its own paragraph: (Canada: Item is already addressed …)
 *
 * Built in two passes over the document: the first reads every textblock into pieces (text with one
 * set of marks), puts insertions competing at one place in the order they were made, and finds where
 * each proposal and each comment ends; the second prints the pieces with the tags after those ends.
 */
import type { Node } from "prosemirror-model";
import type { Attribution } from "../schema/attribution.js";
import type { PointKind } from "../schema/schema.js";
import { pointLabel, pointLabels } from "../schema/numbering.js";
import type { Annotations } from "../tracking/annotations.js";
import { listChanges, listComments, type TrackedChange, type TrackedComment } from "../tracking/changes.js";
import { blockDeletion, blockInsertion, markAttribution } from "../tracking/marks.js";
import { tagText } from "./text.js";
import { unTypography } from "./typography.js";
import type { NoteBlock, NoteChange, NoteCompetingSpan, NoteCosponsorship, NoteFootnote, NoteListStyle, NoteNumbering, NoteRun, NoteTagEntry } from "./types.js";

/** Resolves a delegation code to its tag and name, or null for an unknown code. */
export type DelegationResolver = (code: string) => { readonly tag: string; readonly name: string } | null;

export interface ProposalsOptions {
  /** The number of the first footnote of the text (1). */
  readonly footnoteStart?: number;
  /** "note" (the default): points numbered straight through; "document": as the document numbers them (NT10). */
  readonly numbering?: NoteNumbering;
}

export interface ProposalsResult {
  readonly blocks: NoteBlock[];
  readonly footnotes: NoteFootnote[];
  readonly competing: NoteCompetingSpan[];
  /** Every delegation that proposed, co-sponsored or commented, in no particular order. */
  readonly participants: ReadonlySet<string>;
  /** Whether the straight-through numbering labels some point otherwise than the document does (NT10). */
  readonly numberingsDiffer: boolean;
  readonly problems: string[];
}

/** A piece of a textblock: text with one set of marks. */
interface Piece {
  readonly text: string;
  readonly ins: Attribution | null;
  /** Deletions, in the order they were made. */
  readonly dels: readonly Attribution[];
  readonly comments: readonly string[];
  readonly em: boolean;
  readonly strong: boolean;
  /** The footnote's text when the piece is a footnote reference. */
  readonly footnote: string | null;
  /** Set on the insertions of a run of alternatives at one place (NT15): its index in the textblock. */
  readonly alternatives?: number;
  /** Index in the note's competing spans (NT21). */
  readonly competing?: number;
}

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
const isPureInsertion = (p: Piece | undefined): boolean => !!p && p.ins !== null && p.dels.length === 0;
const isPureDeletion = (p: Piece | undefined): boolean => !!p && p.ins === null && p.dels.length > 0;
const isChanged = (p: Piece): boolean => p.ins !== null || p.dels.length > 0;

const NEW_POINT: Record<PointKind, string> = {
  discussion: "New discussion point",
  recommendation: "New recommendation",
  paragraph: "New paragraph",
};

/** Section II's blocks from the tracked document. */
export function buildProposals(doc: Node, annotations: Annotations, resolve: DelegationResolver, options: ProposalsOptions = {}): ProposalsResult {
  const footnoteStart = options.footnoteStart ?? 1;
  const numbering = options.numbering ?? "note";
  const problems: string[] = [];
  const participants = new Set<string>();
  const changes = new Map(listChanges(doc, annotations).map((c) => [c.id, c]));
  const comments = listComments(doc, annotations);
  const wordComments = new Map(comments.filter((c) => c.target === "words").map((c) => [c.id, c]));
  const pointComments = new Map<string, TrackedComment[]>();
  for (const c of comments) {
    if (c.target !== "point" || !c.pointId) continue;
    const list = pointComments.get(c.pointId) ?? [];
    list.push(c);
    pointComments.set(c.pointId, list);
  }

  const cosponsorships = new Map<string, NoteCosponsorship[]>();
  for (const a of annotations.values()) {
    if (a.kind !== "cosponsor") continue;
    const list = cosponsorships.get(a.changeId) ?? [];
    list.push({ delegation: a.delegation, tag: "", name: "", runningName: "", author: a.author, joinedAt: a.joinedAt });
    cosponsorships.set(a.changeId, list);
  }

  // Labels (NT10): points of the circulated text numbered straight through, per kind, or as the document numbers them.
  const documentLabels = pointLabels(doc);
  const labels = new Map<number, { label: string; number: number | null; documentLabel: string }>();
  const counters = new Map<PointKind, number>();
  let numberingsDiffer = false;
  doc.forEach((node, offset) => {
    if (node.type.name !== "point") return;
    const kind = node.attrs.kind as PointKind;
    const documentLabel = documentLabels.get(node.attrs.id as string) ?? NEW_POINT[kind];
    if (blockInsertion(node)) {
      labels.set(offset, { label: numbering === "document" ? documentLabel : NEW_POINT[kind], number: null, documentLabel });
      if (documentLabel !== NEW_POINT[kind]) numberingsDiffer = true;
      return;
    }
    const number = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, number);
    if (pointLabel(kind, number) !== documentLabel) numberingsDiffer = true;
    labels.set(offset, { label: numbering === "document" ? documentLabel : pointLabel(kind, number), number: numbering === "document" ? null : number, documentLabel });
  });

  const noteChange = (a: Attribution, where: string): NoteChange => {
    participants.add(a.delegation);
    const d = resolve(a.delegation);
    if (!d) problems.push(`unknown delegation ${JSON.stringify(a.delegation)} (change ${a.id}${where})`);
    return { id: a.id, delegation: a.delegation, tag: unTypography(d?.tag ?? a.delegation), name: nameOf(a.delegation), author: a.author, createdAt: a.createdAt };
  };
  const tagOf = (code: string, where: string): string => {
    participants.add(code);
    const d = resolve(code);
    if (!d) problems.push(`unknown delegation ${JSON.stringify(code)} (${where})`);
    return unTypography(d?.tag ?? code);
  };
  function nameOf(code: string): string { return runningName(code).replace(/^the /, ""); }
  function runningName(code: string): string { return unTypography(resolve(code)?.name ?? code); }
  const at = (label: string | null) => (label ? ` in ${label}` : "");

  const changeEntry = (change: TrackedChange, where: string): NoteTagEntry => {
    const delegations = [change.delegation, ...change.cosponsors];
    const joined = (cosponsorships.get(change.id) ?? []).filter((c) => change.cosponsors.includes(c.delegation))
      .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt))
      .map((c) => ({ ...c, tag: tagOf(c.delegation, `change ${change.id}${where}`), name: nameOf(c.delegation), runningName: runningName(c.delegation) }));
    return {
      kind: "change", id: change.id, delegations, tags: delegations.map((code) => tagOf(code, `change ${change.id}${where}`)), names: delegations.map(nameOf), runningNames: delegations.map(runningName),
      text: change.reason?.trim() || null, author: change.author, createdAt: change.createdAt, cosponsorships: joined,
    };
  };
  const commentEntry = (comment: TrackedComment, where: string): NoteTagEntry => ({
    kind: "comment", id: comment.id, delegations: [comment.delegation], tags: [tagOf(comment.delegation, `comment ${comment.id}${where}`)], names: [nameOf(comment.delegation)], runningNames: [runningName(comment.delegation)],
    text: comment.text.trim() || null, author: comment.author, createdAt: comment.createdAt, cosponsorships: [],
  });

  // Pass 1: pieces of every textblock, where each change and comment ends, competing spans.
  const pieces = new Map<number, Piece[]>();
  const lastOfChange = new Map<string, { block: number; index: number }>();
  const lastOfComment = new Map<string, { block: number; index: number }>();
  const structural = new Map<number, TrackedChange[]>();
  const seenInline = new Set<string>();
  const competing: NoteCompetingSpan[] = [];
  let currentLabel: string | null = null;
  doc.descendants((node, pos, parent) => {
    if (parent === doc) currentLabel = labels.get(pos)?.label ?? null;
    for (const a of [blockInsertion(node), blockDeletion(node)]) {
      if (!a || !node.isBlock) continue;
      const list = structural.get(pos) ?? [];
      if (!list.some((c) => c.id === a.id)) {
        const change = changes.get(a.id);
        if (change) list.push(change);
      }
      structural.set(pos, list);
    }
    if (!node.isTextblock) return true;
    const raw = piecesOf(node, wordComments);
    for (const found of competingSpans(raw, currentLabel, (a) => noteChange(a, at(currentLabel)).tag)) {
      for (let k = found.from; k < found.to; k++) raw[k] = { ...raw[k]!, competing: competing.length };
      competing.push(found.span);
    }
    const ordered = orderAlternatives(raw);
    pieces.set(pos, ordered);
    ordered.forEach((piece, index) => {
      for (const a of [piece.ins, ...piece.dels]) if (a) { lastOfChange.set(a.id, { block: pos, index }); seenInline.add(a.id); }
      for (const id of piece.comments) lastOfComment.set(id, { block: pos, index });
    });
    return false;
  });

  // Where tags go: after the last piece of each change and of each comment's anchor (NT13).
  const tagsAt = new Map<string, NoteTagEntry[]>();
  const key = (block: number, index: number) => `${block}:${index}`;
  const place = (where: { block: number; index: number }, entry: NoteTagEntry) => {
    const k = key(where.block, where.index);
    const list = tagsAt.get(k) ?? [];
    list.push(entry);
    tagsAt.set(k, list);
  };
  const labelAt = (pos: number): string | null => {
    let label: string | null = null;
    doc.forEach((node, offset) => { if (pos >= offset && pos < offset + node.nodeSize) label = labels.get(offset)?.label ?? null; });
    return label;
  };
  for (const change of [...changes.values()].sort(byTime)) {
    const where = lastOfChange.get(change.id);
    if (where) place(where, changeEntry(change, at(change.point)));
  }
  for (const comment of [...wordComments.values()].sort(byTime)) {
    const where = lastOfComment.get(comment.id);
    if (where) place(where, commentEntry(comment, at(comment.point)));
  }

  // Pass 2: the blocks.
  const footnotes: NoteFootnote[] = [];
  let pendingStructural: NoteTagEntry[] = [];
  const structuralEntries = (pos: number, node: Node): NoteTagEntry[] => {
    const list = structural.get(pos) ?? [];
    return list.filter((c) => !seenInline.has(c.id)).sort(byTime).map((change) => {
      const entry = changeEntry(change, at(labelAt(pos)));
      const what = blockInsertion(node)?.id === change.id ? "new paragraph" : "joins the previous paragraph";
      return { ...entry, kind: "structure" as const, text: entry.text ? `${what}: ${entry.text}` : what };
    });
  };

  const textblockRuns = (node: Node, pos: number): NoteRun[] => {
    const start = [...pendingStructural, ...structuralEntries(pos, node)];
    pendingStructural = [];
    const list = pieces.get(pos) ?? [];
    return emitRuns(list, (index) => tagsAt.get(key(pos, index)) ?? null, start, (a) => noteChange(a, ""), (text) => {
      footnotes.push({ marker: String(footnoteStart + footnotes.length), text });
      return footnotes[footnotes.length - 1]!.marker;
    });
  };

  const blockOf = (node: Node, pos: number): NoteBlock | null => {
    switch (node.type.name) {
      case "paragraph":
        return { type: "paragraph", number: null, role: "text", runs: textblockRuns(node, pos) };
      case "heading":
        return { type: "heading", level: node.attrs.level as number, label: (node.attrs.label as string | null) || null, runs: textblockRuns(node, pos) };
      case "bullet_list":
      case "ordered_list": {
        pendingStructural.push(...structuralEntries(pos, node));
        const style: NoteListStyle = node.type.name === "bullet_list" ? "bullet" : node.attrs.style as NoteListStyle;
        const items: NoteBlock[][] = [];
        node.forEach((item, offset) => {
          pendingStructural.push(...structuralEntries(pos + 1 + offset, item));
          items.push(childBlocks(item, pos + 1 + offset));
        });
        return { type: "list", style, start: node.type.name === "ordered_list" ? node.attrs.start as number : 1, items };
      }
      case "point": {
        const info = labels.get(pos) ?? { label: "", number: null, documentLabel: "" };
        pendingStructural.push(...structuralEntries(pos, node));
        const blocks = childBlocks(node, pos);
        if (pendingStructural.length > 0) {
          blocks.push({ type: "paragraph", number: null, role: "text", runs: emitRuns([], () => null, pendingStructural, (a) => noteChange(a, ""), () => "") });
          pendingStructural = [];
        }
        for (const comment of [...(pointComments.get(node.attrs.id as string) ?? [])].sort(byTime)) {
          const entry = commentEntry(comment, at(info.label));
          blocks.push({ type: "paragraph", number: null, role: "point-comment", runs: [{ kind: "tag", text: tagText([entry]), entries: [entry] }] });
        }
        const deletion = blockDeletion(node);
        return {
          type: "point", label: info.label, number: info.number, documentLabel: info.documentLabel, id: node.attrs.id as string,
          deleted: !!deletion && changes.get(deletion.id)?.wholePoint === true,
          inserted: !!blockInsertion(node), blocks,
        };
      }
      default:
        return null;
    }
  };
  const childBlocks = (node: Node, pos: number): NoteBlock[] => {
    const blocks: NoteBlock[] = [];
    node.forEach((child, offset) => {
      const block = blockOf(child, pos + 1 + offset);
      if (block) blocks.push(block);
    });
    return blocks;
  };

  const blocks: NoteBlock[] = [];
  doc.forEach((node, offset) => {
    const block = blockOf(node, offset);
    if (block) blocks.push(block);
  });
  return { blocks, footnotes, competing, participants, problems, numberingsDiffer };
}

function piecesOf(textblock: Node, wordComments: ReadonlyMap<string, unknown>): Piece[] {
  const pieces: Piece[] = [];
  textblock.forEach((child) => {
    if (!child.isText || !child.text) return;
    let ins: Attribution | null = null;
    const dels: Attribution[] = [];
    const comments: string[] = [];
    let em = false;
    let strong = false;
    let footnote: string | null = null;
    for (const mark of child.marks) {
      switch (mark.type.name) {
        case "insertion": ins = markAttribution(mark); break;
        case "deletion": dels.push(markAttribution(mark)); break;
        case "comment": if (wordComments.has(mark.attrs.id as string)) comments.push(mark.attrs.id as string); break;
        case "em": em = true; break;
        case "strong": strong = true; break;
        case "footnote": footnote = mark.attrs.text as string; break;
      }
    }
    pieces.push({ text: child.text, ins, dels: dels.sort(byTime), comments, em, strong, footnote });
  });
  return pieces;
}

/**
 * Insertions of different changes at one place are alternatives: they are put in the order they were
 * made (NT15). A run of pure insertions is reordered only when each change's text in it is contiguous
 * (text typed into another delegation's insertion amends it and stays where it is).
 */
function orderAlternatives(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < pieces.length) {
    if (!isPureInsertion(pieces[i])) { out.push(pieces[i]!); i++; continue; }
    let j = i;
    while (j < pieces.length && isPureInsertion(pieces[j])) j++;
    const groups: Piece[][] = [];
    for (const piece of pieces.slice(i, j)) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.ins!.id === piece.ins!.id) last.push(piece);
      else groups.push([piece]);
    }
    const contiguous = new Set(groups.map((g) => g[0]!.ins!.id)).size === groups.length;
    if (contiguous && groups.length > 1) {
      groups.sort((a, b) => byTime(a[0]!.ins!, b[0]!.ins!));
      for (const group of groups) out.push(...group.map((piece) => ({ ...piece, alternatives: i })));
    } else for (const group of groups) out.push(...group);
    i = j;
  }
  return out;
}

/**
 * Spans (maximal runs of changed pieces) where proposals of different changes meet on the same words:
 * several deletions of one word, a deletion of another change's insertion, or several insertions at
 * one place (NT21). Each with the pieces it covers, [from, to).
 */
function competingSpans(pieces: readonly Piece[], point: string | null, tagOf: (a: Attribution) => string): Array<{ span: NoteCompetingSpan; from: number; to: number }> {
  const spans: Array<{ span: NoteCompetingSpan; from: number; to: number }> = [];
  let i = 0;
  while (i < pieces.length) {
    if (!isChanged(pieces[i]!)) { i++; continue; }
    let j = i;
    while (j < pieces.length && isChanged(pieces[j]!)) j++;
    const span = pieces.slice(i, j);
    let conflict = span.some((p) => p.dels.length > 1 || (p.ins !== null && p.dels.length > 0));
    for (let k = 1; k < span.length && !conflict; k++) {
      if (isPureInsertion(span[k - 1]) && isPureInsertion(span[k]) && span[k - 1]!.ins!.id !== span[k]!.ins!.id) conflict = true;
    }
    if (conflict) {
      const attributions = new Map<string, Attribution>();
      for (const p of span) for (const a of [p.ins, ...p.dels]) if (a) attributions.set(a.id, a);
      const ordered = [...attributions.values()].sort(byTime);
      const squash = (text: string) => text.replace(/\s+/g, " ").trim();
      const deleted = squash(span.filter((p) => p.dels.length > 0).map((p) => p.text).join(""));
      const inserted = new Map<string, { a: Attribution; text: string }>();
      for (const p of span) if (p.ins) inserted.set(p.ins.id, { a: p.ins, text: (inserted.get(p.ins.id)?.text ?? "") + p.text });
      const proposed = [...inserted.values()].sort((x, y) => byTime(x.a, y.a)).map((x) => `“${squash(x.text)}”`).join(" / ");
      const words = [deleted ? `“${deleted}”` : "", proposed].filter(Boolean).join(" → ");
      spans.push({
        from: i,
        to: j,
        span: {
          point,
          words: words.length > 80 ? `${words.slice(0, 77)}…` : words,
          tags: [...new Set(ordered.map(tagOf))],
          changes: ordered.map((a) => a.id),
          primary: ordered[0]!.id,
        },
      });
    }
    i = j;
  }
  return spans;
}

const WORD_START = /^[\p{L}\p{N}(“"‘']/u;

/** Whether every proposal of `b` goes on from `a` (none starts at `b`). */
const startsLike = (a: Piece | undefined, b: Piece): boolean => {
  if (!a) return false;
  const ids = new Set([a.ins?.id, ...a.dels.map((d) => d.id)].filter(Boolean));
  return [b.ins?.id, ...b.dels.map((d) => d.id)].every((id) => id === undefined || ids.has(id));
};

/**
 * The runs of one textblock: its pieces, with the tags after the pieces where proposals end (NT13),
 * a space between struck words and the words proposed instead (NT14), "; " between competing
 * insertions (NT15), whitespace at a proposal's edge printed plain, the trailing one after its tag (NT16).
 */
function emitRuns(
  pieces: readonly Piece[], tagsAfter: (index: number) => NoteTagEntry[] | null, start: readonly NoteTagEntry[],
  change: (a: Attribution) => NoteChange, footnote: (text: string) => string,
): NoteRun[] {
  const out: NoteRun[] = [];
  const endsWithSpace = () => {
    const last = out[out.length - 1];
    return !last || /\s$/.test(last.text);
  };
  const common = (p: Piece): Partial<NoteRun> => ({
    ...(p.em ? { em: true } : {}),
    ...(p.strong ? { strong: true } : {}),
    ...(p.comments.length > 0 ? { comments: p.comments } : {}),
    ...(p.competing !== undefined ? { competing: p.competing } : {}),
  });
  const attrs = (p: Piece): Partial<NoteRun> => ({
    ...common(p),
    ...(p.dels.length > 0 ? { deleted: p.dels.map(change) } : {}),
    ...(p.ins ? { inserted: change(p.ins) } : {}),
  });
  /**
   * Edge whitespace (NT16): the proposals that go on through it (`carried`) keep their strike and
   * underline; those that start or end there are kept in `edgeOf` only.
   */
  const edge = (p: Piece, carried: (id: string) => boolean): Partial<NoteRun> => {
    const ins = p.ins && carried(p.ins.id) ? p.ins : null;
    const dels = p.dels.filter((d) => carried(d.id));
    const edgeIns = p.ins && !carried(p.ins.id) ? p.ins : null;
    const edgeDels = p.dels.filter((d) => !carried(d.id));
    return {
      ...common(p),
      ...(dels.length > 0 ? { deleted: dels.map(change) } : {}),
      ...(ins ? { inserted: change(ins) } : {}),
      ...(edgeIns || edgeDels.length > 0 ? { edgeOf: { ...(edgeIns ? { inserted: change(edgeIns) } : {}), ...(edgeDels.length > 0 ? { deleted: edgeDels.map(change) } : {}) } } : {}),
    };
  };
  const struck = (p: Piece): Partial<NoteRun> => (p.dels.length > 0 ? { deleted: p.dels.map(change) } : {});
  const pushText = (text: string, p: Piece, at: "lead" | "inner" | "trail", neighbour?: Piece) => {
    if (!text) return;
    const ids = new Set(neighbour ? [neighbour.ins?.id, ...neighbour.dels.map((d) => d.id)].filter(Boolean) : []);
    out.push({ kind: "text", text, ...(at === "inner" ? attrs(p) : edge(p, (id) => ids.has(id))) });
  };

  let previousTagged = false;
  if (start.length > 0) {
    out.push({ kind: "tag", text: tagText(start), entries: start });
    previousTagged = true;
  }
  pieces.forEach((p, index) => {
    const previous = pieces[index - 1];
    if (previousTagged && p.alternatives !== undefined && previous?.alternatives === p.alternatives && previous.ins!.id !== p.ins!.id) {
      out.push({ kind: "sep", text: "; " });
    } else if (isPureDeletion(previous) && p.ins !== null && !endsWithSpace() && !/^\s/.test(p.text)) {
      out.push({ kind: "sep", text: " ", ...(p.dels.length > 0 ? struck(p) : {}) });
    } else if (previousTagged && !endsWithSpace() && WORD_START.test(p.text)) {
      out.push({ kind: "sep", text: " " });
    }
    const entries = tagsAfter(index);
    if (p.footnote !== null) {
      out.push({ kind: "footnote", text: footnote(p.footnote), ...attrs(p) });
    } else {
      // whitespace where proposals start is their edge (NT16), and so is whitespace before the tag of proposals that end
      const lead = isChanged(p) && !startsLike(previous, p) ? /^\s*/.exec(p.text)![0] : "";
      const rest = p.text.slice(lead.length);
      const trailing = entries ? /\s*$/.exec(rest)![0] : "";
      pushText(lead, p, "lead", previous);
      pushText(rest.slice(0, rest.length - trailing.length), p, "inner");
      if (entries) {
        if (!endsWithSpace()) out.push({ kind: "sep", text: " ", ...struck(p) });
        out.push({ kind: "tag", text: tagText(entries), entries, ...struck(p) });
        pushText(trailing, p, "trail", pieces[index + 1]);
      }
    }
    if (p.footnote !== null && entries) {
      if (!endsWithSpace()) out.push({ kind: "sep", text: " ", ...struck(p) });
      out.push({ kind: "tag", text: tagText(entries), entries, ...struck(p) });
    }
    previousTagged = entries !== null;
  });
  return mergeRuns(out);
}

const changeKey = (list: readonly NoteChange[] | undefined) => list?.map((c) => c.id).join(",") ?? "";
const runKey = (r: NoteRun): string => JSON.stringify([
  !!r.em, !!r.strong, changeKey(r.deleted), r.inserted?.id ?? "", changeKey(r.edgeOf?.deleted), r.edgeOf?.inserted?.id ?? "", r.comments ?? [], r.competing ?? -1,
]);

/** Adjacent text runs with the same attributes become one. */
function mergeRuns(runs: readonly NoteRun[]): NoteRun[] {
  const out: NoteRun[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && last.kind === "text" && run.kind === "text" && runKey(last) === runKey(run)) {
      out[out.length - 1] = { ...last, text: last.text + run.text };
    } else out.push(run);
  }
  return out;
}
