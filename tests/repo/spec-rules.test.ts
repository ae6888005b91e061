/**
 * The numbered rules of every SPEC.md (and server/SECURITY.md) are what the tests are named after: each
 * rule id is defined once in the repository, and some test's name carries it in brackets ("[TC3] …").
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const SKIP = new Set(["node_modules", ".git", "dist", "artifacts"]);

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path, keep) : keep(entry.name) ? [path] : [];
  });
}

/** Rule definitions: a bold id at the start of a rule ("- **TC3** …", "**SP4 — States.** …"). */
const RULE = /\*\*([A-Z]{2,4}\d+[a-z]?)\b/g;
const specs = [...["client", "server", "shared"].flatMap((d) => files(join(ROOT, d), (n) => n === "SPEC.md")), join(ROOT, "server", "SECURITY.md")];
/** The lines that name tests (`it(`, `test(`, `describe(`, with the name on the same line), skipped ones not. */
const testLines = files(join(ROOT, "tests"), (n) => n.endsWith(".ts"))
  .flatMap((f) => readFileSync(f, "utf8").split("\n"))
  .filter((line) => /\b(it|test|describe)(\.\w+)*\(\s*[`"']/.test(line) && !/\.(skip|todo)\b/.test(line));
const named = new Set(testLines.flatMap((line) => [...line.matchAll(/\[([A-Z]{2,4}\d+[a-z]?)\]/g)].map((m) => m[1]!)));

describe("the rules of the SPECs", () => {
  const defined = new Map<string, string[]>();
  for (const spec of specs) {
    for (const m of readFileSync(spec, "utf8").matchAll(RULE)) defined.set(m[1]!, [...(defined.get(m[1]!) ?? []), relative(ROOT, spec)]);
  }

  it("there are rules to check", () => {
    expect(specs.length).toBeGreaterThan(10);
    expect(defined.size).toBeGreaterThan(200);
  });

  it("each rule id is defined once", () => {
    expect([...defined].filter(([, where]) => where.length > 1)).toEqual([]);
  });

  it("each rule has a test named after it", () => {
    expect([...defined].filter(([id]) => !named.has(id)).map(([id, where]) => `${id} (${where[0]})`)).toEqual([]);
  });
});
