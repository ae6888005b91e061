import type { Mark, Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import type { Attribution } from "../schema/attribution.js";
import { byDelegation } from "./actor.js";
import { changedWindow, sameDocument, subDocument } from "./compare.js";
import { blockDeletion, blockInsertion, isAttributedMark, markAttribution } from "./marks.js";
import { reviewChanges } from "./review.js";

/** Why a delegate's edit is refused. `rule` names the rule of SPEC.md it breaks. */
export interface Violation {
  readonly rule: string;
  readonly message: string;
}

export type EditCheck = { readonly ok: true } | { readonly ok: false; readonly violation: Violation };

export interface CheckOptions {
  /** When given, every new attribution of the delegation must name this author (TC18). */
  readonly author?: string;
  /** When given, no new attribution may be dated after this instant plus `clockSkewMs` (TC18). */
  readonly now?: Date;
  readonly clockSkewMs?: number;
  /**
   * The delegations whose attributions carry this change id in `after` (TC17), when the caller keeps
   * that index up to date (`AttributionOwners`); without it `after` is read whole for every edit that
   * makes a new attribution.
   */
  readonly ownersOf?: (changeId: string) => Iterable<string> | undefined;
}

/**
 * The document as it would be if `delegation` had never proposed anything: its insertions removed,
 * its deletions and block-level changes rejected, its comment anchors dropped (TC15).
 */
export function withoutDelegation(doc: Node, delegation: string): Node {
  const tr = reviewChanges(new Transform(doc), byDelegation(delegation), "reject");
  const anchors: Array<{ from: number; to: number; mark: Mark }> = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (mark.type.name === "comment" && mark.attrs.delegation === delegation) anchors.push({ from: pos, to: pos + node.nodeSize, mark });
    }
    return false;
  });
  for (const { from, to, mark } of anchors) tr.removeMark(from, to, mark);
  return tr.doc;
}

/**
 * The rule the server enforces on every update of a delegate (TC15–TC18): an edit of `delegation` is
 * valid only if withdrawing all of that delegation's proposals from `after` gives exactly what
 * withdrawing them from `before` gives. So the delegation may add, change or withdraw its own
 * proposals and nothing else: no untracked text, no change to another delegation's marks, no change
 * of structure or attributes outside its own block-level proposals.
 * Only the top-level blocks that differ are examined, so the cost follows the size of the edit.
 */
export function checkDelegateEdit(before: Node, after: Node, delegation: string, options: CheckOptions = {}): EditCheck {
  const window = changedWindow([before, after]);
  if (!window) return { ok: true };
  const b = subDocument(before, window.start, window.ends[0]!);
  const a = subDocument(after, window.start, window.ends[1]!);
  if (!sameDocument(withoutDelegation(b, delegation), withoutDelegation(a, delegation))) {
    return { ok: false, violation: diagnose(b, a, delegation) };
  }
  const fresh = newAttributions(b, a, delegation);
  for (const attribution of fresh.values()) {
    if (options.author !== undefined && attribution.author !== options.author) {
      return fail("TC18", `change ${attribution.id} names author ${JSON.stringify(attribution.author)}, but the edit was made by ${JSON.stringify(options.author)}`);
    }
    if (options.now && Date.parse(attribution.createdAt) > options.now.getTime() + (options.clockSkewMs ?? 5 * 60_000)) {
      return fail("TC18", `change ${attribution.id} is dated ${attribution.createdAt}, in the future of ${options.now.toISOString()}`);
    }
  }
  if (fresh.size > 0) {
    const ownersOf = options.ownersOf ?? ((owners) => (id: string) => owners.get(id))(attributionOwners(after));
    for (const id of fresh.keys()) {
      const other = [...(ownersOf(id) ?? [])].find((d) => d !== delegation);
      if (other) return fail("TC17", `change id ${id} already belongs to ${other}; ${delegation} cannot reuse it`);
    }
  }
  return { ok: true };
}

const fail = (rule: string, message: string): EditCheck => ({ ok: false, violation: { rule, message } });

type AttributionVisitor = (attribution: Attribution, kind: string, text: string) => void;

/** The attributions `node` itself carries: block-level ones on a block, attributed marks on inline content. */
function nodeAttributions(node: Node, visit: AttributionVisitor): void {
  for (const kind of ["insertion", "deletion"] as const) {
    const attribution = kind === "insertion" ? blockInsertion(node) : blockDeletion(node);
    if (attribution && node.isBlock) visit(attribution, `block ${kind} on ${node.type.name}`, "");
  }
  if (node.isInline) {
    for (const mark of node.marks) if (isAttributedMark(mark)) visit(markAttribution(mark), mark.type.name, node.text ?? "");
  }
}

/** Every attribution below `doc`, once per node that carries it. */
function attributions(doc: Node, visit: AttributionVisitor): void {
  doc.descendants((node) => {
    nodeAttributions(node, visit);
    return true;
  });
}

/** Every attribution in `block` and below it, once per node that carries it. */
export function blockAttributions(block: Node, visit: AttributionVisitor): void {
  nodeAttributions(block, visit);
  attributions(block, visit);
}

function newAttributions(before: Node, after: Node, delegation: string): Map<string, Attribution> {
  const known = new Set<string>();
  attributions(before, (a) => { if (a.delegation === delegation) known.add(a.id); });
  const fresh = new Map<string, Attribution>();
  attributions(after, (a) => { if (a.delegation === delegation && !known.has(a.id)) fresh.set(a.id, a); });
  return fresh;
}

function attributionOwners(doc: Node): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  attributions(doc, (a) => {
    let set = owners.get(a.id);
    if (!set) owners.set(a.id, (set = new Set()));
    set.add(a.delegation);
  });
  return owners;
}

/** Names what an invalid edit did, as precisely as a comparison of the two windows allows. */
function diagnose(before: Node, after: Node, delegation: string): Violation {
  const count = (doc: Node) => {
    const items = new Map<string, { n: number; attribution: Attribution; kind: string }>();
    attributions(doc, (attribution, kind, text) => {
      if (attribution.delegation === delegation) return;
      const key = `${kind}|${JSON.stringify(attribution)}|${text}`;
      const item = items.get(key);
      if (item) item.n++;
      else items.set(key, { n: 1, attribution, kind });
    });
    return items;
  };
  const was = count(before);
  const now = count(after);
  for (const [key, item] of now) {
    if ((was.get(key)?.n ?? 0) < item.n) {
      const existed = [...was.values()].some((w) => w.attribution.id === item.attribution.id);
      return {
        rule: existed ? "TC16" : "TC17",
        message: existed
          ? `${delegation} may not alter the ${item.kind} of ${item.attribution.delegation} (change ${item.attribution.id})`
          : `${delegation} may not write a ${item.kind} in the name of ${item.attribution.delegation}`,
      };
    }
  }
  for (const [key, item] of was) {
    if ((now.get(key)?.n ?? 0) < item.n) {
      return { rule: "TC16", message: `${delegation} may not remove or alter the ${item.kind} of ${item.attribution.delegation} (change ${item.attribution.id})` };
    }
  }
  const lengthBefore = withoutDelegation(before, delegation).textContent.length;
  const lengthAfter = withoutDelegation(after, delegation).textContent.length;
  const what = lengthAfter > lengthBefore ? "inserts text without tracking it"
    : lengthAfter < lengthBefore ? "deletes text without tracking it"
    : "changes text, structure or attributes outside its own proposals";
  return { rule: "TC15", message: `the edit of ${delegation} ${what}` };
}
