/** Who is connected, grouped by delegation (PR1), from the awareness of the session's current generation. */
import { useEffect, useState } from "preact/hooks";
import type { DocumentSession } from "../../collab/document-session.js";
import { groupPresence, type PresenceGroup } from "../../collab/presence.js";

export function usePresence(session: DocumentSession, generation: number, userId: string, tagOf: (code: string) => string): PresenceGroup[] {
  const [presence, setPresence] = useState<PresenceGroup[]>([]);
  useEffect(() => {
    const awareness = session.awareness;
    if (!awareness) { setPresence([]); return; }
    // awareness changes with every remote cursor move; who is here changes far less often
    let shown = "";
    const update = () => {
      const groups = groupPresence(awareness.getStates() as Map<number, Record<string, unknown>>, userId, tagOf);
      const key = JSON.stringify(groups);
      if (key === shown) return;
      shown = key;
      setPresence(groups);
    };
    awareness.on("change", update);
    update();
    return () => awareness.off("change", update);
  }, [session, generation]);
  return presence;
}
