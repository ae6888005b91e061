/**
 * What the note service needs of the rounds service (server/src/rounds/, another engineer's): read a
 * round by id, list a document's rounds. The rounds service satisfies this interface; the note service
 * never changes a round.
 */
import type { Round } from "@concord/shared";
import type { Store } from "../store/types.js";

export interface RoundReader {
  /** The round, or a `ConcordError` 404 (null or undefined are read as "no such round" too). */
  get(roundId: string): Promise<Round | null | undefined>;
  /** The rounds of a document, in any order. */
  list(documentId: string): Promise<readonly Round[]>;
}

/** Reads rounds straight from the store (the rounds service is their only writer, and stores before it tells anyone). */
export function storedRounds(store: Pick<Store, "findRound" | "listRounds">): RoundReader {
  return { get: (roundId) => store.findRound(roundId), list: (documentId) => store.listRounds(documentId) };
}
