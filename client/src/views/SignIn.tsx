import { useState } from "preact/hooks";
import { ApiError } from "../api/http.js";
import type { ConcordApi } from "../api/concord.js";
import type { Session } from "../api/types.js";

/** Sign-in form. Errors are the server's sentences; rate limiting says how long to wait. */
export function SignIn({ api, onSignedIn }: { api: ConcordApi; onSignedIn: (session: Session) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(username.trim(), password));
    } catch (e) {
      setError(signInError(e));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <form onSubmit={submit} aria-labelledby="sign-in-title" data-testid="sign-in-form">
        <h1 id="sign-in-title">Sign in to Concord</h1>
        <label>User name
          <input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} data-testid="username" />
        </label>
        <label>Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="password" />
        </label>
        {error && <p class="form-error" role="alert" data-testid="sign-in-error">{error}</p>}
        <button type="submit" disabled={busy} data-testid="sign-in">{busy ? "Signing in…" : "Sign in"}</button>
      </form>
      <p class="practice-link"><a href="#/practice">Try the editor on a practice document</a> (nothing is sent or saved).</p>
    </main>
  );
}

function signInError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "rate_limited" && error.retryAfter !== null) return `${error.message} You can try again in ${error.retryAfter} seconds.`;
    return error.message;
  }
  return "Signing in failed for an unexpected reason.";
}
