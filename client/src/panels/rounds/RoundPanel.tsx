import { useMemo } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { ConcordApi } from "../../api/concord.js";
import type { User } from "../../api/types.js";
import type { DelegationNames } from "../../editor/labels.js";
import { DelegateRoundPanel } from "./DelegateRoundPanel.js";
import { RoundsApi } from "./rounds-api.js";
import { textLock } from "./round-model.js";
import { SecretariatRoundSummary } from "./SecretariatRoundSummary.js";
import { useDocumentRounds, type NoticeSource } from "./use-rounds.js";
import "./rounds.css";

/**
 * The document page's part of comment rounds: the panel (a delegate's forms, or the Secretariat's
 * summary) and the reason the editor is read only for a delegate now, if it is (RD3).
 */
export function useRoundPanel(api: ConcordApi, documentId: string, user: User, notices: NoticeSource | null, names: DelegationNames): { panel: ComponentChildren; lock: string | null } {
  const rounds = useMemo(() => new RoundsApi(api.http), [api]);
  const state = useDocumentRounds(rounds, documentId, notices);
  const { views, governing, now } = state;
  const lock = textLock(governing, user, now);
  let panel: ComponentChildren = null;
  if (views && user.role === "secretariat") {
    panel = <SecretariatRoundSummary documentId={documentId} views={views} governing={governing} now={now} />;
  } else if (governing) {
    panel = <DelegateRoundPanel api={rounds} view={governing} now={now} names={names} onView={state.replace} onReload={() => void state.reload()} />;
  }
  return { panel, lock };
}
