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

export interface NumberedPoint {
  readonly id: string;
  readonly kind: PointKind;
  readonly number: number;
  /** Position of the point node in the document. */
  readonly pos: number;
  readonly node: Node;
}

/**
 * The points of `doc` in document order with their derived numbers. Each kind counts on its own,
 * straight through the document; a point with `numberFrom` restarts its kind's count there.
 * Every point present counts, including one proposed for deletion (the compilation keeps its number).
 */
export function numberPoints(doc: Node): NumberedPoint[] {
  const counters = new Map<PointKind, number>();
  const result: NumberedPoint[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== "point") return !node.isTextblock;
    const kind = node.attrs.kind as PointKind;
    const number = node.attrs.numberFrom ?? (counters.get(kind) ?? 0) + 1;
    counters.set(kind, number);
    result.push({ id: node.attrs.id, kind, number, pos, node });
    return false;
  });
  return result;
}

/** Map from point id to its label, e.g. "Discussion point 12". */
export function pointLabels(doc: Node): Map<string, string> {
  return new Map(numberPoints(doc).map((p) => [p.id, pointLabel(p.kind, p.number)]));
}
