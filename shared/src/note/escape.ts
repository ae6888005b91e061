/**
 * The one escaper of text put into HTML and CSS by every renderer of negotiated text (the note, a
 * document's exports, the in-app preview): text and attribute values, and CSS string literals inside
 * a `<style>` element.
 */

const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` safe as HTML text and as a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML[c]!);

/**
 * `text` as a CSS string literal ("…") safe inside a `<style>` element: quotes and backslashes are
 * escaped, and so is every character that could end the element or the string (`<`, `>`, `&`, line
 * breaks and other control characters), as CSS hex escapes.
 */
export const cssString = (text: string): string =>
  `"${[...text].map((c) => {
    if (c === "\\" || c === '"') return `\\${c}`;
    const code = c.codePointAt(0)!;
    return c === "<" || c === ">" || c === "&" || code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? `\\${code.toString(16)} ` : c;
  }).join("")}"`;
