import type { Clock, Random } from "../clock.js";
import { SYSTEM, type AuditRecorder } from "../audit/recorder.js";
import type { SessionRecord, Store, TokenRecord, UserRecord } from "../store/types.js";
import type { DelegationDirectory } from "./delegations.js";
import { ConcordError, badRequest, expired, forbidden, notFound, unauthenticated } from "./errors.js";
import { actingDelegation, type Identity } from "./identity.js";
import { DEFAULT_SCRYPT, decoyHash, verifyPassword, type ScryptParams } from "./passwords.js";
import { RateLimiter, type RateLimit } from "./rate-limit.js";
import { TOKEN_PREFIX, sha256Hex } from "./secrets.js";

export interface AuthOptions {
  /** How long a browser session lasts. */
  readonly sessionTtlMs: number;
  /** The longest an API token may live. */
  readonly maxTokenTtlMs: number;
  readonly perUsername: RateLimit;
  readonly perIp: RateLimit;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 7 * 24 * 3600_000,
  maxTokenTtlMs: 366 * 24 * 3600_000,
  perUsername: { max: 5, windowMs: 15 * 60_000 },
  perIp: { max: 30, windowMs: 15 * 60_000 },
};

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
 * Sign-in, sessions and API tokens (auth/SPEC.md AU1–AU6). Session and token secrets are random,
 * shown once and stored as sha256; sign-in failures are rate limited per username and per IP.
 */
export class AuthService {
  private readonly byUsername: RateLimiter;
  private readonly byIp: RateLimiter;

  constructor(
    private readonly store: Store,
    private readonly delegations: DelegationDirectory,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS,
    /** The scrypt parameters of new hashes, for the decoy hash compared when the user does not exist. */
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {
    this.byUsername = new RateLimiter(options.perUsername, clock);
    this.byIp = new RateLimiter(options.perIp, clock);
  }

  private async identity(user: UserRecord, via: Identity["via"], extra: Pick<Identity, "session" | "token">): Promise<Identity> {
    const delegation = user.role === "delegate" && user.delegation ? await this.delegations.find(user.delegation) : null;
    return { user, delegation, via, ...extra };
  }

  /** Throws 401 `unauthenticated` for a wrong name or password, 429 `rate_limited` when over the limit. */
  async signIn(username: string, password: string, ip: string): Promise<SignedIn> {
    if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
      throw badRequest("Give a username and a password.");
    }
    const nameKey = `user:${username.toLowerCase()}`;
    const ipKey = `ip:${ip}`;
    for (const check of [this.byUsername.check(nameKey), this.byIp.check(ipKey)]) {
      if (!check.allowed) {
        await this.audit.record(SYSTEM, "sign-in", { username, ok: false, reason: "rate_limited", ip });
        throw new ConcordError(429, "rate_limited", `Too many failed sign-ins; try again in ${check.retryAfterSeconds} seconds.`,
          { retryAfterSeconds: check.retryAfterSeconds }, { "Retry-After": String(check.retryAfterSeconds) });
      }
    }
    const user = await this.store.findUserByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? await decoyHash(this.scrypt));
    if (!user || !ok) {
      this.byUsername.fail(nameKey);
      this.byIp.fail(ipKey);
      await this.audit.record(user ? { userId: user.id, delegation: actingDelegation(user) } : SYSTEM, "sign-in",
        { username, ok: false, reason: user ? "wrong_password" : "unknown_user", ip });
      throw unauthenticated("The username or password is not correct.");
    }
    this.byUsername.reset(nameKey);
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

  async signOut(identity: Identity): Promise<void> {
    if (identity.session) await this.store.deleteSession(identity.session.id);
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
