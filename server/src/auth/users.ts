import type { Clock, Random } from "../clock.js";
import type { Actor, AuditRecorder } from "../audit/recorder.js";
import { StoreConflict, ROLES, type Role, type Store, type UserRecord } from "../store/types.js";
import type { AccountEvents } from "./account-events.js";
import type { DelegationDirectory } from "./delegations.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { hashPassword, passwordProblem, type ScryptParams, DEFAULT_SCRYPT } from "./passwords.js";

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  /** Required for a delegate, refused otherwise. */
  readonly delegation?: string | null;
  readonly displayName?: string;
}

/** Accounts: creation, roles, passwords (AU1, AU6). Every change is audited. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly delegations: DelegationDirectory,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
    /** Told when a user's credentials change (AU8), so that the connections opened with them close. */
    private readonly events: AccountEvents | null = null,
  ) {}

  private async checkRole(role: Role, delegation: string | null | undefined): Promise<string | null> {
    if (!ROLES.includes(role)) throw badRequest(`The role ${JSON.stringify(role)} is not one of ${ROLES.join(", ")}.`);
    if (role !== "delegate") {
      if (delegation) throw badRequest(`Only a delegate is bound to a delegation; a ${role} is not.`);
      return null;
    }
    if (!delegation) throw badRequest("A delegate must be bound to a delegation (e.g. --delegation USA).");
    const found = await this.delegations.find(delegation);
    if (!found) throw badRequest(`There is no delegation with the code ${JSON.stringify(delegation)}.`);
    if (found.kind === "chair") throw badRequest("The Chair is not a delegation delegates belong to; the Secretariat proposes in its name.");
    return found.code;
  }

  async create(input: NewUser, actor: Actor): Promise<UserRecord> {
    if (!USERNAME.test(input.username)) throw badRequest(`The username ${JSON.stringify(input.username)} must be 2–64 letters, digits or . _ @ - and start with a letter or digit.`);
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(`The password is not acceptable: ${problem}.`);
    const delegation = await this.checkRole(input.role, input.delegation);
    const now = this.clock.now().toISOString();
    const user: UserRecord = {
      id: this.random.id(),
      username: input.username,
      displayName: input.displayName?.trim() || input.username,
      role: input.role,
      delegation,
      passwordHash: await hashPassword(input.password, this.scrypt),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.createUser(user);
    } catch (error) {
      if (error instanceof StoreConflict) throw conflict(`The username ${input.username} is taken.`);
      throw error;
    }
    await this.audit.record(actor, "user-created", { user: user.id, username: user.username, role: user.role, delegation });
    return user;
  }

  async find(username: string): Promise<UserRecord> {
    const user = await this.store.findUserByUsername(username);
    if (!user) throw notFound(`There is no user ${JSON.stringify(username)}.`);
    return user;
  }

  /**
   * Changes a user's role (and delegation); signs the user out everywhere and closes every connection
   * the user has open, sessions and tokens alike (they carry the old role), before resolving (AU6, AU8).
   */
  async setRole(username: string, role: Role, delegation: string | null, actor: Actor): Promise<UserRecord> {
    const user = await this.find(username);
    const code = await this.checkRole(role, delegation);
    const updated = await this.endingSessions(user.id, () => this.store.updateUser(user.id, { role, delegation: code, updatedAt: this.clock.now().toISOString() }, [
      this.audit.entry(actor, "role-change", { user: user.id, username: user.username, from: { role: user.role, delegation: user.delegation }, to: { role, delegation: code } }),
    ]));
    this.events?.emit({ kind: "role-changed", userId: user.id });
    return updated;
  }

  /** Sets a new password; signs the user out everywhere, closing the connections of those sessions (AU6, AU8). */
  async resetPassword(username: string, password: string, actor: Actor): Promise<UserRecord> {
    const problem = passwordProblem(password);
    if (problem) throw badRequest(`The password is not acceptable: ${problem}.`);
    const user = await this.find(username);
    const passwordHash = await hashPassword(password, this.scrypt);
    const updated = await this.endingSessions(user.id, () => this.store.updateUser(user.id, { passwordHash, updatedAt: this.clock.now().toISOString() }, [
      this.audit.entry(actor, "password-reset", { user: user.id, username: user.username }),
    ]));
    this.events?.emit({ kind: "password-reset", userId: user.id });
    return updated;
  }

  /**
   * Runs `change` between two deletions of the user's sessions: none from before the change survives,
   * nor one opened (with the old password or role) while it was being written. A server process that
   * follows the audit log (AU8) and reads the change's entry finds the old sessions gone, but for the
   * instant between the change's commit and the second deletion.
   */
  private async endingSessions<T>(userId: string, change: () => Promise<T>): Promise<T> {
    await this.store.deleteUserSessions(userId);
    const result = await change();
    await this.store.deleteUserSessions(userId);
    return result;
  }
}
