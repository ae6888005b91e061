/**
 * What each person reads of rounds over HTTP (SPEC.md RS7, RS14): one round or a document's list as
 * `roundView` makes them, with the late submissions for the Secretariat.
 */
import type { Identity } from "../auth/identity.js";
import { forbidden, notFound } from "../auth/errors.js";
import type { LateSubmissionMeta, LateSubmissionRecord } from "../store/types.js";
import type { RoundCore } from "./core.js";
import { roundView, type RoundView } from "./views.js";

export class RoundReading {
  constructor(private readonly core: RoundCore) {}

  private requireSecretariat(identity: Identity): void {
    if (identity.user.role !== "secretariat") throw forbidden("Only the Secretariat manages rounds.");
  }

  /** The round as `identity` sees it (RS14), with the late submissions for the Secretariat. */
  async view(roundId: string, identity: Identity): Promise<RoundView> {
    const round = this.core.find(roundId);
    if (identity.user.role !== "secretariat" && round.status === "draft") throw notFound(`There is no round ${roundId}.`);
    return roundView(round, identity, this.core.deps.clock.now(), await this.lateFor(round.id, identity));
  }

  /**
   * What the identity may list of a document's rounds, each as `view` gives it: drafts only for the
   * Secretariat (the dashboard loads from this list, late submissions included).
   */
  async views(documentId: string, identity: Identity): Promise<RoundView[]> {
    const rounds = this.core.ofDocument(documentId).filter((r) => identity.user.role === "secretariat" || r.status !== "draft");
    const late = await Promise.all(rounds.map((r) => this.lateFor(r.id, identity)));
    const now = this.core.deps.clock.now();
    return rounds.map((r, i) => roundView(r, identity, now, late[i] ?? null));
  }

  /** The round's late submissions when `identity` is the Secretariat's (RS7), else null. */
  private lateFor(roundId: string, identity: Identity): Promise<LateSubmissionMeta[] | null> {
    return identity.user.role === "secretariat" ? this.core.deps.store.listLateSubmissions(roundId) : Promise.resolve(null);
  }

  lateSubmissions(roundId: string, identity: Identity): Promise<LateSubmissionMeta[]> {
    this.requireSecretariat(identity);
    this.core.find(roundId);
    return this.core.deps.store.listLateSubmissions(roundId);
  }

  async lateSubmission(roundId: string, delegation: string, lateId: string, identity: Identity): Promise<LateSubmissionRecord> {
    this.requireSecretariat(identity);
    const found = await this.core.deps.store.findLateSubmission(roundId, delegation, lateId);
    if (!found) throw notFound(`There is no late submission ${lateId} of ${delegation} in round ${roundId}.`);
    return found;
  }
}
