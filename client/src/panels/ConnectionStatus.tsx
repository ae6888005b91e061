import type { ConnectionState } from "../collab/connection.js";

const LABELS: Record<ConnectionState["status"], string> = {
  connecting: "Connecting", syncing: "Syncing", connected: "Connected", offline: "Offline",
  refused: "Edit refused", waiting: "Waiting", closed: "Disconnected", local: "Practice",
};

/**
 * The connection state, always visible in the document's head (CN1). A polite live region: changes
 * are announced without interrupting; refusals are announced by the refusal notice (an alert). The
 * message is the page's (`connectionMessage`): a person who cannot write is never told that their
 * changes are shared.
 */
export function ConnectionStatus({ state, cannotWrite = false, onReconnect }: { state: ConnectionState; cannotWrite?: boolean; onReconnect: () => void }) {
  const canReconnect = state.status === "closed" && state.code !== 4401 && state.code !== 4404;
  const label = LABELS[state.status];
  // "Connected Connected: …" says it twice: the label stands for the message's own first word
  const repeats = state.message.startsWith(`${label}:`);
  const message = repeats ? state.message.slice(label.length + 1).trimStart() : state.message;
  return (
    <div class={`connection connection-${state.status}`} data-testid="connection-status" data-state={state.status} data-unsent={state.unsent} data-read-only={cannotWrite ? "true" : "false"}>
      <span class="connection-dot" aria-hidden="true" />
      <span role="status" aria-live="polite">
        <strong>{label}{repeats ? ":" : ""}</strong>
        <span class="connection-message">{message}</span>
      </span>
      {canReconnect && <button type="button" class="small" onClick={onReconnect} data-testid="reconnect">Reconnect</button>}
    </div>
  );
}
