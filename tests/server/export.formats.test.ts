/** What each format does on its own (server/src/export/SPEC.md, EX2–EX5). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Node } from "prosemirror-model";
import { buildNote, cssString, findDelegation, schema } from "@concord/shared";
import { launchPdfBrowser, renderDocumentText, renderNoteDocx, renderNoteHtml, renderNoteHtmlFragment, renderNoteMarkdown, renderNotePdf } from "../../server/src/export/index.js";
import { Drafting } from "../golden/drafting.js";
import { docxParts, htmlStruck, htmlText, normalize, pdfText } from "../golden/extract.js";
import { noteInput, sampleNote } from "../golden/samples.js";

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);
const point = (id: string, ...content: Node[]) => schema.node("point", { id }, content);

/** A note whose text is full of Markdown's and HTML's own characters. */
function trickyNote() {
  const d = new Drafting(schema.node("doc", null, [
    schema.node("heading", { level: 1 }, [schema.text("# Not a heading *really*")]),
    point("dp1", p("1. Not a list: use <script>alert(1)</script> & ~~tildes~~ with *stars* and _underscores_ [links](x).")),
    point("dp2", p("- not a bullet either")),
  ]));
  d.delete(" & ~~tildes~~", "USA", { point: "dp1", reason: "no <b>tags</b> & no *stars*" });
  return buildNote(noteInput({ doc: d.doc, annotations: d.annotations }));
}

describe("Markdown", () => {
  it("[EX3] escapes Markdown's characters, keeping the reference's syntax for what the note means", () => {
    const md = renderNoteMarkdown(trickyNote());
    expect(md).toContain("## **# Not a heading \\*really\\***"); // "#" after "**" starts no heading
    expect(md).toContain("1\\. Not a list: use \\<script\\>alert(1)\\</script\\> ~~& \\~\\~tildes\\~\\~ (US: no \\<b\\>tags\\</b\\> & no \\*stars\\*)~~ with \\*stars\\* and \\_underscores\\_ \\[links\\](x).");
    expect(md).toContain("\n\\- not a bullet either\n");
  });

  it("[EX3] writes the session block with hard line breaks, sections, point labels and footnotes at the end", () => {
    const md = renderNoteMarkdown(sampleNote());
    expect(md).toContain("---\n\n**Tenth session**  \n**Vienna, 12–16 October 2020**  \nItem 2 (d) of the provisional agenda\\*  \n**Review of the implementation");
    expect(md).toContain("\n\n## I. Introduction\n\n1. The Secretariat set a deadline (16 September 2020)");
    expect(md).toContain("\n\n### **A. General discussion points**\n\n*Discussion point 1*\n\n");
    expect(md).toContain("\n\n## **Agenda item 2**\n\n");
    expect(md).toContain("\n\n#### Saudi Arabia\n\n");
    expect(md.endsWith("---\n\n\\* CTOC/COP/2020/1.\n\n[^1]: See www.interpol.int.\n")).toBe(true);
    expect(md).toContain("Reference Table[^1] and national");
  });
});

describe("HTML", () => {
  it("[EX4] is semantic: points, proposals with their delegations, tags, submissions", () => {
    const html = renderNoteHtml(sampleNote());
    expect(html).toContain('<article class="note" data-numbering="note">');
    expect(html).toContain('<section class="point deleted" id="point-dp2" data-number="2" data-document-label="Discussion point 2">');
    expect(html).toMatch(/<del class="proposal" data-changes="c\d+ c\d+" data-delegations="USA CAN" title="US; Canada">should<\/del>/);
    expect(html).toMatch(/<ins class="proposal" data-change="c\d+" data-delegation="USA" title="US">are encouraged to<\/ins> <span class="tag" data-delegations="USA FRA">\(US, France\)<\/span>/);
    expect(html).toContain('<section class="submission" data-delegation="UKR" lang="en">');
    expect(html).toContain('<h6 class="point-label">Discussion point 6</h6>');
    expect(html).toContain('<p class="point-comment" dir="auto"><span class="tag" data-delegations="CAN">(Canada: Item is already addressed');
    // the note's sections are h2 (their number hanging), the document's headings h3–h5 with their label apart
    expect(html).toContain('<h2 class="numbered"><span class="number">II. </span>Comments of States on the text</h2>');
    expect(html).toContain('<h4 class="doc-heading level-2 labelled"><span class="label">A. </span>General discussion points</h4>');
    expect(html).toContain('<h3 class="doc-heading level-1">Agenda item 2</h3>');
  });

  it("[EX4] escapes the text and loads nothing from outside", () => {
    const html = renderNoteHtml(trickyNote());
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("(US: no &lt;b&gt;tags&lt;/b&gt; &amp; no *stars*)");
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\(|@import/);
    const fragment = renderNoteHtmlFragment(sampleNote());
    expect(fragment.startsWith('<article class="note" data-numbering="note">')).toBe(true);
    expect(fragment).not.toContain("<style>");
  });

  it("[EX4] nothing in a note's symbol or footnote can end the <style> element (one escaper: cssString)", () => {
    const base = noteInput({ doc: schema.node("doc", null, [point("dp1", p("Text."))]), annotations: new Map() });
    const hostile = "A/</style><script>alert(1)</script>\n\"\\ & >";
    const html = renderNoteHtml(buildNote({ ...base, masthead: { ...base.masthead, symbol: hostile, agendaFootnote: hostile } }));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(style).not.toMatch(/[<&]/);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).not.toContain("<script>");
    expect(style).toContain('@top-right { content: "A/\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e \\a \\"\\\\ \\26  \\3e "');
    expect(cssString('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it("[EX2] strikes deletions and underlines insertions", () => {
    const html = renderNoteHtml(sampleNote());
    expect(html).toContain(".note del.proposal { text-decoration: line-through;");
    expect(html).toContain(".note ins.proposal { text-decoration: underline;");
    // the space after an insertion's tag is outside the <ins> (no underline past the tag)
    expect(html).toMatch(/<ins class="proposal" data-change="c\d+" data-delegation="USA" title="US">illicit<\/ins> <span class="tag" data-delegations="USA">\(US\)<\/span> trafficking/);
  });
});

describe("a document's own exports", () => {
  /** The 2018 masthead and a recommendation with every kind of input. */
  function documentText() {
    const metadata = schema.node("metadata", {
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: "CTOC/COP/WG.6/2018/3", distribution: "general",
      date: "2018-05-14", originalLanguage: "English", session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2018-05-02", sessionEnd: "2018-05-03",
      title: "Report on the meeting of the Working Group on Firearms held in Vienna on 2 and 3 May 2018",
    });
    const d = new Drafting(schema.node("doc", null, [metadata,
      schema.node("point", { id: "r1", kind: "recommendation" }, [p("Member States should take all appropriate action to prevent such groups from acquiring those items.")]),
      schema.node("point", { id: "r2", kind: "recommendation" }, [p("Member States should consider developing integrated approaches.")]),
    ]));
    const ru = d.replace("should", "must", "RUS", { point: "r1" });
    d.cosponsor(ru, "CHN");
    d.comment("integrated", "USA", "integrated with what?", { point: "r2" });
    d.commentPoint("r2", "CAN", "Already covered by recommendation 1.");
    d.delete(" all appropriate", "FRA", { point: "r1", reason: "vague" });
    return { doc: d.doc, annotations: d.annotations, title: "Report" };
  }
  const resolve = (code: string) => { const d = findDelegation(code); return d ? { tag: d.tag, name: d.name } : null; };

  it("[EX10] Markdown: the note's conventions, its masthead, comments, co-sponsors and dates as the UN writes them", () => {
    const md = renderDocumentText(documentText(), "markdown", resolve);
    expect(md).toBe([
      "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      "CTOC/COP/WG.6/2018/3", "Distr.: General", "14 May 2018", "Original: English", "---",
      "**Working Group on Firearms**  \n**Vienna, 2–3 May 2018**",
      "**Report on the meeting of the Working Group on Firearms held in Vienna on 2 and 3 May 2018**",
      "*Recommendation 1*",
      "Member States ~~should~~ must (Russian Federation, China) take ~~all appropriate (France: vague)~~ action to prevent such groups from acquiring those items.",
      "*Recommendation 2*",
      "Member States should consider developing integrated (US: integrated with what?) approaches.",
      "(Canada: Already covered by recommendation 1.)",
    ].join("\n\n") + "\n");
  });

  it("[EX10] HTML: the note's semantic markup, the same words struck", () => {
    const html = renderDocumentText(documentText(), "html", resolve);
    expect(htmlStruck(html)).toEqual(["should", "all appropriate (France: vague)"]);
    const text = normalize(htmlText(html));
    expect(text).toContain("Member States should must (Russian Federation, China) take all appropriate (France: vague) action");
    expect(text).toContain("14 May 2018");
    expect(text).toContain("(Canada: Already covered by recommendation 1.)");
    expect(html).toContain('<section class="point" id="point-r2" data-document-label="Recommendation 2">');
    expect(html).not.toContain("2018-05-14");
    expect(html).not.toContain("Note by the Secretariat");
  });
});

describe("DOCX as printed", () => {
  it("[EX2] strikes deletions and underlines insertions, not the tags", async () => {
    const xml = docxParts(await renderNoteDocx(sampleNote())).get("word/document.xml")!;
    expect(xml).toContain('<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">are encouraged to</w:t></w:r>');
    expect(xml).toContain('<w:r><w:t xml:space="preserve">(US, France)</w:t></w:r>');
  });
});

describe("PDF", () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchPdfBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it("[EX5] sets Arabic and Chinese in Noto fonts and Cyrillic in Liberation Serif", async () => {
    const pdf = await renderNotePdf(sampleNote(), { browser });
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoNaskhArabic/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSerifCJK/);
    const text = pdfText(pdf);
    expect(text).toContain("Российская Федерация поддерживает текст");
    expect(text).toContain("中国支持讨论要点");
    expect(text).toContain("تؤيد المملكة العربية السعودية النقاط");
  });

  it("[EX5] puts the symbol at the top of every page but the first", async () => {
    const base = noteInput({ doc: largeDoc(), annotations: new Map() });
    const pdf = await renderNotePdf(buildNote({ ...base, masthead: { ...base.masthead, symbol: "CTOC/COP/2020/CRP.9" } }), { browser });
    const pages = pdfText(pdf).split("\f").filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.match(/CTOC\/COP\/2020\/CRP\.9/g)).toHaveLength(1); // in the masthead only
    for (const page of pages.slice(1)) expect(page.trimStart().startsWith("CTOC/COP/2020/CRP.9")).toBe(true);
  });
});

/** pdftotext's words with their page and box. */
function pdfWords(pdf: Uint8Array): Array<{ page: number; x: number; y: number; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), "concord-words-"));
  try {
    writeFileSync(join(dir, "n.pdf"), pdf);
    const layout = execFileSync("pdftotext", ["-enc", "UTF-8", "-bbox", join(dir, "n.pdf"), "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return layout.split("<page ").slice(1).flatMap((page, i) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)]
      .map((m) => ({ page: i + 1, x: Number(m[1]), y: Number(m[2]), text: m[3]! })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("PDF layout", () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchPdfBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it("[EX5] a two-line section heading and a labelled heading hang: the second line starts under the text", async () => {
    const text = schema.node("doc", null, [
      schema.node("heading", { level: 2, label: "B." }, [schema.text("Recommendations on preventive, security and regulatory measures, and on the exchange of information among the competent authorities")]),
      point("dp1", p("States should act.")),
    ]);
    const note = buildNote(noteInput({ doc: text, annotations: new Map() }, { proposals: { title: "Comments of States parties on the discussion points of the seventh meeting of the Working Group on Firearms held in Vienna" } }));
    const words = pdfWords(await renderNotePdf(note, { browser }));
    for (const [number, first] of [["II.", "Comments"], ["B.", "Recommendations"]] as const) {
      const label = words.find((w) => w.text === number)!;
      const start = words.find((w) => w.text === first && Math.abs(w.y - label.y) < 2)!;
      expect(start.x - label.x, `${number} and its text`).toBeGreaterThan(20);
      const lineY = Math.min(...words.filter((w) => w.page === label.page && w.y > label.y + 5).map((w) => w.y));
      const line = words.filter((w) => w.page === label.page && Math.abs(w.y - lineY) < 1);
      expect(Math.min(...line.map((w) => w.x)), `the second line of "${number} ${first} …" starts under "${first}"`).toBeCloseTo(start.x, 0);
    }
  });

  it("[EX5] headings of every level are styled: bold, at least body size (no tiny h5)", async () => {
    const levels = [1, 2, 3, 4].map((level) => schema.node("heading", { level }, [schema.text(`Heading of level ${level}`)]));
    const note = buildNote(noteInput({ doc: schema.node("doc", null, [...levels, point("dp1", p("Body text."))]), annotations: new Map() }));
    const page = await browser.newPage();
    try {
      await page.setContent(renderNoteHtml(note));
      const styles = await page.$$eval(".doc-heading", (els) => els.map((el) => { const s = getComputedStyle(el); return [el.tagName, s.fontWeight, s.fontSize]; }));
      const body = await page.$eval(".point p", (el) => getComputedStyle(el).fontSize);
      expect(styles.map(([tag]) => tag)).toEqual(["H3", "H4", "H5", "H5"]);
      for (const [, weight, size] of styles) {
        expect(Number(weight)).toBeGreaterThanOrEqual(700);
        expect(parseFloat(size!)).toBeGreaterThanOrEqual(parseFloat(body));
      }
    } finally {
      await page.close();
    }
  });

  it("[EX5] a comment on a point is never the first thing on a page: it stays with the point's last lines", async () => {
    // short points with a comment each, shifted by an opening paragraph: without the rule, one of the
    // shifts (two, on Debian's fonts) puts comments at the top of pages 2 to 5
    for (const shift of [0, 1, 2, 3]) {
      const blocks = [point("intro", p("Introductory words. ".repeat(12 * shift + 1))), ...Array.from({ length: 45 }, (_, i) => point(`dp${i}`, p(`States should act on point ${i}.`)))];
      const d = new Drafting(schema.node("doc", null, blocks));
      for (let i = 0; i < 45; i++) d.commentPoint(`dp${i}`, "CAN", `Comment on point ${i}.`);
      const pdf = await renderNotePdf(buildNote(noteInput({ doc: d.doc, annotations: d.annotations })), { browser });
      const pages = pdfText(pdf).split("\f").filter((page) => page.trim());
      expect(pages.length).toBeGreaterThan(3);
      pages.forEach((page, i) => {
        const first = page.trim().split("\n")[0]!;
        expect(first.startsWith("(Canada:"), `shift ${shift}, page ${i + 1} starts with "${first}"`).toBe(false);
      });
      for (let i = 0; i < 45; i++) {
        const at = (text: string) => pages.findIndex((page) => page.includes(text));
        expect(at(`(Canada: Comment on point ${i}.)`), `shift ${shift}: the comment on point ${i} is on its point's page`).toBe(at(`act on point ${i}.`));
      }
    }
  });
});

function largeDoc(): Node {
  const text = "States are encouraged to exchange information on illicit firearms trafficking with their neighbours. ".repeat(12);
  return schema.node("doc", null, Array.from({ length: 20 }, (_, i) => point(`p${i}`, p(text))));
}
