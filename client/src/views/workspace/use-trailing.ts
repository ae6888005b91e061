/** `value`, passed on as `Trailing` does (client SPEC CP8): at once, then the latest value per period. */
import { useEffect, useRef, useState } from "preact/hooks";
import { Trailing, browserTimers } from "../trailing.js";

export function useTrailing<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const trailing = useRef<Trailing<T> | null>(null);
  trailing.current ??= new Trailing<T>(ms, (v) => setShown(() => v), browserTimers, value);
  useEffect(() => { trailing.current!.push(value); }, [value]);
  useEffect(() => () => trailing.current?.dispose(), []);
  return shown;
}
