import type { Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import { blockAttributions } from "./check.js";
import { changedWindow, sameDocument, subDocument } from "./compare.js";
import { reviewChanges, type Decision } from "./review.js";

/** What an edit did to the changes of a document (TC23). */
export interface DecidedChanges {
  /** Change ids the edit resolved, all by one decision that explains the edit exactly. */
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /**
   * Change ids the edit resolved where no single decision explains it (several decisions at once, or
   * a review together with direct edits): gone, but not attributable to accept or reject.
   */
  readonly resolved: readonly string[];
}

const NOTHING: DecidedChanges = { accepted: [], rejected: [], resolved: [] };

/**
 * The change ids that were in `before` and are in no part of `after`, and whether accepting (or
 * rejecting) exactly those ids turns `before` into `after` (TC23). Only the top-level blocks that
 * differ are read; `survives(id)` says whether an id still occurs anywhere in `after` (the server
 * passes its owners index; by default `after` is scanned).
 */
export function decidedChanges(before: Node, after: Node, survives?: (id: string) => boolean): DecidedChanges {
  const window = changedWindow([before, after]);
  if (!window) return NOTHING;
  const was = subDocument(before, window.start, window.ends[0]!);
  const is = subDocument(after, window.start, window.ends[1]!);
  const present = survives ?? idsIn(after);
  const gone = new Set<string>();
  was.forEach((block) => blockAttributions(block, (a) => { if (!present(a.id)) gone.add(a.id); }));
  if (gone.size === 0) return NOTHING;
  const ids = [...gone];
  const explains = (decision: Decision) => sameDocument(reviewChanges(new Transform(was), (a) => gone.has(a.id), decision).doc, is);
  if (explains("accept")) return { ...NOTHING, accepted: ids };
  if (explains("reject")) return { ...NOTHING, rejected: ids };
  return { ...NOTHING, resolved: ids };
}

function idsIn(doc: Node): (id: string) => boolean {
  const ids = new Set<string>();
  doc.forEach((block) => blockAttributions(block, (a) => ids.add(a.id)));
  return (id) => ids.has(id);
}
