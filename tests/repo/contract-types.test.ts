/**
 * CT7: the clients declare no wire type of their own. The types the contract exports are never
 * re-declared and exported (`export interface NoteJob {…}`, `export type NoteJob = {…}`) in the browser client or the headless
 * client; they import them. (That the server's own answer types fit the contract is checked by
 * `tsc -b` in contract-types.ts beside this file.)
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** The type names the contract exports (`export type { A, B as C }` lists of its index). */
function contractTypes(): string[] {
  const index = readFileSync(join(ROOT, "shared", "src", "contract", "index.ts"), "utf8");
  return [...index.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean));
}

describe("wire types", () => {
  it("[CT7] the browser and headless clients declare none of the contract's types themselves", () => {
    const names = contractTypes();
    expect(names).toEqual(expect.arrayContaining(["NoteJob", "RoundView", "TrackedChange", "Notice", "Session"]));
    const declared = new RegExp(`\\bexport\\s+(?:interface\\s+(${names.join("|")})\\b|type\\s+(${names.join("|")})\\s*=\\s*\\{)`);
    const offenders = [...files(join(ROOT, "client", "src")), join(ROOT, "server", "src", "headless", "client.ts")]
      .flatMap((f) => readFileSync(f, "utf8").split("\n").map((line, i) => ({ f, line, i })))
      .filter(({ line }) => declared.test(line))
      .map(({ f, line, i }) => `${relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
