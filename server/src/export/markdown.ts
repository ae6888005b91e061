/**
 * The note as Markdown, in the syntax of the Secretariat's reference file
 * (tests/fixtures/domain/comments-of-states-note-2020.md): struck text `~~…~~` with the tag inside,
 * bold session block with hard line breaks, "*Discussion point 1*" labels, "1." numbered paragraphs,
 * and the footnotes at the end (Markdown has no pages).
 */
import { listLabel, noteWork, type Note, type NoteBlock, type NoteRun } from "@concord/shared";
import { progressCounter, type RenderOptions } from "./options.js";

/** The Markdown text of `note`. Pure. */
export function renderNoteMarkdown(note: Note, options: RenderOptions = {}): string {
  const progress = progressCounter(noteWork(note), options.onProgress);
  const out: string[] = [];
  const m = note.masthead;
  for (const line of [m.organ, m.symbol, m.distribution ?? "", m.date, m.language]) if (line.trim()) out.push(escapeLine(line));
  out.push("---");
  if (note.session) {
    const s = note.session;
    const lines = [
      `**${escape(s.session)}**`,
      s.venueAndDates ? `**${escape(s.venueAndDates)}**` : "",
      s.agendaItem.length > 0 ? inline(s.agendaItem) : "",
      s.agendaTitle ? `**${escape(s.agendaTitle)}**` : "",
    ].filter(Boolean);
    out.push(lines.join("  \n"));
  }
  out.push(`**${escape(note.title)}**`);
  if (note.subtitle) out.push(`**${escape(note.subtitle)}**`);
  if (note.byline) out.push(`**${escape(note.byline)}**`);
  for (const section of note.sections) {
    if (section.title !== null) out.push(`## ${section.number !== null ? `${section.number}. ` : ""}${escape(section.title)}`);
    for (const block of section.blocks) {
      out.push(...blocks([block]));
      progress.step();
    }
  }
  if (note.footnotes.length > 0) {
    out.push("---");
    for (const f of note.footnotes) out.push(f.marker === "*" ? `\\* ${escape(f.text)}` : `[^${f.marker}]: ${escape(f.text)}`);
  }
  progress.finish();
  return `${out.join("\n\n")}\n`;
}

function blocks(list: readonly NoteBlock[]): string[] {
  const out: string[] = [];
  for (const block of list) {
    switch (block.type) {
      case "paragraph": {
        const text = inline(block.runs);
        out.push(block.number === null ? guardLineStart(text) : `${block.number}. ${text}`);
        break;
      }
      case "heading": {
        const text = `**${block.label ? `${escape(block.label)} ` : ""}${inline(block.runs)}**`;
        out.push(block.level <= 2 ? `${"#".repeat(block.level + 1)} ${text}` : text);
        break;
      }
      case "point":
        out.push(`*${escape(block.label)}*`);
        out.push(...blocks(block.blocks));
        break;
      case "list":
        block.items.forEach((item, index) => {
          const label = listLabel(block.style, block.start + index);
          const [first, ...rest] = blocks(item);
          const marker = block.style === "bullet" ? "-" : label;
          out.push(`${marker} ${first ?? ""}`.trimEnd(), ...rest.map((b) => `   ${b}`));
        });
        break;
      case "submission":
        out.push(`#### ${escape(block.heading)}`);
        out.push(...blocks(block.blocks));
        break;
    }
  }
  return out;
}

type Style = "struck" | "strong" | "em";
const ORDER: readonly Style[] = ["struck", "strong", "em"];
const DELIMITER: Record<Style, string> = { struck: "~~", strong: "**", em: "*" };

/**
 * Runs as Markdown: `~~` around struck runs (tags inside a strike included), `**` and `*` inside it.
 * Whitespace at the edge of a styled stretch is moved outside its delimiters, as Markdown requires.
 */
function inline(runs: readonly NoteRun[]): string {
  const pieces = runs.map((run) => {
    const styles = new Set<Style>();
    if (run.deleted?.length) styles.add("struck");
    if (run.strong) styles.add("strong");
    if (run.em) styles.add("em");
    const text = run.kind === "footnote" ? (run.text === "*" ? "\\*" : `[^${run.text}]`) : escape(run.text);
    return { text, styles, blank: run.text.trim() === "" };
  });
  // Whitespace-only pieces take the styles their neighbours share; others lose their edge whitespace.
  const split: Array<{ text: string; styles: Set<Style> }> = [];
  for (const p of pieces) {
    if (p.blank) { split.push({ text: p.text, styles: new Set() }); continue; }
    const lead = /^\s*/.exec(p.text)![0];
    const trail = /\s*$/.exec(p.text)![0];
    if (lead) split.push({ text: lead, styles: new Set() });
    split.push({ text: p.text.slice(lead.length, p.text.length - trail.length), styles: p.styles });
    if (trail) split.push({ text: trail, styles: new Set() });
  }
  const styled = split.map((p, i) => {
    if (p.text.trim() !== "") return p;
    const before = [...split.slice(0, i)].reverse().find((q) => q.text.trim() !== "");
    const after = split.slice(i + 1).find((q) => q.text.trim() !== "");
    const shared = new Set([...(before?.styles ?? [])].filter((s) => after?.styles.has(s)));
    return { text: p.text, styles: shared };
  });
  let out = "";
  const open: Style[] = [];
  for (const p of styled) {
    // Close from the innermost every style that ends, and everything opened inside it.
    const keep = open.findIndex((s) => !p.styles.has(s));
    if (keep !== -1) while (open.length > keep) out += DELIMITER[open.pop()!];
    for (const s of ORDER) if (p.styles.has(s) && !open.includes(s)) { out += DELIMITER[s]; open.push(s); }
    out += p.text;
  }
  while (open.length > 0) out += DELIMITER[open.pop()!];
  return out.replace(/[ \t]*\n[ \t]*/g, " ");
}

/** Escapes Markdown's inline syntax. */
function escape(text: string): string {
  return text.replace(/[\\`*_~[\]<>]/g, "\\$&");
}

/** A line that would read as a heading, quote, list item or rule is escaped at its start. */
function guardLineStart(text: string): string {
  return text.replace(/^(#{1,6}\s|>|[-+]\s|(\d+)([.)])\s)/, (match, _all, digits: string | undefined, mark: string | undefined) =>
    digits ? `${digits}\\${mark} ` : `\\${match}`);
}

const escapeLine = (line: string) => guardLineStart(escape(line));
