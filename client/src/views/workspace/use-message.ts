/** A message shown for a while (why an edit was blocked): `say(text)` replaces it, `say(null)` clears it. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export function useTransientMessage(visibleMs: number): [string | null, (text: string | null) => void] {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const say = useCallback((text: string | null) => {
    setMessage(text);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = text ? window.setTimeout(() => setMessage(null), visibleMs) : null;
  }, [visibleMs]);
  useEffect(() => () => { if (timer.current !== null) window.clearTimeout(timer.current); }, []);
  return [message, say];
}
