/**
 * The card beside the text (MK6): what the mouse is over, else what the text cursor is in. The card
 * stays while the mouse moves from the text onto it — its buttons (the Secretariat's accept and
 * reject) can be reached — and goes a moment after the mouse left both.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TrackedChange, TrackedComment } from "@concord/shared";
import { itemsAt, type Markup } from "../../editor/markup.js";
import type { CardAnchor } from "../../panels/ChangeCard.js";
import type { EditorSnapshot } from "./use-editor.js";

/** How long the card stays after the mouse left the change and the card. */
export const CARD_LINGER_MS = 350;

export interface Card {
  readonly changes: TrackedChange[];
  readonly comments: TrackedComment[];
  readonly anchor: CardAnchor | null;
}

const NO_CARD: Card = { changes: [], comments: [], anchor: null };

/** What the card shows: the hovered item, else the items under an idle text cursor (MK6). */
export function cardOf(markup: Markup | null, hover: { id: string; anchor: CardAnchor } | null, snapshot: EditorSnapshot | null, shown: boolean): Card {
  if (!markup || !shown) return NO_CARD;
  if (hover) {
    const card = { changes: markup.changes.filter((c) => c.id === hover.id), comments: markup.comments.filter((c) => c.id === hover.id), anchor: hover.anchor };
    if (card.changes.length > 0 || card.comments.length > 0) return card;
  }
  if (snapshot?.focused && snapshot.empty && !snapshot.typing) return { ...itemsAt(markup, snapshot.head), anchor: snapshot.caret };
  return NO_CARD;
}

export function useCard(markup: Markup | null, snapshot: EditorSnapshot | null, shown: boolean) {
  const [hover, setHover] = useState<{ id: string; anchor: CardAnchor } | null>(null);
  const leave = useRef<number | null>(null);
  const stay = () => { if (leave.current !== null) { window.clearTimeout(leave.current); leave.current = null; } };
  const go = () => {
    stay();
    leave.current = window.setTimeout(() => { leave.current = null; setHover(null); }, CARD_LINGER_MS);
  };
  useEffect(() => stay, []);

  /** The mouse over the text: the change or comment under it, if any. */
  const onMouseOver = (event: MouseEvent) => {
    const el = (event.target as Element | null)?.closest?.("[data-change-id],[data-comment-id]") as HTMLElement | null;
    if (!el) { if (hover) go(); return; }
    stay();
    const id = el.dataset.changeId ?? el.dataset.commentId!;
    if (hover?.id === id) return;
    const rect = el.getBoundingClientRect();
    setHover({ id, anchor: { left: rect.left, top: rect.top, bottom: rect.bottom } });
  };

  const card = useMemo(() => cardOf(markup, hover, snapshot, shown), [markup, hover, snapshot, shown]);
  return {
    card,
    onMouseOver,
    onMouseLeave: go,
    /** For the card itself: entering it keeps it, leaving it lets it go. */
    cardHover: { onMouseEnter: stay, onMouseLeave: go },
    /** Hides the card at once (after a decision on it). */
    dismiss: () => { stay(); setHover(null); },
  };
}
