/**
 * Names for the account ids that author proposals and comments (client SPEC CP9): the changes panel
 * and its author filter show a person's name whether or not they are connected. Pure.
 */

import type { DocumentAuthors } from "@concord/shared/contract";

/** An author the server's directory knows (`GET /api/documents/:id/authors`); `name` null: no such account. */
export type DirectoryAuthor = DocumentAuthors["authors"][number];

/** What is shown for an author whom no source names (an import, a removed account). */
export const UNKNOWN_AUTHOR = "Unknown author";

/**
 * The name of each author id, from the first source that knows it — the signed-in person, the people
 * connected now, the server's directory, names given by the page (the practice document) — and
 * otherwise `UNKNOWN_AUTHOR`, never the id.
 */
export function authorNamer(sources: ReadonlyArray<Iterable<readonly [string, string | null]>>): (id: string) => string {
  const known = new Map<string, string>();
  for (const source of sources) {
    for (const [id, name] of source) if (name && !known.has(id)) known.set(id, name);
  }
  return (id) => known.get(id) ?? UNKNOWN_AUTHOR;
}

/** The author ids of `items` that `directory` has not answered for yet (to ask the server again). */
export function unansweredAuthors(items: Iterable<{ readonly author: string }>, directory: ReadonlyMap<string, unknown>): string[] {
  const missing = new Set<string>();
  for (const item of items) if (!directory.has(item.author)) missing.add(item.author);
  return [...missing].sort();
}
