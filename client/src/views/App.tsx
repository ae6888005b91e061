import { useEffect, useMemo, useState } from "preact/hooks";
import type { Delegation } from "@concord/shared";
import { ApiError } from "../api/http.js";
import type { ConcordApi } from "../api/concord.js";
import type { Session } from "../api/types.js";
import { delegationNames } from "../editor/labels.js";
import { assignColours } from "../editor/colours.js";
import { parseRoute, type Route } from "./routes.js";
import { SignIn } from "./SignIn.js";
import { Documents } from "./Documents.js";
import { DocumentPage } from "./DocumentPage.js";
import { Practice } from "./Practice.js";
import { lazyPage } from "./lazy-page.js";

// the Secretariat's pages come in chunks of their own, loaded when first opened
const RoundsPage = lazyPage("comment rounds", async () => (await import("./rounds/index.js")).RoundsPage);
const NotePage = lazyPage("note page", async () => (await import("./note/index.js")).NotePage);
const NewDocument = lazyPage("new document page", async () => (await import("./NewDocument.js")).NewDocument);

type SessionState = { readonly status: "loading" } | { readonly status: "signed-out"; readonly note: string | null } | { readonly status: "signed-in"; readonly session: Session };

const ROLE_NAMES = { secretariat: "Secretariat", delegate: "Delegate", observer: "Observer" } as const;

/** The application shell: who is signed in (always visible), and the page of the current route. */
export function App({ api }: { api: ConcordApi }) {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [auth, setAuth] = useState<SessionState>({ status: "loading" });
  const [delegations, setDelegations] = useState<Delegation[]>([]);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    api.session().then(
      (session) => setAuth(session ? { status: "signed-in", session } : { status: "signed-out", note: null }),
      (e: unknown) => setAuth({ status: "signed-out", note: e instanceof ApiError && e.status !== 0 && e.status < 500 ? e.message : "Not signed in: the server cannot be reached." }),
    );
  }, [api]);

  useEffect(() => {
    if (auth.status !== "signed-in") return;
    api.delegations().then(setDelegations, () => setDelegations([]));
  }, [api, auth.status]);

  const names = useMemo(() => delegationNames(delegations), [delegations]);
  const user = auth.status === "signed-in" ? auth.session.user : null;

  const onError = (error: unknown) => {
    if (error instanceof ApiError && (error.code === "unauthenticated" || error.code === "expired")) {
      setAuth({ status: "signed-out", note: error.message });
    }
  };
  const signOut = async () => {
    try {
      await api.signOut();
    } finally {
      setAuth({ status: "signed-out", note: "You signed out." });
      window.location.hash = "#/";
    }
  };

  let page;
  if (route.name === "practice") page = <Practice view={route.view} names={names} user={user} />;
  else if (auth.status === "loading") page = <main id="main" tabIndex={-1}><p aria-busy="true">Loading…</p></main>;
  else if (auth.status === "signed-out") page = <SignIn api={api} onSignedIn={(session) => setAuth({ status: "signed-in", session })} />;
  else if (route.name === "document") {
    page = <DocumentPage key={route.id} api={api} user={auth.session.user} id={route.id} view={route.view} names={names}
      onSignInAgain={() => setAuth({ status: "signed-out", note: "Your session expired. Sign in again to continue." })} />;
  } else if (route.name === "new-document") page = <NewDocument api={api} user={auth.session.user} />;
  else if (route.name === "rounds") page = <RoundsPage key={route.id} api={api} user={auth.session.user} id={route.id} roundId={route.roundId} names={names} />;
  else if (route.name === "note") page = <NotePage key={route.roundId} api={api} user={auth.session.user} roundId={route.roundId} />;
  else page = <Documents api={api} user={auth.session.user} onError={onError} />;

  const colour = user?.delegation ? assignColours([user.delegation.code]).of(user.delegation.code) : null;
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); (document.getElementById("main") as HTMLElement | null)?.focus(); }}>Skip to the content</a>
      <header class="app-header">
        <a class="brand" href="#/">Concord</a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.name === "documents" ? "page" : undefined}>Documents</a>
          <a href="#/practice" aria-current={route.name === "practice" ? "page" : undefined}>Practice</a>
        </nav>
        {user ? (
          <div class="who" data-testid="who">
            <span class="who-name" data-testid="who-name">{user.displayName}</span>
            <span class="who-role" data-testid="who-role">{ROLE_NAMES[user.role]}</span>
            {user.delegation && (
              <span class="badge" data-testid="who-delegation" style={colour ? { "--dc": colour.ink, "--dt": colour.tint } : undefined} title={user.delegation.name}>
                {user.delegation.tag}
              </span>
            )}
            <button type="button" class="small" onClick={signOut} data-testid="sign-out">Sign out</button>
          </div>
        ) : (
          <div class="who" data-testid="who">{auth.status === "signed-out" && auth.note ? <span role="status">{auth.note}</span> : <span>Not signed in</span>}</div>
        )}
      </header>
      {page}
    </>
  );
}
