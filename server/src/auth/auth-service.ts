import type { Clock, Random } from "../clock.js";
import { SYSTEM, type AuditRecorder } from "../audit/recorder.js";
import type { SessionRecord, Store, TokenRecord, UserRecord } from "../store/types.js";
import type { AccountEvents } from "./account-events.js";
import type { DelegationDirectory } from "./delegations.js";
import { ConcordError, badRequest, expired, forbidden, notFound, unauthenticated } from "./errors.js";
import { actingDelegation, type Identity } from "./identity.js";
import { DEFAULT_SCRYPT, MAX_PASSWORD_LENGTH, decoyHash, verifyPassword, type ScryptParams } from "./passwords.js";
import { DEFAULT_THROTTLE, SignInThrottle, addressKey, type ThrottleRules } from "./sign-in-throttle.js";
import { TOKEN_PREFIX, sha256Hex } from "./secrets.js";

export interface AuthOptions {
  /** How long a browser session lasts. */
  readonly sessionTtlMs: number;
  /** The longest an API token may live. */
  readonly maxTokenTtlMs: number;
  /** Sign-in back-off per address, per address and account, per account (AU4). */
  readonly throttle: ThrottleRules;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 7 * 24 * 3600_000,
  maxTokenTtlMs: 366 * 24 * 3600_000,
  throttle: DEFAULT_THROTTLE,
};

/** The longest username a sign-in reads (users.ts allows 64 characters). */
export const MAX_USERNAME_LENGTH = 64;

export interface SignedIn {
  readonly identity: Identity;
  /** The cookie value: shown to the browser once, stored only as its hash. */
  readonly secret: string;
  readonly session: SessionRecord;
}

export interface IssuedToken {
  readonly token: string;
  readonly record: TokenRecord;
}

/**
 * Sign-in, sessions and API tokens (auth/SPEC.md AU1–AU8). Session and token secrets are random,
 * shown once and stored as sha256; failed sign-ins slow the address that made them (AU4).
 */
export class AuthService {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly store: Store,
    private readonly delegations: DelegationDirectory,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS,
    /** The scrypt parameters of new hashes, for the decoy hash compared when the user does not exist. */
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
    /** Told when a session or token ends (AU8), so that the connections opened with it close. */
    private readonly events: AccountEvents | null = null,
  ) {
    this.throttle = new SignInThrottle(clock, options.throttle);
  }

  private async identity(user: UserRecord, via: Identity["via"], extra: Pick<Identity, "session" | "token">): Promise<Identity> {
    const delegation = user.role === "delegate" && user.delegation ? await this.delegations.find(user.delegation) : null;
    return { user, delegation, via, ...extra };
  }

  /**
   * Throws 400 for a missing or over-long name or password (before any hashing), 429 `rate_limited`
   * with `Retry-After` when the address must wait (AU4), 401 `unauthenticated` for a wrong name or
   * password. `ip` is the client's address as Express sees it (`trust proxy`).
   */
  async signIn(username: string, password: string, ip: string): Promise<SignedIn> {
    if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
      throw badRequest("Give a username and a password.");
    }
    if (username.length > MAX_USERNAME_LENGTH) throw badRequest(`A username has at most ${MAX_USERNAME_LENGTH} characters.`);
    if (password.length > MAX_PASSWORD_LENGTH) throw badRequest(`A password has at most ${MAX_PASSWORD_LENGTH} characters.`);
    const address = addressKey(ip);
    const check = this.throttle.check(address, username);
    if (!check.allowed) {
      if (check.first) await this.audit.record(SYSTEM, "sign-in", { username, ok: false, reason: "rate_limited", throttle: check.reason, ip });
      throw new ConcordError(429, "rate_limited", `Too many failed sign-ins from your address; try again in ${check.retryAfterSeconds} seconds.`,
        { retryAfterSeconds: check.retryAfterSeconds }, { "Retry-After": String(check.retryAfterSeconds) });
    }
    const user = await this.store.findUserByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? await decoyHash(this.scrypt));
    if (!user || !ok) {
      this.throttle.failed(address, username);
      await this.audit.record(user ? { userId: user.id, delegation: actingDelegation(user) } : SYSTEM, "sign-in",
        { username, ok: false, reason: user ? "wrong_password" : "unknown_user", ip });
      throw unauthenticated("The username or password is not correct.");
    }
    this.throttle.succeeded(address, username);
    const now = this.clock.now();
    const secret = this.random.secret(32);
    const session: SessionRecord = {
      id: sha256Hex(secret),
      userId: user.id,
      csrfToken: this.random.secret(24),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.sessionTtlMs).toISOString(),
    };
    await this.store.createSession(session);
    await this.audit.record({ userId: user.id, delegation: actingDelegation(user) }, "sign-in", { username: user.username, ok: true, ip });
    return { identity: await this.identity(user, "session", { session }), secret, session };
  }

  /** The identity of a session cookie; throws 401 `unauthenticated` or `expired`. */
  async authenticateSession(secret: string): Promise<Identity> {
    const session = await this.store.findSession(sha256Hex(secret));
    if (!session) throw unauthenticated("Your session is not valid; sign in again.");
    if (session.expiresAt <= this.clock.now().toISOString()) {
      await this.store.deleteSession(session.id);
      throw expired();
    }
    const user = await this.store.findUserById(session.userId);
    if (!user) throw unauthenticated("Your account no longer exists.");
    return this.identity(user, "session", { session });
  }

  /** The identity of an API token; throws 401 `unauthenticated` or `expired`. */
  async authenticateToken(token: string): Promise<Identity> {
    const record = await this.store.findTokenByHash(sha256Hex(token));
    if (!record) throw unauthenticated("The API token is not valid.");
    if (record.expiresAt <= this.clock.now().toISOString()) throw expired("The API token has expired; issue a new one.");
    const user = await this.store.findUserById(record.userId);
    if (!user) throw unauthenticated("The API token's account no longer exists.");
    return this.identity(user, "token", { token: record });
  }

  /**
   * Ends the session (AU2); its WebSockets are closed before this resolves (AU8). Audited, so that
   * other server processes close theirs too. A token's identity has no session: nothing happens.
   */
  async signOut(identity: Identity): Promise<void> {
    const session = identity.session;
    if (!session) return;
    await this.store.deleteSession(session.id);
    this.events?.emit({ kind: "signed-out", userId: identity.user.id, sessionId: session.id });
    await this.audit.record({ userId: identity.user.id, delegation: actingDelegation(identity.user) }, "sign-out", { user: identity.user.id, username: identity.user.username });
  }

  /** The user's API tokens (never their secrets), oldest first. */
  async listTokens(username: string): Promise<TokenRecord[]> {
    const user = await this.store.findUserByUsername(username);
    if (!user) throw notFound(`There is no user ${JSON.stringify(username)}.`);
    return (await this.store.listTokens(user.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes the API token `tokenId`; the connections opened with it close at once (AU8). Audited. */
  async revokeToken(tokenId: string, actor = SYSTEM): Promise<TokenRecord> {
    const record = await this.findToken(tokenId);
    await this.store.deleteToken(record.id);
    this.events?.emit({ kind: "token-revoked", userId: record.userId, tokenId: record.id });
    await this.audit.record(actor, "token-revoked", { user: record.userId, token: record.id, name: record.name });
    return record;
  }

  private async findToken(tokenId: string): Promise<TokenRecord> {
    for (const user of await this.store.listUsers()) {
      const found = (await this.store.listTokens(user.id)).find((t) => t.id === tokenId);
      if (found) return found;
    }
    throw notFound(`There is no API token ${JSON.stringify(tokenId)}.`);
  }

  /** Issues an API token for `username`, valid `ttlMs`, optionally for one document only. The token is shown once. */
  async issueToken(username: string, input: { name: string; ttlMs: number; documentId?: string | null }, actor = SYSTEM): Promise<IssuedToken> {
    const user = await this.store.findUserByUsername(username);
    if (!user) throw notFound(`There is no user ${JSON.stringify(username)}.`);
    if (!(input.ttlMs > 0) || input.ttlMs > this.options.maxTokenTtlMs) {
      throw badRequest(`A token lives between 1 ms and ${Math.floor(this.options.maxTokenTtlMs / 86_400_000)} days.`);
    }
    if (input.documentId && !(await this.store.findDocument(input.documentId))) throw notFound(`There is no document ${input.documentId}.`);
    const now = this.clock.now();
    const token = `${TOKEN_PREFIX}${this.random.secret(32)}`;
    const record: TokenRecord = {
      id: this.random.id(),
      userId: user.id,
      name: input.name || "token",
      hash: sha256Hex(token),
      documentId: input.documentId ?? null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.ttlMs).toISOString(),
    };
    await this.store.createToken(record);
    await this.audit.record(actor, "token-issued", { user: user.id, username: user.username, token: record.id, name: record.name, documentId: record.documentId, expiresAt: record.expiresAt });
    return { token, record };
  }

  /** Throws 403 when a token scoped to one document is used for another. */
  checkDocumentScope(identity: Identity, documentId: string): void {
    if (identity.token?.documentId && identity.token.documentId !== documentId) {
      throw forbidden("This API token opens another document only.");
    }
  }
}
