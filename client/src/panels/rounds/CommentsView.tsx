import type { ComponentChildren } from "preact";
import type { CommentsNodeJSON } from "@concord/shared";

/** Inline content with its marks (emphasis, strong), as elements. */
function inline(node: CommentsNodeJSON, key: number): ComponentChildren {
  let out: ComponentChildren = node.text ?? "";
  for (const mark of node.marks ?? []) {
    out = mark.type === "strong" ? <strong>{out}</strong> : mark.type === "em" ? <em>{out}</em> : out;
  }
  return <span key={key}>{out}</span>;
}

function block(node: CommentsNodeJSON, key: number): ComponentChildren {
  const children = (node.content ?? []).map((child, i) => (child.type === "text" ? inline(child, i) : block(child, i)));
  switch (node.type) {
    case "paragraph": return <p key={key}>{children}</p>;
    case "bullet_list": return <ul key={key}>{children}</ul>;
    case "ordered_list": return <ol key={key} start={typeof node.attrs?.order === "number" ? node.attrs.order : 1}>{children}</ol>;
    case "list_item": return <li key={key}>{children}</li>;
    default: return <div key={key}>{children}</div>;
  }
}

/** General comments (comments-schema JSON) shown read only, as text elements (never as HTML). */
export function CommentsView({ content, lang, testId }: { content: CommentsNodeJSON; lang?: string; testId?: string }) {
  return <div class="comments-view" lang={lang} data-testid={testId}>{(content.content ?? []).map(block)}</div>;
}
