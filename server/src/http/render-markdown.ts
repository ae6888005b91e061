/**
 * A simple Markdown rendering of a *document* (the Secretariat's note has its own renderers in
 * server/src/export/). Proposals follow the note's conventions: `~~deleted~~`, `<ins>inserted</ins>`,
 * then the delegation's tag after the change: `~~should~~ <ins>are encouraged to</ins> (US)`.
 */
import type { Mark, Node } from "prosemirror-model";
import { pointLabelsByNode, type TagOf } from "./render-html.js";

interface Attributed { readonly id: string; readonly delegation: string }

const changesOf = (node: Node): Attributed[] =>
  node.marks.filter((m) => m.type.name === "insertion" || m.type.name === "deletion").map((m) => m.attrs as Attributed)
    .filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i);

/** Escapes what Markdown would read as formatting. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\`*_~[\]<>#|])/g, "\\$1");

function wrap(mark: Mark, md: string): string {
  switch (mark.type.name) {
    case "em": return `*${md}*`;
    case "strong": return `**${md}**`;
    case "insertion": return `<ins>${md}</ins>`;
    case "deletion": return `~~${md}~~`;
    default: return md;
  }
}

const ORDER = ["deletion", "insertion", "strong", "em", "footnote", "comment"];

function inline(node: Node, tagOf: TagOf, footnotes: string[]): string {
  let out = "";
  const children: Node[] = [];
  node.forEach((child) => children.push(child));
  children.forEach((child, i) => {
    const text = child.text ?? "";
    // keep spaces outside the emphasis markers, where Markdown needs them
    const lead = /^\s*/.exec(text)![0];
    const trail = text.length > lead.length ? /\s*$/.exec(text)![0] : "";
    let md = escapeMarkdown(text.slice(lead.length, text.length - trail.length));
    for (const mark of [...child.marks].sort((x, y) => ORDER.indexOf(y.type.name) - ORDER.indexOf(x.type.name))) {
      if (mark.type.name === "footnote") {
        footnotes.push(String(mark.attrs.text));
        md = `${md}[^${footnotes.length}]`;
      } else if (md) md = wrap(mark, md);
    }
    // the tag follows the change's last words, before the space that ends them
    let tags = "";
    const next = children[i + 1];
    for (const change of changesOf(child)) {
      if (!next || !changesOf(next).some((c) => c.id === change.id)) tags += ` (${tagOf(change.delegation)})`;
    }
    out += lead + md + tags + trail;
  });
  return out;
}

function block(node: Node, labels: Map<Node, string>, tagOf: TagOf, footnotes: string[], indent = ""): string {
  const struck = (md: string) => (node.attrs.deletion ? `~~${md}~~` : md);
  switch (node.type.name) {
    case "metadata": {
      const a = node.attrs as Record<string, string>;
      return [a.organ, a.symbol, a.date, a.title, a.subtitle].filter(Boolean).map((l) => escapeMarkdown(l!)).join("  \n") + "\n\n";
    }
    case "heading": {
      const label = node.attrs.label ? `${escapeMarkdown(node.attrs.label as string)} ` : "";
      return `${"#".repeat(node.attrs.level as number)} ${struck(label + inline(node, tagOf, footnotes))}\n\n`;
    }
    case "point": {
      let out = `**${labels.get(node) ?? ""}**${node.attrs.insertion ? ` (new point proposed by ${tagOf((node.attrs.insertion as Attributed).delegation)})` : ""}${node.attrs.deletion ? ` (deletion proposed by ${tagOf((node.attrs.deletion as Attributed).delegation)})` : ""}\n\n`;
      node.forEach((child) => { out += block(child, labels, tagOf, footnotes, indent); });
      return out;
    }
    case "paragraph": return `${indent}${struck(inline(node, tagOf, footnotes))}\n\n`;
    case "bullet_list":
    case "ordered_list": {
      let out = "";
      let n = (node.attrs.start as number | undefined) ?? 1;
      node.forEach((item) => {
        const marker = node.type.name === "bullet_list" ? "- " : `${n++}. `;
        let first = true;
        item.forEach((child) => {
          const text = block(child, labels, tagOf, footnotes, indent + " ".repeat(marker.length)).trimStart();
          out += first ? `${indent}${marker}${text}` : `${indent}${" ".repeat(marker.length)}${text}`;
          first = false;
        });
      });
      return out;
    }
    default: return "";
  }
}

export function renderDocumentMarkdown(doc: Node, tagOf: TagOf): string {
  const labels = pointLabelsByNode(doc);
  const footnotes: string[] = [];
  let out = "";
  doc.forEach((child) => { out += block(child, labels, tagOf, footnotes); });
  if (footnotes.length) out += footnotes.map((text, i) => `[^${i + 1}]: ${escapeMarkdown(text)}`).join("\n") + "\n";
  return out.replace(/\n{3,}/g, "\n\n");
}
