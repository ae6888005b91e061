/**
 * PostgreSQL prepared statements (ST18): a statement of fixed text is sent with a name, so that each
 * pooled connection parses and plans it once and then only binds values. Texts that vary (multi-row
 * inserts, DDL) are sent unnamed.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";

/** A named query: pg prepares it on a connection the first time that connection runs it. */
export interface PreparedQuery {
  readonly name: string;
  readonly text: string;
}

const byText = new LRUCache<string, PreparedQuery>({ max: 500 });

/** The named query of `text` (the name is a hash of the text, so one text has one name everywhere). */
export function prepared(text: string): PreparedQuery {
  let query = byText.get(text);
  if (!query) {
    query = { name: `concord_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
    byText.set(text, query);
  }
  return query;
}
