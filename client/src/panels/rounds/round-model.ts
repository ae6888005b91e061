/**
 * Comment rounds in the browser, as values (client/SPEC.md RD1–RD7): which round governs the text,
 * whether the signed-in delegate may change it now and why not, the countdown on the server's clock,
 * deadlines in the round's zone and the person's own, labels. Pure: tested in Node.
 */
import {
  canonicalTimeZone, describeTimeLeft, formatDeadline, localDateTime, timeLeft, zoneOffset, zonedInstant,
  type DelegationStatus, type LateContent, type RoundKind, type SilenceOutcome,
} from "@concord/shared";
import type { LateSubmissionView, RoundView as ContractRoundView } from "@concord/shared/contract";
import type { User } from "../../api/types.js";

// the wire shapes are the contract's (shared/src/contract, CT7): `round.responses` only for the Secretariat
export type RoundView = ContractRoundView;
export type RoundSummary = RoundView["round"];
export type LateSubmissionMeta = LateSubmissionView;

// ---------------------------------------------------------------- the server's clock (RD1)

/** How far the server's clock is ahead of this browser's, from a view's `now` received at `receivedAt` (ms). */
export function clockOffset(serverNow: string, receivedAt: number): number {
  const at = Date.parse(serverNow);
  return Number.isNaN(at) ? 0 : at - receivedAt;
}

/** The server's time now, as this browser estimates it. */
export function serverTime(offsetMs: number, localNow: number = Date.now()): Date {
  return new Date(localNow + offsetMs);
}

// ---------------------------------------------------------------- which round, and the text (RD2, RD3)

/** The round that governs a document's text: the latest one that left draft (server RS8), or null. */
export function governingRound<T extends { readonly round: RoundSummary }>(views: readonly T[]): T | null {
  let latest: T | null = null;
  for (const view of views) {
    const r = view.round;
    if (r.status === "draft" || r.openedAt === null) continue;
    if (!latest || r.openedAt > latest.round.openedAt! || (r.openedAt === latest.round.openedAt && r.createdAt > latest.round.createdAt)) latest = view;
  }
  return latest;
}

export type Phase = "draft" | "scheduled" | "open" | "deadline-passed" | "closed" | "compiled";

/** Where the round stands at `now` (the server's time): the deadline may have passed before the server closed it. */
export function phaseOf(round: RoundSummary, now: Date): Phase {
  if (round.status === "draft") return "draft";
  if (round.status === "closed") return "closed";
  if (round.status === "compiled") return "compiled";
  if (round.openedAt && now.getTime() < Date.parse(round.openedAt)) return "scheduled";
  if (round.deadline && now.getTime() >= Date.parse(round.deadline)) return "deadline-passed";
  return "open";
}

/**
 * Why the signed-in person cannot change the document's text now, or null (mirrors the server's
 * RS9–RS11, so that the editor turns read only before the server has to refuse anything). Only
 * delegates are ever locked; the Secretariat writes at any time.
 */
export function textLock(view: RoundView | null, user: Pick<User, "role">, now: Date): string | null {
  if (!view || user.role !== "delegate") return null;
  const round = view.round;
  const phase = phaseOf(round, now);
  if (phase === "draft") return null;
  const invited = view.you?.invited ?? false;
  const end = round.closing?.at ?? round.deadline;
  const endText = end ? formatDeadline(end, round.timeZone) : "";
  if (phase === "closed" || phase === "compiled" || phase === "deadline-passed") {
    return `The text is read only: “${round.title}” ${phase === "deadline-passed" ? "had its deadline" : "closed as of"} ${endText}.`;
  }
  if (!invited) return `The text is read only: your delegation is not invited to “${round.title}”.`;
  if (phase === "scheduled") return `The text is read only until “${round.title}” opens, ${formatDeadline(round.openedAt!, round.timeZone)}.`;
  if (round.kind === "silence" && !view.you?.response?.silenceBroken) {
    return "Under a silence procedure a change to the text is an amendment: break silence in writing first, then propose it.";
  }
  return null;
}

// ---------------------------------------------------------------- time (RD4)

/** The deadline in the round's zone, and in the person's own zone when its wall time differs there. */
export function deadlineTexts(deadline: string, roundZone: string, ownZone: string | null): { readonly round: string; readonly own: string | null } {
  const round = formatDeadline(deadline, roundZone);
  const own = ownZone ? canonicalTimeZone(ownZone) : null;
  if (!own || own === canonicalTimeZone(roundZone)) return { round, own: null };
  // a zone with the same wall time then (Berlin for Vienna) tells the person nothing new
  const instant = new Date(deadline);
  if (zoneOffset(instant, own) === zoneOffset(instant, canonicalTimeZone(roundZone) ?? roundZone)) return { round, own: null };
  return { round, own: formatDeadline(deadline, own) };
}

/** "2 days 3 hours left", "deadline passed 4 minutes ago". */
export function countdownText(deadline: string, now: Date): string {
  return describeTimeLeft(timeLeft(deadline, now));
}

/** The person's own IANA zone, when the browser tells it. */
export function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    // reason: a browser without Intl time zones: the round's zone is shown alone
    return null;
  }
}

/**
 * The wall-clock deadline the API takes, from a date field, a time field and "end of the day":
 * ("2020-09-16", "", true) → "2020-09-16T24:00". Null when the date is missing or malformed.
 */
export function localDeadline(date: string, time: string, endOfDay: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  if (endOfDay) return `${date}T24:00`;
  if (!/^\d{2}:\d{2}$/.test(time)) return null;
  return `${date}T${time}`;
}

/** What a wall-clock deadline means in a zone, for the form to show before sending: the text, or the problem. */
export function previewDeadline(local: string | null, zone: string): { readonly ok: true; readonly instant: string; readonly text: string } | { readonly ok: false; readonly message: string } {
  if (!local) return { ok: false, message: "Give the date (and a time, or the end of the day)." };
  const result = zonedInstant(local, zone);
  if (!result.ok) return { ok: false, message: result.error.message };
  return { ok: true, instant: result.instant, text: formatDeadline(result.instant, zone) };
}

// ---------------------------------------------------------------- labels (RD5)

export const STATUS_LABELS: Readonly<Record<DelegationStatus, string>> = {
  "not-started": "No response yet",
  "proposing": "Proposals or comments in the text",
  "comments-submitted": "General comments submitted",
  "no-comments": "No comments",
  "broke-silence": "Broke silence",
};

export const KIND_LABELS: Readonly<Record<RoundKind, string>> = { comments: "Comments", silence: "Silence procedure" };

export function phaseLabel(phase: Phase, kind: RoundKind): string {
  switch (phase) {
    case "draft": return "Draft (not circulated)";
    case "scheduled": return "Circulated, opens later";
    case "open": return kind === "silence" ? "Open: silence procedure running" : "Open for comments";
    case "deadline-passed": return "Deadline passed, closing";
    case "closed": return "Closed";
    case "compiled": return "Compiled";
  }
}

/** The outcome of a silence procedure in words, or null. */
export function outcomeText(outcome: SilenceOutcome | null, nameOf: (code: string) => string): string | null {
  if (!outcome) return null;
  if (outcome.adopted) return "Silence was not broken: the text is adopted.";
  return `Silence was broken by ${outcome.brokenBy.map((b) => `${nameOf(b.delegation)} (${b.kind})`).join(", ")}: the text is not adopted.`;
}

/** A late submission's content in one line. */
export function lateContentText(content: LateContent): string {
  switch (content.kind) {
    case "comments": return `General comments (${content.language})`;
    case "no-comments": return "No comments";
    case "break-silence": return `Breaking silence (${content.silence}): ${content.text}`;
    case "proposal": return `${content.changes.length} change${content.changes.length === 1 ? "" : "s"} to the text`;
  }
}

/** The languages offered for general comments: the six UN languages first. */
export const LANGUAGES: ReadonlyArray<{ readonly code: string; readonly name: string }> = [
  { code: "en", name: "English" }, { code: "fr", name: "French" }, { code: "es", name: "Spanish" },
  { code: "ar", name: "Arabic" }, { code: "ru", name: "Russian" }, { code: "zh", name: "Chinese" },
  { code: "pt", name: "Portuguese" }, { code: "de", name: "German" },
];

export const isEnglish = (language: string) => /^en(-|$)/i.test(language);

/** When to look at the round again: at its next instant (opening or deadline), or within `maxMs`. */
export function nextRefreshIn(round: RoundSummary, now: Date, maxMs = 30_000): number {
  const instants = [round.openedAt, round.deadline].filter((t): t is string => t !== null).map((t) => Date.parse(t) - now.getTime()).filter((d) => d > 0);
  const next = Math.min(maxMs, ...instants.map((d) => d + 250));
  return Math.max(250, next);
}

/**
 * An instant as the deadline form's fields in a zone: 2020-09-16T22:00Z in Vienna is
 * {date: "2020-09-16", time: "", endOfDay: true} (24:00, the end of 16 September).
 */
export function splitLocal(instant: string, zone: string): { readonly date: string; readonly time: string; readonly endOfDay: boolean } {
  const t = localDateTime(new Date(instant), zone);
  const two = (n: number) => String(n).padStart(2, "0");
  if (t.hour === 0 && t.minute === 0 && t.second === 0 && t.millisecond === 0) {
    const before = new Date(Date.UTC(t.year, t.month - 1, t.day - 1));
    return { date: `${before.getUTCFullYear()}-${two(before.getUTCMonth() + 1)}-${two(before.getUTCDate())}`, time: "", endOfDay: true };
  }
  return { date: `${t.year}-${two(t.month)}-${two(t.day)}`, time: `${two(t.hour)}:${two(t.minute)}`, endOfDay: false };
}

/** An instant for lists and tables, in the round's zone: "22 Nov 2026, 10:45 (Vienna time)". */
export function shortTime(instant: string, zone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", { timeZone: zone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
  const city = zone.includes("/") && !zone.startsWith("Etc/") ? `${zone.slice(zone.lastIndexOf("/") + 1).replace(/_/g, " ")} time` : zone;
  return `${text} (${city})`;
}
