/**
 * The connection to the collaboration server as a state machine (CN rules in client/SPEC.md): what
 * the person sees (connected, syncing, offline, refused, …) and what the session must do after each
 * event. Pure: time comes in the events.
 */
import { CLOSE } from "@concord/shared/contract/codes";
import type { Notice } from "./notice.js";

export type ConnectionStatus = "connecting" | "syncing" | "connected" | "offline" | "refused" | "waiting" | "closed" | "local";

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** A sentence for the person, always present. */
  readonly message: string;
  /** The close code of the last server close, if any. */
  readonly code: number | null;
  /** The notice that came with the last close (or the last informational notice). */
  readonly notice: Notice | null;
  /** The server refuses writes from this connection (round closed, observer): the editor is read-only. */
  readonly readOnly: boolean;
  /** Local updates made since the last sync (kept in IndexedDB until they are sent). */
  readonly unsent: number;
  /** When the local state was discarded after a refusal, most recent last (loop protection, CN6). */
  readonly discards: readonly number[];
}

export type ConnectionEvent =
  | { readonly type: "connecting" }
  | { readonly type: "open" }
  | { readonly type: "synced" }
  | { readonly type: "disconnected" }
  | { readonly type: "local-update" }
  | { readonly type: "notice"; readonly notice: Notice }
  | { readonly type: "closed"; readonly code: number; readonly reason: string; readonly at: number }
  | { readonly type: "reconnect" }
  /** The session connects again: with a fresh document after a discard, or after waiting (CN7). */
  | { readonly type: "retry" };

/** What the session does after a transition. */
export type ConnectionAction =
  | { readonly type: "none" }
  /** Throw away the local Yjs state (and IndexedDB), start a fresh document, offer a draft (CN3). */
  | { readonly type: "discard" }
  /** Connect again with the same local state after `delayMs` (CN7). */
  | { readonly type: "wait"; readonly delayMs: number }
  /** Stop connecting (signed out, document gone, refused repeatedly). */
  | { readonly type: "stop" }
  | { readonly type: "connect" };

export interface Transition {
  readonly state: ConnectionState;
  readonly action: ConnectionAction;
}

export const initialConnection: ConnectionState = {
  status: "connecting", message: "Connecting…", code: null, notice: null, readOnly: false, unsent: 0, discards: [],
};

/** More discards than this within `LOOP_WINDOW_MS` stop the session until the person reconnects (CN6). */
export const MAX_DISCARDS = 3;
export const LOOP_WINDOW_MS = 60_000;
/** How long to wait after 4429 (too many refusals) before connecting again. */
export const TOO_MANY_WAIT_MS = 30_000;

const none: ConnectionAction = { type: "none" };

/** Human text for a server close code, used when no notice explained it. */
export function closeMessage(code: number): string {
  switch (code) {
    case CLOSE.malformed: return "The server could not read an update from this browser.";
    case CLOSE.unauthenticated: return "Your session has expired. Sign in again to continue.";
    case CLOSE.forbidden: return "You may not change this document.";
    case CLOSE.unknownDocument: return "This document no longer exists.";
    case CLOSE.refused: return "The server refused your last edit.";
    case CLOSE.tooLarge: return "Your last edit was too large for the server.";
    case CLOSE.closedRound: return "The deadline for comments has passed: the document can no longer be changed.";
    case CLOSE.tooManyRefusals: return "Too many edits were refused.";
    case CLOSE.serverError: return "The server had an error.";
    default: return "The connection was lost.";
  }
}

function describe(status: ConnectionStatus, unsent: number): string {
  switch (status) {
    case "connecting": return "Connecting…";
    case "syncing": return "Syncing with the server…";
    case "connected": return "Connected: changes are shared as you type.";
    case "offline": return unsent > 0
      ? "Offline: your unsent edits are kept on this device and will be sent when the connection returns."
      : "Offline: reconnecting…";
    default: return "";
  }
}

/** The next state and what to do, after `event` (CN1–CN7). */
export function nextConnection(state: ConnectionState, event: ConnectionEvent): Transition {
  const to = (status: ConnectionStatus, patch: Partial<ConnectionState> = {}, action: ConnectionAction = none): Transition => {
    const next = { ...state, status, ...patch };
    return { state: { ...next, message: patch.message ?? describe(status, next.unsent) }, action };
  };
  // once refused, waiting or closed, only a fresh connection (or the person) moves the state on
  const settled = state.status === "closed" || state.status === "waiting";
  switch (event.type) {
    case "connecting":
      if (settled) return { state, action: none };
      return to(state.status === "offline" ? "offline" : state.status === "refused" ? "refused" : "connecting", { message: state.status === "refused" ? state.message : undefined });
    case "open":
      if (settled) return { state, action: none };
      return to("syncing", state.status === "refused" ? { message: state.message } : {});
    case "synced":
      if (settled) return { state, action: none };
      return to("connected", { unsent: 0, notice: null });
    case "disconnected":
      if (settled || state.status === "refused") return { state, action: none };
      return to("offline");
    case "local-update": {
      // connected, nothing is kept unsent: the very same state, so that nobody re-renders per keystroke
      if (state.status === "connected" && state.unsent === 0) return { state, action: none };
      const unsent = state.status === "connected" ? 0 : state.unsent + 1;
      const next = { ...state, unsent };
      return { state: { ...next, message: state.status === "offline" ? describe("offline", unsent) : state.message }, action: none };
    }
    case "notice":
      return { state: { ...state, notice: event.notice }, action: none };
    case "closed":
      return closed(state, event.code, event.at);
    case "retry":
      if (state.status === "waiting") return to("connecting", { message: "Reconnecting…" });
      return { state, action: none };
    case "reconnect":
      if (state.status !== "closed" && state.status !== "waiting") return { state, action: none };
      return { state: { ...initialConnection, readOnly: state.readOnly, discards: [] }, action: { type: "discard" } };
  }
}

function closed(state: ConnectionState, code: number, at: number): Transition {
  const notice = state.notice;
  const explained = notice?.message ?? closeMessage(code);
  const base = { ...state, code };
  switch (code) {
    case CLOSE.unauthenticated:
      return { state: { ...base, status: "closed", message: closeMessage(CLOSE.unauthenticated) }, action: { type: "stop" } };
    case CLOSE.unknownDocument:
      return { state: { ...base, status: "closed", message: explained }, action: { type: "stop" } };
    case CLOSE.tooManyRefusals:
      return {
        // closed before anything was judged: the local state was not refused and is kept
        state: { ...base, status: "waiting", message: `${explained} Concord reconnects in ${Math.round(TOO_MANY_WAIT_MS / 1000)} seconds; your edits are kept.` },
        action: { type: "wait", delayMs: TOO_MANY_WAIT_MS },
      };
    case CLOSE.malformed: case CLOSE.forbidden: case CLOSE.refused: case CLOSE.tooLarge: case CLOSE.closedRound: {
      const discards = [...state.discards.filter((t) => at - t < LOOP_WINDOW_MS), at];
      const readOnly = state.readOnly || code === CLOSE.forbidden || code === CLOSE.closedRound;
      if (discards.length > MAX_DISCARDS) {
        return {
          state: { ...base, status: "closed", readOnly, discards, message: `${explained} Edits were refused ${discards.length} times in a minute, so Concord stopped reconnecting. Reconnect when ready.` },
          action: { type: "stop" },
        };
      }
      return {
        state: { ...base, status: "refused", readOnly, discards, message: `${explained} Your unsent edits were set aside and the document is reloaded from the server.` },
        action: { type: "discard" },
      };
    }
    default:
      if (state.status === "closed" || state.status === "waiting") return { state, action: none };
      return { state: { ...base, status: "offline", message: describe("offline", state.unsent) }, action: none };
  }
}
