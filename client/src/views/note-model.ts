/**
 * The "print" view's model: the document as the Secretariat's note reproduces it — shared's note model
 * (`buildProposals`, shared/src/note/SPEC.md NT9–NT22), the one rendering of negotiated text — with
 * the document's own numbering (the view follows the document; the note page chooses its own, NT10).
 * "illicit (US) trafficking", "~~and ammunition (US: delete, since …)~~", "~~should~~ are encouraged
 * to (US)", "integrated (US: If …)", a comment on a whole point as its own paragraph (PV1–PV8).
 */
import type { Node } from "prosemirror-model";
import { buildProposals, type Annotations, type DelegationResolver, type NoteBlock } from "@concord/shared";
import type { DelegationNames } from "../editor/labels.js";

/** Tags and names as the client knows them (registry and custom delegations); an unknown code is shown as itself. */
export const resolverOf = (names: DelegationNames): DelegationResolver => (code) => ({ tag: names.tagOf(code), name: names.nameOf(code) });

/** The blocks the print view shows for `doc` with `annotations` (PV1). */
export function noteBlocks(doc: Node, annotations: Annotations, names: DelegationNames): NoteBlock[] {
  return buildProposals(doc, annotations, resolverOf(names), { numbering: "document" }).blocks;
}
