/**
 * Reading the HTTP bodies of rounds (RS13): times given as wall-clock times of the round's zone,
 * fields of the right type, nothing that names who acts (that comes from the session).
 */
import { parseInstant, zonedInstant, type DraftChanges, type RoundKind } from "@concord/shared";
import { badRequest } from "../auth/errors.js";

type Body = Record<string, unknown>;

/** The body as an object, or 400. */
export function body(value: unknown): Body {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest("The request body must be a JSON object.");
  return value as Body;
}

const FORBIDDEN_FIELDS = ["by", "author", "delegation", "id", "documentId", "status", "revision", "responses"] as const;

/** Refuses bodies that try to say who acts or what the server decides (RS13): those come from the session and the round. */
export function refuseServerFields(input: Body, allowed: readonly string[] = []): void {
  for (const field of FORBIDDEN_FIELDS) {
    if (field in input && !allowed.includes(field)) throw badRequest(`\`${field}\` is not taken from the request: the server sets it from your session and the round.`);
  }
}

export function optionalString(input: Body, field: string, max = 10_000): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw badRequest(`\`${field}\` must be a string.`);
  if (value.length > max) throw badRequest(`\`${field}\` has ${value.length} characters; at most ${max} are allowed.`);
  return value;
}

export function requiredString(input: Body, field: string, max = 10_000): string {
  const value = optionalString(input, field, max);
  if (value === undefined) throw badRequest(`Give \`${field}\`.`);
  return value;
}

export function kindOf(input: Body): RoundKind | undefined {
  const kind = input.kind;
  if (kind === undefined) return undefined;
  if (kind !== "comments" && kind !== "silence") throw badRequest(`The kind ${JSON.stringify(kind)} is not one of comments, silence.`);
  return kind;
}

export function invitedOf(input: Body): string[] | undefined {
  const invited = input.invited;
  if (invited === undefined) return undefined;
  if (!Array.isArray(invited) || invited.some((c) => typeof c !== "string")) throw badRequest("`invited` must be a list of delegation codes, such as [\"USA\", \"CAN\"].");
  return invited as string[];
}

/**
 * An instant from a wall-clock time in `timeZone` ("2020-09-16T24:00": the end of 16 September, RS12),
 * or from an ISO UTC instant ending in "Z". A wall time that does not exist in the zone (the hour the
 * clocks go forward) is 400; one that occurs twice gives the later instant.
 */
export function instantOf(value: unknown, timeZone: string, field: string): string {
  if (typeof value !== "string") throw badRequest(`\`${field}\` must be a local date and time such as "2020-09-16T24:00" (in the round's time zone).`);
  if (value.endsWith("Z")) {
    const instant = parseInstant(value);
    if (!instant) throw badRequest(`\`${field}\` ${JSON.stringify(value)} is not an ISO 8601 UTC instant.`);
    return instant.toISOString();
  }
  const result = zonedInstant(value, timeZone);
  if (!result.ok) throw badRequest(`\`${field}\`: ${result.error.message}.`, { rule: result.error.rule, reason: result.error.code });
  return result.instant;
}

/** The draft fields of a create or update body; `timeZone` is the zone deadlines are read in. */
export function draftChangesOf(input: Body, currentZone: string | null): DraftChanges {
  const changes: { -readonly [K in keyof DraftChanges]: DraftChanges[K] } = {};
  const kind = kindOf(input);
  if (kind !== undefined) changes.kind = kind;
  const title = optionalString(input, "title", 300);
  if (title !== undefined) changes.title = title;
  const instructions = optionalString(input, "instructions");
  if (instructions !== undefined) changes.instructions = instructions;
  const invited = invitedOf(input);
  if (invited !== undefined) changes.invited = invited;
  const timeZone = optionalString(input, "timeZone", 64);
  if (timeZone !== undefined) changes.timeZone = timeZone;
  if (input.deadline === null) changes.deadline = null;
  else if (input.deadline !== undefined) {
    const zone = timeZone ?? currentZone;
    if (!zone) throw badRequest("Give the `timeZone` the deadline is stated in.");
    changes.deadline = instantOf(input.deadline, zone, "deadline");
  }
  return changes;
}
