/**
 * Seeded random tests of the importer's guarantees (IM22): compilations generated in the conventions
 * of the Secretariat's note, whose original and proposed texts the generator knows, and real text
 * mutated at random, which must import validly or be refused with an ImportError. SEED=n repeats one.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import {
  acceptAll, annotationKey, attributionProblem, checkAnnotationWrite, findDelegation, importMarkdown,
  importPlainText, indexDocument, listChanges, numberPoints, rejectAll, ImportError, type ImportResult, type TrackingEnv,
} from "@concord/shared";
import { prng, seeds, type Prng } from "../helpers/prng.js";

function env(): TrackingEnv {
  let n = 0;
  return { now: () => new Date("2020-09-20T12:00:00.000Z"), newId: () => `id${String(++n).padStart(5, "0")}` };
}

function expectValid(result: ImportResult, where: string): void {
  const { doc, annotations } = result;
  expect(() => doc.check(), where).not.toThrow();
  doc.descendants((node) => {
    const attributions = [
      ...node.marks.filter((m) => ["insertion", "deletion", "comment"].includes(m.type.name)).map((m) => m.attrs),
      ...(node.isBlock ? [node.attrs.insertion, node.attrs.deletion].filter(Boolean) : []),
    ];
    for (const a of attributions) {
      expect(attributionProblem(a), where).toBeNull();
      expect(findDelegation(a.delegation as string), where).toBeDefined();
    }
    return true;
  });
  const index = indexDocument(doc);
  for (const [key, annotation] of annotations) {
    expect(annotationKey(annotation), where).toBe(key);
    expect(checkAnnotationWrite(key, annotation, annotation.delegation, index), `${where}: ${key}`).toEqual({ ok: true });
  }
  expect(listChanges(rejectAll(doc)), where).toEqual([]);
  expect(() => acceptAll(doc).check(), where).not.toThrow();
}

const WORDS = ["firearms", "parts", "components", "ammunition", "tracing", "records", "marking", "national", "regional", "systems",
  "cooperation", "information", "illicit", "trafficking", "legislation", "measures", "effective", "border", "control", "data"];
const TAGS: ReadonlyArray<readonly [string, string]> = [["US", "USA"], ["Canada", "CAN"], ["France", "FRA"], ["Saudi Arabia", "SAU"], ["Morocco", "MAR"], ["EU", "EU"]];

/** A piece of a generated paragraph: its Markdown, and its words in the original and proposed texts. */
interface Piece {
  readonly md: string;
  readonly original: string;
  readonly proposed: string;
  /** Joined to the piece before it without a space (", consistent with …,"). */
  readonly glued?: boolean;
  readonly change?: Change;
  /** A competing proposal on the same words (IM14). */
  readonly second?: Change;
}

interface Change { readonly kind: "insert" | "delete" | "replace"; readonly delegation: string; readonly cosponsors: string[] }

function words(rnd: Prng, count: number): string {
  return Array.from({ length: count }, () => rnd.pick(WORDS)).join(" ");
}

function piece(rnd: Prng, previous: Piece | undefined): Piece {
  const [tag, code] = rnd.pick(TAGS);
  const roll = rnd.int(10);
  if (roll < 3 || !previous) { const w = words(rnd, rnd.range(1, 3)); return { md: w, original: w, proposed: w }; }
  if (roll === 3) { const w = words(rnd, 1); return { md: `${w} (${tag})`, original: "", proposed: w, change: { kind: "insert", delegation: code, cosponsors: [] } }; }
  if (roll === 4) {
    const w = words(rnd, rnd.range(1, 3));
    const reason = rnd.chance(0.5) ? `: reason ${words(rnd, 2)}` : "";
    return { md: `~~${w} (${tag}${reason})~~`, original: w, proposed: "", change: { kind: "delete", delegation: code, cosponsors: [] } };
  }
  if (roll === 5) {
    const deleted = words(rnd, rnd.range(1, 2));
    const inserted = words(rnd, rnd.range(1, 3));
    return { md: `~~${deleted}~~ ${inserted} (${tag})`, original: deleted, proposed: inserted, change: { kind: "replace", delegation: code, cosponsors: [] } };
  }
  if (roll === 6 && previous.change === undefined && previous.original !== "") {
    const phrase = `, consistent with ${words(rnd, rnd.range(1, 3))},`;
    return { md: `${phrase} (${tag})`, original: "", proposed: phrase, glued: true, change: { kind: "insert", delegation: code, cosponsors: [] } };
  }
  if (roll === 7) {
    const w = words(rnd, 1);
    return { md: `${w} (${tag}: note on ${words(rnd, 2)})`, original: w, proposed: w };
  }
  if (roll === 8) {
    const [other, otherCode] = rnd.pick(TAGS.filter(([, c]) => c !== code));
    const w = words(rnd, 1);
    return { md: `${w} (${tag}, ${other})`, original: "", proposed: w, change: { kind: "insert", delegation: code, cosponsors: [otherCode] } };
  }
  const roll2 = rnd.int(6);
  const [other, otherCode] = rnd.pick(TAGS.filter(([, c]) => c !== code));
  if (roll2 === 0) {
    const d = words(rnd, rnd.range(1, 2)); const a1 = words(rnd, rnd.range(1, 2)); const a2 = words(rnd, rnd.range(1, 2));
    return { md: `~~${d}~~ ${a1} (${tag}); ${a2} (${other})`, original: d, proposed: `${a1} ${a2}`, change: { kind: "replace", delegation: code, cosponsors: [] }, second: { kind: "replace", delegation: otherCode, cosponsors: [] } };
  }
  if (roll2 === 1) {
    const d = words(rnd, rnd.range(1, 2)); const a = words(rnd, rnd.range(1, 2));
    return { md: `~~${d}~~ ${a} (${tag}: reason ${words(rnd, 2)})`, original: d, proposed: a, change: { kind: "replace", delegation: code, cosponsors: [] } };
  }
  if (roll2 === 2) {
    const d = words(rnd, 1); const a = words(rnd, 1);
    return { md: `~~${d}~~${a} (${tag})`, original: d, proposed: a, change: { kind: "replace", delegation: code, cosponsors: [] } };
  }
  if (roll2 === 3 && previous.change === undefined && previous.original !== "") {
    const x = words(rnd, 2);
    return { md: `—${x} (${tag})`, original: "", proposed: `—${x}`, change: { kind: "insert", delegation: code, cosponsors: [] } };
  }
  if (roll2 === 4) {
    const w1 = words(rnd, 1); const w2 = words(rnd, 1);
    return { md: `~~${w1} (${other}: remark on ${w1}) ${w2} (${tag})~~`, original: `${w1} ${w2}`, proposed: "", change: { kind: "delete", delegation: code, cosponsors: [] } };
  }
  const w = words(rnd, 2);
  return { md: w, original: w, proposed: w };
}

function join(pieces: readonly Piece[], part: "md" | "original" | "proposed"): string {
  let text = "";
  for (const p of pieces) {
    const value = p[part];
    if (value === "") continue;
    text += text === "" || p.glued ? value : ` ${value}`;
  }
  return text;
}

interface Generated { markdown: string; original: string[][]; proposed: string[][]; changes: Array<[string, string, string[]]> }

/** Points of paragraphs of pieces; every paragraph keeps a word of its own and ends with a full stop. */
function generate(rnd: Prng): Generated {
  const lines = ["# Discussion points", ""];
  const original: string[][] = [];
  const proposed: string[][] = [];
  const changes: Array<[string, string, string[]]> = [];
  const points = rnd.range(1, 4);
  for (let n = 1; n <= points; n++) {
    lines.push(`*Discussion point ${n}*`, "");
    const paragraphs: Piece[][] = [];
    for (let k = rnd.range(1, 3); k > 0; k--) {
      const pieces: Piece[] = [];
      for (let count = rnd.range(2, 8); count > 0; count--) pieces.push(piece(rnd, pieces.at(-1)));
      if (pieces.at(-1)!.glued) pieces.push({ md: "data", original: "data", proposed: "data" });
      paragraphs.push(pieces);
    }
    original.push(paragraphs.map((p) => `${join(p, "original")}.`));
    proposed.push(paragraphs.map((p) => `${join(p, "proposed")}.`));
    for (const p of paragraphs) {
      lines.push(`${join(p, "md")}.`, "");
      for (const c of p) {
        if (c.change) changes.push([c.change.kind, c.change.delegation, c.change.cosponsors]);
        if (c.second) changes.push([c.second.kind, c.second.delegation, c.second.cosponsors]);
      }
    }
  }
  return { markdown: lines.join("\n"), original, proposed, changes };
}

function paragraphsOf(doc: Node): string[][] {
  return numberPoints(doc).map((p) => p.node.children.map((child) => child.textContent));
}

describe("[IM22] generated compilations", () => {
  for (const seed of seeds(20200916, 40)) {
    it(`[IM22] seed ${seed}: valid, with the generator's original and proposed texts and delegations`, () => {
      const generated = generate(prng(seed));
      const where = `seed ${seed}\n${generated.markdown}`;
      const result = importMarkdown(generated.markdown, { env: env() });
      expectValid(result, where);
      expect(paragraphsOf(rejectAll(result.doc)), where).toEqual(generated.original);
      expect(paragraphsOf(acceptAll(result.doc)), where).toEqual(generated.proposed);
      expect(listChanges(result.doc, result.annotations).map((c) => [c.kind, c.delegation, [...c.cosponsors]]), where).toEqual(generated.changes);
    });
  }
});

const NOTE = readFileSync(new URL("../fixtures/domain/comments-of-states-note-2020.md", import.meta.url), "utf8").split("\n");
const NOISE = ["~~", "(", ")", "(US)", "(Canada: why)", "(Atlantis)", "*", "**", ":", ";", ",", "\n", "\n\n", "# ", "1. ", "(a) ", "—", "\\", "[x](#)", "*Discussion point 9*", "\u0000", "\uFFFD", " "];

function mutate(rnd: Prng): string {
  const start = rnd.int(NOTE.length - 30);
  let text = NOTE.slice(start, start + rnd.range(5, 30)).join("\n");
  for (let k = rnd.range(1, 6); k > 0; k--) {
    const at = rnd.int(text.length + 1);
    if (rnd.chance(0.6)) text = text.slice(0, at) + rnd.pick(NOISE) + text.slice(at);
    else text = text.slice(0, at) + text.slice(at + rnd.range(1, 12));
  }
  return text;
}

describe("[IM22] mutated real text", () => {
  for (const seed of seeds(71720, 40)) {
    it(`[IM22] seed ${seed}: imports validly or is refused with an ImportError naming a line`, () => {
      const text = mutate(prng(seed));
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const importer of [importMarkdown, importPlainText]) {
        let result: ImportResult | null = null;
        try {
          result = importer(text, { env: env() });
        } catch (error) {
          expect(error, `seed ${seed}: ${String(error)}\n${text}`).toBeInstanceOf(ImportError);
          const { line, message } = error as ImportError;
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines);
          expect(message.startsWith(`line ${line}: `)).toBe(true);
        }
        if (result) expectValid(result, `seed ${seed}\n${text}`);
      }
    });
  }
});
