/**
 * The markup plugin: draws `buildMarkup`'s specs as ProseMirror decorations (MK1–MK5). Rebuilt when
 * the document or the annotations change; the tag of a change is a widget, never document text.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Annotations } from "@concord/shared";
import { buildMarkup, type Markup, type MarkupSpec } from "./markup.js";
import type { DelegationNames } from "./labels.js";

export interface MarkupState {
  readonly markup: Markup;
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
  const build = (state: EditorState | { doc: EditorState["doc"] }, active: string | null): MarkupState => {
    const markup = buildMarkup(state.doc, annotations(), names);
    const specs = labelsOnly ? markup.specs.filter((s) => s.type === "point" || s.type === "heading") : markup.specs;
    return { markup, active, decorations: DecorationSet.create(state.doc, specs.flatMap((s) => decorationsOf(s, active))) };
  };
  return new Plugin<MarkupState>({
    key: markupKey,
    state: {
      init: (_config, state) => build(state, null),
      apply(tr: Transaction, old: MarkupState, _before, after) {
        const meta = tr.getMeta(markupKey) as MarkupMeta | undefined;
        const active = meta && "active" in meta ? meta.active : old.active;
        if (tr.docChanged || (meta && "annotations" in meta) || active !== old.active) return build(after, active);
        return old;
      },
    },
    props: { decorations: (state) => markupKey.getState(state)?.decorations ?? DecorationSet.empty },
  });
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
      })];
    case "tag":
      return [Decoration.widget(spec.pos, () => tagElement(spec.label, spec.ink, spec.delegation, spec.target, spec.id, spec.hasNote), {
        side: 1, marks: [], ignoreSelection: true,
        key: `tag:${spec.target}:${spec.id}:${spec.label}:${spec.ink}:${spec.hasNote}`,
      })];
    case "block": {
      const textblock = spec.nodeType === "paragraph" || spec.nodeType === "heading";
      return [
        Decoration.node(spec.pos, spec.end, {
          class: `c-block c-block-${spec.kind}${spec.wholePoint ? " c-point-deleted" : ""}${spec.id === active ? " is-active" : ""}`,
          style: `--dc:${spec.ink};--dt:${spec.tint}`,
          "data-block-change": spec.kind, "data-change-id": spec.id, "data-delegation": spec.delegation,
        }),
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
        }, { side: -1, marks: [], ignoreSelection: true, key: `block:${spec.kind}:${spec.id}:${spec.label}:${spec.ink}:${textblock}` }),
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
      }, { side: -2, marks: [], ignoreSelection: true, key: `point:${spec.pointId}:${spec.label}` })];
    case "heading":
      return [Decoration.widget(spec.pos + 1, () => {
        const el = document.createElement("span");
        el.className = "heading-label";
        el.textContent = `${spec.label} `;
        return el;
      }, { side: -2, marks: [], ignoreSelection: true, key: `heading:${spec.label}` })];
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
      }, { side: 1, marks: [], ignoreSelection: true, key: `point-comment:${spec.id}:${spec.label}:${spec.ink}` })];
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
