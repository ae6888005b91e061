/** Placeholders in the Secretariat's editable wording: `{name}`, with `{{` and `}}` for literal braces. */

export type FillResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly unknown: readonly string[] };

/** Where a sentence ends: ". ", "? ", "! ", also after a closing quote or bracket. */
const SENTENCE_END = /[.!?][”’"')\]]*\s+$/;

/**
 * `template` with every `{name}` replaced by `facts[name]`; runs of spaces left by an empty fact are
 * collapsed and the result trimmed. A value that starts a sentence — at the start of the text or after
 * a full stop, question or exclamation mark — starts with a capital letter ("… text. Seven delegations
 * were invited"); the Secretariat's own words are left as written (NT5). Unknown names are reported,
 * all of them.
 */
export function fillTemplate(template: string, facts: Readonly<Record<string, string>>): FillResult {
  const unknown: string[] = [];
  let out = "";
  let last = 0;
  for (const match of template.matchAll(/\{\{|\}\}|\{([^{}]*)\}/g)) {
    out += template.slice(last, match.index);
    last = match.index + match[0].length;
    const token = match[0];
    if (token === "{{") { out += "{"; continue; }
    if (token === "}}") { out += "}"; continue; }
    const key = (match[1] ?? "").trim();
    if (!Object.prototype.hasOwnProperty.call(facts, key)) {
      unknown.push(token);
      out += token;
      continue;
    }
    const value = facts[key]!;
    out += out.trim() === "" || SENTENCE_END.test(out) ? capitalizeFirst(value) : value;
  }
  out += template.slice(last);
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, text: out.replace(/ {2,}/g, " ").trim() };
}

/** "the United States explained …" → "The United States explained …". */
export const capitalizeFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
