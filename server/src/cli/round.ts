/**
 * `pnpm concord round list [--document ID]` and `round show --id ID`: comment rounds as stored
 * (server/src/rounds/SPEC.md) — the deadline in the round's zone, every invited delegation's status,
 * the late submissions. Read only: closing and timers are the running server's business (RS3).
 */
import { delegationOverview, formatDeadline, silenceOutcome, type Round } from "@concord/shared";
import type { Services } from "../services.js";
import { UsageError, optional, required, type ParsedArgs } from "./args.js";

export const ROUND_USAGE = `  round list [--document ID]     rounds with their status and deadline (in the round's time zone)
  round show --id ID             one round: every invited delegation's status, the late submissions`;

interface RoundIo {
  out(line: string): void;
}

const deadlineOf = (r: Round) => (r.closing ? `closed as of ${formatDeadline(r.closing.at, r.timeZone)}` : r.deadline ? `deadline ${formatDeadline(r.deadline, r.timeZone)}` : "no deadline");

export async function roundListCommand(s: Services, args: ParsedArgs, io: RoundIo): Promise<number> {
  const rounds = await s.store.listRounds(optional(args, "document"));
  if (rounds.length === 0) io.out("No rounds.");
  for (const r of rounds) io.out(`${r.id}  ${r.status.padEnd(8)} ${r.kind.padEnd(8)} ${r.documentId}  “${r.title}”, ${deadlineOf(r)}`);
  return 0;
}

export async function roundShowCommand(s: Services, args: ParsedArgs, io: RoundIo): Promise<number> {
  const id = required(args, "id");
  const round = await s.store.findRound(id);
  if (!round) throw new UsageError(`There is no round ${id}.`);
  io.out(`“${round.title}” (${round.kind}), ${round.status}, document ${round.documentId}, ${deadlineOf(round)}`);
  for (const e of round.extensions) io.out(`  extended from ${formatDeadline(e.from, round.timeZone)} to ${formatDeadline(e.to, round.timeZone)}: ${e.reason}`);
  const outcome = silenceOutcome(round);
  if (outcome) io.out(outcome.adopted ? "  silence not broken: adopted" : `  silence broken by ${outcome.brokenBy.map((b) => `${b.delegation} (${b.kind})`).join(", ")}`);
  for (const o of delegationOverview(round)) io.out(`  ${o.delegation.padEnd(8)} ${o.status}${o.late > 0 ? `, ${o.late} late` : ""}`);
  const late = await s.store.listLateSubmissions(id);
  for (const l of late) io.out(`  late: ${l.delegation} ${l.id} at ${l.receivedAt} via ${l.via}${l.updateBytes !== null ? ` (${l.updateBytes} bytes)` : ""}: ${l.summary}`);
  return 0;
}
