import { useEffect, useMemo, useState } from "preact/hooks";
import { DELEGATIONS } from "@concord/shared";
import type { Role, User } from "../api/types.js";
import { LocalSession } from "../collab/local.js";
import { practiceAnnotations, practiceDocument } from "../practice/sample.js";
import type { DelegationNames } from "../editor/labels.js";
import { Workspace } from "./Workspace.js";
import { routeHash, type DocumentView } from "./routes.js";

const PRACTICE_AUTHOR = "practice-you";
const PRACTICE_AUTHORS: ReadonlyMap<string, string> = new Map([
  ["practice-us", "A. Smith (United States)"], ["practice-ca", "L. Roy (Canada)"], ["practice-fr", "C. Martin (France)"],
]);

/**
 * The practice document: the real editor on a local copy of a Chair's summary with proposals in it.
 * The person chooses whom they act as; nothing is sent or saved.
 */
export function Practice({ view, names, user }: { view: DocumentView; names: DelegationNames; user: User | null }) {
  const [as, setAs] = useState<string>(() => user?.role === "secretariat" ? "secretariat" : user?.delegation?.code ?? "USA");
  const session = useMemo(() => new LocalSession(practiceDocument(), practiceAnnotations()), []);
  useEffect(() => () => session.destroy(), [session]);
  const practiceUser = useMemo((): User => {
    const role: Role = as === "secretariat" ? "secretariat" : as === "observer" ? "observer" : "delegate";
    const d = DELEGATIONS.find((x) => x.code === as);
    return {
      id: PRACTICE_AUTHOR, username: "practice", displayName: user?.displayName ?? "You", role,
      delegation: role === "delegate" && d ? { code: d.code, name: d.name, tag: d.tag } : null,
    };
  }, [as, user]);
  return (
    <div class="practice">
      <div class="practice-bar" role="note">
        <label>Practise as
          <select value={as} onChange={(e) => setAs(e.currentTarget.value)} data-testid="practice-as">
            {DELEGATIONS.filter((d) => d.kind !== "chair").map((d) => <option key={d.code} value={d.code}>a delegate of {names.nameOf(d.code)}</option>)}
            <option value="secretariat">the Secretariat</option>
            <option value="observer">an observer</option>
          </select>
        </label>
        <span>This practice document lives only in this window.</span>
      </div>
      <Workspace key={as} session={session} user={practiceUser} title="Practice: Chair's summary (Working Group on Firearms, July 2020)" view={view} names={names} authors={PRACTICE_AUTHORS}
        onView={(v) => { window.location.hash = routeHash({ name: "practice", view: v }); }} />
    </div>
  );
}
