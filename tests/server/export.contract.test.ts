/**
 * One contract suite for every renderer of the note (server/src/export/SPEC.md, EX1–EX3, EX8): each
 * renders the same notes, is read back as text, and must show the same content.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildNote, forEachBlock, type Note, type NoteRun } from "@concord/shared";
import {
  launchPdfBrowser, renderNoteDocx, renderNoteHtml, renderNoteHtmlFragment, renderNoteMarkdown, renderNotePdf, type ProgressCallback,
} from "../../server/src/export/index.js";
import { docxParagraphs, docxParts, docxStruck, htmlStruck, htmlText, markdownStruck, normalize, pdfStruck, pdfText } from "../golden/extract.js";
import { noteInput, sampleNote, sampleText } from "../golden/samples.js";

interface Rendered {
  /** The visible text. */
  readonly text: string;
  /** The struck-through texts (for the PDF, the words drawn struck through). */
  readonly struck: readonly string[];
}

interface Renderer {
  readonly name: string;
  /** Hyphens are not compared: pdftotext joins a word hyphenated at a line end ("record-\nkeeping" → "recordkeeping"). */
  readonly ignoreHyphens?: boolean;
  render(note: Note, onProgress?: ProgressCallback): Promise<Rendered>;
}

let browser: Browser;
beforeAll(async () => { browser = await launchPdfBrowser(); });
afterAll(async () => { await browser?.close(); });

const RENDERERS: readonly Renderer[] = [
  {
    name: "Markdown",
    render: async (note, onProgress) => {
      const md = renderNoteMarkdown(note, { onProgress });
      return { text: md.replace(/\\(.)/g, "$1"), struck: markdownStruck(md) };
    },
  },
  {
    name: "HTML",
    render: async (note, onProgress) => {
      const html = renderNoteHtml(note, { onProgress });
      return { text: htmlText(html), struck: htmlStruck(html) };
    },
  },
  {
    name: "HTML fragment (preview)",
    render: async (note, onProgress) => {
      const html = renderNoteHtmlFragment(note, { onProgress });
      return { text: htmlText(html), struck: htmlStruck(html) };
    },
  },
  {
    name: "PDF",
    ignoreHyphens: true,
    render: async (note, onProgress) => {
      const pdf = await renderNotePdf(note, { browser, onProgress });
      return { text: pdfText(pdf), struck: pdfStruck(pdf) };
    },
  },
  {
    name: "DOCX as printed",
    render: async (note, onProgress) => {
      const parts = docxParts(await renderNoteDocx(note, { onProgress }));
      const xml = ["word/document.xml", "word/footnotes.xml", "word/footer1.xml", "word/footer2.xml"].map((p) => parts.get(p) ?? "").join("");
      return { text: docxParagraphs(xml).join("\n"), struck: docxStruck(parts.get("word/document.xml")!) };
    },
  },
];

/** All runs of the note's blocks, in order. */
function allRuns(note: Note): NoteRun[] {
  const runs: NoteRun[] = [];
  for (const section of note.sections) {
    forEachBlock(section.blocks, (b) => { if (b.type === "paragraph" || b.type === "heading") runs.push(...b.runs); });
  }
  return runs;
}

/** Asserts that `parts` occur in `text` in this order. */
function inOrder(text: string, canon: (text: string) => string, parts: readonly string[]): void {
  let at = -1;
  for (const part of parts.map(canon)) {
    const next = text.indexOf(part, at + 1);
    expect(next, `"${part}" after position ${at}`).toBeGreaterThan(at);
    at = next;
  }
}

const note = sampleNote();
/** A note without proposals and without section III. */
const plain = buildNote(noteInput({ doc: sampleText(), annotations: new Map() }));

for (const renderer of RENDERERS) {
  describe(`note renderer contract: ${renderer.name}`, () => {
    let rendered: Rendered;
    let progress: Array<[number, number]>;
    beforeAll(async () => {
      progress = [];
      rendered = await renderer.render(note, (done, total) => progress.push([done, total]));
    });

    const canon = (text: string) => (renderer.ignoreHyphens ? normalize(text).replace(/-/g, "") : normalize(text));
    const expectIn = (text: string, part: string) => expect(text, part).toContain(canon(part));

    it("[EX1] prints the masthead, the session block, the title, the byline and the introduction", () => {
      const text = canon(rendered.text);
      inOrder(text, canon, [
        "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
        "9 October 2020", "English only", "Tenth session", "Vienna, 12–16 October 2020", "Item 2 (d) of the provisional agenda",
        "Review of the implementation", "Comments of States on the outcome of the seventh meeting", "Note by the Secretariat",
        "Introduction", "1.", "16 September 2020", "2.",
        "received comments from Canada, China, France, Peru, the Russian Federation, Saudi Arabia, Ukraine and the United States.",
      ]);
    });

    it("[EX1] prints every point's label in order and every proposal's tag", () => {
      const text = canon(rendered.text);
      inOrder(text, canon, ["II.", ...[1, 2, 3, 4, 5, 6].map((n) => `Discussion point ${n}`), "III."]);
      const tags = allRuns(note).filter((r) => r.kind === "tag").map((r) => r.text);
      expect(tags.length).toBeGreaterThan(8);
      for (const tag of tags) expectIn(text, tag);
      inOrder(text, canon, ["States", "should", "are encouraged to", "(US, France); are urged to (Canada)", "consider becoming party"]);
    });

    it("[EX1] prints section III in alphabetical order, translations and \"no comments\"", () => {
      const text = canon(rendered.text);
      inOrder(text, canon, ["General comments", "China", "Peru", "CONATIAF", "Russian Federation", "Saudi Arabia", "Ukraine", "Ukraine explained that they have no comments or suggestions.", "United States", "We would be happy to provide language as appropriate."]);
      for (const words of ["中国支持讨论要点", "Российская Федерация поддерживает текст", "تؤيد المملكة العربية السعودية النقاط"]) expectIn(text, words);
    });

    it("[EX1] prints the footnotes", () => {
      const text = canon(rendered.text);
      expectIn(text, "CTOC/COP/2020/1.");
      expectIn(text, "See www.interpol.int.");
    });

    it("[EX2] strikes through exactly the words proposed for deletion, tags of deletions included", () => {
      const squeeze = (text: string) => (renderer.ignoreHyphens ? text.replace(/[\s-]/g, "") : text.replace(/\s/g, ""));
      const struck = normalize(rendered.struck.join(" "));
      const expected = normalize(allRuns(note).filter((r) => r.deleted?.length).map((r) => r.text).join(" "));
      expect(squeeze(struck)).toBe(squeeze(expected));
      expect(struck).toContain("The Conference requests UNODC to assist States in identifying technical assistance needs. (US: delete, since it was not discussed during the WG)");
    });

    it("[EX8] reports progress up to done === total", () => {
      expect(progress.length).toBeGreaterThan(note.sections.length);
      const [lastDone, lastTotal] = progress[progress.length - 1]!;
      expect(lastDone).toBe(lastTotal);
      for (let i = 1; i < progress.length; i++) {
        expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
        expect(progress[i]![1]).toBe(lastTotal);
      }
    });

    it("[EX1] renders a note without proposals or section III", async () => {
      const out = canon((await renderer.render(plain)).text);
      expectIn(out, "States should consider becoming party to the Firearms Protocol.");
      expect(out).not.toContain("III.");
      expect(out).not.toContain("(US");
    });
  });
}
