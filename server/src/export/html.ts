/**
 * The note as HTML: a whole document for printing (the PDF renderer prints it), and the same markup
 * as a fragment for the in-app preview. Semantic markup: proposals are `<del>` and `<ins>` (class
 * "proposal", the delegations in data attributes), tags are `<span class="tag">`, points are
 * `<section class="point">`. Print CSS: A4, a Times-compatible serif (Liberation Serif) with Noto
 * fonts for Arabic, Chinese and Cyrillic, page numbers and the masthead's footnote in the page margins.
 */
import { cssString, escapeHtml as esc, listLabel, noteWork, type Note, type NoteBlock, type NoteChange, type NoteRun } from "@concord/shared";
import { progressCounter, type RenderOptions } from "./options.js";

export interface HtmlOptions extends RenderOptions {
  /** Put the page numbers and the first page's footnote in CSS page-margin boxes (true, the default) — for printing. */
  readonly pageMargins?: boolean;
}

const SERIF = `"Liberation Serif", "Times New Roman", Tinos, "Noto Serif", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Serif CJK SC", "Noto Sans CJK SC", serif`;

/** The stylesheet of the note, for the screen and for print. */
export const NOTE_CSS = `
.note { font-family: ${SERIF}; font-size: 10pt; line-height: 1.35; color: #000; max-width: 16.5cm; margin: 0 auto; }
.note p { margin: 0 0 6pt; text-align: justify; }
.note .masthead { display: grid; grid-template-columns: 1fr auto; column-gap: 1cm; border-bottom: 1.5pt solid #000; padding-bottom: 6pt; margin-bottom: 12pt; }
.note .masthead .organ { font-size: 12pt; font-weight: bold; text-align: left; }
.note .masthead .symbol { font-size: 14pt; font-weight: bold; text-align: right; }
.note .masthead .meta { grid-column: 2; text-align: left; }
.note .masthead .meta p { margin: 0; text-align: left; }
.note .session p { margin: 0; text-align: left; }
.note .session { margin-bottom: 18pt; max-width: 9cm; }
.note h1.title { font-size: 14pt; font-weight: bold; margin: 12pt 0 12pt; line-height: 1.2; }
.note .byline { font-size: 12pt; font-weight: bold; margin-bottom: 18pt; text-align: left; }
.note h2 { font-size: 12pt; font-weight: bold; margin: 18pt 0 9pt; break-after: avoid; }
.note h2.numbered, .note .doc-heading.labelled { padding-left: 1cm; text-indent: -1cm; }
.note h2.numbered > .number, .note .doc-heading.labelled > .label { display: inline-block; width: 1cm; text-indent: 0; }
.note .doc-heading { font-size: 10pt; font-weight: bold; font-style: normal; margin: 12pt 0 6pt; line-height: 1.25; break-after: avoid; }
.note .doc-heading.level-1 { font-size: 11pt; margin-top: 15pt; }
.note .doc-heading.level-4, .note .doc-heading.level-5, .note .doc-heading.level-6 { font-style: italic; }
.note h3.submission-heading { font-size: 10pt; font-weight: bold; margin: 12pt 0 6pt; break-after: avoid; }
.note .point-label { font-size: 10pt; font-weight: normal; font-style: italic; margin: 9pt 0 3pt; break-after: avoid; }
.note p.numbered { padding-left: 1cm; text-indent: -1cm; }
.note p.numbered .para-number { display: inline-block; width: 1cm; text-indent: 0; }
.note ol, .note ul { margin: 0 0 6pt; padding-left: 1cm; }
.note li.labelled { list-style: none; }
.note li.labelled > .item-label { display: inline-block; min-width: 0.8cm; margin-left: -0.8cm; }
.note li.labelled > p:first-of-type { display: inline; }
.note del.proposal { text-decoration: line-through; color: inherit; }
.note ins.proposal { text-decoration: underline; color: inherit; }
.note .tag { white-space: normal; }
.note .point-comment { font-style: normal; break-before: avoid; }
.note section.point > p { orphans: 2; widows: 2; }
.note sup.fn-ref { font-size: 7pt; vertical-align: super; line-height: 0; }
.note sup.fn-ref a { color: inherit; text-decoration: none; }
.note .footnotes { margin-top: 18pt; border-top: 0.75pt solid #000; width: 5cm; padding-top: 3pt; }
.note .footnotes p { font-size: 8pt; width: 16cm; text-align: left; }
.note [lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", ${SERIF}; }
.note [lang="zh"] { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", ${SERIF}; }
@media print {
  .note { max-width: none; }
  .note section.point { break-inside: auto; }
}
`;

function pageCss(note: Note): string {
  const first = note.footnotes.find((f) => f.marker === "*");
  return `
@page { size: A4; margin: 2.2cm 2.3cm 2.4cm 2.3cm;
  @bottom-center { content: counter(page); font-family: ${SERIF}; font-size: 9pt; }
  ${note.masthead.symbol ? `@top-right { content: ${cssString(note.masthead.symbol)}; font-family: ${SERIF}; font-size: 9pt; font-weight: bold; }` : ""}
}
@page :first {
  @top-right { content: none; }
  ${first ? `@bottom-left { content: ${cssString(`* ${first.text}`)}; font-family: ${SERIF}; font-size: 8pt; vertical-align: top; border-top: 0.75pt solid #000; padding-top: 2pt; }` : ""}
}
@media print { .note .footnote-masthead { display: none; } .note .footnotes.only-masthead { display: none; } }
`;
}

/** The note as a whole HTML document (for printing and download). Pure. */
export function renderNoteHtml(note: Note, options: HtmlOptions = {}): string {
  const body = renderNoteHtmlFragment(note, options);
  const margins = options.pageMargins === false ? "" : pageCss(note);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(note.title)}</title>
<style>${NOTE_CSS}${margins}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The note as an `<article class="note">` fragment, for the in-app preview (style it with `NOTE_CSS`). Pure. */
export function renderNoteHtmlFragment(note: Note, options: RenderOptions = {}): string {
  const progress = progressCounter(noteWork(note), options.onProgress);
  const out: string[] = [];
  out.push(`<article class="note" data-numbering="${note.numbering}">`);
  const m = note.masthead;
  out.push('<header class="masthead">');
  out.push(`<p class="organ">${esc(m.organ)}</p><p class="symbol">${esc(m.symbol)}</p>`);
  out.push(`<div class="meta">${m.distribution ? `<p class="distribution">${esc(m.distribution)}</p>` : ""}<p class="date">${esc(m.date)}</p><p class="language">${esc(m.language)}</p></div>`);
  out.push("</header>");
  if (note.session) {
    const s = note.session;
    out.push('<section class="session">');
    out.push(`<p class="session-name"><strong>${esc(s.session)}</strong></p>`);
    if (s.venueAndDates) out.push(`<p class="venue"><strong>${esc(s.venueAndDates)}</strong></p>`);
    if (s.agendaItem.length > 0) out.push(`<p class="agenda-item">${runs(s.agendaItem)}</p>`);
    if (s.agendaTitle) out.push(`<p class="agenda-title"><strong>${esc(s.agendaTitle)}</strong></p>`);
    out.push("</section>");
  }
  out.push(`<h1 class="title">${esc(note.title)}</h1>`);
  if (note.subtitle) out.push(`<p class="subtitle"><strong>${esc(note.subtitle)}</strong></p>`);
  if (note.byline) out.push(`<p class="byline">${esc(note.byline)}</p>`);
  for (const section of note.sections) {
    out.push(`<section class="note-section" id="section-${section.id}">`);
    if (section.title !== null) {
      out.push(section.number !== null
        ? `<h2 class="numbered"><span class="number">${esc(section.number)}. </span>${esc(section.title)}</h2>`
        : `<h2>${esc(section.title)}</h2>`);
    }
    for (const block of section.blocks) {
      out.push(blockHtml(block));
      progress.step();
    }
    out.push("</section>");
  }
  if (note.footnotes.length > 0) {
    const onlyMasthead = note.footnotes.every((f) => f.marker === "*");
    out.push(`<footer class="footnotes${onlyMasthead ? " only-masthead" : ""}">`);
    for (const f of note.footnotes) {
      const cls = f.marker === "*" ? "footnote footnote-masthead" : "footnote";
      out.push(`<p class="${cls}" id="${footnoteId(f.marker)}"><sup class="fn-mark">${esc(f.marker)}</sup> ${esc(f.text)}</p>`);
    }
    out.push("</footer>");
  }
  out.push("</article>");
  progress.finish();
  return out.join("\n");
}

const footnoteId = (marker: string) => (marker === "*" ? "fn-star" : `fn-${marker}`);

function blockHtml(block: NoteBlock): string {
  switch (block.type) {
    case "paragraph": {
      if (block.number !== null) return `<p class="numbered"><span class="para-number">${block.number}.</span>${runs(block.runs)}</p>`;
      const cls = block.role === "point-comment" ? ' class="point-comment"' : "";
      return `<p${cls} dir="auto">${runs(block.runs)}</p>`;
    }
    case "heading": {
      // the document's headings are h3–h5 under the note's sections (h2); points are labelled by h6
      const tag = `h${Math.min(5, block.level + 2)}`;
      const cls = `doc-heading level-${Math.min(6, block.level)}${block.label ? " labelled" : ""}`;
      const label = block.label ? `<span class="label">${esc(block.label)} </span>` : "";
      return `<${tag} class="${cls}">${label}${runs(block.runs)}</${tag}>`;
    }
    case "point": {
      const attrs = [
        `class="point${block.deleted ? " deleted" : ""}${block.inserted ? " inserted" : ""}"`, `id="point-${esc(block.id)}"`,
        block.number !== null ? `data-number="${block.number}"` : "", `data-document-label="${esc(block.documentLabel)}"`,
      ].filter(Boolean).join(" ");
      return `<section ${attrs}>\n<h6 class="point-label">${esc(block.label)}</h6>\n${block.blocks.map(blockHtml).join("\n")}\n</section>`;
    }
    case "list": {
      const items = block.items.map((item, i) => {
        const content = item.map(blockHtml).join("\n");
        if (block.style === "bullet" || block.style === "decimal") return `<li>${content}</li>`;
        return `<li class="labelled"><span class="item-label">${esc(listLabel(block.style, block.start + i))}</span>${content}</li>`;
      }).join("\n");
      if (block.style === "bullet") return `<ul>\n${items}\n</ul>`;
      if (block.style === "decimal") return `<ol${block.start !== 1 ? ` start="${block.start}"` : ""}>\n${items}\n</ol>`;
      return `<ol class="${block.style}">\n${items}\n</ol>`;
    }
    case "submission": {
      const lang = block.translated ? "" : ` lang="${esc(block.language)}"`;
      return `<section class="submission" data-delegation="${esc(block.delegation)}"${lang}>\n<h3 class="submission-heading">${esc(block.heading)}</h3>\n${block.blocks.map(blockHtml).join("\n")}\n</section>`;
    }
  }
}

const ids = (changes: readonly NoteChange[] | undefined) => (changes ?? []).map((c) => c.id).join(" ");

/** Runs as inline HTML: `<del>` around runs struck by the same proposals, `<ins>` inside it. */
function runs(list: readonly NoteRun[]): string {
  let out = "";
  let i = 0;
  while (i < list.length) {
    const deleted = ids(list[i]!.deleted);
    let j = i;
    while (j < list.length && ids(list[j]!.deleted) === deleted) j++;
    const inner = insertions(list.slice(i, j));
    if (deleted) {
      const changes = list[i]!.deleted!;
      out += `<del class="proposal" data-changes="${esc(deleted)}" data-delegations="${esc(changes.map((c) => c.delegation).join(" "))}" title="${esc(changes.map((c) => c.tag).join("; "))}">${inner}</del>`;
    } else out += inner;
    i = j;
  }
  return out;
}

function insertions(list: readonly NoteRun[]): string {
  let out = "";
  let i = 0;
  while (i < list.length) {
    const inserted = list[i]!.inserted;
    let j = i;
    while (j < list.length && list[j]!.inserted?.id === inserted?.id) j++;
    const inner = list.slice(i, j).map(run).join("");
    out += inserted ? `<ins class="proposal" data-change="${esc(inserted.id)}" data-delegation="${esc(inserted.delegation)}" title="${esc(inserted.tag)}">${inner}</ins>` : inner;
    i = j;
  }
  return out;
}

function run(r: NoteRun): string {
  switch (r.kind) {
    case "tag":
      return `<span class="tag" data-delegations="${esc([...new Set(r.entries?.flatMap((e) => e.delegations) ?? [])].join(" "))}">${esc(r.text)}</span>`;
    case "footnote":
      return `<sup class="fn-ref"><a href="#${footnoteId(r.text)}">${esc(r.text)}</a></sup>`;
    case "sep":
      return esc(r.text);
    case "text": {
      let html = esc(r.text);
      if (r.em) html = `<em>${html}</em>`;
      if (r.strong) html = `<strong>${html}</strong>`;
      return html;
    }
  }
}
