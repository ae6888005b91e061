/**
 * Where each simulated delegate types: its own word boundaries in its own paragraph, so that no two
 * delegates' insertions (and the Yjs formatting items around them) ever touch, and every delegate's
 * tracked edits stay valid for `checkDelegateEdit` whatever the others do meanwhile.
 */
import type { Node } from "prosemirror-model";

export interface Region {
  /** Index of the paragraph (in document order) the delegate types in. */
  readonly paragraph: number;
  /** ProseMirror positions, in the initial document, of the word starts of the delegate's slice, ascending. */
  readonly starts: readonly number[];
}

/**
 * `count` regions over the paragraphs of `doc`: delegate i takes paragraph i mod P and, among the
 * delegates sharing that paragraph, its own slice of the words; it types just before the first word
 * of its slice (after a space), so that slices never overlap. Throws when a paragraph has fewer words
 * than the delegates it would need to hold. A delegate may propose at any of its word starts: the
 * word before each keeps its insertions apart from its neighbours' and from one another.
 */
export function assignRegions(doc: Node, count: number): Region[] {
  const paragraphs: Array<{ pos: number; text: string }> = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "paragraph") {
      paragraphs.push({ pos, text: node.textContent });
      return false;
    }
    return !node.isTextblock;
  });
  if (paragraphs.length === 0) throw new Error("the document has no paragraph to type in");
  const perParagraph = Math.ceil(count / paragraphs.length);
  const regions: Region[] = [];
  for (let i = 0; i < count; i++) {
    const index = i % paragraphs.length;
    const slot = Math.floor(i / paragraphs.length);
    const { pos, text } = paragraphs[index]!;
    // word starts after the first word: offsets of characters that follow a space
    const starts: number[] = [];
    for (let k = 1; k < text.length; k++) if (text[k - 1] === " " && text[k] !== " ") starts.push(k);
    if (starts.length < perParagraph) {
      throw new Error(`paragraph ${index} has ${starts.length} word boundaries; ${perParagraph} delegates need one each`);
    }
    const from = Math.floor((slot * starts.length) / perParagraph);
    const to = Math.floor(((slot + 1) * starts.length) / perParagraph);
    regions.push({ paragraph: index, starts: starts.slice(from, to).map((offset) => pos + 1 + offset) });
  }
  return regions;
}
