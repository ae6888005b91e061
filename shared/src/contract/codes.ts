/**
 * The live-editing codes of the contract (server/PROTOCOL.md, CT6), without zod: the browser imports
 * these as `@concord/shared/contract/codes` so that its bundle carries no schema library.
 */
/** WebSocket close codes (CT6). One table: the server closes with these, every client interprets them. */
export const CLOSE = {
  /** A message that cannot be read (not clean Yjs V1, bytes left over, a text frame). */
  malformed: 4400,
  /** No session or token, or it expired. */
  unauthenticated: 4401,
  /** The connection may not write (an observer, a delegation not invited to the open round). */
  forbidden: 4403,
  /** The document does not exist (today refused before the upgrade with HTTP 404 instead). */
  unknownDocument: 4404,
  /** An update the rules refuse: discard the local state, resync, offer what was typed as a draft. */
  refused: 4409,
  /** A message larger than the server accepts. */
  tooLarge: 4413,
  /** Writing after a round's deadline, or once it closed (kept as a late submission). */
  closedRound: 4423,
  /** Too many refusals lately: wait before reconnecting. */
  tooManyRefusals: 4429,
  /** The server is going away (a restart): reconnect. */
  goingAway: 1001,
  /** The server failed. */
  serverError: 1011,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

export const isCloseCode = (code: number): code is CloseCode => (Object.values(CLOSE) as number[]).includes(code);

/** The WebSocket message type of Concord's notices: the type, then one JSON string. */
export const NOTICE_MESSAGE = 100;

/** The round events a notice of `code: "round"` names in `rule` (shared/src/rounds/effects.ts `NoticeTopic`). */
export const ROUND_NOTICE_TOPICS = [
  "round-opened", "deadline-extended", "round-closed", "silence-broken", "silence-outcome",
  "receipt", "late-submission", "translation-recorded", "round-compiled",
] as const;
