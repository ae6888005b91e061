/**
 * Delegation tags in a compilation (IM10): "(US)", "(US: reason)", "(US, Canada)", "(US: Canada)",
 * "(France; Canada: comment)", "(delete discussion point 36, France)", "(US proposal)". Tags map to
 * delegations through the registry's `tag` field (and the name without "the" as an alias).
 */
import { DELEGATIONS, type Delegation } from "../delegations/registry.js";

export interface TagEntry {
  readonly delegation: Delegation;
  /** The reason or comment after "TAG:", or null for a bare tag. */
  readonly text: string | null;
}

export interface TagGroup {
  /** The first entry owns the proposal; the others join it (co-sponsors). */
  readonly entries: readonly TagEntry[];
  /** "(US proposal)": the words are the delegation's proposed text. */
  readonly proposal: boolean;
  /** As printed, with its parentheses. */
  readonly printed: string;
}

export type TagReading =
  | { readonly kind: "group"; readonly group: TagGroup }
  /** Shaped like a tag but naming no delegation of the registry: a warning, the text is kept. */
  | { readonly kind: "unknown"; readonly names: readonly string[] }
  /** An ordinary parenthesis. */
  | { readonly kind: "text" };

let keys: ReadonlyArray<readonly [string, Delegation]> | null = null;

/** Tag strings, longest first, so that "Saudi Arabia" wins over a shorter tag at the same place. */
function tagKeys(): ReadonlyArray<readonly [string, Delegation]> {
  if (keys) return keys;
  const map = new Map<string, Delegation>();
  for (const d of DELEGATIONS) if (!map.has(d.tag)) map.set(d.tag, d);
  for (const d of DELEGATIONS) {
    const name = d.name.replace(/^the /, "");
    if (!map.has(name)) map.set(name, d);
  }
  keys = [...map].sort((a, b) => b[0].length - a[0].length);
  return keys;
}

/** The delegation whose tag is exactly `text`, if any. */
export function delegationByTag(text: string): Delegation | undefined {
  return tagKeys().find(([key]) => key === text)?.[1];
}

function matchTag(s: string, pos: number): { delegation: Delegation; end: number } | null {
  for (const [key, delegation] of tagKeys()) {
    if (!s.startsWith(key, pos)) continue;
    const after = s[pos + key.length];
    if (after === undefined || /[\s:;,)]/.test(after)) return { delegation, end: pos + key.length };
  }
  return null;
}

/** "Canada", "Canada, France", "Canada and France" → their delegations; null when any part is no tag. */
function tagList(text: string): Delegation[] | null {
  const parts = text.split(/\s*(?:,|;|\band\b)\s*/).filter((part) => part !== "");
  if (parts.length === 0) return null;
  const found = parts.map((part) => delegationByTag(part));
  return found.every((d) => d !== undefined) ? (found as Delegation[]) : null;
}

function skipSpaces(s: string, pos: number): number {
  while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  return pos;
}

/** The entries of a group that starts with a tag; null when the text is not such a group. */
function leadingEntries(s: string): { entries: TagEntry[]; proposal: boolean } | null {
  const entries: TagEntry[] = [];
  let proposal = false;
  let pos = 0;
  for (;;) {
    pos = skipSpaces(s, pos);
    if (pos >= s.length && entries.length > 0) break;
    const tag = matchTag(s, pos);
    if (!tag) return null;
    pos = skipSpaces(s, tag.end);
    if (pos >= s.length) { entries.push({ delegation: tag.delegation, text: null }); break; }
    if (/^proposal\s*$/.test(s.slice(pos))) { entries.push({ delegation: tag.delegation, text: null }); proposal = true; break; }
    if (s.startsWith("and ", pos)) { entries.push({ delegation: tag.delegation, text: null }); pos += 4; continue; }
    const c = s[pos];
    if (c === "," || c === ";") { entries.push({ delegation: tag.delegation, text: null }); pos++; continue; }
    if (c !== ":") return null;
    let end = s.length;
    for (let k = pos + 1; k < s.length; k++) {
      if (s[k] !== ";") continue;
      const next = matchTag(s, skipSpaces(s, k + 1));
      if (next && /^\s*(?:[:;,]|$)/.test(s.slice(next.end))) { end = k; break; }
    }
    const text = s.slice(pos + 1, end).trim();
    const joint = text === "" ? [] : tagList(text);
    entries.push({ delegation: tag.delegation, text: joint ? null : text });
    if (joint) for (const delegation of joint) entries.push({ delegation, text: null });
    if (end >= s.length) break;
    pos = end + 1;
  }
  const seen = new Set<string>();
  return { entries: entries.filter((e) => !seen.has(e.delegation.code) && seen.add(e.delegation.code)), proposal };
}

const NAME = /^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|of|and|the|de|la|du|des))*$/u;

/**
 * What the parenthesis `content` (without its parentheses) is. `before` is the text just before it:
 * an all-capital tag of three letters or more ("INTERPOL") right after capitalised words one of which
 * starts with its first letter is an abbreviation — "the International Criminal Police Organization
 * (INTERPOL)" — not a tag.
 */
export function readTag(content: string, before: string): TagReading {
  const s = content.replace(/\*\*?|~~/g, "").replace(/\\([*_~\\])/g, "$1").replace(/\s+/g, " ").trim();
  if (s === "") return { kind: "text" };
  const printed = `(${content})`;
  const leading = leadingEntries(s);
  if (leading) {
    const only = leading.entries.length === 1 && leading.entries[0]!.text === null && !leading.proposal ? leading.entries[0]!.delegation.tag : null;
    if (only && /^[A-Z]{3,}$/.test(only) && s === only && isAbbreviation(only, before)) return { kind: "text" };
    return { kind: "group", group: { entries: leading.entries, proposal: leading.proposal, printed } };
  }
  const trailing = /^(.*\S)\s*,\s*([^,]+)$/.exec(s);
  const owner = trailing ? delegationByTag(trailing[2]!.trim()) : undefined;
  if (trailing && owner) return { kind: "group", group: { entries: [{ delegation: owner, text: trailing[1]! }], proposal: false, printed } };

  const head = s.split(":")[0]!.trim();
  const names = head.replace(/\s+proposal$/, "").split(/\s*[,;]\s*/);
  if (names.every((name) => NAME.test(name))) {
    const unknown = names.filter((name) => !delegationByTag(name));
    const allCapitals = !s.includes(":") && names.every((name) => /^[A-Z]{2,}$/.test(name));
    if (unknown.length > 0 && !allCapitals) return { kind: "unknown", names: unknown };
  }
  return { kind: "text" };
}

const SMALL = /^(?:of|on|and|the|for|in|against|to|de|des|du)$/;

function isAbbreviation(tag: string, before: string): boolean {
  const words = before.replace(/[^\p{L}\s-]/gu, " ").split(/\s+/).filter((w) => w !== "" && !SMALL.test(w)).slice(-15);
  return words.some((word) => /^\p{Lu}/u.test(word) && word[0] === tag[0]);
}
