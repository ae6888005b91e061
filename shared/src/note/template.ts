/** Placeholders in the Secretariat's editable wording: `{name}`, with `{{` and `}}` for literal braces. */

export type FillResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly unknown: readonly string[] };

/**
 * `template` with every `{name}` replaced by `facts[name]`; runs of spaces left by an empty fact are
 * collapsed and the result trimmed. Unknown names are reported, all of them.
 */
export function fillTemplate(template: string, facts: Readonly<Record<string, string>>): FillResult {
  const unknown: string[] = [];
  const text = template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (token, name: string | undefined) => {
    if (token === "{{") return "{";
    if (token === "}}") return "}";
    const key = (name ?? "").trim();
    if (!Object.prototype.hasOwnProperty.call(facts, key)) {
      unknown.push(token);
      return token;
    }
    return facts[key]!;
  });
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, text: text.replace(/ {2,}/g, " ").trim() };
}

/** "the United States explained …" → "The United States explained …". */
export const capitalizeFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
