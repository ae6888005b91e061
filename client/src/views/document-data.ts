/**
 * What the document page loads besides the live text (client SPEC CP9, VW1): the names of the
 * document's authors from the server's directory, and the text as circulated — the `circulated`
 * snapshot of the round governing the text, else the latest circulated snapshot.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Node } from "prosemirror-model";
import { annotationProblem, schema, type Annotation, type Annotations } from "@concord/shared";
import type { DocumentAuthors } from "@concord/shared/contract";
import type { Http } from "../api/http.js";
import type { DirectoryAuthor } from "./workspace/author-names.js";

const doc = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

/** At most one directory request per this many milliseconds while new authors appear. */
const AUTHORS_AT_MOST_EVERY_MS = 5000;

/**
 * The directory's names of the document's authors, by id. `refresh()` asks again — at most every
 * 5 s — when the page meets an author it has no answer for.
 */
export function useDocumentAuthors(http: Http, documentId: string): { readonly authors: ReadonlyMap<string, DirectoryAuthor>; refresh(): void } {
  const [authors, setAuthors] = useState<ReadonlyMap<string, DirectoryAuthor>>(new Map());
  const last = useRef(0);
  const timer = useRef<number | null>(null);
  const load = useCallback(async () => {
    last.current = Date.now();
    try {
      const answer = await http.request<DocumentAuthors>("GET", `${doc(documentId)}/authors`);
      setAuthors(new Map(answer.authors.map((a) => [a.id, a])));
    } catch {
      // reason: names are a courtesy; the panel shows "Unknown author" until the next attempt
    }
  }, [http, documentId]);
  useEffect(() => {
    void load();
    return () => { if (timer.current !== null) window.clearTimeout(timer.current); };
  }, [load]);
  const refresh = useCallback(() => {
    if (timer.current !== null) return;
    const wait = Math.max(0, last.current + AUTHORS_AT_MOST_EVERY_MS - Date.now());
    timer.current = window.setTimeout(() => { timer.current = null; void load(); }, wait);
  }, [load]);
  return { authors, refresh };
}

/** The text as it was circulated, or why there is none to show. */
export type Circulated =
  | { readonly state: "loading" }
  | { readonly state: "ready"; readonly doc: Node; readonly annotations: Annotations; readonly name: string; readonly createdAt: string }
  | { readonly state: "none" }
  | { readonly state: "failed"; readonly message: string };

/** The well-formed annotations of a snapshot as served (the server never stores others). */
function wellFormed(record: Record<string, unknown>): Annotations {
  return new Map(Object.entries(record).filter(([, value]) => annotationProblem(value) === null) as Array<[string, Annotation]>);
}

interface SnapshotMeta { readonly id: string; readonly kind: string; readonly name: string; readonly createdAt: string }

/**
 * Loads the circulated text when `wanted`: the snapshot `snapshotId` (the governing round's), else the
 * document's latest `circulated` snapshot; `none` when the text was never circulated.
 */
export function useCirculated(http: Http, documentId: string, snapshotId: string | null, wanted: boolean): Circulated | null {
  const [circulated, setCirculated] = useState<Circulated | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const key = `${documentId}/${snapshotId ?? "latest"}`;
  useEffect(() => {
    if (!wanted || loadedFor === key) return;
    let live = true;
    setCirculated({ state: "loading" });
    (async () => {
      let id = snapshotId;
      if (!id) {
        const list = await http.request<SnapshotMeta[]>("GET", `${doc(documentId)}/snapshots`);
        id = [...list].filter((s) => s.kind === "circulated").sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id ?? null;
      }
      if (!id) return { state: "none" } as const;
      const snapshot = await http.request<SnapshotMeta & { doc: unknown; annotations: Record<string, unknown> }>("GET", `${doc(documentId)}/snapshots/${encodeURIComponent(id)}`);
      return { state: "ready", doc: schema.nodeFromJSON(snapshot.doc), annotations: wellFormed(snapshot.annotations), name: snapshot.name, createdAt: snapshot.createdAt } as const;
    })().then((value) => {
      if (!live) return;
      setCirculated(value);
      setLoadedFor(key);
    }, (e: unknown) => {
      if (live) setCirculated({ state: "failed", message: e instanceof Error ? e.message : "The circulated text could not be loaded." });
    });
    return () => { live = false; };
  }, [http, key, wanted]);
  return circulated;
}
