/**
 * The author names of the document page (client SPEC CP9): from the signed-in person, the people
 * connected, the server's directory and the page's own names; the directory is asked again when an
 * author it has not answered for appears.
 */
import { useEffect, useMemo } from "preact/hooks";
import type { TrackedChange, TrackedComment } from "@concord/shared";
import type { PresenceGroup } from "../../collab/presence.js";
import type { User } from "../../api/types.js";
import { authorNamer, unansweredAuthors, type DirectoryAuthor } from "./author-names.js";

export function useAuthorNames(options: {
  user: User;
  presence: readonly PresenceGroup[];
  directory: ReadonlyMap<string, DirectoryAuthor> | undefined;
  /** Names the page gives (the practice document's). */
  given: ReadonlyMap<string, string> | undefined;
  items: { readonly changes: readonly TrackedChange[]; readonly comments: readonly TrackedComment[] } | null;
  onUnknown: (() => void) | undefined;
}): (id: string) => string {
  const { user, presence, directory, given, items, onUnknown } = options;
  const connected = useMemo(() => presence.flatMap((g) => g.people.map((p) => [p.id, p.name] as const)), [presence]);
  const name = useMemo(() => authorNamer([
    [[user.id, user.displayName]],
    connected,
    [...(directory?.values() ?? [])].map((a) => [a.id, a.name] as const),
    given ?? [],
  ]), [connected, user, given, directory]);
  useEffect(() => {
    if (!directory || !onUnknown || !items) return;
    const live = new Set([user.id, ...connected.map(([id]) => id)]);
    if (unansweredAuthors([...items.changes, ...items.comments], directory).some((id) => !live.has(id))) onUnknown();
  }, [items, directory]);
  return name;
}
