/**
 * Document builders for tests, in the manner of prosemirror-test-builder:
 *   doc(point(p("States <a>should<b> consider")))  → the node, with `tag.a` and `tag.b` positions.
 * Strings may contain tags `<name>`; `ins(attribution, ...)`, `del(...)` and `comment(...)` wrap text
 * in tracking marks.
 */
import type { Mark, Node } from "prosemirror-model";
import { schema, type Attribution } from "@concord/shared";

export type Tags = Record<string, number>;
export type Tagged = Node & { tag: Tags };
type Child = string | Tagged | MarkedText | Node;

interface MarkedText { readonly marks: readonly Mark[]; readonly children: readonly Child[] }

const TAG = /<(\w+)>/g;

function flatten(children: readonly Child[], marks: readonly Mark[], out: Node[], tags: Tags, start: number): number {
  let pos = start;
  for (const child of children) {
    if (typeof child === "string") {
      let text = "";
      let last = 0;
      for (const m of child.matchAll(TAG)) {
        text += child.slice(last, m.index);
        tags[m[1]!] = pos + text.length;
        last = m.index! + m[0].length;
      }
      text += child.slice(last);
      if (text) {
        out.push(schema.text(text, marks));
        pos += text.length;
      }
    } else if ("children" in child && !("type" in child)) {
      pos = flatten(child.children, child.marks.reduce((set, m) => m.addToSet(set), marks as readonly Mark[]), out, tags, pos);
    } else {
      const node = child as Node;
      const childTags = (node as Partial<Tagged>).tag;
      if (childTags) for (const [name, offset] of Object.entries(childTags)) tags[name] = pos + offset + (node.isLeaf || node.isText ? 0 : 1);
      out.push(marks.length ? node.mark(marks.reduce((set, m) => m.addToSet(set), node.marks)) : node);
      pos += node.nodeSize;
    }
  }
  return pos;
}

function builder(type: string, defaults: Record<string, unknown> = {}) {
  return (attrsOrChild?: Record<string, unknown> | Child, ...rest: Child[]): Tagged => {
    let attrs: Record<string, unknown> = { ...defaults };
    let children: Child[] = rest;
    if (attrsOrChild !== undefined) {
      const isAttrs = typeof attrsOrChild === "object" && attrsOrChild !== null && !("type" in attrsOrChild) && !("children" in attrsOrChild);
      if (isAttrs) attrs = { ...attrs, ...(attrsOrChild as Record<string, unknown>) };
      else children = [attrsOrChild as Child, ...rest];
    }
    const nodeType = schema.nodes[type]!;
    const content: Node[] = [];
    const tags: Tags = {};
    flatten(children, [], content, tags, 0);
    const node = nodeType.createChecked(attrs, content) as Tagged;
    node.tag = tags;
    return node;
  };
}

let pointCounter = 0;
/** Point ids in builders are predictable: p1, p2, … unless given. */
export const resetPointIds = () => { pointCounter = 0; };

export const doc = builder("doc");
export const p = builder("paragraph");
export const h1 = builder("heading", { level: 1 });
export const h2 = builder("heading", { level: 2 });
export const ul = builder("bullet_list");
export const ol = builder("ordered_list");
export const li = builder("list_item");
export const metadata = (attrs: Record<string, unknown> = {}) => schema.nodes.metadata!.create(attrs);
export function point(attrsOrChild?: Record<string, unknown> | Child, ...rest: Child[]): Tagged {
  const make = builder("point");
  const isAttrs = typeof attrsOrChild === "object" && attrsOrChild !== null && !("type" in attrsOrChild) && !("children" in attrsOrChild);
  if (isAttrs) {
    const attrs = attrsOrChild as Record<string, unknown>;
    return make({ id: attrs.id ?? `p${++pointCounter}`, ...attrs }, ...rest);
  }
  return make({ id: `p${++pointCounter}` }, ...(attrsOrChild === undefined ? rest : [attrsOrChild as Child, ...rest]));
}
export const em = (...children: Child[]): MarkedText => ({ marks: [schema.marks.em!.create()], children });
export const ins = (a: Attribution, ...children: Child[]): MarkedText => ({ marks: [schema.marks.insertion!.create(a)], children });
export const del = (a: Attribution, ...children: Child[]): MarkedText => ({ marks: [schema.marks.deletion!.create(a)], children });
export const comment = (a: Attribution, ...children: Child[]): MarkedText => ({ marks: [schema.marks.comment!.create(a)], children });

/** An attribution with a readable id, for tests. */
export function attribution(delegation: string, id: string, author = `${delegation.toLowerCase()}-1`, createdAt = "2020-09-01T10:00:00.000Z"): Attribution {
  return { id, delegation, author, createdAt };
}
