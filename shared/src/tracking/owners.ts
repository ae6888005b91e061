import type { Node } from "prosemirror-model";
import { blockAttributions } from "./check.js";

/**
 * Which delegations own each change id in a document (TC17), kept up to date from one version of
 * the document to the next: only the top-level blocks that are not the very same objects in both
 * versions are read again (ProseMirror shares unchanged nodes between versions, and so does the
 * incremental Yjs reader), so an update costs what it changed, not the size of the document.
 * Pass `ownersOf` to `checkDelegateEdit` once the index reflects the edited document.
 */
export class AttributionOwners {
  /** change id → delegation → how many nodes carry that attribution. */
  private readonly counts = new Map<string, Map<string, number>>();
  /** The top-level blocks of the document the index reflects, with how often each occurs. */
  private blocks = new Map<Node, number>();
  private readonly perBlock = new WeakMap<Node, ReadonlyArray<readonly [string, string]>>();

  constructor(doc: Node) {
    this.update(doc);
  }

  /** Moves the index to `doc` (any version: the blocks it shares with the current one are kept). */
  update(doc: Node): void {
    const next = new Map<Node, number>();
    doc.forEach((block) => next.set(block, (next.get(block) ?? 0) + 1));
    for (const [block, n] of this.blocks) {
      const m = next.get(block) ?? 0;
      if (m < n) this.count(block, m - n);
    }
    for (const [block, m] of next) {
      const n = this.blocks.get(block) ?? 0;
      if (m > n) this.count(block, m - n);
    }
    this.blocks = next;
  }

  /** The delegations that own attributions with this change id (empty when none does). */
  ownersOf(changeId: string): string[] {
    const owners = this.counts.get(changeId);
    return owners ? [...owners.keys()] : [];
  }

  private count(block: Node, times: number): void {
    let found = this.perBlock.get(block);
    if (!found) {
      const list: Array<readonly [string, string]> = [];
      blockAttributions(block, (attribution) => list.push([attribution.id, attribution.delegation]));
      this.perBlock.set(block, (found = list));
    }
    for (const [id, delegation] of found) {
      let owners = this.counts.get(id);
      if (!owners) this.counts.set(id, (owners = new Map()));
      const n = (owners.get(delegation) ?? 0) + times;
      if (n > 0) owners.set(delegation, n);
      else owners.delete(delegation);
      if (owners.size === 0) this.counts.delete(id);
    }
  }
}
