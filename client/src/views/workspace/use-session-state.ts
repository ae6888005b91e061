/** The live session's state as Preact state: the connection, the last refusal, the Y.Doc generation. */
import { useEffect, useState } from "preact/hooks";
import type { DocumentSession } from "../../collab/document-session.js";

export function useSessionState(session: DocumentSession) {
  const [conn, setConn] = useState(session.state);
  const [refusal, setRefusal] = useState(session.refusal);
  const [generation, setGeneration] = useState(session.generation);
  useEffect(() => session.subscribe(() => {
    setConn(session.state);
    setRefusal(session.refusal);
    setGeneration(session.generation);
  }), [session]);
  return { conn, refusal, generation };
}
