/**
 * Round events as values (SP20). The server builds them from what it received and from the
 * authenticated session: `by` and `author` are user ids, `delegation` is the delegation of the
 * connection — never values taken from a client's message body.
 */
import type { CommentsNodeJSON } from "./comments-schema.js";
import { roundError, type RoundError } from "./errors.js";
import type { LateContent, RoundKind } from "./types.js";

/** The Secretariat drafts a round. */
export interface CreateRound {
  readonly type: "create";
  readonly by: string;
  readonly id: string;
  readonly documentId: string;
  readonly kind: RoundKind;
  readonly title: string;
  readonly instructions: string;
  readonly invited: readonly string[];
  readonly timeZone: string;
  /** A proposed deadline; it can still change until opening. */
  readonly deadline?: string | null;
}

export interface DraftChanges {
  readonly kind?: RoundKind;
  readonly title?: string;
  readonly instructions?: string;
  readonly invited?: readonly string[];
  readonly timeZone?: string;
  readonly deadline?: string | null;
}

export interface UpdateDraft { readonly type: "update-draft"; readonly by: string; readonly changes: DraftChanges }

/** Circulates the text: the server has taken the `circulated` snapshot first. */
export interface OpenRound {
  readonly type: "open";
  readonly by: string;
  readonly circulatedSnapshotId: string;
  /** Defaults to the draft's deadline. */
  readonly deadline?: string;
  /** When delegations may start writing; defaults to now, never earlier than now. */
  readonly openedAt?: string;
}

export interface ExtendDeadline { readonly type: "extend"; readonly by: string; readonly deadline: string; readonly reason: string }

/** `manual`: the Secretariat closes it. `deadline`: the server's scheduler closes it (see `dueForClosing`). */
export interface CloseRound { readonly type: "close"; readonly by: string; readonly reason: "manual" | "deadline" }

/** The server took the `closed` snapshot asked for by a `take-snapshot` effect. */
export interface RecordClosedSnapshot { readonly type: "record-closed-snapshot"; readonly by: string; readonly snapshotId: string }

/** A Secretariat officer records an unofficial English translation of a delegation's general comments. */
export interface RecordTranslation { readonly type: "translate"; readonly by: string; readonly delegation: string; readonly translation: CommentsNodeJSON }

export interface CompileRound { readonly type: "compile"; readonly by: string }

/** Submits or replaces the delegation's general comments. */
export interface SubmitComments {
  readonly type: "submit-comments";
  readonly delegation: string;
  readonly author: string;
  readonly content: CommentsNodeJSON;
  /** BCP 47, e.g. "en", "fr", "es". */
  readonly language: string;
  /** The delegation's own unofficial English translation, when the language is not English. */
  readonly translation?: CommentsNodeJSON | null;
}

export interface DeclareNoComments { readonly type: "declare-no-comments"; readonly delegation: string; readonly author: string }

/**
 * Takes back general comments, a "no comments" declaration, or the record that the delegation proposes
 * changes (the server sends `proposals` when the delegation's last tracked change is gone).
 */
export interface Withdraw { readonly type: "withdraw"; readonly delegation: string; readonly author: string; readonly what: "comments" | "no-comments" | "proposals" }

export interface BreakSilence {
  readonly type: "break-silence";
  readonly delegation: string;
  readonly author: string;
  readonly kind: "objection" | "amendment";
  readonly text: string;
}

/** The server accepted a tracked change of the delegation in the round's document. */
export interface RecordProposal { readonly type: "record-proposal"; readonly delegation: string; readonly author: string; readonly changeId: string }

/** Something the delegation tried to submit too late (see `asLateAttempt`). */
export interface LateAttempt { readonly type: "late-attempt"; readonly delegation: string; readonly author: string; readonly content: LateContent }

export type SecretariatEvent = CreateRound | UpdateDraft | OpenRound | ExtendDeadline | CloseRound | RecordClosedSnapshot | RecordTranslation | CompileRound;
export type DelegationEvent = SubmitComments | DeclareNoComments | Withdraw | BreakSilence | RecordProposal | LateAttempt;
export type RoundEvent = SecretariatEvent | DelegationEvent;

export const DELEGATION_EVENT_TYPES = ["submit-comments", "declare-no-comments", "withdraw", "break-silence", "record-proposal", "late-attempt"] as const;

export function isDelegationEvent(event: RoundEvent): event is DelegationEvent {
  return (DELEGATION_EVENT_TYPES as readonly string[]).includes(event.type);
}

export const MAX_ROUND_TITLE = 300;
export const MAX_ROUND_TEXT = 10_000;
export const MAX_INVITED = 500;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DELEGATION_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

type Check = (value: unknown) => string | null;

const str = (max: number, nonEmpty = true): Check => (v) =>
  typeof v !== "string" ? "must be a string"
    : nonEmpty && v.trim().length === 0 ? "must not be empty"
      : v.length > max ? `has ${v.length} characters, more than ${max}` : null;
const user = str(128);
const id: Check = (v) => typeof v === "string" && ID.test(v) ? null : "must be an id of 1–64 letters, digits, - or _";
const code: Check = (v) => typeof v === "string" && DELEGATION_CODE.test(v) ? null : "must be a delegation code such as \"USA\"";
const oneOf = (...values: string[]): Check => (v) => typeof v === "string" && values.includes(v) ? null : `must be one of ${values.join(", ")}`;
const object: Check = (v) => typeof v === "object" && v !== null && !Array.isArray(v) ? null : "must be an object";
const nullable = (check: Check): Check => (v) => v === null ? null : check(v);
const codes: Check = (v) => {
  if (!Array.isArray(v)) return "must be a list of delegation codes";
  if (v.length > MAX_INVITED) return `lists ${v.length} delegations, more than ${MAX_INVITED}`;
  for (const item of v) if (code(item)) return `contains ${JSON.stringify(item)}, not a delegation code`;
  const repeated = v.find((item, i) => v.indexOf(item) !== i);
  return repeated === undefined ? null : `lists ${repeated as string} twice`;
};
const lateContent: Check = (v) => {
  const problem = object(v);
  if (problem) return problem;
  const c = v as Record<string, unknown>;
  switch (c.kind) {
    case "comments": return fields(c, { kind: null, content: object, language: str(35), translation: nullable(object) }, []);
    case "no-comments": return fields(c, { kind: null }, []);
    case "break-silence": return fields(c, { kind: null, silence: oneOf("objection", "amendment"), text: str(MAX_ROUND_TEXT) }, []);
    case "proposal": {
      const p = fields(c, { kind: null, changes: (x) => Array.isArray(x) ? null : "must be a list" }, []);
      if (p) return p;
      for (const change of c.changes as unknown[]) {
        const q = object(change) ?? fields(change as Record<string, unknown>, {
          kind: oneOf("insert", "delete", "replace"), insertedText: str(MAX_ROUND_TEXT, false), deletedText: str(MAX_ROUND_TEXT, false), point: nullable(str(200)),
        }, []);
        if (q) return `a change ${q}`;
      }
      return (c.changes as unknown[]).length > 1000 ? "lists more than 1000 changes" : null;
    }
    default: return `has unknown kind ${JSON.stringify(c.kind)}`;
  }
};

/** Checks `record` has exactly the keys of `spec` (those in `optional` may be missing), each valid. */
function fields(record: Record<string, unknown>, spec: Record<string, Check | null>, optional: readonly string[]): string | null {
  for (const key of Object.keys(record)) if (!(key in spec)) return `has an unexpected field ${JSON.stringify(key)}`;
  for (const [key, check] of Object.entries(spec)) {
    if (!(key in record) || record[key] === undefined) {
      if (optional.includes(key)) continue;
      return `lacks the field ${JSON.stringify(key)}`;
    }
    const problem = check ? check(record[key]) : null;
    if (problem) return `field ${JSON.stringify(key)} ${problem}`;
  }
  return null;
}

const draftFields = { kind: oneOf("comments", "silence"), title: str(MAX_ROUND_TITLE), instructions: str(MAX_ROUND_TEXT, false), invited: codes, timeZone: str(64), deadline: nullable(str(40)) };

const SPECS: Record<RoundEvent["type"], { spec: Record<string, Check | null>; optional: readonly string[] }> = {
  "create": { spec: { type: null, by: user, id, documentId: id, ...draftFields }, optional: ["deadline"] },
  "update-draft": { spec: { type: null, by: user, changes: (v) => object(v) ?? fields(v as Record<string, unknown>, draftFields, Object.keys(draftFields)) }, optional: [] },
  "open": { spec: { type: null, by: user, circulatedSnapshotId: id, deadline: str(40), openedAt: str(40) }, optional: ["deadline", "openedAt"] },
  "extend": { spec: { type: null, by: user, deadline: str(40), reason: str(MAX_ROUND_TEXT) }, optional: [] },
  "close": { spec: { type: null, by: user, reason: oneOf("manual", "deadline") }, optional: [] },
  "record-closed-snapshot": { spec: { type: null, by: user, snapshotId: id }, optional: [] },
  "translate": { spec: { type: null, by: user, delegation: code, translation: object }, optional: [] },
  "compile": { spec: { type: null, by: user }, optional: [] },
  "submit-comments": { spec: { type: null, delegation: code, author: user, content: object, language: str(35), translation: nullable(object) }, optional: ["translation"] },
  "declare-no-comments": { spec: { type: null, delegation: code, author: user }, optional: [] },
  "withdraw": { spec: { type: null, delegation: code, author: user, what: oneOf("comments", "no-comments", "proposals") }, optional: [] },
  "break-silence": { spec: { type: null, delegation: code, author: user, kind: oneOf("objection", "amendment"), text: str(MAX_ROUND_TEXT) }, optional: [] },
  "record-proposal": { spec: { type: null, delegation: code, author: user, changeId: id }, optional: [] },
  "late-attempt": { spec: { type: null, delegation: code, author: user, content: lateContent }, optional: [] },
};

/**
 * Why `value` is not a well-formed round event, or null. Checks the shape only (fields, types,
 * lengths); what the event may do to a round is `applyRoundEvent`'s business.
 */
export function roundEventProblem(value: unknown): RoundError | null {
  const bad = (why: string) => roundError("invalid_event", "SP20", why);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("a round event must be a JSON object");
  const record = value as Record<string, unknown>;
  const entry = typeof record.type === "string" && Object.hasOwn(SPECS, record.type) ? SPECS[record.type as RoundEvent["type"]] : undefined;
  if (!entry) return bad(`unknown round event type ${JSON.stringify(record.type)}`);
  const problem = fields(record, entry.spec, entry.optional);
  return problem ? bad(`${record.type} event ${problem}`) : null;
}
