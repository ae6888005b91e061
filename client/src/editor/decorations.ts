/**
 * The markup plugin: draws `buildMarkup`'s specs as ProseMirror decorations (MK1–MK5). The markup is
 * recomputed when the document or the annotations change, but the decoration set is patched, not
 * rebuilt (MK8): the previous set is mapped over the part of the document that changed and only the
 * decorations whose content or position differs from the fresh markup are removed and added, so that
 * unchanged parts of the document keep the very same decoration objects and the view redraws only
 * what changed. The tag of a change is a widget, never document text.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node } from "prosemirror-model";
import { Mapping, StepMap } from "prosemirror-transform";
import type { Annotations } from "@concord/shared";
import { buildMarkup, type Markup, type MarkupSpec } from "./markup.js";
import type { DelegationNames } from "./labels.js";

export interface MarkupState {
  readonly markup: Markup;
  /** The specs drawn (all of `markup.specs`, or only the labels), in document order. */
  readonly specs: readonly MarkupSpec[];
  readonly decorations: DecorationSet;
  /** The change or comment highlighted (chosen in the panel or under the cursor). */
  readonly active: string | null;
}

/** Meta on a transaction: the annotations changed, or the highlighted item changed. */
export type MarkupMeta = { readonly annotations: true } | { readonly active: string | null };

export const markupKey = new PluginKey<MarkupState>("concord-markup");

/**
 * `labelsOnly` draws only point and heading labels: for the read-only renderings of the text as
 * proposed or as circulated, which show no markup.
 */
export function markupPlugin(annotations: () => Annotations, names: DelegationNames, labelsOnly = false): Plugin<MarkupState> {
  const specsOf = (markup: Markup) => (labelsOnly ? markup.specs.filter((s) => s.type === "point" || s.type === "heading") : markup.specs);
  return new Plugin<MarkupState>({
    key: markupKey,
    state: {
      init: (_config, state) => {
        const markup = buildMarkup(state.doc, annotations(), names);
        const specs = specsOf(markup);
        return { markup, specs, active: null, decorations: DecorationSet.create(state.doc, specs.flatMap((s) => decorationsOf(s, null))) };
      },
      apply(tr: Transaction, old: MarkupState, before, after) {
        const meta = tr.getMeta(markupKey) as MarkupMeta | undefined;
        const active = meta && "active" in meta ? meta.active : old.active;
        const annotationsChanged = !!meta && "annotations" in meta;
        if (!tr.docChanged && !annotationsChanged && active === old.active) return old;
        const markup = buildMarkup(after.doc, annotations(), names);
        const specs = specsOf(markup);
        const window = tr.docChanged ? changedWindow(before.doc, after.doc) : null;
        if (!window) {
          return { markup, specs, active, decorations: patchDecorations(old.decorations, after.doc, specs.flatMap((s) => decorationsOf(s, active))) };
        }
        const mapped = old.decorations.map(new Mapping([window.map]), after.doc);
        const local = !annotationsChanged && active === old.active ? changedSpan(old.specs, specs, window, after.doc) : null;
        if (!local) {
          return { markup, specs, active, decorations: patchDecorations(mapped, after.doc, specs.flatMap((s) => decorationsOf(s, active))) };
        }
        // only [lo, hi] (whole top-level blocks) can differ: diff the decorations there
        const wanted = specs.filter((s) => overlaps(s, local.lo, local.hi)).flatMap((s) => decorationsOf(s, active))
          .filter((d) => d.from <= local.hi && d.to >= local.lo);
        const { remove, add } = decorationDiff(mapped, wanted, local);
        return { markup, specs, active, decorations: remove.length === 0 && add.length === 0 ? mapped : mapped.remove(remove).add(after.doc, add) };
      },
    },
    props: { decorations: (state) => markupKey.getState(state)?.decorations ?? DecorationSet.empty },
  });
}

/** The edit from one document to another as one replaced range: `[start, endA)` of the old became `[start, endB)`. */
export interface ChangedWindow {
  readonly start: number;
  readonly endA: number;
  readonly endB: number;
  readonly map: StepMap;
}

/**
 * The edit from `a` to `b` as one replaced range, or null when their content is the same. Not the
 * transaction's own mapping: y-prosemirror applies every remote change as a replacement of the whole
 * document, through which every decoration would be lost.
 */
export function changedWindow(a: Node, b: Node): ChangedWindow | null {
  const start = a.content.findDiffStart(b.content);
  if (start === null) return null;
  const end = a.content.findDiffEnd(b.content) ?? { a: a.content.size, b: b.content.size };
  // the ends can overlap the start when the change repeats its neighbouring text ("aa" → "aaa")
  const overlap = Math.max(0, start - Math.min(end.a, end.b));
  const endA = end.a + overlap;
  const endB = end.b + overlap;
  return { start, endA, endB, map: new StepMap([start, endA - start, endB - start]) };
}

/** `changedWindow` as a mapping. */
export function changedRange(a: Node, b: Node): Mapping | null {
  const window = changedWindow(a, b);
  return window ? new Mapping([window.map]) : null;
}

/** Every position a spec's decorations sit at (see `decorationsOf`). */
function positionsOf(s: MarkupSpec): number[] {
  switch (s.type) {
    case "inline": return [s.from, s.to];
    case "tag": case "point-comment": return [s.pos];
    case "block": return [s.pos, s.end, s.pos + 1];
    case "point": case "heading": return [s.pos + 1];
  }
}

function overlaps(s: MarkupSpec, lo: number, hi: number): boolean {
  const at = positionsOf(s);
  return Math.min(...at) <= hi && Math.max(...at) >= lo;
}

/** The same spec, content and positions, once the old one's positions are moved past the edit (false when unsure). */
function sameSpec(a: MarkupSpec, b: MarkupSpec, w: ChangedWindow): boolean {
  if (a.type !== b.type) return false;
  const pa = positionsOf(a);
  const pb = positionsOf(b);
  for (let i = 0; i < pa.length; i++) {
    const p = pa[i]!;
    if (p >= w.start && p <= w.endA) return false; // at or inside the edit: where it maps to is not certain
    if ((p < w.start ? p : p + w.endB - w.endA) !== pb[i]) return false;
  }
  switch (a.type) {
    case "inline": { const o = b as typeof a; return a.kind === o.kind && a.id === o.id && a.delegation === o.delegation && a.ink === o.ink; }
    case "tag": { const o = b as typeof a; return a.target === o.target && a.id === o.id && a.delegation === o.delegation && a.label === o.label && a.ink === o.ink && a.hasNote === o.hasNote; }
    case "block": { const o = b as typeof a; return a.kind === o.kind && a.id === o.id && a.delegation === o.delegation && a.nodeType === o.nodeType && a.label === o.label && a.ink === o.ink && a.tint === o.tint && a.wholePoint === o.wholePoint; }
    case "point": { const o = b as typeof a; return a.pointId === o.pointId && a.label === o.label; }
    case "heading": { const o = b as typeof a; return a.label === o.label; }
    case "point-comment": { const o = b as typeof a; return a.id === o.id && a.pointId === o.pointId && a.delegation === o.delegation && a.label === o.label && a.ink === o.ink; }
  }
}

/**
 * Where the drawing can differ after an edit: the specs before and after it are compared in step
 * from both ends (both lists are in document order); the span covering those that differ and the
 * edit itself, widened to whole top-level blocks of `doc` (the new document), or null when most of
 * the document differs (labels renumbered from the start, colours reassigned).
 */
function changedSpan(before: readonly MarkupSpec[], after: readonly MarkupSpec[], w: ChangedWindow, doc: Node): { lo: number; hi: number } | null {
  let head = 0;
  while (head < before.length && head < after.length && sameSpec(before[head]!, after[head]!, w)) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && sameSpec(before[before.length - 1 - tail]!, after[after.length - 1 - tail]!, w)) tail++;
  const middle = after.length - head - tail;
  if (middle > after.length / 2 && middle > 20) return null;
  const shift = (p: number) => (p < w.start ? p : p > w.endA ? p + w.endB - w.endA : w.start);
  let lo = w.start;
  let hi = w.endB;
  for (const s of after.slice(head, after.length - tail)) for (const p of positionsOf(s)) { lo = Math.min(lo, p); hi = Math.max(hi, p); }
  for (const s of before.slice(head, before.length - tail)) for (const p of positionsOf(s)) { lo = Math.min(lo, shift(p)); hi = Math.max(hi, shift(p)); }
  // whole top-level blocks: DecorationSet.find and the filter of the wanted decorations then agree at the edges
  let blockLo = lo;
  let blockHi = hi;
  doc.forEach((child, offset) => {
    const end = offset + child.nodeSize;
    if (offset <= lo && lo < end) blockLo = offset;
    if (offset < hi && hi <= end) blockHi = end;
  });
  return { lo: blockLo, hi: blockHi };
}

/** What a decoration draws and where: equal keys draw the same thing at the same place. */
export const decorationKey = (d: Decoration): string => `${(d.spec as { ckey: string }).ckey}@${d.from}:${d.to}`;

/**
 * The decorations to take out of `current` and to put in, for it to hold exactly `wanted` (by
 * `decorationKey`); within `[lo, hi]` only, when given (then `wanted` holds what belongs there).
 */
export function decorationDiff(current: DecorationSet, wanted: readonly Decoration[], range?: { lo: number; hi: number }): { remove: Decoration[]; add: Decoration[] } {
  const existing = range ? current.find(range.lo, range.hi) : current.find();
  const have = new Set(existing.map(decorationKey));
  const want = new Set<string>();
  const add: Decoration[] = [];
  for (const d of wanted) {
    const key = decorationKey(d);
    want.add(key);
    if (!have.has(key)) add.push(d);
  }
  return { remove: existing.filter((d) => !want.has(decorationKey(d))), add };
}

/**
 * `current` made to hold exactly `wanted`, keeping the decorations that are already right (and with
 * them the structure of the set for the parts of the document they are in); rebuilt from scratch
 * when most of them differ.
 */
export function patchDecorations(current: DecorationSet, doc: Node, wanted: readonly Decoration[]): DecorationSet {
  const { remove, add } = decorationDiff(current, wanted);
  if (remove.length === 0 && add.length === 0) return current;
  if (remove.length + add.length > wanted.length / 2) return DecorationSet.create(doc, [...wanted]);
  return current.remove(remove).add(doc, add);
}

export const markupOf = (state: EditorState): Markup | null => markupKey.getState(state)?.markup ?? null;

function decorationsOf(spec: MarkupSpec, active: string | null): Decoration[] {
  switch (spec.type) {
    case "inline":
      return [Decoration.inline(spec.from, spec.to, {
        class: `c-${spec.kind}${spec.id === active ? " is-active" : ""}`,
        style: `--dc:${spec.ink}`,
        "data-delegation": spec.delegation,
        [spec.kind === "comment" ? "data-comment-id" : "data-change-id"]: spec.id,
      }, { ckey: `inline:${spec.kind}:${spec.id}:${spec.delegation}:${spec.ink}:${spec.id === active}` })];
    case "tag": {
      const key = `tag:${spec.target}:${spec.id}:${spec.delegation}:${spec.label}:${spec.ink}:${spec.hasNote}`;
      return [Decoration.widget(spec.pos, () => tagElement(spec.label, spec.ink, spec.delegation, spec.target, spec.id, spec.hasNote), {
        side: 1, marks: [], ignoreSelection: true, key, ckey: key,
      })];
    }
    case "block": {
      const textblock = spec.nodeType === "paragraph" || spec.nodeType === "heading";
      const markerKey = `block:${spec.kind}:${spec.id}:${spec.delegation}:${spec.label}:${spec.ink}:${textblock}`;
      return [
        Decoration.node(spec.pos, spec.end, {
          class: `c-block c-block-${spec.kind}${spec.wholePoint ? " c-point-deleted" : ""}${spec.id === active ? " is-active" : ""}`,
          style: `--dc:${spec.ink};--dt:${spec.tint}`,
          "data-block-change": spec.kind, "data-change-id": spec.id, "data-delegation": spec.delegation,
        }, { ckey: `node:${markerKey}:${spec.tint}:${spec.wholePoint}:${spec.id === active}` }),
        Decoration.widget(spec.pos + 1, () => {
          const el = document.createElement(textblock ? "span" : "div");
          el.className = `c-block-marker c-block-marker-${spec.kind}`;
          el.style.setProperty("--dc", spec.ink);
          el.dataset.changeId = spec.id;
          el.dataset.delegation = spec.delegation;
          el.dataset.testid = "block-marker";
          el.textContent = spec.label;
          el.setAttribute("aria-label", `${spec.kind === "insert" ? "New" : "Deleted"} ${spec.wholePoint ? "point" : "paragraph"} proposed by ${spec.label.slice(2)}`);
          return el;
        }, { side: -1, marks: [], ignoreSelection: true, key: markerKey, ckey: markerKey }),
      ];
    }
    case "point":
      return [Decoration.widget(spec.pos + 1, () => {
        const el = document.createElement("div");
        el.className = "point-label";
        el.dataset.testid = "point-label";
        el.dataset.pointId = spec.pointId;
        el.textContent = spec.label;
        return el;
      }, { side: -2, marks: [], ignoreSelection: true, key: `point:${spec.pointId}:${spec.label}`, ckey: `point:${spec.pointId}:${spec.label}` })];
    case "heading":
      return [Decoration.widget(spec.pos + 1, () => {
        const el = document.createElement("span");
        el.className = "heading-label";
        el.textContent = `${spec.label} `;
        return el;
      }, { side: -2, marks: [], ignoreSelection: true, key: `heading:${spec.label}`, ckey: `heading:${spec.label}` })];
    case "point-comment":
      return [Decoration.widget(spec.pos, () => {
        const el = document.createElement("div");
        el.className = "c-point-comment";
        el.style.setProperty("--dc", spec.ink);
        el.dataset.commentId = spec.id;
        el.dataset.delegation = spec.delegation;
        el.dataset.testid = "point-comment";
        el.textContent = spec.label;
        return el;
      }, { side: 1, marks: [], ignoreSelection: true, key: `point-comment:${spec.id}:${spec.delegation}:${spec.label}:${spec.ink}`, ckey: `point-comment:${spec.id}:${spec.delegation}:${spec.label}:${spec.ink}` })];
  }
}

function tagElement(label: string, ink: string, delegation: string, target: "change" | "comment", id: string, hasNote: boolean): HTMLElement {
  const el = document.createElement("span");
  el.className = `c-tag c-tag-${target}${hasNote ? " has-note" : ""}`;
  el.style.setProperty("--dc", ink);
  el.dataset.delegation = delegation;
  el.dataset.testid = target === "change" ? "change-tag" : "comment-tag";
  if (target === "change") el.dataset.changeId = id;
  else el.dataset.commentId = id;
  el.textContent = label;
  return el;
}
