/**
 * A simple HTML rendering of a *document* (not the Secretariat's note, which server/src/export/
 * renders): the masthead, headings, numbered points, lists, and tracked changes as <ins>/<del> with
 * the proposing delegation's tag after each change (the note's convention: "illicit (US) trafficking").
 */
import type { Mark, Node } from "prosemirror-model";
import { numberPoints, pointLabel, type PointKind } from "@concord/shared";

export type TagOf = (delegationCode: string) => string;

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface Attributed { readonly id: string; readonly delegation: string }

/** Inline content: runs of text with their marks, a tag after the last run of each change. */
function inline(node: Node, tagOf: TagOf): string {
  let out = "";
  const children: Node[] = [];
  node.forEach((child) => children.push(child));
  children.forEach((child, i) => {
    let text = escapeHtml(child.text ?? "");
    const marks = [...child.marks].sort((x, y) => order(x) - order(y));
    for (const mark of marks) text = wrap(mark, text);
    out += text;
    const next = children[i + 1];
    for (const change of changesOf(child)) {
      if (!next || !changesOf(next).some((c) => c.id === change.id)) out += ` <span class="tag" data-delegation="${escapeHtml(change.delegation)}">(${escapeHtml(tagOf(change.delegation))})</span>`;
    }
  });
  return out;
}

const changesOf = (node: Node): Attributed[] =>
  node.marks.filter((m) => m.type.name === "insertion" || m.type.name === "deletion").map((m) => m.attrs as Attributed)
    .filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i);

const ORDER = ["comment", "deletion", "insertion", "footnote", "strong", "em"];
const order = (mark: Mark) => ORDER.indexOf(mark.type.name);

function wrap(mark: Mark, html: string): string {
  const a = mark.attrs as Record<string, string>;
  switch (mark.type.name) {
    case "em": return `<em>${html}</em>`;
    case "strong": return `<strong>${html}</strong>`;
    case "footnote": return `<sup class="footnote" title="${escapeHtml(a.text ?? "")}">${html}</sup>`;
    case "insertion": return `<ins data-change="${escapeHtml(a.id!)}" data-delegation="${escapeHtml(a.delegation!)}">${html}</ins>`;
    case "deletion": return `<del data-change="${escapeHtml(a.id!)}" data-delegation="${escapeHtml(a.delegation!)}">${html}</del>`;
    case "comment": return `<span class="comment" data-comment="${escapeHtml(a.id!)}" data-delegation="${escapeHtml(a.delegation!)}">${html}</span>`;
    default: return html;
  }
}

function blockClass(node: Node, base?: string): string {
  const classes: string[] = base ? [base] : [];
  if (node.attrs.insertion) classes.push("inserted");
  if (node.attrs.deletion) classes.push("deleted");
  return classes.length ? ` class="${classes.join(" ")}"` : "";
}

function block(node: Node, labels: Map<Node, string>, tagOf: TagOf): string {
  const children = () => {
    let out = "";
    node.forEach((child) => { out += block(child, labels, tagOf); });
    return out;
  };
  switch (node.type.name) {
    case "metadata": {
      const a = node.attrs as Record<string, string>;
      const lines = [a.organ, a.symbol, a.date, a.title, a.subtitle].filter(Boolean).map((l) => `<p>${escapeHtml(l!)}</p>`).join("");
      return `<header class="masthead">${lines}</header>\n`;
    }
    case "heading": {
      const label = node.attrs.label ? `${escapeHtml(node.attrs.label as string)} ` : "";
      return `<h${node.attrs.level}${blockClass(node)}>${label}${inline(node, tagOf)}</h${node.attrs.level}>\n`;
    }
    case "point":
      return `<section${blockClass(node, "point")} data-point="${escapeHtml(node.attrs.id as string)}"><h4 class="point-label">${escapeHtml(labels.get(node) ?? "")}</h4>\n${children()}</section>\n`;
    case "paragraph": return `<p${blockClass(node)}>${inline(node, tagOf)}</p>\n`;
    case "bullet_list": return `<ul${blockClass(node)}>\n${children()}</ul>\n`;
    case "ordered_list": return `<ol${blockClass(node)} start="${node.attrs.start}">\n${children()}</ol>\n`;
    case "list_item": return `<li${blockClass(node)}>${children()}</li>\n`;
    default: return children();
  }
}

export function pointLabelsByNode(doc: Node): Map<Node, string> {
  return new Map(numberPoints(doc).map((p) => [p.node, pointLabel(p.kind as PointKind, p.number)]));
}

/** A complete HTML page of the document. */
export function renderDocumentHtml(doc: Node, title: string, tagOf: TagOf): string {
  let body = "";
  const labels = pointLabelsByNode(doc);
  doc.forEach((child) => { body += block(child, labels, tagOf); });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Times New Roman", serif; max-width: 48em; margin: 2em auto; line-height: 1.4; }
ins { text-decoration: underline; color: #1a4d8f; } del { color: #8f1a1a; }
.tag { font-size: 0.85em; color: #555; } .comment { background: #fff3c4; }
.inserted { border-left: 3px solid #1a4d8f; padding-left: 0.5em; } .deleted { text-decoration: line-through; }
.point-label { margin-bottom: 0.2em; }
</style>
</head>
<body>
${body}</body>
</html>
`;
}
