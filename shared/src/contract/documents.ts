/** Documents, their tracked changes, reviews, snapshots and comparisons (API.md "HTTP endpoints"). */
import { z } from "zod";
import { instant, list, oneOf, text } from "./common.js";
import { described, named } from "./registry.js";

/** The largest text one import may carry, in characters. */
export const MAX_IMPORT_CHARS = 2_000_000;

export const documentSummary = named("DocumentSummary", z.object({
  id: z.string(),
  title: z.string(),
  symbol: z.string(),
  createdAt: instant,
  updatedAt: instant,
}), "A document as listed.");

export const importBody = z.strictObject({
  format: oneOf("format", ["text", "markdown"]).optional()
    .meta({ description: "plain text as extracted from a UN document, or Markdown with ~~strikes~~ and tags; detected when absent" }),
  text: z.string({ error: "Give the text to import as `text`." }).max(MAX_IMPORT_CHARS, { error: `The text is longer than ${MAX_IMPORT_CHARS} characters.` }),
  title: text("title", 500).optional(),
});

export const importWarning = z.object({ line: z.number().int(), message: z.string() });

export const importedDocument = z.object({ ...documentSummary.shape, warnings: list(importWarning) });

/** ProseMirror JSON of a negotiated text (shared/src/schema). */
export const proseMirrorJson = described(z.unknown(), "ProseMirror JSON of shared/src/schema");

/** Annotations keyed `reason/<DEL>/<changeId>`, `comment/<DEL>/<id>`, `cosponsor/<DEL>/<changeId>`. */
export const annotations = described(z.record(z.string(), z.unknown()), "keyed reason/<DEL>/<changeId>, comment/<DEL>/<id>, cosponsor/<DEL>/<changeId>");

export const documentContent = named("DocumentContent", z.object({
  id: z.string(),
  title: z.string(),
  doc: proseMirrorJson,
  annotations,
  updatedAt: instant,
}), "The document as served (only what is durable).");

export const EXPORT_FORMATS = ["json", "html", "markdown"] as const;
export const VIEWS = ["markup", "proposed", "original"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type View = (typeof VIEWS)[number];

export const exportQuery = z.strictObject({
  format: oneOf("format", EXPORT_FORMATS).optional(),
  view: oneOf("view", VIEWS).optional(),
});

export const exportedJson = z.object({ id: z.string(), title: z.string(), symbol: z.string(), view: z.enum(VIEWS), doc: proseMirrorJson });

export const trackedChange = named("TrackedChange", z.object({
  id: z.string(),
  kind: z.enum(["insert", "delete", "replace"]),
  delegation: z.string(),
  author: z.string(),
  createdAt: z.string(),
  insertedText: z.string(),
  deletedText: z.string(),
  point: z.string().nullable(),
  pointId: z.string().nullable(),
  from: z.number().int(),
  to: z.number().int(),
  blocks: z.object({ inserted: z.number().int(), deleted: z.number().int() }),
  wholePoint: z.boolean(),
  reason: z.string().nullable(),
  cosponsors: list(z.string()),
}), "A tracked change as listChanges reports it (shared/src/tracking/changes.ts, TC22).");

export const trackedChanges = list(trackedChange);
export const changesQuery = z.strictObject({ delegation: z.string().optional() });
export const remainingChanges = z.object({ changes: trackedChanges });

export const reviewBody = z.strictObject({
  decision: z.enum(["accept", "reject"], { error: "`decision` must be accept or reject." }),
  delegation: z.string({ error: "`delegation` must be a delegation code." }).optional(),
});

export const SNAPSHOT_KINDS = ["circulated", "closed", "manual", "revision"] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

export const snapshot = named("Snapshot", z.object({
  id: z.string(),
  documentId: z.string(),
  name: z.string(),
  kind: z.enum(SNAPSHOT_KINDS),
  seq: z.number().int().meta({ description: "the last log entry it includes" }),
  createdAt: instant,
  createdBy: z.string().nullable(),
}), "A named snapshot of a document.");

export const snapshots = list(snapshot);

/** `GET /api/documents/:id/authors` (client SPEC CP9): the accounts that wrote the document's proposals and comments. */
export const documentAuthors = z.object({
  authors: list(named("DocumentAuthor", z.object({
    id: z.string(),
    name: described(z.string().nullable(), "the account's display name; null when no account has this id (an import, a removed account)"),
    delegation: z.string().nullable(),
  }), "An author of a document's proposals or comments, by name.")),
});

export const snapshotBody = z.strictObject({
  name: z.string({ error: "A snapshot needs a `name` of 1 to 200 characters." }).trim()
    .min(1, { error: "A snapshot needs a `name` of 1 to 200 characters." }).max(200, { error: "A snapshot needs a `name` of 1 to 200 characters." }),
  kind: oneOf("snapshot kind", SNAPSHOT_KINDS).optional(),
});

export const snapshotContent = z.object({ ...snapshot.shape, doc: proseMirrorJson, annotations });

export const compareQuery = z.strictObject({
  from: z.string({ error: "Give the snapshot to compare from as `from`." }).min(1, { error: "Give the snapshot to compare from as `from`." }),
  to: described(z.string(), "a snapshot id or `current` (the default)").optional(),
});

export const comparedChange = z.object({
  delegation: described(z.string(), "a delegation code, or SECRETARIAT for untracked text and decisions"),
  kind: z.enum(["insert", "delete"]),
  text: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  doc: described(z.enum(["from", "to"]), "the document the positions refer to: `to` for inserted and newly struck text, `from` for text that is gone"),
});

export const comparison = z.object({ from: z.string(), to: z.string(), changes: list(comparedChange) });

export type DocumentSummary = z.infer<typeof documentSummary>;
export type DocumentAuthors = z.infer<typeof documentAuthors>;
export type ImportBody = z.infer<typeof importBody>;
export type ImportedDocument = z.infer<typeof importedDocument>;
export type DocumentContent = z.infer<typeof documentContent>;
export type TrackedChange = z.infer<typeof trackedChange>;
export type ReviewBody = z.infer<typeof reviewBody>;
export type Snapshot = z.infer<typeof snapshot>;
export type SnapshotBody = z.infer<typeof snapshotBody>;
export type SnapshotContent = z.infer<typeof snapshotContent>;
export type ComparedChange = z.infer<typeof comparedChange>;
export type Comparison = z.infer<typeof comparison>;
