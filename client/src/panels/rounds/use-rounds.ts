/**
 * The rounds of a document, kept fresh (RD1, RD6): loaded on mount, again at the round's next
 * instant (opening, deadline) on the server's clock, at least every 30 seconds, when a round notice
 * arrives over the document's connection, and when the tab becomes visible. Ticks once a second while
 * a round runs, so that countdowns and the editor's lock follow the server's clock.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/http.js";
import type { Received, RoundsApi } from "./rounds-api.js";
import { clockOffset, governingRound, nextRefreshIn, phaseOf, serverTime, type RoundView } from "./round-model.js";

/** What the hook needs of the document's live session: its notices. */
export interface NoticeSource {
  readonly state: { readonly notice: { readonly code: number | string } | null };
  subscribe(listener: () => void): () => void;
}

export interface DocumentRounds {
  readonly views: ReadonlyArray<Received<RoundView>> | null;
  readonly error: string | null;
  /** The round governing the text (RS8), or null. */
  readonly governing: Received<RoundView> | null;
  /** The server's time as estimated now (ticks while a round runs). */
  readonly now: Date;
  reload(): Promise<void>;
  /** Replaces one view after an action answered with it. */
  replace(view: Received<RoundView>): void;
}

export function useDocumentRounds(api: RoundsApi, documentId: string, notices: NoticeSource | null): DocumentRounds {
  const [views, setViews] = useState<ReadonlyArray<Received<RoundView>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(() => Date.now());
  const live = useRef(true);

  const reload = useCallback(async () => {
    try {
      const list = await api.list(documentId);
      if (!live.current) return;
      setViews(list);
      setError(null);
      if (list[0]) setOffset(clockOffset(list[0].now, list[0].receivedAt));
    } catch (e) {
      if (!live.current) return;
      setError(e instanceof ApiError || e instanceof Error ? e.message : "The rounds could not be loaded.");
    }
  }, [api, documentId]);

  const replace = useCallback((view: Received<RoundView>) => {
    setOffset(clockOffset(view.now, view.receivedAt));
    setViews((current) => {
      const list = current ?? [];
      return list.some((v) => v.round.id === view.round.id) ? list.map((v) => (v.round.id === view.round.id ? view : v)) : [...list, view];
    });
  }, []);

  useEffect(() => {
    live.current = true;
    void reload();
    return () => { live.current = false; };
  }, [reload]);

  // round notices over the document's connection
  useEffect(() => {
    if (!notices) return;
    let last = notices.state.notice;
    return notices.subscribe(() => {
      const notice = notices.state.notice;
      if (notice !== last && notice?.code === "round") void reload();
      last = notice;
    });
  }, [notices, reload]);

  useEffect(() => {
    const onVisible = () => { if (document.visibilityState === "visible") void reload(); };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [reload]);

  // read the clock at every render (a new view, a tick): a `now` kept from an earlier render would
  // put a round that just opened before its opening time
  void tick;
  const now = serverTime(offset, Date.now());
  const governing = views ? governingRound(views) : null;
  const running = governing !== null && ["scheduled", "open", "deadline-passed"].includes(phaseOf(governing.round, now));

  // the next look at the server: at the round's next instant, or within 30 s
  useEffect(() => {
    const wait = governing ? nextRefreshIn(governing.round, serverTime(offset)) : 30_000;
    const timer = window.setTimeout(() => void reload(), wait);
    return () => window.clearTimeout(timer);
  }, [views, offset, reload]);

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setTick(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);

  return { views, error, governing, now, reload, replace };
}
