import type { ComponentType, FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";

/**
 * A page whose code is loaded on first use, in a chunk of its own, so that the editor a delegate opens
 * does not wait for the Secretariat's pages. Until it has arrived the page says it is loading; if it
 * cannot be loaded (the server went away, a new version was deployed) it says so and how to recover.
 */
export function lazyPage<P extends object>(what: string, load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let failed: string | null = null;
  let pending: Promise<void> | null = null;
  const start = () => (pending ??= load().then(
    (component) => { loaded = component; },
    (error: unknown) => { failed = error instanceof Error ? error.message : String(error); pending = null; },
  ));
  return function LazyPage(props: P) {
    const [, setVersion] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void start().then(() => { if (live) setVersion((v) => v + 1); });
      return () => { live = false; };
    }, []);
    const Page = loaded;
    if (Page) return <Page {...props} />;
    if (failed) {
      return (
        <main id="main" tabIndex={-1}>
          <p role="alert">The {what} could not be loaded ({failed}). Reload the page to try again.</p>
        </main>
      );
    }
    return <main id="main" tabIndex={-1}><p aria-busy="true">Loading the {what}…</p></main>;
  };
}
