/**
 * Where each simulated delegate types: its own word boundary in its own paragraph, so that no two
 * delegates' insertions (and the Yjs formatting items around them) ever touch, and every delegate's
 * tracked edits stay valid for `checkDelegateEdit` whatever the others do meanwhile.
 */
import type { Node } from "prosemirror-model";

export interface Region {
  /** Index of the paragraph (in document order) the delegate types in. */
  readonly paragraph: number;
  /** ProseMirror position, in the initial document, where the delegate's typing starts. */
  readonly at: number;
}

/**
 * `count` regions over the paragraphs of `doc`: delegate i takes paragraph i mod P and, among the
 * delegates sharing that paragraph, its own slice of the words; it types just before the first word
 * of its slice (after a space), so that slices never overlap. Throws when a paragraph has fewer words
 * than the delegates it would need to hold.
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
    const offset = starts[Math.floor((slot * starts.length) / perParagraph)]!;
    regions.push({ paragraph: index, at: pos + 1 + offset });
  }
  return regions;
}
