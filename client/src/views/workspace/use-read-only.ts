/**
 * Whether the person may change the text now, from the server and from the round (client SPEC CN5,
 * RD3, RD12): the server's refusal makes the editor read only, but one a round left behind (4423 late,
 * 4403 not invited) ends when another round governs the text — its notice is dismissed with it — and
 * the round's own lock (textLock) applies meanwhile.
 */
import { useEffect, useRef } from "preact/hooks";
import type { ConnectionState } from "../../collab/connection.js";
import type { DocumentSession } from "../../collab/document-session.js";
import { refusalOutlived } from "./doc-status.js";

export function useReadOnly(session: DocumentSession, conn: ConnectionState, roundId: string | null, lock: string | null): { readonly server: boolean; readonly any: boolean } {
  const refusedUnder = useRef<string | null>(null);
  const wasReadOnly = useRef(false);
  if (conn.readOnly && !wasReadOnly.current) refusedUnder.current = roundId;
  wasReadOnly.current = conn.readOnly;
  const outlived = refusalOutlived(conn, refusedUnder.current, roundId);
  useEffect(() => { if (outlived && session.refusal) session.dismissRefusal(); }, [outlived]);
  const server = conn.readOnly && !outlived;
  return { server, any: server || !!lock };
}
