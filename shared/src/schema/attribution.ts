/**
 * Who proposed something, and when. Every tracked mark (insertion, deletion, comment anchor) and every
 * block-level tracked change carries one. Plain JSON, so it travels unchanged through Yjs, the store
 * and the HTTP API.
 */
export interface Attribution {
  /** Globally unique change id (UUID). A replacement's deletion and insertion share one id. */
  readonly id: string;
  /** Delegation code from the registry, e.g. "USA", "CAN", or "CHAIR" for the Secretariat proposing in the Chair's name. */
  readonly delegation: string;
  /** Account id of the person who made the change. */
  readonly author: string;
  /** ISO 8601 instant, e.g. "2020-09-16T10:00:00.000Z". */
  readonly createdAt: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

/** Why `value` is not a well-formed attribution, or null when it is. */
export function attributionProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "attribution must be an object";
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(",");
  if (keys !== "author,createdAt,delegation,id") return `attribution has keys [${keys}], expected [author,createdAt,delegation,id]`;
  if (typeof record.id !== "string" || !ID.test(record.id)) return `attribution id ${JSON.stringify(record.id)} is not a valid id`;
  if (typeof record.delegation !== "string" || !CODE.test(record.delegation)) return `attribution delegation ${JSON.stringify(record.delegation)} is not a delegation code`;
  if (typeof record.author !== "string" || record.author.length === 0 || record.author.length > 128) return `attribution author ${JSON.stringify(record.author)} is not valid`;
  if (typeof record.createdAt !== "string" || !ISO_INSTANT.test(record.createdAt)) return `attribution createdAt ${JSON.stringify(record.createdAt)} is not an ISO instant`;
  return null;
}

export function isAttribution(value: unknown): value is Attribution {
  return attributionProblem(value) === null;
}

/** Throws when `value` is neither null nor a well-formed attribution (used by the schema's attribute validation). */
export function assertAttributionOrNull(value: unknown): void {
  if (value === null) return;
  const problem = attributionProblem(value);
  if (problem) throw new RangeError(problem);
}

export function sameAttribution(a: Attribution | null, b: Attribution | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.id === b.id && a.delegation === b.delegation && a.author === b.author && a.createdAt === b.createdAt;
}
