/**
 * The changes panel as values (CP rules in client/SPEC.md): every change and comment, filtered,
 * grouped by point in document order. Pure.
 */
import type { TrackedChange, TrackedComment } from "@concord/shared";
import { formatTag, type DelegationNames } from "../editor/labels.js";

export type EntryKind = "insert" | "delete" | "replace" | "comment";

export type Entry =
  | { readonly type: "change"; readonly id: string; readonly from: number; readonly change: TrackedChange }
  | { readonly type: "comment"; readonly id: string; readonly from: number; readonly comment: TrackedComment };

export interface EntryFilter {
  /** Entries this delegation owns or co-sponsors. */
  readonly delegation: string | null;
  readonly kind: EntryKind | null;
  readonly author: string | null;
}

export const noFilter: EntryFilter = { delegation: null, kind: null, author: null };

export interface PointGroup {
  readonly pointId: string | null;
  /** "Discussion point 3", or "Outside the points" for headings and text between points. */
  readonly label: string;
  readonly entries: readonly Entry[];
}

export const kindOf = (entry: Entry): EntryKind => entry.type === "comment" ? "comment" : entry.change.kind;
const delegationOf = (entry: Entry): string => entry.type === "comment" ? entry.comment.delegation : entry.change.delegation;
const authorOf = (entry: Entry): string => entry.type === "comment" ? entry.comment.author : entry.change.author;

export function matches(entry: Entry, filter: EntryFilter): boolean {
  if (filter.kind !== null && kindOf(entry) !== filter.kind) return false;
  if (filter.author !== null && authorOf(entry) !== filter.author) return false;
  if (filter.delegation !== null) {
    const cosponsors = entry.type === "change" ? entry.change.cosponsors : [];
    if (delegationOf(entry) !== filter.delegation && !cosponsors.includes(filter.delegation)) return false;
  }
  return true;
}

/** The entries matching `filter`, grouped by point; groups and entries in document order (CP1, CP2). */
export function groupEntries(changes: readonly TrackedChange[], comments: readonly TrackedComment[], filter: EntryFilter = noFilter): PointGroup[] {
  const entries: Entry[] = [
    ...changes.map((change): Entry => ({ type: "change", id: change.id, from: change.from, change })),
    ...comments.map((comment): Entry => ({ type: "comment", id: comment.id, from: comment.from, comment })),
  ].filter((e) => matches(e, filter)).sort((a, b) => a.from - b.from || (a.type === b.type ? 0 : a.type === "change" ? -1 : 1));
  const groups: Array<{ pointId: string | null; label: string; entries: Entry[] }> = [];
  for (const entry of entries) {
    const pointId = entry.type === "change" ? entry.change.pointId : entry.comment.pointId;
    const label = groupLabel((entry.type === "change" ? entry.change.point : entry.comment.point));
    const last = groups[groups.length - 1];
    if (last && last.pointId === pointId && last.label === label) last.entries.push(entry);
    else groups.push({ pointId, label, entries: [entry] });
  }
  return groups;
}

/** A point's label as a heading of the panel: "Discussion point 3"; numbered paragraphs ("3.") read "Paragraph 3". */
export function groupLabel(point: string | null): string {
  if (point === null) return "Outside the points";
  const paragraph = /^(\d+)\.$/.exec(point);
  return paragraph ? `Paragraph ${paragraph[1]}` : point;
}

/** The values the filters offer: only those present in the document (CP3). */
export function filterChoices(changes: readonly TrackedChange[], comments: readonly TrackedComment[]): { delegations: string[]; authors: string[]; kinds: EntryKind[] } {
  const delegations = new Set<string>();
  const authors = new Set<string>();
  const kinds = new Set<EntryKind>();
  for (const c of changes) { delegations.add(c.delegation); c.cosponsors.forEach((s) => delegations.add(s)); authors.add(c.author); kinds.add(c.kind); }
  for (const c of comments) { delegations.add(c.delegation); authors.add(c.author); kinds.add("comment"); }
  const order: EntryKind[] = ["insert", "delete", "replace", "comment"];
  return { delegations: [...delegations].sort(), authors: [...authors].sort(), kinds: order.filter((k) => kinds.has(k)) };
}

export const KIND_LABELS: Record<EntryKind, string> = { insert: "Insertions", delete: "Deletions", replace: "Replacements", comment: "Comments" };

/** A one-line summary in the compilation's style, as text: "~~should~~ are encouraged to (US)". */
export function summarize(entry: Entry, names: DelegationNames, blockTypes?: ReadonlyMap<string, readonly string[]>): string {
  if (entry.type === "comment") {
    const c = entry.comment;
    const on = c.target === "point" ? "" : `“${shorten(c.words)}” `;
    return `${on}(${names.tagOf(c.delegation)}: ${shorten(c.text, 160)})`;
  }
  const c = entry.change;
  const parts: string[] = [];
  if (c.deletedText) parts.push(`~~${shorten(c.deletedText)}~~`);
  if (c.insertedText) parts.push(shorten(c.insertedText));
  if (parts.length === 0) parts.push(blockSummary(c, blockTypes?.get(c.id) ?? []));
  return `${parts.join(" ")} ${formatTag(names, c.delegation, c.cosponsors)}`;
}

function blockSummary(c: TrackedChange, types: readonly string[]): string {
  if (c.wholePoint) return "delete the whole point";
  const points = types.filter((t) => t === "point").length;
  if (points > 0) return points === 1 ? "new point" : `${points} new points`;
  if (c.blocks.inserted > 0) return c.blocks.inserted === 1 ? "new paragraph" : `${c.blocks.inserted} new paragraphs`;
  if (c.blocks.deleted > 0) return "join paragraphs";
  return "change";
}

export function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * Whether two entries show the same thing (CP7): texts, reason, co-sponsors, author, kind, point.
 * Positions are left out — typing before a proposal moves it without changing its entry — so the
 * panel re-renders only the entries whose content changed.
 */
export function sameEntryView(a: Entry, aTypes: readonly string[], b: Entry, bTypes: readonly string[]): boolean {
  if (a.type === "comment" || b.type === "comment") {
    if (a.type !== "comment" || b.type !== "comment") return false;
    const x = a.comment;
    const y = b.comment;
    return x.id === y.id && x.delegation === y.delegation && x.author === y.author && x.createdAt === y.createdAt && x.text === y.text
      && x.target === y.target && x.words === y.words && x.point === y.point && x.pointId === y.pointId;
  }
  const x = a.change;
  const y = b.change;
  return x.id === y.id && x.kind === y.kind && x.delegation === y.delegation && x.author === y.author && x.createdAt === y.createdAt
    && x.insertedText === y.insertedText && x.deletedText === y.deletedText && x.point === y.point && x.pointId === y.pointId
    && x.blocks.inserted === y.blocks.inserted && x.blocks.deleted === y.blocks.deleted && x.wholePoint === y.wholePoint
    && x.reason === y.reason && sameList(x.cosponsors, y.cosponsors) && sameList(aTypes, bTypes);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
