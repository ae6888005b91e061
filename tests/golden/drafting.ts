/**
 * Making proposals as delegations do in the editor, through the real engine: every edit is a user
 * transaction passed through `trackTransaction` as the delegation, then checked with
 * `checkDelegateEdit` (the rule the server enforces); comments are anchored as the client anchors them;
 * reasons, comments and co-sponsorships are annotations checked with `checkAnnotationWrite`.
 */
import { EditorState, NodeSelection, TextSelection, type Transaction } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  BLOCKED_META, TRACKED_META, UNTRACKED_META, annotationKey, checkAnnotationWrite, checkDelegateEdit, indexDocument, schema,
  trackTransaction, type Annotation, type Attribution, type TrackingEnv,
} from "@concord/shared";

export interface ProposalOptions {
  /** Which occurrence of the words (0 = first) in the search scope. */
  readonly nth?: number;
  /** Search only within the point with this id. */
  readonly point?: string;
  readonly reason?: string;
}

export class Drafting {
  private state: EditorState;
  private clock: number;
  private ids = 0;
  readonly annotations = new Map<string, Annotation>();
  private readonly env: TrackingEnv;

  constructor(doc: Node, start = "2020-08-01T09:00:00.000Z") {
    this.state = EditorState.create({ schema, doc });
    this.clock = Date.parse(start);
    this.env = { now: () => new Date(this.clock), newId: () => `c${++this.ids}` };
  }

  get doc(): Node { return this.state.doc; }

  /** The current instant, advancing a minute per call. */
  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  /** The range of the `nth` occurrence of `words` in the text as displayed (struck text included). */
  find(words: string, options: ProposalOptions = {}): { from: number; to: number } {
    let seen = 0;
    let found: { from: number; to: number } | null = null;
    const nth = options.nth ?? 0;
    const search = (node: Node, base: number) => {
      node.descendants((child, pos) => {
        if (found) return false;
        if (!child.isTextblock) return true;
        const text = child.textContent;
        for (let i = text.indexOf(words); i >= 0; i = text.indexOf(words, i + 1)) {
          if (seen++ === nth) { found = { from: base + pos + 1 + i, to: base + pos + 1 + i + words.length }; return false; }
        }
        return false;
      });
    };
    if (options.point) {
      this.state.doc.forEach((child, offset) => { if (child.type.name === "point" && child.attrs.id === options.point) search(child, offset + 1); });
    } else search(this.state.doc, 0);
    if (!found) throw new Error(`"${words}" (occurrence ${nth}${options.point ? ` in ${options.point}` : ""}) is not in the text`);
    return found;
  }

  private actor(delegation: string) { return { delegation, author: `${delegation.toLowerCase()}-1` }; }

  private apply(tr: Transaction, delegation: string): string {
    this.tick();
    const before = this.state.doc;
    const tracked = trackTransaction(this.state, tr, this.actor(delegation), this.env);
    const blocked = tracked.getMeta(BLOCKED_META) as { reason: string } | undefined;
    if (blocked) throw new Error(`the engine blocked ${delegation}'s edit: ${blocked.reason}`);
    this.state = this.state.apply(tracked);
    const check = checkDelegateEdit(before, this.state.doc, delegation);
    if (!check.ok) throw new Error(`${delegation}'s edit breaks ${check.violation.rule}: ${check.violation.message}`);
    return (tracked.getMeta(TRACKED_META) as { changeId: string }).changeId;
  }

  private annotate(annotation: Annotation): void {
    const key = annotationKey(annotation);
    const check = checkAnnotationWrite(key, annotation, annotation.delegation, indexDocument(this.state.doc));
    if (!check.ok) throw new Error(`annotation ${key} refused (${check.rule}): ${check.message}`);
    this.annotations.set(key, annotation);
  }

  private withReason(changeId: string, delegation: string, reason: string | undefined): string {
    if (reason !== undefined) {
      this.annotate({ kind: "reason", delegation, author: this.actor(delegation).author, changeId, text: reason, updatedAt: this.tick() });
    }
    return changeId;
  }

  /** `delegation` proposes `by` instead of `words` (a deletion when `by` is empty). */
  replace(words: string, by: string, delegation: string, options: ProposalOptions = {}): string {
    const { from, to } = this.find(words, options);
    let tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, from, to));
    tr = by ? tr.insertText(by) : tr.deleteSelection();
    return this.withReason(this.apply(tr, delegation), delegation, options.reason);
  }

  delete(words: string, delegation: string, options: ProposalOptions = {}): string {
    return this.replace(words, "", delegation, options);
  }

  /** `delegation` selects from the start of the words `from` to the end of the words `to` (in another paragraph, say) and deletes. */
  deleteAcross(from: string, to: string, delegation: string, options: ProposalOptions = {}): string {
    const start = this.find(from, options).from;
    const end = this.find(to, options).to;
    const tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, start, end)).deleteSelection();
    return this.withReason(this.apply(tr, delegation), delegation, options.reason);
  }

  /** `delegation` presses Enter right before the words `before`. */
  split(before: string, delegation: string, options: ProposalOptions = {}): string {
    const pos = this.find(before, options).from;
    const tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, pos)).split(pos);
    return this.withReason(this.apply(tr, delegation), delegation, options.reason);
  }

  /** `delegation` types `text` right before (or after) the words `at`. */
  insert(text: string, where: { before: string } | { after: string }, delegation: string, options: ProposalOptions = {}): string {
    const range = this.find("before" in where ? where.before : where.after, options);
    const pos = "before" in where ? range.from : range.to;
    const tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, pos)).insertText(text);
    return this.withReason(this.apply(tr, delegation), delegation, options.reason);
  }

  /** `delegation` selects the whole point and deletes it. */
  deletePoint(pointId: string, delegation: string, reason?: string): string {
    let at = -1;
    this.state.doc.forEach((child, offset) => { if (child.type.name === "point" && child.attrs.id === pointId) at = offset; });
    if (at < 0) throw new Error(`no point ${pointId}`);
    const tr = this.state.tr.setSelection(NodeSelection.create(this.state.doc, at)).deleteSelection();
    return this.withReason(this.apply(tr, delegation), delegation, reason);
  }

  /** `delegation` comments on `words` (anchored as the editor anchors comments). */
  comment(words: string, delegation: string, text: string, options: ProposalOptions = {}): string {
    const { from, to } = this.find(words, options);
    const createdAt = this.tick();
    const attribution: Attribution = { id: `k${++this.ids}`, delegation, author: this.actor(delegation).author, createdAt };
    const before = this.state.doc;
    this.state = this.state.apply(this.state.tr.addMark(from, to, schema.marks.comment!.create(attribution)).setMeta(UNTRACKED_META, true));
    const check = checkDelegateEdit(before, this.state.doc, delegation);
    if (!check.ok) throw new Error(`${delegation}'s comment anchor breaks ${check.violation.rule}: ${check.violation.message}`);
    this.annotate({ kind: "comment", delegation, author: attribution.author, id: attribution.id, target: { type: "words" }, text, createdAt, updatedAt: createdAt });
    return attribution.id;
  }

  /** `delegation` comments on the whole point. */
  commentPoint(pointId: string, delegation: string, text: string): string {
    const createdAt = this.tick();
    const id = `k${++this.ids}`;
    this.annotate({ kind: "comment", delegation, author: this.actor(delegation).author, id, target: { type: "point", pointId }, text, createdAt, updatedAt: createdAt });
    return id;
  }

  /** `delegation` joins the proposal `changeId`. */
  cosponsor(changeId: string, delegation: string): void {
    this.annotate({ kind: "cosponsor", delegation, author: this.actor(delegation).author, changeId, joinedAt: this.tick() });
  }
}
