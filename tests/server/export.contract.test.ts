/**
 * One contract suite for every renderer of the note (server/src/export/SPEC.md, EX1–EX3, EX8): each
 * renders the same notes, is read back as text, and must show the same content.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildNote, findDelegation, forEachBlock, schema, type Note, type NoteRun } from "@concord/shared";
import {
  documentAsNote, launchPdfBrowser, renderNoteDocx, renderNoteHtml, renderNoteHtmlFragment, renderNoteMarkdown, renderNotePdf, type ProgressCallback,
} from "../../server/src/export/index.js";
import { docxParagraphs, docxParts, docxShownParagraphs, docxStruck, htmlStruck, htmlText, markdownStruck, normalize, pdfStruck, pdfText } from "../golden/extract.js";
import { noteInput, sampleDrafting, sampleNote, sampleText } from "../golden/samples.js";

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
      const xml = ["word/footnotes.xml", "word/footer1.xml", "word/footer2.xml"].map((p) => parts.get(p) ?? "").join("");
      return { text: [...docxShownParagraphs(parts), ...docxParagraphs(xml)].join("\n"), struck: docxStruck(parts.get("word/document.xml")!) };
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

/** A document's own exports (EX10) are the same renderers on `documentNote`: the contract holds for them too. */
const DOCUMENT_RENDERERS = RENDERERS.filter((r) => r.name === "Markdown" || r.name === "HTML");
const sampleDocument = () => {
  const d = sampleDrafting();
  const metadata = schema.node("metadata", {
    organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: "CTOC/COP/WG.6/2020/CRP.1",
    distribution: "limited", date: "2020-07-31", session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17",
    title: "Discussion points for future consideration",
  });
  const resolve = (code: string) => { const found = findDelegation(code); return found ? { tag: found.tag, name: found.name } : null; };
  return documentAsNote({ doc: schema.node("doc", null, [metadata, ...d.doc.children]), annotations: d.annotations, title: "Discussion points" }, resolve);
};

for (const renderer of DOCUMENT_RENDERERS) {
  describe(`renderer contract, a document's own export: ${renderer.name}`, () => {
    const doc = sampleDocument();
    let rendered: Rendered;
    let progress: Array<[number, number]>;
    beforeAll(async () => {
      progress = [];
      rendered = await renderer.render(doc, (done, total) => progress.push([done, total]));
    });

    it("[EX10] prints the document's masthead as the note writes it, every point's label and every tag", () => {
      const text = normalize(rendered.text);
      inOrder(text, normalize, [
        "Conference of the Parties", "CTOC/COP/WG.6/2020/CRP.1", "Distr.: Limited", "31 July 2020", "Working Group on Firearms", "Vienna, 16–17 July 2020",
        "Discussion points for future consideration", ...[1, 2, 3, 4, 5, 6].map((n) => `Discussion point ${n}`),
      ]);
      expect(text).not.toContain("2020-07-31");
      const tags = allRuns(doc).filter((r) => r.kind === "tag").map((r) => r.text);
      expect(tags.length).toBeGreaterThan(8);
      for (const tag of tags) expect(text).toContain(normalize(tag));
      inOrder(text, normalize, ["States", "should", "are encouraged to", "(US, France); are urged to (Canada)", "consider becoming party"]);
    });

    it("[EX10] strikes exactly the words proposed for deletion, and reports progress", () => {
      const squeeze = (text: string) => text.replace(/\s/g, "");
      expect(squeeze(rendered.struck.join(" "))).toBe(squeeze(allRuns(doc).filter((r) => r.deleted?.length).map((r) => r.text).join(" ")));
      const [lastDone, lastTotal] = progress[progress.length - 1]!;
      expect(lastDone).toBe(lastTotal);
    });
  });
}
