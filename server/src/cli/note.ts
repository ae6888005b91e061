/**
 * `pnpm concord note --round ID [--format pdf|docx-printed|docx-tracked|html|markdown] [--out FILE]`:
 * renders the note of a closed round (server/src/notes/SPEC.md) to a file, the progress on stderr.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { SharedBrowser } from "../notes/browser.js";
import { LocalNoteRenderer } from "../notes/renderer.js";
import { FORMAT_INFO, NOTE_FORMATS, isNoteFormat } from "../notes/formats.js";
import { storedRounds } from "../notes/rounds.js";
import { NoteService } from "../notes/service.js";
import { NoteTemplateStore } from "../notes/template-store.js";
import type { Services } from "../services.js";
import { UsageError, optional, required, type ParsedArgs } from "./args.js";

export const NOTE_USAGE = `  note --round ID [--format ${NOTE_FORMATS.join("|")}] [--out FILE]   the note of a closed round (default: PDF, named after the document)`;

/** The part of the CLI's io the command uses. */
interface NoteIo {
  readonly userCwd: string;
  out(line: string): void;
  err(line: string): void;
}

export async function noteCommand(s: Services, args: ParsedArgs, io: NoteIo): Promise<number> {
  const roundId = required(args, "round");
  const format = optional(args, "format") ?? "pdf";
  if (!isNoteFormat(format)) throw new UsageError(`--format must be one of ${NOTE_FORMATS.join(", ")}, not ${JSON.stringify(format)}.`);
  // Rounds are read as stored: starting the rounds service here would close overdue rounds and arm
  // timers, which is the server's business, not a render's.
  const notes = new NoteService({ store: s.store, rounds: storedRounds(s.store), templates: new NoteTemplateStore(s.store, s.audit), renderer: new LocalNoteRenderer(new SharedBrowser()), clock: s.clock, random: s.random, delegations: s.delegations });
  let shown = -1;
  const file = await notes.render(roundId, format, (done, total) => {
    const percent = Math.floor((done / Math.max(1, total)) * 100);
    // one line per tenth, and the last
    if (percent === 100 || Math.floor(percent / 10) > Math.floor(shown / 10)) {
      shown = percent;
      io.err(`Rendering the note of round ${roundId} (${FORMAT_INFO[format].label}): ${percent}%`);
    }
  }).finally(() => notes.close());
  const out = resolve(io.userCwd, optional(args, "out") ?? file.fileName);
  writeFileSync(out, file.bytes);
  io.out(`Wrote the note of round ${roundId} (${FORMAT_INFO[format].label}, ${file.bytes.byteLength} bytes) to ${out}.`);
  return 0;
}
