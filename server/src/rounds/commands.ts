/**
 * What the Secretariat and the delegations ask of rounds over HTTP (SPEC.md RS4, RS7, RS12, RS13,
 * RS16): bodies read strictly, who acts taken from the session, events applied through the core.
 * After the deadline a delegation's submission is refused with 423 `closed` and kept as a late
 * submission.
 */
import * as Y from "yjs";
import {
  applyRoundEvent, asLateAttempt, formatDeadline, isLateRefusal,
  type DelegationEvent, type Round, type RoundEvent,
} from "@concord/shared";
import type { Actor } from "../audit/recorder.js";
import { ConcordError, badRequest, conflict, forbidden, notFound } from "../auth/errors.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import type { RoundClosing } from "./closing.js";
import type { Applied, RoundCore } from "./core.js";
import { body, draftChangesOf, instantOf, optionalString, refuseServerFields, requiredString } from "./inputs.js";
import { errorOf, lateSummary } from "./messages.js";

const actorOf = (identity: Identity): Actor => ({ userId: identity.user.id, delegation: actingDelegation(identity.user) });

export class RoundCommands {
  constructor(private readonly core: RoundCore, private readonly closing: RoundClosing) {}

  // ------------------------------------------------------------------ the Secretariat (RS12, RS13)

  private requireSecretariat(identity: Identity): void {
    if (identity.user.role !== "secretariat") throw forbidden("Only the Secretariat manages rounds.");
  }

  private async checkInvited(invited: readonly string[] | undefined): Promise<void> {
    if (!invited) return;
    const unknown: string[] = [];
    for (const code of invited) if (typeof code !== "string" || !(await this.core.deps.delegations.find(code))) unknown.push(String(code));
    if (unknown.length > 0) throw badRequest(`Unknown delegation${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`, { unknown });
  }

  async create(documentId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const fields = body(input);
    refuseServerFields(fields);
    if (!(await this.core.deps.store.findDocument(documentId))) throw notFound(`There is no document ${documentId}.`);
    const changes = draftChangesOf(fields, null);
    await this.checkInvited(changes.invited);
    return this.core.settle(this.core.applyNow(null, [{
      type: "create", by: identity.user.id, id: this.core.deps.random.id(), documentId,
      kind: changes.kind ?? "comments", title: changes.title ?? "", instructions: changes.instructions ?? "",
      invited: changes.invited ?? [], timeZone: changes.timeZone ?? "", ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
    }], actorOf(identity)));
  }

  async updateDraft(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.core.find(roundId);
    const fields = body(input);
    refuseServerFields(fields, ["revision"]);
    if (fields.revision !== undefined && fields.revision !== round.revision) {
      throw conflict(`The round is at revision ${round.revision}, not ${String(fields.revision)}: someone changed it meanwhile; reload it.`, { revision: round.revision });
    }
    const { revision: _revision, ...rest } = fields;
    const changes = draftChangesOf(rest, round.timeZone);
    await this.checkInvited(changes.invited);
    // re-read: the round may have changed while the delegations were looked up
    return this.core.settle(this.core.applyNow(this.core.find(roundId), [{ type: "update-draft", by: identity.user.id, changes }], actorOf(identity)));
  }

  /**
   * Opens a draft (RS4): in the document's update queue, the text as it stands becomes the `circulated`
   * snapshot and the round opens at that point of the stream of updates.
   */
  async open(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.core.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    const deadline = fields.deadline !== undefined ? instantOf(fields.deadline, round.timeZone, "deadline") : undefined;
    const openedAt = fields.opensAt !== undefined ? instantOf(fields.opensAt, round.timeZone, "opensAt") : undefined;
    const event = (snapshotId: string): RoundEvent => ({
      type: "open", by: identity.user.id, circulatedSnapshotId: snapshotId,
      ...(deadline !== undefined ? { deadline } : {}), ...(openedAt !== undefined ? { openedAt } : {}),
    });
    const trial = applyRoundEvent(round, event("trial"), this.core.deps.clock.now());
    if (!trial.ok) throw errorOf(trial.error);
    const applied = await this.closing.inQueue(round.documentId, identity, (room) => {
      const current = this.core.find(roundId);
      const other = this.core.governing(current.documentId);
      if (other && other.status === "open" && other.id !== current.id) {
        return { ok: false, error: { code: "conflict", rule: "SP1", message: `round ${other.id} (“${other.title}”) is open on this document until ${formatDeadline(other.deadline!, other.timeZone)}; close it before opening another` } } as Applied;
      }
      const snapshotId = this.core.deps.random.id();
      const state = Y.encodeStateAsUpdate(room.doc);
      const result = this.core.applyNow(current, [event(snapshotId)], actorOf(identity), {
        snapshots: this.closing.snapshotOf(room, state, { id: snapshotId, kind: "circulated", name: `Circulated: ${current.title}`, by: identity.user.id }),
      });
      if (result.ok) this.closing.circulated(roundId, room);
      return result;
    });
    if (!applied) throw new Error(`round ${roundId}: opening returned nothing`);
    return this.core.settle(applied);
  }

  async extend(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.core.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    const deadline = instantOf(fields.deadline, round.timeZone, "deadline");
    const reason = requiredString(fields, "reason");
    return this.core.settle(this.core.applyNow(round, [{ type: "extend", by: identity.user.id, deadline, reason }], actorOf(identity)));
  }

  /** Closes a round by hand (RS4): as of now — or as of the deadline when it has passed — in the document's update queue. */
  async close(roundId: string, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.core.find(roundId);
    const applied = await this.closing.closeThroughRoom(round.id, "manual", actorOf(identity));
    if (!applied) throw errorOf({ code: "invalid_transition", rule: "SP8", message: `cannot close round ${roundId}: it is ${this.core.find(roundId).status}, and only open rounds close` });
    return this.core.settle(applied);
  }

  async translate(roundId: string, delegation: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.core.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    return this.core.settle(this.core.applyNow(round, [{ type: "translate", by: identity.user.id, delegation, translation: fields.translation as never }], actorOf(identity)));
  }

  /** Compiles a closed round (SP10); listeners receive the `compile-note` effect. */
  async compile(roundId: string, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    return this.core.settle(this.core.applyNow(this.core.find(roundId), [{ type: "compile", by: identity.user.id }], actorOf(identity)));
  }

  // ------------------------------------------------------------------ delegations (RS7, RS13)

  private delegationOf(identity: Identity): string {
    if (identity.user.role !== "delegate" || !identity.user.delegation) throw forbidden("Only delegates submit to a round, for their own delegation.");
    return identity.user.delegation;
  }

  /**
   * Applies a delegation's event; after the deadline (or once closed) it is refused with 423 `closed`
   * and kept as a late submission (RS7).
   */
  private async delegationAct(roundId: string, event: DelegationEvent, identity: Identity): Promise<Round> {
    const round = this.core.find(roundId);
    const applied = this.core.applyNow(round, [event], actorOf(identity));
    if (applied.ok) return this.core.settle(applied);
    if (!isLateRefusal(applied.error)) throw errorOf(applied.error, round);
    this.core.track(this.closing.closeIfDue(roundId));
    const late = asLateAttempt(event);
    const refusal = errorOf(applied.error, round);
    if (!late) throw refusal;
    const now = this.core.deps.clock.now();
    const onTime = round.responses[event.delegation] ?? null;
    const kept = this.core.applyNow(this.core.find(roundId), [late], actorOf(identity), {
      late: (r) => {
        const entry = r.responses[event.delegation]!.late.at(-1)!;
        return [{
          roundId, delegation: event.delegation, id: entry.id, author: entry.author, receivedAt: entry.receivedAt, missed: entry.missed, via: "http",
          summary: lateSummary(entry.content, onTime), content: entry.content, update: null, updateBytes: null,
        }];
      },
    });
    if (!kept.ok) {
      throw new ConcordError(423, "closed", `${refusal.message}. What you sent could not be kept either: ${kept.error.message}`, { rule: applied.error.rule, reason: applied.error.code, late: false });
    }
    await kept.persisted;
    const when = formatDeadline(now, round.timeZone);
    throw new ConcordError(423, "closed", `${refusal.message}. Your submission arrived at ${when}; it is kept as a late submission and shown to the Secretariat, but not included in the compilation.`,
      { rule: applied.error.rule, reason: applied.error.code, late: true });
  }

  submitComments(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    const delegation = this.delegationOf(identity);
    const fields = body(input);
    refuseServerFields(fields);
    const language = requiredString(fields, "language", 35);
    if (fields.content === undefined) throw badRequest("Give the comments as `content` (a ProseMirror document of the comments schema).");
    return this.delegationAct(roundId, {
      type: "submit-comments", delegation, author: identity.user.id, content: fields.content as never, language,
      ...(fields.translation !== undefined ? { translation: fields.translation as never } : {}),
    }, identity);
  }

  declareNoComments(roundId: string, identity: Identity): Promise<Round> {
    return this.delegationAct(roundId, { type: "declare-no-comments", delegation: this.delegationOf(identity), author: identity.user.id }, identity);
  }

  withdraw(roundId: string, what: "comments" | "no-comments", identity: Identity): Promise<Round> {
    return this.delegationAct(roundId, { type: "withdraw", delegation: this.delegationOf(identity), author: identity.user.id, what }, identity);
  }

  breakSilence(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    const delegation = this.delegationOf(identity);
    const fields = body(input);
    refuseServerFields(fields);
    const kind = fields.kind;
    if (kind !== "objection" && kind !== "amendment") throw badRequest(`The kind ${JSON.stringify(kind)} is not one of objection, amendment.`);
    const text = requiredString(fields, "text");
    if (optionalString(fields, "at") !== undefined) throw badRequest("`at` is not taken from the request: the server timestamps a break of silence.");
    return this.delegationAct(roundId, { type: "break-silence", delegation, author: identity.user.id, kind, text }, identity);
  }
}
