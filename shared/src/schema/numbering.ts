import type { Node } from "prosemirror-model";
import type { PointKind } from "./schema.js";

/** The printed label of a point kind: "Discussion point 3", "Recommendation 3", "3.". */
export function pointLabel(kind: PointKind, number: number): string {
  switch (kind) {
    case "discussion": return `Discussion point ${number}`;
    case "recommendation": return `Recommendation ${number}`;
    case "paragraph": return `${number}.`;
  }
}

/**
 * The Latin suffixes of points inserted after a point, in the order the Secretariat gives them:
 * "5 bis", "5 ter", "5 quater", …
 */
export const INSERTED_POINT_SUFFIXES = [
  "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
  "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies",
] as const;

/** The suffix of the `n`th point proposed after the same point (1 → "bis"); past the list, "(new 15)". */
export function insertedSuffix(n: number): string {
  return INSERTED_POINT_SUFFIXES[n - 1] ?? `(new ${n})`;
}

const NEW_POINT: Record<PointKind, string> = { discussion: "New discussion point", recommendation: "New recommendation", paragraph: "New paragraph" };

export interface NumberedPoint {
  readonly id: string;
  readonly kind: PointKind;
  /**
   * The point's number. A point proposed as new carries the number of the point of its kind before
   * it (5 for "5 bis"), or 0 when it comes before every point of its kind.
   */
  readonly number: number;
  /** "bis", "ter", … for a point proposed as new after another point of its kind; null otherwise. */
  readonly suffix: string | null;
  /** The point itself is a proposal (an inserted point not yet accepted). */
  readonly proposed: boolean;
  /** Position of the point node in the document. */
  readonly pos: number;
  readonly node: Node;
}

const isProposed = (node: Node): boolean => node.attrs.insertion != null;

/**
 * The points of `doc` in document order with their derived numbers. Each kind counts on its own,
 * straight through the document; a point with `numberFrom` restarts its kind's count there.
 * Every point present counts, including one proposed for deletion (the compilation keeps its number).
 * A point proposed as new does not count until it is accepted: it is numbered as the Secretariat
 * numbers an inserted paragraph — "5 bis", then "5 ter" for a second one after point 5 — and no
 * other point moves.
 */
export function numberPoints(doc: Node): NumberedPoint[] {
  const counters = new Map<PointKind, number>();
  /** How many proposed points of each kind follow the last counted one. */
  const inserted = new Map<PointKind, number>();
  const result: NumberedPoint[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== "point") return !node.isTextblock;
    const kind = node.attrs.kind as PointKind;
    const id = node.attrs.id as string;
    if (isProposed(node)) {
      const n = (inserted.get(kind) ?? 0) + 1;
      inserted.set(kind, n);
      const before = counters.get(kind) ?? 0;
      result.push({ id, kind, number: before, suffix: before > 0 ? insertedSuffix(n) : null, proposed: true, pos, node });
      return false;
    }
    const number = node.attrs.numberFrom ?? (counters.get(kind) ?? 0) + 1;
    counters.set(kind, number);
    inserted.set(kind, 0);
    result.push({ id, kind, number, suffix: null, proposed: false, pos, node });
    return false;
  });
  return result;
}

/**
 * A numbered point's label: "Discussion point 5", "Discussion point 5 bis", "5 bis."; a point proposed
 * before every point of its kind reads "New discussion point".
 */
export function numberedPointLabel(point: Pick<NumberedPoint, "kind" | "number" | "suffix" | "proposed">): string {
  if (!point.proposed) return pointLabel(point.kind, point.number);
  if (point.suffix === null) return NEW_POINT[point.kind];
  return point.kind === "paragraph" ? `${point.number} ${point.suffix}.` : `${pointLabel(point.kind, point.number)} ${point.suffix}`;
}

/** Map from point id to its label, e.g. "Discussion point 12", "Discussion point 5 bis". */
export function pointLabels(doc: Node): Map<string, string> {
  return new Map(numberPoints(doc).map((p) => [p.id, numberedPointLabel(p)]));
}
