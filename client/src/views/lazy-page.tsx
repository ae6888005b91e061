import type { ComponentChildren, ComponentType, FunctionComponent, VNode } from "preact";
import { useEffect, useState } from "preact/hooks";

/**
 * A page whose code is loaded on first use, in a chunk of its own, so that the editor a delegate opens
 * does not wait for the Secretariat's pages. Until it has arrived the page says it is loading; if it
 * cannot be loaded (the server went away, a new version was deployed) it says so and how to recover.
 */
export function lazyPage<P extends object>(what: string, load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  return lazyComponent(what, load, (children) => <main id="main" tabIndex={-1}>{children}</main>);
}

/** As `lazyPage`, for a part of a page (a panel): the loading and failure notes stand where it will be. */
export function lazyPart<P extends object>(what: string, load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  return lazyComponent(what, load, (children) => <div class="panel">{children}</div>);
}

function lazyComponent<P extends object>(what: string, load: () => Promise<ComponentType<P>>, frame: (children: ComponentChildren) => VNode): FunctionComponent<P> {
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
      return frame(<p role="alert">The {what} could not be loaded ({failed}). Reload the page to try again.</p>);
    }
    return frame(<p aria-busy="true">Loading the {what}…</p>);
  };
}
