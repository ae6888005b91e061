import { useMemo } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { ConcordApi } from "../../api/concord.js";
import type { User } from "../../api/types.js";
import type { DelegationNames } from "../../editor/labels.js";
import { lazyPart } from "../../views/lazy-page.js";
import { RoundsApi, type Received } from "./rounds-api.js";
import { textLock, type RoundView } from "./round-model.js";
import { SecretariatRoundSummary } from "./SecretariatRoundSummary.js";
import { useDocumentRounds, type NoticeSource } from "./use-rounds.js";
import "./rounds.css";

// the delegate's forms come in a chunk of their own: the editor does not wait for them (PG1)
const DelegateRoundPanel = lazyPart("round panel", async () => (await import("./DelegateRoundPanel.js")).DelegateRoundPanel);

/**
 * The document page's part of comment rounds: the panel (a delegate's forms, or the Secretariat's
 * summary) and the reason the editor is read only for a delegate now, if it is (RD3).
 */
export function useRoundPanel(api: ConcordApi, documentId: string, user: User, notices: NoticeSource | null, names: DelegationNames): { panel: ComponentChildren; lock: string | null; governing: Received<RoundView> | null } {
  const rounds = useMemo(() => new RoundsApi(api.http), [api]);
  const state = useDocumentRounds(rounds, documentId, notices);
  const { views, governing, now } = state;
  const lock = textLock(governing, user, now);
  let panel: ComponentChildren = null;
  if (views && user.role === "secretariat") {
    panel = <SecretariatRoundSummary documentId={documentId} views={views} governing={governing} now={now} />;
  } else if (governing) {
    // keyed by round: what the panel said about one round never stays on screen in the next
    panel = <DelegateRoundPanel key={governing.round.id} api={rounds} view={governing} now={now} names={names} userId={user.id} onView={state.replace} onReload={() => void state.reload()} />;
  }
  return { panel, lock, governing };
}
