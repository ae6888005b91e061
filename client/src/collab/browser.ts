/** The live session in a browser: y-websocket to `/collab`, y-indexeddb for offline edits (CN9). */
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { CollabSession, type ProviderLike } from "./session.js";
import type { DraftOwner } from "./draft.js";

/** `ws(s)://<this host>/collab`: the same origin, so the session cookie goes with the upgrade. */
export function collabUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}

export function openCollabSession(documentId: string, userId: string, owner: DraftOwner, localUser: Record<string, unknown>): CollabSession {
  return new CollabSession({
    // BroadcastChannel off: another tab must never hand a refused update back to a fresh document
    createProvider: (doc) => new WebsocketProvider(collabUrl(), documentId, doc, { connect: false, disableBc: true }) as unknown as ProviderLike,
    createPersistence: (doc) => typeof indexedDB === "undefined" ? null : new IndexeddbPersistence(`concord/${userId}/${documentId}`, doc),
    now: () => Date.now(),
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    watchNetwork: (listener) => {
      const offline = () => listener(false);
      const online = () => listener(true);
      window.addEventListener("offline", offline);
      window.addEventListener("online", online);
      return () => {
        window.removeEventListener("offline", offline);
        window.removeEventListener("online", online);
      };
    },
  }, owner, localUser);
}
