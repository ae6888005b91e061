/** Importing or starting a document as values (client/SPEC.md PG2); the blank texts go through the real importer. */
import { describe, expect, it } from "vitest";
import { importPlainText, numberPoints, numberedPointLabel } from "@concord/shared";
import { blankText, formatOfFile, importBody, progressText, warningText } from "../../client/src/views/new-document-model.js";

const env = { now: () => new Date("2020-09-01T10:00:00.000Z"), newId: (() => { let n = 0; return () => `id${++n}`; })() };

describe("a new document", () => {
  it("[PG2] a blank document starts with its title and a first point of the chosen kind", () => {
    for (const [style, label] of [["discussion", "Discussion point 1"], ["recommendation", "Recommendation 1"], ["paragraph", "1."]] as const) {
      const imported = importPlainText(blankText("Draft recommendations", style, "States should act."), { createdAt: "2020-09-01T10:00:00.000Z", author: "sec", env });
      expect(imported.title).toBe("Draft recommendations");
      const points = numberPoints(imported.doc);
      expect(points.map((pt) => [numberedPointLabel(pt), pt.node.textContent])).toEqual([[label, "States should act."]]);
    }
  });

  it("[PG2] the body names the format only when chosen; a file's name suggests it; progress and warnings read as sentences", () => {
    expect(importBody("text", "detect", " ")).toEqual({ text: "text" });
    expect(importBody("text", "markdown", " Title ")).toEqual({ text: "text", format: "markdown", title: "Title" });
    expect([formatOfFile("note.md"), formatOfFile("A.TXT"), formatOfFile("report.docx")]).toEqual(["markdown", "text", "detect"]);
    expect(progressText({ step: "reading", loaded: 512, total: 2048 })).toEqual({ text: "Reading the file: 512 bytes of 2.0 KB…", fraction: 0.25 });
    expect(progressText({ step: "sending", loaded: 20480, total: 40960 }).text).toBe("Sending the text: 20 KB of 40 KB…");
    expect(progressText({ step: "importing" }).fraction).toBeNull();
    expect(progressText({ step: "done", id: "d", title: "T", warnings: ["a", "b"] }).text).toBe("Imported “T”, with 2 warnings.");
    expect(warningText({ line: 12, message: "a heading without a number" })).toBe("Line 12: a heading without a number");
  });
});
