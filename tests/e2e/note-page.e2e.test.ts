/**
 * The note page in the browser, as the Secretariat officer uses it (client/src/views/note/SPEC.md
 * NP4, NP7–NP9): a round whose proposals compete and whose document restarts its numbering per
 * section. The page says how Word will show the competing proposals and offers the Word file with
 * revisions; says which numbering the preview follows; the masthead is prefilled from the document's
 * metadata; the officer changes the symbol, the form of a delegation's name and the numbering, saves,
 * and the preview shows the note as it now reads.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import { formatUnDate, localDateTime, schema } from "@concord/shared";
import { Drafting } from "../golden/drafting.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);

/** The circulated text: two sections, each numbering its points from 1; the United States and Canada propose on the same words. */
function text(): Drafting {
  const doc: Node = schema.node("doc", null, [
    schema.node("metadata", {
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: "CTOC/COP/WG.6/2020/L.1",
      distribution: "limited", date: "2020-07-17", session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17", title: "Draft report",
    }),
    schema.node("heading", { level: 1, label: "A." }, [schema.text("Legislative measures")]),
    schema.node("point", { id: "a1", numberFrom: 1 }, [p("States should consider becoming party to the Firearms Protocol.")]),
    schema.node("point", { id: "a2" }, [p("States should revise their legal frameworks.")]),
    schema.node("heading", { level: 1, label: "B." }, [schema.text("International cooperation")]),
    schema.node("point", { id: "b1", numberFrom: 1 }, [p("States are encouraged to exchange information.")]),
  ]);
  const d = new Drafting(doc, "2020-08-03T08:00:00.000Z");
  d.replace("should", "are encouraged to", "USA", { point: "a1" });
  d.insert("are urged to ", { before: "are encouraged to" }, "CAN", { point: "a1" });
  return d;
}

/** The date (in Vienna) two days from now, as a round's deadline takes it. */
function inTwoDays(): string {
  const t = localDateTime(new Date(Date.now() + 2 * 86_400_000), "Europe/Vienna");
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

it("[NP4][NP7][NP8][NP9] the Secretariat reads how Word shows competing proposals, then sets the symbol, a name and the numbering, and the preview follows", async () => {
  const d = text();
  const documentId = await e2e.server.document(d.doc, "Draft report", d.annotations);
  const api = await e2e.server.api("secretariat");
  const created = await api.post<{ round: { id: string } }>(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title: "Comments on the draft report", instructions: "Please send your written comments.",
    invited: ["USA", "CAN", "FRA"], timeZone: "Europe/Vienna", deadline: `${inTwoDays()}T24:00`,
  });
  expect(created.status, created.text).toBe(201);
  const roundId = created.body.round.id;
  expect((await api.post(`/api/rounds/${roundId}/open`, {})).status).toBe(200);
  expect((await api.post(`/api/rounds/${roundId}/close`, {})).status).toBe(200);
  await e2e.server.services.rounds.idle();

  const sec = await e2e.signIn("secretariat");
  const page = sec.page;
  await page.goto(`${e2e.server.url}/#/rounds/${encodeURIComponent(roundId)}/note`);
  await page.getByTestId("note-page").waitFor();
  const preview = page.frameLocator('[data-testid="note-preview"]');
  await expect.poll(() => preview.locator("body").textContent()).toContain("are urged to (Canada)");

  // NP4: Word with revisions is offered, and the page says what it will hold
  const competing = page.getByTestId("note-tracked-competing");
  expect(await competing.textContent()).toContain("the Word file with revisions shows the first proposal made as revisions, and each other proposal as a comment by its delegation on the same words");
  expect(await competing.textContent()).toContain("Discussion point 1: “should” → “are encouraged to” / “are urged to” (US; Canada)");
  expect(await page.getByTestId("note-download-docx-tracked").isEnabled()).toBe(true);
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByTestId("note-download-docx-tracked").click()]);
  expect((await readFile(await file.path())).subarray(0, 2).toString("latin1")).toBe("PK");
  expect(file.suggestedFilename()).toBe("CTOC-COP-WG.6-2020-L.1-comments-tracked.docx");

  // NP9: which numbering the preview follows, and that the document's differs
  expect(await page.getByTestId("note-numbering-line").textContent()).toMatch(/^The preview numbers the points straight through the note, as the Secretariat's notes do; the document restarts its numbering/);
  expect(await preview.locator("h6.point-label").allTextContents()).toEqual(["Discussion point 1", "Discussion point 2", "Discussion point 3"]);

  // NP7: the masthead prefilled from the document's metadata, the note dated today
  const today = localDateTime(new Date(), "Europe/Vienna");
  const iso = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}`;
  expect(await page.getByTestId("note-masthead").locator("summary").textContent()).toBe(`Masthead: CTOC/COP/WG.6/2020/L.1 · ${formatUnDate(today)} · Distr.: Limited`);
  await page.getByTestId("note-masthead").locator("summary").click();
  expect(await page.getByTestId("note-masthead-symbol").inputValue()).toBe("CTOC/COP/WG.6/2020/L.1");
  expect(await page.getByTestId("note-masthead-date").inputValue()).toBe(iso);
  expect(await page.getByTestId("note-masthead-session").inputValue()).toBe("Working Group on Firearms");
  expect(await page.getByTestId("note-masthead-distribution").inputValue()).toBe("limited");
  await sec.screenshot("note-page-1-defaults");

  await page.getByTestId("note-masthead-symbol").fill("CTOC/COP/WG.6/2020/CRP.2");
  await page.getByTestId("note-masthead-distribution").selectOption("");
  await page.getByTestId("note-names").locator("summary").click();
  await page.getByTestId("note-name-USA").fill("the United States of America");
  await page.getByTestId("note-numbering").getByLabel("As in the document, restarting where it restarts").check();
  expect(await page.getByTestId("note-template-problems").textContent()).toBe("");
  await page.getByTestId("note-template-save").click();

  await expect.poll(() => page.getByTestId("note-numbering-line").textContent()).toMatch(/^The preview numbers the points as the document does, restarting where it restarts/);
  await expect.poll(() => preview.locator("h6.point-label").allTextContents()).toEqual(["Discussion point 1", "Discussion point 2", "Discussion point 1"]);
  const body = await preview.locator("body").textContent();
  expect(body).toContain("CTOC/COP/WG.6/2020/CRP.2");
  expect(body).not.toContain("Distr.: Limited");
  expect(body).toContain("received comments from Canada and the United States of America.");
  expect(await page.getByTestId("note-download-pdf").locator("..").textContent()).toContain("CTOC-COP-WG.6-2020-CRP.2-comments.pdf");
  await sec.screenshot("note-page-2-edited");
  expect(pageErrors(sec)).toEqual([]);
});
