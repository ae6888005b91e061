import type { ConnectionState } from "../collab/connection.js";

const LABELS: Record<ConnectionState["status"], string> = {
  connecting: "Connecting", syncing: "Syncing", connected: "Connected", offline: "Offline",
  refused: "Edit refused", waiting: "Waiting", closed: "Disconnected", local: "Practice",
};

/**
 * The connection state, always visible in the header (CN1). A polite live region: changes are
 * announced without interrupting; refusals are announced by the refusal notice (an alert).
 */
export function ConnectionStatus({ state, onReconnect }: { state: ConnectionState; onReconnect: () => void }) {
  const canReconnect = state.status === "closed" && state.code !== 4401 && state.code !== 4404;
  return (
    <div class={`connection connection-${state.status}`} data-testid="connection-status" data-state={state.status} data-unsent={state.unsent}>
      <span class="connection-dot" aria-hidden="true" />
      <span role="status" aria-live="polite">
        <strong>{LABELS[state.status]}</strong>
        <span class="connection-message">{state.message}</span>
        {state.readOnly && <span class="connection-readonly"> Read only.</span>}
      </span>
      {canReconnect && <button type="button" class="small" onClick={onReconnect} data-testid="reconnect">Reconnect</button>}
    </div>
  );
}
