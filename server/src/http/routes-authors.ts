/**
 * `GET /api/documents/:id/authors` (API.md): the names of the people who wrote the document's
 * proposals, comments, reasons and co-sponsorships — the changes panel and its author filter show
 * names, not account ids, also when the author is not connected (client SPEC CP9). Anyone who may
 * read the document may read them; only the display name and delegation of each account are given.
 */
import { Router } from "express";
import type { Node } from "prosemirror-model";
import { schema } from "@concord/shared";
import type { AuthService } from "../auth/auth-service.js";
import type { DocumentService } from "../documents/service.js";
import type { DocumentAuthors } from "@concord/shared/contract";
import type { Store } from "../store/types.js";
import { requireUser } from "./auth-middleware.js";


/** Every author id in the document's tracked marks, block changes and annotations. */
export function authorIds(doc: Node, annotations: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  const add = (value: unknown) => { if (typeof value === "string" && value) ids.add(value); };
  doc.descendants((node) => {
    for (const attr of ["insertion", "deletion"]) add((node.attrs[attr] as { author?: unknown } | null | undefined)?.author);
    for (const mark of node.marks) add((mark.attrs as { author?: unknown }).author);
    return true;
  });
  for (const value of Object.values(annotations)) add((value as { author?: unknown } | null)?.author);
  return ids;
}

export function authorRoutes(documents: DocumentService, store: Store, auth: AuthService): Router {
  const router = Router();
  router.get("/documents/:id/authors", async (req, res) => {
    const identity = requireUser(req, res);
    const id = req.params.id as string;
    auth.checkDocumentScope(identity, id);
    const content = await documents.get(id);
    const ids = [...authorIds(schema.nodeFromJSON(content.doc), content.annotations)].sort();
    const authors: DocumentAuthors["authors"] = await Promise.all(ids.map(async (author) => {
      const user = await store.findUserById(author);
      return { id: author, name: user?.displayName ?? null, delegation: user?.delegation ?? null };
    }));
    res.json({ authors });
  });
  return router;
}
